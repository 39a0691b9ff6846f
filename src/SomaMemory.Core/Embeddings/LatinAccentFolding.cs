using System.Text;

namespace SomaMemory.Embeddings;

/// <summary>
/// Strips accents from Latin letters (U+00C0 to U+024F): "Crème brûlée" becomes "Creme brulee".
/// </summary>
/// <remarks>
/// all-MiniLM-L6-v2 was trained on BERT-uncased input, which is lower-cased, decomposed (NFD) and stripped of
/// combining marks; its vocabulary has no accented Latin letters, so "café" left as it is becomes [UNK].
/// The tokenizer can strip marks only after decomposing, and with InvariantGlobalization (set for the whole
/// repository) string.Normalize does not decompose anything. This table does that for the Latin letters, so
/// embeddings are the same with or without ICU; combining marks typed as separate characters are removed by
/// the tokenizer itself. Each entry is the letter's canonical decomposition with the marks removed (derived
/// from the Unicode Character Database); '.' means the letter has none and stays.
/// </remarks>
internal static class LatinAccentFolding
{
    private const char First = '\u00C0';
    private const char Unchanged = '.';

    private const string Table =
        "AAAAAA.CEEEEIIII" + // U+00C0
        ".NOOOOO..UUUUY.." + // U+00D0
        "aaaaaa.ceeeeiiii" + // U+00E0
        ".nooooo..uuuuy.y" + // U+00F0
        "AaAaAaCcCcCcCcDd" + // U+0100
        "..EeEeEeEeEeGgGg" + // U+0110
        "GgGgHh..IiIiIiIi" + // U+0120
        "I...JjKk.LlLlLl." + // U+0130
        "...NnNnNn...OoOo" + // U+0140
        "Oo..RrRrRrSsSsSs" + // U+0150
        "SsTtTt..UuUuUuUu" + // U+0160
        "UuUuWwYyYZzZzZz." + // U+0170
        "................" + // U+0180
        "................" + // U+0190
        "Oo.............U" + // U+01A0
        "u..............." + // U+01B0
        ".............AaI" + // U+01C0
        "iOoUuUuUuUuUu.Aa" + // U+01D0
        "Aa\u00C6\u00E6..GgKkOoOo\u01B7\u0292" + // U+01E0
        "j...Gg..NnAa\u00C6\u00E6\u00D8\u00F8" + // U+01F0
        "AaAaEeEeIiIiOoOo" + // U+0200
        "RrRrUuUuSsTt..Hh" + // U+0210
        "......AaEeOoOoOo" + // U+0220
        "OoYy............" + // U+0230
        "................"; // U+0240

    public static string Fold(string text)
    {
        var firstFolded = IndexOfFolded(text);
        if (firstFolded < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text, 0, firstFolded, text.Length);
        for (var index = firstFolded; index < text.Length; index++)
        {
            builder.Append(FoldChar(text[index]));
        }

        return builder.ToString();
    }

    private static int IndexOfFolded(string text)
    {
        for (var index = 0; index < text.Length; index++)
        {
            if (FoldChar(text[index]) != text[index])
            {
                return index;
            }
        }

        return -1;
    }

    private static char FoldChar(char character)
    {
        var offset = character - First;
        if (offset < 0 || offset >= Table.Length)
        {
            return character;
        }

        var folded = Table[offset];
        return folded == Unchanged ? character : folded;
    }
}
