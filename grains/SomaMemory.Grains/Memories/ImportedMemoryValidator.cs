using SomaMemory.Contracts;

namespace SomaMemory.Grains.Memories;

/// <summary>
/// Checks an imported memory inside the grid, as <see cref="MemoryCommandValidator"/> checks a store: a bad one
/// throws <see cref="ArgumentException"/> and nothing is written.
/// </summary>
public static class ImportedMemoryValidator
{
    /// <summary>Validates the memory and returns it with its times cut to the microseconds Postgres keeps.</summary>
    public static ImportedMemory Normalise(ImportedMemory memory, MemoryNodeOptions limits)
    {
        ArgumentNullException.ThrowIfNull(memory);
        MemoryCommandValidator.Validate(
            new StoreMemoryCommand { PayloadJson = memory.PayloadJson, MemoryType = memory.MemoryType, MetadataJson = memory.MetadataJson, Importance = memory.Importance },
            limits);

        if (memory.Version < 1)
        {
            throw new ArgumentException("The version must be at least 1.", nameof(memory));
        }

        if (memory.AccessCount < 0)
        {
            throw new ArgumentException("The access count must not be negative.", nameof(memory));
        }

        if (memory.CreatedAt > memory.UpdatedAt)
        {
            throw new ArgumentException("created_at must not be later than updated_at.", nameof(memory));
        }

        // Without this, a time with 100 ns digits would compare newer than its own stored (microsecond) copy, and
        // importing the same line twice would write it twice.
        return memory with
        {
            CreatedAt = ToMicroseconds(memory.CreatedAt),
            UpdatedAt = ToMicroseconds(memory.UpdatedAt),
            ExpiresAt = memory.ExpiresAt is { } expiresAt ? ToMicroseconds(expiresAt) : null,
            LastAccessedAt = memory.LastAccessedAt is { } lastAccessedAt ? ToMicroseconds(lastAccessedAt) : null,
        };
    }

    private static DateTimeOffset ToMicroseconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerMicrosecond));
}
