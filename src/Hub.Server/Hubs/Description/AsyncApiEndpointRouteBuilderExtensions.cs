using System.Text.Json;
using System.Text.Json.Nodes;
using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs.Description;
using HubFramework.Server.Hubs.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Hubs;

/// <summary>Serves an AsyncAPI document of the mapped hubs.</summary>
public static class AsyncApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves <c>GET {pattern}</c>: an AsyncAPI 3.0 document of every hub mapped with <c>MapHub</c> on this route
    /// builder (also those mapped after this call): server methods, client methods of <see cref="Hub{T}"/> hubs, and
    /// JSON Schemas of their parameters and results. Generated on first request, then cached; the <c>servers</c>
    /// section names the host the request came to. Returns the endpoint's builder (e.g. to <c>RequireAuthorization</c>).
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The document's path.</param>
    /// <param name="configure">The document's title, version and description.</param>
    public static IEndpointConventionBuilder MapAsyncApi(this IEndpointRouteBuilder endpoints, string pattern = "/_hubs/asyncapi.json", Action<AsyncApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var options = new AsyncApiOptions();
        configure?.Invoke(options);
        options.Validate();

        var payloadOptions = endpoints.ServiceProvider.GetService<IOptions<JsonHubProtocolOptions>>()?.Value.PayloadSerializerOptions
            ?? JsonHubProtocolOptions.CreateDefaultSerializerOptions();
        var sources = endpoints.DataSources;
        var document = new Lazy<JsonObject>(() => new AsyncApiDocumentBuilder(payloadOptions, endpoints.ServiceProvider.GetService<IServiceProviderIsService>()).Build(MappedHubs.Find(sources), options));
        var writerOptions = new JsonSerializerOptions { WriteIndented = true };

        return endpoints.MapGet(pattern, (HttpContext context) =>
        {
            var copy = (JsonObject)document.Value.DeepClone();
            var request = context.Request;
            var secure = request.IsHttps;
            var servers = new JsonObject
            {
                ["websocket"] = new JsonObject { ["host"] = request.Host.Value, ["protocol"] = secure ? "wss" : "ws", ["pathname"] = request.PathBase.Value is { Length: > 0 } b ? b : null },
                ["http"] = new JsonObject { ["host"] = request.Host.Value, ["protocol"] = secure ? "https" : "http", ["pathname"] = request.PathBase.Value is { Length: > 0 } p ? p : null },
            };
            foreach (var (_, server) in servers)
            {
                if (server is JsonObject s && s["pathname"] is null)
                {
                    s.Remove("pathname");
                }
            }

            copy.Insert(3, "servers", servers);
            return Results.Text(copy.ToJsonString(writerOptions), "application/json");
        })
            .WithDisplayName("AsyncAPI " + pattern)
            .ExcludeFromDescription();
    }
}
