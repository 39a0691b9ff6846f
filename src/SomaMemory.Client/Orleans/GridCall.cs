using SomaMemory.Memories;

namespace SomaMemory.Client.Orleans;

/// <summary>
/// Turns grid failures into the statuses the gateway answers for them: validation only the grid can do arrives as
/// <see cref="ArgumentException"/> (422), an unreachable grid is 503, anything else 500.
/// </summary>
internal static class GridCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SomaMemoryException)
        {
            throw;
        }
        catch (ArgumentException argument)
        {
            throw new SomaMemoryException(422, ValidationMessages.Describe(argument), argument);
        }
        catch (Exception unreachable) when (unreachable is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            throw new SomaMemoryException(503, "The memory grid is not reachable right now; retry shortly.", unreachable);
        }
        catch (Exception other) when (other is not OperationCanceledException)
        {
            throw new SomaMemoryException(500, "An unexpected error occurred in the memory grid: " + other.Message, other);
        }
    }
}
