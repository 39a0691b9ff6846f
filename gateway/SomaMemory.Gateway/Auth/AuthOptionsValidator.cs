using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Options;

namespace SomaMemory.Gateway.Auth;

/// <summary>Stops the start with a clear message when the token is missing, unreadable or too short.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.BootstrapTokenFile) && !File.Exists(options.BootstrapTokenFile))
        {
            return ValidateOptionsResult.Fail($"SOMA_API_TOKEN_FILE names '{options.BootstrapTokenFile}', which does not exist.");
        }

        string? token;
        try
        {
            token = BootstrapToken.Resolve(options);
        }
        catch (IOException exception)
        {
            return ValidateOptionsResult.Fail($"SOMA_API_TOKEN_FILE could not be read: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            return ValidateOptionsResult.Fail($"SOMA_API_TOKEN_FILE could not be read: {exception.Message}");
        }

        if (token is null)
        {
            return ValidateOptionsResult.Fail("No API token is configured: set SOMA_API_TOKEN or SOMA_API_TOKEN_FILE. SomaMemory never serves memories without authentication.");
        }

        return token.Length < AuthOptions.MinimumTokenLength
            ? ValidateOptionsResult.Fail($"The API token must be at least {AuthOptions.MinimumTokenLength} characters long.")
            : ValidateOptionsResult.Success;
    }
}
