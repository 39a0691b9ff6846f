namespace SomaMemory.Coordinates;

/// <summary>A parsed coordinate and its canonical key, the string that names the memory.</summary>
public sealed record Coordinate(IReadOnlyList<double> Values, string Key);
