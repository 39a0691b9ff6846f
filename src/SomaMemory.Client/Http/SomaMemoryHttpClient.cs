using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SomaMemory.Client.Http;

/// <summary>
/// The facade over the gateway's HTTP API, for services outside the cluster (and the <c>soma</c> CLI). Every
/// ProblemDetails answer becomes a <see cref="SomaMemoryException"/> carrying its status and <c>detail</c>.
/// Beyond the facade it offers the HTTP-only routes: health, export/import and API keys.
/// </summary>
public sealed partial class SomaMemoryHttpClient : ISomaMemory
{
    private const string NamespaceHeader = "X-Soma-Namespace";
    private readonly HttpClient _http;
    private readonly SomaMemoryHttpOptions _options;

    public SomaMemoryHttpClient(HttpClient http, IOptions<SomaMemoryHttpOptions> options)
        : this(http, (options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    private SomaMemoryHttpClient(HttpClient http, SomaMemoryHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _options = options;
    }

    public string? Namespace => _options.Namespace;

    public Uri BaseAddress => _options.BaseAddress;

    public ISomaMemory ForNamespace(string memoryNamespace) => WithNamespace(memoryNamespace);

    /// <summary>The same client (and connection pool) acting in another namespace.</summary>
    public SomaMemoryHttpClient WithNamespace(string? memoryNamespace) => new(_http, new SomaMemoryHttpOptions
    {
        BaseAddress = _options.BaseAddress,
        Token = _options.Token,
        Namespace = memoryNamespace,
        Timeout = _options.Timeout,
    });

    public async Task<StoredMemory> StoreAsync(NewMemory memory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var answer = await SendAsync<Wire.StoreAnswer>(HttpMethod.Post, "memories", StoreBody(memory), cancellationToken);
        return new StoredMemory(answer.Coord, answer.CoordinateKey, Kinds.Parse(answer.MemoryType), answer.Version);
    }

    public async Task<Memory?> GetAsync(string coordinate, CancellationToken cancellationToken = default)
    {
        try
        {
            var answer = await SendAsync<Wire.GetAnswer>(HttpMethod.Get, "memories/" + Uri.EscapeDataString(coordinate ?? ""), null, cancellationToken);
            var body = answer.Memory;
            return new Memory
            {
                Coordinate = body.Coordinate,
                CoordinateKey = body.CoordinateKey,
                Payload = body.Payload,
                Kind = Kinds.Parse(body.MemoryType),
                Metadata = body.Metadata,
                Importance = body.Importance,
                CreatedAt = body.CreatedAt,
                UpdatedAt = body.UpdatedAt,
                LastAccessedAt = body.LastAccessedAt,
                AccessCount = body.AccessCount,
                ExpiresAt = body.ExpiresAt,
                Version = body.Version,
            };
        }
        catch (SomaMemoryException notFound) when (notFound.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string coordinate, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync<Wire.DeleteAnswer>(HttpMethod.Delete, "memories/" + Uri.EscapeDataString(coordinate ?? ""), null, cancellationToken);
        return answer.Deleted;
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(MemorySearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var input = WireInput.ForSearch(search);
        var body = new Wire.SearchBody(input.Query, input.TopK, input.Offset, input.MemoryType, input.Filters, input.Mode, search.Vector, input.MinScore, search.Weights, input.Fusion, input.AsOf);
        var answer = await SendAsync<Wire.SearchAnswer>(HttpMethod.Post, "memories/search", body, cancellationToken);
        return answer.Memories.Select(hit => new SearchHit
        {
            Coordinate = hit.Coordinate,
            CoordinateKey = hit.CoordinateKey,
            Payload = hit.Payload,
            Kind = Kinds.Parse(hit.MemoryType),
            Metadata = hit.Metadata,
            Importance = hit.Importance,
            Score = hit.Score,
            Similarity = hit.Similarity,
            Keyword = hit.Keyword,
            ImportanceNow = hit.ImportanceNow,
            Recency = hit.Recency,
            CreatedAt = hit.CreatedAt,
            UpdatedAt = hit.UpdatedAt,
        }).ToArray();
    }

    public async Task<BulkStoreResult> StoreManyAsync(IReadOnlyList<NewMemory> memories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memories);
        var answer = await SendAsync<Wire.BulkAnswer>(HttpMethod.Post, "memories/bulk", new Wire.BulkBody(memories.Select(StoreBody).ToArray()), cancellationToken);
        return new BulkStoreResult(answer.Stored, answer.Errors.Select(error => new BulkStoreError(error.Index, error.Detail)).ToArray());
    }

    public async Task<LinkResult> LinkAsync(NewLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var answer = await SendAsync<Wire.LinkAnswer>(HttpMethod.Post, "graph/link", new Wire.LinkBody(link.From, link.To, link.LinkType, link.Strength, link.Metadata), cancellationToken);
        return new LinkResult(answer.FromCoord, answer.ToCoord, answer.LinkType);
    }

    public async Task<IReadOnlyList<Neighbor>> NeighborsAsync(NeighborSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = Query(
            ("coord", search.Coordinate),
            ("k_hop", Number(search.Hops)),
            ("limit", Number(search.Limit)),
            ("offset", Number(search.Offset)),
            ("link_type", search.LinkType),
            ("direction", search.Direction?.ToString().ToLowerInvariant()));
        var answer = await SendAsync<Wire.NeighborsAnswer>(HttpMethod.Get, "graph/neighbors" + query, null, cancellationToken);
        return answer.Neighbors.Select(hit => new Neighbor(hit.CoordinateKey, hit.LinkType, hit.Strength, hit.Hop, hit.FromCoord)).ToArray();
    }

    public async Task<MemoryPath> PathAsync(PathSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = Query(
            ("from_coord", search.From),
            ("to_coord", search.To),
            ("max_length", Number(search.MaxLength)),
            ("link_type", search.LinkType),
            ("weighted", search.Weighted ? "true" : null));
        var answer = await SendAsync<Wire.PathAnswer>(HttpMethod.Get, "graph/path" + query, null, cancellationToken);
        return new MemoryPath(answer.FromCoord, answer.ToCoord, answer.Found, answer.Path, answer.LinkTypes, answer.Cost);
    }

    public async Task<MemoryStats> StatsAsync(CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync<Wire.StatsAnswer>(HttpMethod.Get, "stats", null, cancellationToken);
        return new MemoryStats(answer.Namespace, answer.TotalMemories, answer.Episodic, answer.Semantic);
    }

    private static Wire.StoreBody StoreBody(NewMemory memory) => new(
        memory.Coordinate,
        memory.Payload,
        Kinds.Name(memory.Kind),
        memory.Metadata,
        memory.Importance,
        memory.TimeToLive?.TotalSeconds,
        memory.Text,
        memory.Vector);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(parameter => parameter.Value is not null)
            .Select(parameter => parameter.Name + "=" + Uri.EscapeDataString(parameter.Value!))
            .ToArray();
        return given.Length == 0 ? "" : "?" + string.Join('&', given);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Wire.Json);
        }

        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseWithSlash(), path));
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        }

        if (!string.IsNullOrEmpty(_options.Namespace))
        {
            request.Headers.Add(NamespaceHeader, _options.Namespace);
        }

        return request;
    }

    /// <summary>A base address without a trailing slash would drop its last segment when a path is resolved against it.</summary>
    private Uri BaseWithSlash()
    {
        var text = _options.BaseAddress.ToString();
        return text.EndsWith('/') ? _options.BaseAddress : new Uri(text + "/");
    }

    /// <summary>Sends and turns every failure into a <see cref="SomaMemoryException"/>; the caller owns the response.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (completion == HttpCompletionOption.ResponseContentRead)
        {
            timeout.CancelAfter(_options.Timeout);
        }

        try
        {
            response = await _http.SendAsync(request, completion, timeout.Token);
        }
        catch (HttpRequestException unreachable)
        {
            throw new SomaMemoryException(null, $"Could not reach SomaMemory at {_options.BaseAddress}: {unreachable.Message}", unreachable);
        }
        catch (OperationCanceledException timedOut) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SomaMemoryException(null, $"SomaMemory at {_options.BaseAddress} did not answer within {_options.Timeout.TotalSeconds} s.", timedOut);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(response, cancellationToken);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Wire.Json, cancellationToken)
                ?? throw new SomaMemoryException((int)response.StatusCode, "The server answered an empty body.");
        }
        catch (JsonException malformed)
        {
            throw new SomaMemoryException((int)response.StatusCode, "The server's answer is not the JSON this client expects: " + malformed.Message, malformed);
        }
    }

    /// <summary>The ProblemDetails <c>detail</c>, or SFM's plain <c>{detail}</c>, or the status line when the body has neither.</summary>
    private static async Task<SomaMemoryException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? detail = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                detail = document.RootElement.TryGetProperty("detail", out var found) && found.ValueKind == JsonValueKind.String ? found.GetString()
                    : document.RootElement.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString()
                    : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status line says enough.
        }

        return new SomaMemoryException(status, string.IsNullOrWhiteSpace(detail) ? $"{status} {response.ReasonPhrase}".Trim() : detail);
    }
}
