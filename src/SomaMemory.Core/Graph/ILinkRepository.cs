using SomaMemory.Contracts;

namespace SomaMemory.Graph;

/// <summary>Links as rows of the <c>links</c> table. Only the source memory's node grain writes its outgoing links.</summary>
public interface ILinkRepository : ILinkReader
{
    /// <summary>The outgoing links of one coordinate, in (type, to) order.</summary>
    Task<IReadOnlyList<MemoryLink>> LoadOutgoingAsync(string memoryNamespace, string fromKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or updates links of one source on (namespace, from, to, type) in one statement, keeping creation times,
    /// and returns them as committed. The commands must name distinct (to, type) pairs.
    /// </summary>
    Task<IReadOnlyList<MemoryLink>> UpsertAsync(string memoryNamespace, string fromKey, IReadOnlyList<LinkCommand> commands, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every link from or to the coordinate. Returns the other coordinates whose outgoing links were removed,
    /// so that their node grains can drop what they hold.
    /// </summary>
    Task<IReadOnlyList<string>> DeleteTouchingAsync(string memoryNamespace, string key, CancellationToken cancellationToken = default);

    Task<long> CountAsync(string? memoryNamespace, CancellationToken cancellationToken = default);
}
