using System.Net.Http.Headers;
using System.Text;

namespace SomaMemory.Gateway.Tests.Security;

/// <summary>What an attack case must get back.</summary>
public enum AttackExpectation
{
    /// <summary>Any answer below 500: the input may be odd but legal.</summary>
    NoServerError,

    /// <summary>A 4xx problem: the input is wrong and nothing may change.</summary>
    Refused,

    /// <summary>401: the credentials are wrong, whatever the request is.</summary>
    Unauthorized,

    /// <summary>403: the key lacks the role.</summary>
    Forbidden,

    /// <summary>Accepted or refused, but when a store is accepted the memory reads back exactly as sent.</summary>
    RoundTrip,
}

/// <summary>One generated request of the attack suite.</summary>
public sealed record AttackCase(
    string Category,
    string Route,
    HttpMethod Method,
    string Path,
    byte[]? Body,
    AttackExpectation Expectation,
    IReadOnlyList<(string Name, string Value)> Headers,
    string? Authorization,
    string? RoundTripCoord = null,
    string? RoundTripPayload = null)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (Authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public string Describe() => $"[{Category}] {Method} {(Path.Length > 120 ? Path[..120] + "…" : Path)} body={(Body is null ? "none" : Body.Length > 160 ? Encoding.UTF8.GetString(Body[..160]) + "…" : Encoding.UTF8.GetString(Body))}";
}
