using System.Text.Json;

namespace SomaMemory.Gateway.Contracts;

/// <summary>Each query is the body of POST /memories/search, read and validated on its own.</summary>
public sealed record BatchSearchRequest(IReadOnlyList<JsonElement>? Queries);

/// <summary><c>results[i]</c> answers <c>queries[i]</c>; it is null exactly when <c>errors</c> names index i.</summary>
public sealed record BatchSearchResponse(IReadOnlyList<IReadOnlyList<SearchHitView>?> Results, IReadOnlyList<BatchSearchError> Errors);

/// <summary>Why one query failed: the status and detail POST /memories/search would have answered.</summary>
public sealed record BatchSearchError(int Index, int Status, string Detail);

public sealed record DeleteManyRequest(IReadOnlyList<JsonElement>? Coords);

/// <summary>One valid coordinate of the request, by position, and whether a live memory was deleted there.</summary>
public sealed record DeleteManyResult(int Index, string Coord, string CoordinateKey, bool Deleted);

public sealed record DeleteManyResponse(int Deleted, IReadOnlyList<DeleteManyResult> Results, IReadOnlyList<BulkErrorView> Errors);

/// <summary>One line of an import that was not written, by its 1-based line number.</summary>
public sealed record ImportLineError(long Line, string Detail);

public sealed record ImportResponse(
    long Imported,
    long Unchanged,
    long Expired,
    long Links,
    long Failed,
    IReadOnlyList<ImportLineError> Errors,
    bool ErrorsTruncated);
