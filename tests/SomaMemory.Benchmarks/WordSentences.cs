namespace SomaMemory.Benchmarks;

/// <summary>
/// Seeded sentences of everyday words, for the gateway to embed. They need not make sense: the embedding model
/// costs the same per token either way, and a fixed word list keeps the token counts of runs comparable.
/// </summary>
internal static class WordSentences
{
    private static readonly string[] Words =
    [
        "the", "a", "agent", "remembers", "meeting", "with", "team", "about", "project", "deadline", "next", "week",
        "customer", "asked", "for", "refund", "order", "shipped", "late", "because", "warehouse", "was", "closed",
        "user", "prefers", "dark", "mode", "and", "short", "answers", "in", "morning", "coffee", "tea", "kitchen",
        "budget", "report", "shows", "growth", "sales", "quarter", "market", "price", "rose", "fell", "sharply",
        "server", "crashed", "after", "deploy", "database", "backup", "restored", "from", "yesterday", "night",
        "doctor", "appointment", "moved", "to", "friday", "afternoon", "train", "ticket", "booked", "berlin",
        "paris", "london", "trip", "hotel", "near", "station", "river", "park", "walk", "dog", "cat", "garden",
        "flowers", "rain", "sunny", "cold", "warm", "weather", "forecast", "snow", "mountain", "lake", "summer",
        "winter", "birthday", "party", "gift", "book", "novel", "author", "chapter", "music", "concert", "guitar",
        "piano", "lesson", "school", "teacher", "student", "exam", "passed", "failed", "learned", "new", "language",
        "recipe", "pasta", "bread", "cheese", "dinner", "lunch", "breakfast", "friend", "family", "sister",
        "brother", "mother", "father", "called", "phone", "email", "message", "sent", "received", "important",
    ];

    /// <summary><paramref name="count"/> sentences of <paramref name="minimumWords"/> to <paramref name="maximumWords"/> words.</summary>
    public static string[] Make(int count, int minimumWords, int maximumWords, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var sentences = new string[count];
        for (var index = 0; index < count; index++)
        {
            var length = random.Next(minimumWords, maximumWords + 1);
            sentences[index] = string.Join(' ', Enumerable.Range(0, length).Select(_ => Words[random.Next(Words.Length)]));
        }

        return sentences;
    }
}
