namespace SomaMemory.Gateway.Security;

/// <summary>Marks an endpoint that takes bodies up to <see cref="Options.LimitsOptions.MaxLargeBodyBytes"/> rather than the ordinary limit.</summary>
public sealed class LargeBodyMetadata
{
    public static LargeBodyMetadata Instance { get; } = new();
}

public static class LargeBodyExtensions
{
    /// <summary>Lets this endpoint take bodies up to <c>Soma:Limits:MaxLargeBodyBytes</c> (bulk store, import).</summary>
    public static TBuilder AllowsLargeBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(LargeBodyMetadata.Instance);
        return builder;
    }
}
