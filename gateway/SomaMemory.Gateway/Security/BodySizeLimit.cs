using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SomaMemory.Gateway.Http;
using SomaMemory.Gateway.Options;

namespace SomaMemory.Gateway.Security;

/// <summary>
/// The request body limit of each route: a declared length over it is refused at once with 413; a body without
/// a declared length (chunked) is cut off with 413 as soon as it passes the limit, before it is all buffered.
/// </summary>
public static class BodySizeLimit
{
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<LargeBodyMetadata>() is null ? limits.MaxBodyBytes : limits.MaxLargeBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await Problems.Write(context, StatusCodes.Status413PayloadTooLarge, TooLarge(limit));
                return;
            }

            // Kestrel enforces its own per-request limit (30 MB by default); it is set to this route's limit so
            // that bulk bodies above 30 MB pass and ordinary bodies stop at theirs.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }

            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
            await next(context);
        });
    }

    public static string TooLarge(long limit) => $"The request body is larger than this route's limit of {limit} bytes.";
}
