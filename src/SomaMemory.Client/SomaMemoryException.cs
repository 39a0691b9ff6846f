namespace SomaMemory.Client;

/// <summary>
/// A refusal or failure of SomaMemory, with the HTTP status the gateway answers for it (400 bad coordinate,
/// 401/403 auth, 404 not found, 422 invalid field, 5xx server) and its <c>detail</c> message.
/// </summary>
public sealed class SomaMemoryException : Exception
{
    public SomaMemoryException()
    {
    }

    public SomaMemoryException(string message)
        : base(message)
    {
        Detail = message;
    }

    public SomaMemoryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Detail = message;
    }

    public SomaMemoryException(int? status, string detail, Exception? innerException = null)
        : base(status is null ? detail : $"{status}: {detail}", innerException)
    {
        Status = status;
        Detail = detail;
    }

    /// <summary>The HTTP status; null when the server could not be reached at all.</summary>
    public int? Status { get; }

    /// <summary>What went wrong, in the server's words.</summary>
    public string Detail { get; } = "";
}
