using SomaMemory.Namespaces;

namespace SomaMemory.Core.Tests;

/// <summary>Namespace names: a narrow ASCII alphabet, never '/', at most 128 characters.</summary>
public sealed class NamespaceNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("default")]
    [InlineData("Tenant42")]
    [InlineData("tenant-1")]
    [InlineData("team.alpha")]
    [InlineData("ns:prod")]
    [InlineData("a_b")]
    [InlineData("a-")]
    [InlineData("9.9:9_9-9")]
    public void Valid_names_are_accepted(string name)
    {
        Assert.True(NamespaceName.IsValid(name, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void A_name_of_128_characters_is_accepted() =>
        Assert.True(NamespaceName.IsValid(new string('a', NamespaceName.MaxLength), out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Empty_names_are_refused(string? name)
    {
        Assert.False(NamespaceName.IsValid(name, out var error));
        Assert.Equal("The namespace is empty.", error);
    }

    [Fact]
    public void A_name_of_129_characters_is_refused_with_a_shortened_name_in_the_message()
    {
        var name = new string('a', NamespaceName.MaxLength + 1);

        Assert.False(NamespaceName.IsValid(name, out var error));
        Assert.Contains("is not a valid namespace", error, StringComparison.Ordinal);
        Assert.Contains(new string('a', 40) + "…", error, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', 41), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("a b")]
    [InlineData(" a")]
    [InlineData("a ")]
    [InlineData(" ")]
    [InlineData("-a")]
    [InlineData("_a")]
    [InlineData(".a")]
    [InlineData(":a")]
    [InlineData("é")]
    [InlineData("café")]
    [InlineData("名前")]
    [InlineData("a\tb")]
    [InlineData("a\u0000")]
    [InlineData("a\n")]
    [InlineData("a\r\n")]
    [InlineData("a,b")]
    [InlineData("a'b")]
    [InlineData("a%2Fb")]
    [InlineData("\uff41")] // fullwidth 'a'
    [InlineData("\u0661")] // Arabic-Indic digit one
    public void Names_outside_the_alphabet_are_refused(string name)
    {
        Assert.False(NamespaceName.IsValid(name, out var error));
        Assert.Contains("is not a valid namespace", error, StringComparison.Ordinal);
    }
}
