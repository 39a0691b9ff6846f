using System.Globalization;
using SomaMemory.Coordinates;

namespace SomaMemory.Core.Tests;

/// <summary>
/// <see cref="PythonFloatFormat"/> against real CPython: PythonReprCases.txt holds repr(float) for a few hundred
/// doubles, each named by its exact bit pattern (regenerate with generate_python_repr_cases.py).
/// </summary>
public sealed class PythonFloatFormatTests
{
    private const string CasesFile = "PythonReprCases.txt";

    public static TheoryData<string, string> PythonReprCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (bits, repr) in ReadCases())
        {
            data.Add(bits, repr);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PythonReprCases))]
    public void Format_matches_Python_repr(string bits, string expected)
    {
        var value = FromBits(bits);

        Assert.Equal(expected, PythonFloatFormat.Format(value));
    }

    [Theory]
    [MemberData(nameof(PythonReprCases))]
    public void Python_repr_parses_back_to_the_same_double(string bits, string repr)
    {
        var parsed = double.Parse(repr, NumberStyles.Float, CultureInfo.InvariantCulture);

        Assert.Equal(bits, ToBits(parsed));
    }

    [Fact]
    public void The_case_table_covers_the_interesting_values()
    {
        var cases = ReadCases().ToDictionary(c => c.Bits, c => c.Repr, StringComparer.Ordinal);

        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
        Assert.Equal("0.1", cases[ToBits(0.1)]);
        Assert.Equal("1e+16", cases[ToBits(1e16)]);
        Assert.Equal("1000000000000000.0", cases[ToBits(1e15)]);
        Assert.Equal("9999999999999998.0", cases[ToBits(9999999999999998.0)]);
        Assert.Equal("0.0001", cases[ToBits(1e-4)]);
        Assert.Equal("1e-05", cases[ToBits(1e-5)]);
        Assert.Equal("0.00012345", cases[ToBits(0.00012345)]);
        Assert.Equal("5e-324", cases[ToBits(double.Epsilon)]);
        Assert.Equal("1.7976931348623157e+308", cases[ToBits(double.MaxValue)]);
        Assert.Equal("-0.0", cases[ToBits(-0.0)]);
    }

    [Theory]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1.0, "1.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e-4, "0.0001")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void Format_spot_checks(double value, string expected) =>
        Assert.Equal(expected, PythonFloatFormat.Format(value));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Format_refuses_non_finite_values(double value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PythonFloatFormat.Format(value));

    private static IEnumerable<(string Bits, string Repr)> ReadCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, CasesFile);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 2 || fields[0].Length != 16)
            {
                throw new InvalidDataException($"Malformed line in {CasesFile}: '{line}'");
            }

            yield return (fields[0], fields[1]);
        }
    }

    private static double FromBits(string bits) =>
        BitConverter.Int64BitsToDouble(unchecked((long)ulong.Parse(bits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));

    private static string ToBits(double value) =>
        unchecked((ulong)BitConverter.DoubleToInt64Bits(value)).ToString("X16", CultureInfo.InvariantCulture);
}
