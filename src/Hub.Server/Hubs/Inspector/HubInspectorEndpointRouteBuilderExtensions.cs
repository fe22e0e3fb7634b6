using System.Reflection;
using System.Text.Json;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs.Inspector;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HubFramework.Server.Hubs;

/// <summary>Serves the hub inspector: a page of this node's live hubs, connections, groups, rates and peers.</summary>
public static class HubInspectorEndpointRouteBuilderExtensions
{
    /// <summary>Header every state-changing inspector request must carry: a cross-site form or image cannot send it.</summary>
    public const string RequestHeader = "X-Hub-Inspector";

    /// <summary>
    /// Serves the inspector under <paramref name="pattern"/>: <c>GET {pattern}</c> the page (HTML and script served
    /// from this assembly, nothing from a CDN), <c>GET {pattern}/api/snapshot</c> its data as JSON, and
    /// <c>POST {pattern}/api/connections/{id}/disconnect</c> (with the header <see cref="RequestHeader"/>) to close a
    /// connection. Every request needs <see cref="HubInspectorOptions.AuthorizationPolicy"/> (the default policy when
    /// null) unless <see cref="HubInspectorOptions.AllowAnonymous"/>. Nothing is served unless this is called.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The inspector's path prefix.</param>
    /// <param name="configure">Authorization, refresh interval and listing limits.</param>
    /// <returns>The builder of the inspector's endpoints (for more conventions).</returns>
    public static IEndpointConventionBuilder MapHubInspector(this IEndpointRouteBuilder endpoints, string pattern = "/_hubs", Action<HubInspectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var options = new HubInspectorOptions();
        configure?.Invoke(options);
        options.Validate();

        var services = endpoints.ServiceProvider;
        var registry = services.GetService<ConnectionRegistry>()
            ?? throw new InvalidOperationException("Hubs are not registered: call services.AddHubs() before MapHubInspector.");
        if (!options.AllowAnonymous && options.AuthorizationPolicy is { } policyName)
        {
            var provider = services.GetRequiredService<IAuthorizationPolicyProvider>();
            if (provider.GetPolicyAsync(policyName).GetAwaiter().GetResult() is null)
            {
                throw new InvalidOperationException($"MapHubInspector: the authorization policy '{policyName}' is not registered (AddAuthorization(o => o.AddPolicy(...))).");
            }
        }

        var meterScope = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var inspector = new HubInspector(services, endpoints.DataSources, options, registry, meterScope);
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopped.Register(inspector.Dispose);

        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var page = LoadPage();
        var group = endpoints.MapGroup(pattern.TrimEnd('/'));
        group.MapGet("/", (HttpContext context) =>
        {
            var basePath = context.Request.PathBase.Add(new PathString(pattern.TrimEnd('/'))).Value ?? string.Empty;
            var html = page.Replace("\"__HUB_INSPECTOR_BASE__\"", JsonSerializer.Serialize(basePath), StringComparison.Ordinal);
            context.Response.Headers.CacheControl = "no-store";
            // The page loads nothing from elsewhere: a strict policy costs nothing.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'";
            return Results.Content(html, "text/html; charset=utf-8");
        });
        group.MapGet("/api/snapshot", async (HttpContext context) =>
        {
            var snapshot = await inspector.SnapshotAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(snapshot, json);
        });
        group.MapPost("/api/connections/{id}/disconnect", (HttpContext context, string id) =>
        {
            if (!context.Request.Headers.ContainsKey(RequestHeader))
            {
                return Results.Problem($"The {RequestHeader} header is required.", statusCode: StatusCodes.Status400BadRequest);
            }

            return inspector.Disconnect(id) ? Results.NoContent() : Results.NotFound();
        });

        if (!options.AllowAnonymous)
        {
            if (options.AuthorizationPolicy is { } policy)
            {
                group.RequireAuthorization(policy);
            }
            else
            {
                group.RequireAuthorization();
            }
        }

        group.ExcludeFromDescription();
        return group;
    }

    private static string LoadPage()
    {
        using var stream = typeof(HubInspectorEndpointRouteBuilderExtensions).Assembly.GetManifestResourceStream("HubFramework.Server.Inspector.html")
            ?? throw new InvalidOperationException("The inspector page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
