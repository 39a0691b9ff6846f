namespace SomaMemory.Memories;

/// <summary>Validation failures as clients see them: the message alone, without .NET's parameter suffix.</summary>
public static class ValidationMessages
{
    public static string Describe(ArgumentException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.ParamName is { } name
            ? exception.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : exception.Message;
    }
}
