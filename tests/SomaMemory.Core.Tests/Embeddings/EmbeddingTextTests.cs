using System.Text.Json;
using SomaMemory.Embeddings;

namespace SomaMemory.Core.Tests.Embeddings;

public sealed class EmbeddingTextTests
{
    [Fact]
    public void Explicit_text_comes_first() =>
        Assert.Equal("explicit", EmbeddingText.Select("explicit", """{"text":"payload text","content":"c"}"""));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t\n")]
    public void Missing_or_blank_explicit_text_falls_through_to_the_payload_text(string? explicitText) =>
        Assert.Equal("payload text", EmbeddingText.Select(explicitText, """{"content":"c","text":"payload text"}"""));

    [Theory]
    [InlineData("""{"text":"  ","content":"the content"}""")]
    [InlineData("""{"text":42,"content":"the content"}""")]
    [InlineData("""{"text":null,"content":"the content"}""")]
    [InlineData("""{"content":"the content"}""")]
    public void Blank_or_non_string_text_falls_through_to_content(string payload) =>
        Assert.Equal("the content", EmbeddingText.Select(null, payload));

    [Fact]
    public void Without_text_or_content_the_payload_is_canonical_json() =>
        Assert.Equal(
            """{"a":{"c":true,"d":[{"y":2,"z":1},null,"s"]},"b":1,"content":{"k":"v"}}""",
            EmbeddingText.Select(null, """ { "b" : 1, "content": {"k": "v"}, "a": { "d": [ {"z":1, "y":2}, null, "s" ], "c": true } } """));

    [Fact]
    public void Equal_objects_written_in_different_orders_give_the_same_text()
    {
        var first = EmbeddingText.Select(null, """{"name":"x","tags":["b","a"],"meta":{"z":0,"a":{"q":1,"p":2}}}""");
        var second = EmbeddingText.Select(null, """{"meta":{"a":{"p":2,"q":1},"z":0},"tags":["b","a"],"name":"x"}""");

        Assert.Equal(first, second);
    }

    [Fact]
    public void Numbers_keep_their_original_spelling() =>
        Assert.Equal("""{"a":1.50,"b":1E+3,"c":-0,"d":12345678901234567890}""", EmbeddingText.Select(null, """{"d":12345678901234567890,"c":-0,"b":1E+3,"a":1.50}"""));

    [Fact]
    public void Keys_sort_ordinally_and_text_is_not_escaped_needlessly() =>
        Assert.Equal("""{"B":"café","a":"x\"y","é":1}""", EmbeddingText.Select(null, """{"é":1,"a":"x\"y","B":"café"}"""));

    [Theory]
    [InlineData("[3,1,2]", "[3,1,2]")]
    [InlineData("\"just a string\"", "\"just a string\"")]
    [InlineData("7", "7")]
    [InlineData("{}", "{}")]
    public void Payloads_that_are_not_objects_are_canonical_json(string payload, string expected) =>
        Assert.Equal(expected, EmbeddingText.Select(null, payload));

    [Fact]
    public void Long_texts_are_capped()
    {
        var longText = new string('a', EmbeddingText.MaxLength + 100);

        Assert.Equal(EmbeddingText.MaxLength, EmbeddingText.Select(longText, "{}").Length);
        Assert.Equal(EmbeddingText.MaxLength, EmbeddingText.Select(null, JsonSerializer.Serialize(new { text = longText })).Length);
        Assert.Equal(EmbeddingText.MaxLength, EmbeddingText.Select(null, JsonSerializer.Serialize(new { other = longText })).Length);
    }

    [Fact]
    public void The_cap_never_splits_a_surrogate_pair()
    {
        var text = new string('a', EmbeddingText.MaxLength - 1) + "🙂🙂";

        var selected = EmbeddingText.Select(text, "{}");

        Assert.Equal(EmbeddingText.MaxLength - 1, selected.Length);
        Assert.False(char.IsHighSurrogate(selected[^1]));
    }

    [Fact]
    public void A_payload_that_is_not_json_is_refused() =>
        Assert.Throws<ArgumentException>(() => EmbeddingText.Select(null, "{not json"));
}
