using SomaMemory.Contracts;
using SomaMemory.Memories;

namespace SomaMemory.Core.Tests;

/// <summary>The wire names of memory types: exactly SFM's lower-case spellings, episodic by default.</summary>
public sealed class MemoryTypeNamesTests
{
    [Theory]
    [InlineData(null, MemoryType.Episodic)]
    [InlineData("episodic", MemoryType.Episodic)]
    [InlineData("semantic", MemoryType.Semantic)]
    public void Wire_names_parse(string? name, MemoryType expected)
    {
        Assert.True(MemoryTypeNames.TryParse(name, out var type, out var error));
        Assert.Equal(expected, type);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("Semantic")]
    [InlineData("EPISODIC")]
    [InlineData("Episodic")]
    [InlineData("")]
    [InlineData(" semantic")]
    [InlineData("semantic ")]
    [InlineData("procedural")]
    [InlineData("0")]
    [InlineData("1")]
    public void Other_spellings_are_refused(string name)
    {
        Assert.False(MemoryTypeNames.TryParse(name, out _, out var error));
        Assert.Equal("memory_type must be 'episodic' or 'semantic'.", error);
    }

    [Theory]
    [InlineData(MemoryType.Episodic, "episodic")]
    [InlineData(MemoryType.Semantic, "semantic")]
    public void Types_format_to_their_wire_names(MemoryType type, string expected) =>
        Assert.Equal(expected, MemoryTypeNames.Format(type));

    [Fact]
    public void Every_type_round_trips()
    {
        foreach (var type in Enum.GetValues<MemoryType>())
        {
            Assert.True(MemoryTypeNames.TryParse(MemoryTypeNames.Format(type), out var parsed, out _));
            Assert.Equal(type, parsed);
        }
    }

    [Fact]
    public void Formatting_an_unknown_type_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MemoryTypeNames.Format((MemoryType)42));
}
