using SomaMemory.Gateway.Auth;
using SomaMemory.Gateway.Contracts;
using SomaMemory.Gateway.Http;
using SomaMemory.Grains;

namespace SomaMemory.Gateway.Apis;

/// <summary><c>DELETE /memories/{coord}?hard=true</c>: the right to be forgotten, for administrators only.</summary>
public static class HardDelete
{

    /// <summary>Absent or "false": an ordinary delete. Anything but true/false is refused rather than guessed.</summary>
    public static bool TryParse(string? hard, out bool erase, out IResult problem)
    {
        problem = Results.Empty;
        erase = false;
        if (hard is null || string.Equals(hard, "false", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(hard, "true", StringComparison.OrdinalIgnoreCase))
        {
            erase = true;
            return true;
        }

        problem = Problems.BadRequest("hard must be true or false.");
        return false;
    }

    public static async Task<IResult> EraseAsync(string coord, string grainKey, HttpContext context, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(grains);

        // The route itself needs only the write role; erasing everything of a memory needs admin on top.
        if (!context.User.IsInRole(SomaRoles.Admin))
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "A hard delete needs the admin role.");
        }

        var erased = await grains.GetGrain<IMemoryNodeGrain>(grainKey).EraseAsync();
        return TypedResults.Ok(new DeleteMemoryResponse(coord, erased));
    }
}
