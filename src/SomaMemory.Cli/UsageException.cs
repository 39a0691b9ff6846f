namespace SomaMemory.Cli;

/// <summary>Input the CLI refuses before calling the server (a bad file, bad JSON, a missing setting): exit 1.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
