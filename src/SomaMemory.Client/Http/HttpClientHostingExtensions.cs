using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SomaMemory.Client.Http;

public static class HttpClientHostingExtensions
{
    /// <summary>
    /// Registers <see cref="ISomaMemory"/> (and <see cref="SomaMemoryHttpClient"/>) over the gateway's HTTP API, for
    /// services outside the cluster. Options may also come from configuration section <c>Soma:Http</c>.
    /// </summary>
    public static IHttpClientBuilder AddSomaMemoryHttpClient(this IServiceCollection services, Action<SomaMemoryHttpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SomaMemoryHttpOptions>().BindConfiguration(SomaMemoryHttpOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().Validate(o => o.BaseAddress.IsAbsoluteUri, "Soma:Http:BaseAddress must be an absolute http(s) URL.").ValidateOnStart();
        services.AddTransient<ISomaMemory>(provider => provider.GetRequiredService<SomaMemoryHttpClient>());

        // The client applies its own per-call timeout, so that a streaming export is not cut by HttpClient's.
        return services.AddHttpClient<SomaMemoryHttpClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
    }
}
