using SomaMemory.Coordinates;

namespace SomaMemory.Core.Tests;

/// <summary>SFM's coordinate rules (split, trim, drop empties, parse floats) and SomaMemory's extra refusals.</summary>
public sealed class CoordinateParserTests
{
    [Theory]
    [InlineData("1,2,3")]
    [InlineData("1.0, 2.0, 3.0")]
    [InlineData(" 1 ,2.00,3e0 ")]
    [InlineData("1,,2,3,")]
    [InlineData(",1,2,3")]
    [InlineData("+1, 2., 0.3e1")]
    [InlineData("1.000000000000000000000001,2,3")]
    [InlineData("\t1\n,2 ,\u00a03")]
    public void Spellings_of_the_same_point_share_one_key(string text)
    {
        var coordinate = CoordinateParser.Parse(text);

        Assert.Equal("1.0,2.0,3.0", coordinate.Key);
        Assert.Equal([1.0, 2.0, 3.0], coordinate.Values);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("+0.0")]
    [InlineData("-0e5")]
    [InlineData("-1e-400")]
    [InlineData("1e-400")]
    public void Negative_zero_and_zero_name_the_same_memory(string text)
    {
        var coordinate = CoordinateParser.Parse(text);

        Assert.Equal("0.0", coordinate.Key);
        Assert.False(double.IsNegative(coordinate.Values[0]), "the stored value must be +0.0");
    }

    [Theory]
    [InlineData("1.5,-2.25", "1.5,-2.25")]
    [InlineData("1e16", "1e+16")]
    [InlineData("10000000000000000", "1e+16")]
    [InlineData("1e15", "1000000000000000.0")]
    [InlineData("9999999999999998", "9999999999999998.0")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1e-5", "1e-05")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.1, 0.2", "0.1,0.2")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("4.9e-324", "5e-324")]
    [InlineData("-12.5E+2", "-1250.0")]
    [InlineData("123456789", "123456789.0")]
    [InlineData(".5, 5.", "0.5,5.0")]
    public void The_key_renders_floats_as_Python_does(string text, string expectedKey) =>
        Assert.Equal(expectedKey, CoordinateParser.Parse(text).Key);

    [Theory]
    [InlineData("1.0,2.0,3.0")]
    [InlineData("1e+16,-1e-05,0.1")]
    [InlineData("5e-324,1.7976931348623157e+308")]
    public void A_key_is_its_own_canonical_form(string key) =>
        Assert.Equal(key, CoordinateParser.Parse(key).Key);

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(",,,", "no numbers")]
    [InlineData(" , ,", "no numbers")]
    [InlineData("abc", "'abc' is not a number")]
    [InlineData("1,abc", "'abc' is not a number")]
    [InlineData("1,2 3", "'2 3' is not a number")]
    [InlineData("0x10", "'0x10' is not a number")]
    [InlineData("1_000", "'1_000' is not a number")]
    [InlineData("inf", "'inf'")]
    [InlineData("NaN", "'NaN' is not a finite number")]
    [InlineData("nan", "'nan'")]
    [InlineData("Infinity", "'Infinity' is not a finite number")]
    [InlineData("-Infinity", "'-Infinity' is not a finite number")]
    [InlineData("1,-Infinity", "'-Infinity' is not a finite number")]
    [InlineData("1e400", "'1e400' is not a finite number")]
    [InlineData("-1e400", "'-1e400' is not a finite number")]
    public void Bad_coordinates_are_refused_with_a_message_naming_the_problem(string? text, string expectedInMessage)
    {
        var ok = CoordinateParser.TryParse(text, out var coordinate, out var error);

        Assert.False(ok);
        Assert.Null(coordinate);
        Assert.NotNull(error);
        Assert.Contains(expectedInMessage, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_FormatException_carrying_the_message()
    {
        var exception = Assert.Throws<FormatException>(() => CoordinateParser.Parse("1,abc"));

        Assert.Contains("'abc' is not a number", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",,,")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    public void Parse_throws_FormatException_on_every_refusal(string text) =>
        Assert.Throws<FormatException>(() => CoordinateParser.Parse(text));

    [Fact]
    public void TryParse_succeeds_without_an_error()
    {
        Assert.True(CoordinateParser.TryParse("1,2", out var coordinate, out var error));
        Assert.Null(error);
        Assert.Equal("1.0,2.0", coordinate.Key);
    }

    [Fact]
    public void Sixty_four_dimensions_are_allowed()
    {
        var text = string.Join(',', Enumerable.Range(1, CoordinateParser.MaxDimensions));

        var coordinate = CoordinateParser.Parse(text);

        Assert.Equal(64, coordinate.Values.Count);
        Assert.StartsWith("1.0,2.0,", coordinate.Key, StringComparison.Ordinal);
        Assert.EndsWith(",64.0", coordinate.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_parts_do_not_count_as_dimensions()
    {
        var text = string.Join(",,", Enumerable.Range(1, CoordinateParser.MaxDimensions)) + ",,,";

        Assert.Equal(64, CoordinateParser.Parse(text).Values.Count);
    }

    [Fact]
    public void Sixty_five_dimensions_are_refused()
    {
        var text = string.Join(',', Enumerable.Range(1, CoordinateParser.MaxDimensions + 1));

        Assert.False(CoordinateParser.TryParse(text, out _, out var error));
        Assert.Contains("more than 64 dimensions", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_coordinate_of_2048_characters_is_allowed()
    {
        var text = "1." + new string('0', CoordinateParser.MaxLength - 2);
        Assert.Equal(2048, text.Length);

        Assert.Equal("1.0", CoordinateParser.Parse(text).Key);
    }

    [Fact]
    public void A_coordinate_of_2048_characters_padded_with_spaces_is_allowed()
    {
        var text = "1, 2" + new string(' ', CoordinateParser.MaxLength - 4);
        Assert.Equal(2048, text.Length);

        Assert.Equal("1.0,2.0", CoordinateParser.Parse(text).Key);
    }

    [Fact]
    public void A_coordinate_of_2049_characters_is_refused()
    {
        var text = "1." + new string('0', CoordinateParser.MaxLength - 1);
        Assert.Equal(2049, text.Length);

        Assert.False(CoordinateParser.TryParse(text, out _, out var error));
        Assert.Contains("2049 characters", error, StringComparison.Ordinal);
        Assert.Contains("2048", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_bad_parts_are_shortened_in_the_message()
    {
        var part = new string('x', 100);

        Assert.False(CoordinateParser.TryParse("1," + part, out _, out var error));
        Assert.Contains(new string('x', 40) + "…", error, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 41), error, StringComparison.Ordinal);
    }
}
