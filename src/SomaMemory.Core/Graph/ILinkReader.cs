using SomaMemory.Contracts;

namespace SomaMemory.Graph;

/// <summary>One hop of a graph walk: the links around a set of coordinates.</summary>
public interface ILinkReader
{
    /// <summary>
    /// The links leaving (<see cref="LinkDirection.Out"/>), entering (<see cref="LinkDirection.In"/>) or touching
    /// (<see cref="LinkDirection.Both"/>) any of <paramref name="keys"/>, optionally of one type. A link whose far end is
    /// a memory deleted or expired after the link was made is left out: a deleted memory is never walked to.
    /// </summary>
    Task<IReadOnlyList<MemoryLink>> ExpandAsync(
        string memoryNamespace,
        IReadOnlyCollection<string> keys,
        LinkDirection direction,
        string? linkType,
        DateTimeOffset now,
        CancellationToken cancellationToken = default);
}
