using HubFramework.Interop;
using HubFramework.InteropServer;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// HubFramework hosting the interop contract (../shared/interop/CONTRACT.md): the target of the interop
// suites (tests/Interop), of the .NET client's tests and of the load generator in bench/.
var natsUrl = Environment.GetEnvironmentVariable("HUB_NATS_URL");

var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// Ephemeral keys: nothing here needs them to survive a restart, and it keeps key files off the disk.
builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
var hubs = builder.Services.AddHubs(o => o.Rooms.PresenceMethod = "presence");
// Connection caps and limits from configuration (e.g. ClientConnections__MaxConnections=100), for limit experiments.
builder.Services.AddClientConnections(o => builder.Configuration.GetSection("ClientConnections").Bind(o));
if (!string.IsNullOrEmpty(natsUrl))
{
    hubs.AddNatsBackplane(o =>
    {
        o.Url = natsUrl;
        // Relay limits from configuration (e.g. HubRelay__PeerTimeout=00:00:03), for the no-sticky-session tests.
        builder.Configuration.GetSection("HubRelay").Bind(o.Relay);
        // Lets tests run two separate applications on one NATS server.
        o.SubjectPrefix = Environment.GetEnvironmentVariable("HUB_NATS_PREFIX") is { Length: > 0 } prefix ? prefix : o.SubjectPrefix;
    });
}

builder.Services.AddSingleton<IUserIdProvider, NameUserIdProvider>();
builder.Services
    .AddAuthentication(InteropBearerAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, InteropBearerAuthenticationHandler>(InteropBearerAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();
// Browser tests load the client from another origin; the client sends credentials, so "any origin" must be echoed.
builder.Services.AddCors(o => o.AddDefaultPolicy(p =>
    p.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowAnyMethod().AllowCredentials()));

var app = builder.Build();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", () => Results.Text("ok"));
app.MapHub<InteropHub>("/hubs/interop", o => o.AllowStatefulReconnects = true);
app.MapHub<InteropHub>("/hubs/interop-secure", o => o.AllowStatefulReconnects = true).RequireAuthorization();
// One isolated namespace per tenant, all served by the same hub type.
app.MapHub<InteropHub>("/tenants/{tenant}/hubs/interop", o => o.AllowStatefulReconnects = true);
app.MapAsyncApi("/_hubs/asyncapi.json", o => o.Title = "HubFramework interop server");
// The inspector needs an authenticated user: the interop bearer token.
app.MapHubInspector("/_hubs");

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
    Console.WriteLine($"READY {addresses?.FirstOrDefault()}");
    Console.Out.Flush();
});

app.Run();
return 0;
