namespace SomaMemory.Gateway.Http;

/// <summary>
/// The opening every list route shares (bulk store, bulk links, delete many, batch search): the namespace, the
/// JSON body, the list field present, and the list within its bound, which is a 413 because the whole request is
/// refused unread rather than item by item.
/// </summary>
public static class ListRequest
{
    public sealed record Read<T>(string Namespace, T? Body, IResult? Problem);

    /// <param name="count">The number of items of the list field, or null when the field is absent.</param>
    /// <param name="field">The list field's name, as sent.</param>
    /// <param name="items">What the items are, plural, for the messages ("memories to store").</param>
    public static async Task<Read<T>> ReadAsync<T>(HttpRequest request, Func<T, int?> count, string field, string items, int max)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(count);
        if (!RequestNamespace.TryResolve(request.HttpContext, out var memoryNamespace, out var problem))
        {
            return new Read<T>("", null, problem);
        }

        var (body, bodyProblem) = await RequestBody.ReadAsync<T>(request);
        if (body is null)
        {
            return new Read<T>("", null, bodyProblem);
        }

        return count(body) switch
        {
            null => new Read<T>("", null, Problems.Unprocessable($"{field} is required: a list of {items}.")),
            > 0 and var size when size > max => new Read<T>("", null, Problems.Result(
                StatusCodes.Status413PayloadTooLarge, $"A request holds at most {max} {field}; this one holds {size}.")),
            _ => new Read<T>(memoryNamespace, body, null),
        };
    }
}
