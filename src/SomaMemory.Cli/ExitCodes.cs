using SomaMemory.Client;

namespace SomaMemory.Cli;

/// <summary>The documented exit codes (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad usage or input: unknown option, bad coordinate, invalid field (400, 413, 422), unreadable file.</summary>
    public const int Usage = 1;

    public const int NotFound = 2;

    /// <summary>401 or 403: no token, a wrong token, or a key that may not do this.</summary>
    public const int Auth = 3;

    /// <summary>The server failed (5xx), could not be reached, or reported itself unhealthy.</summary>
    public const int Server = 4;

    public static int For(SomaMemoryException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Status switch
        {
            401 or 403 => Auth,
            404 => NotFound,
            null or >= 500 => Server,
            _ => Usage,
        };
    }
}
