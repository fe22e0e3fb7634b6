using HubFramework.Interop;
using HubFramework.ReferenceServer;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;

// Microsoft's ASP.NET Core SignalR hosting the interop contract (../shared/interop/CONTRACT.md): the oracle
// our interop tests are validated against first, and the speed anchor for bench/.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// Ephemeral keys: nothing here needs them to survive a restart, and it keeps key files off the disk.
builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
builder.Services.AddSignalR().AddMessagePackProtocol();
builder.Services.AddSingleton<IUserIdProvider, NameUserIdProvider>();
builder.Services
    .AddAuthentication(InteropBearerAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, InteropBearerAuthenticationHandler>(InteropBearerAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorization();
// Browser tests load the client from another origin; SignalR sends credentials, so "any origin" must be echoed.
builder.Services.AddCors(o => o.AddDefaultPolicy(p =>
    p.SetIsOriginAllowed(_ => true).AllowAnyHeader().AllowAnyMethod().AllowCredentials()));

var app = builder.Build();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", () => Results.Text("ok"));
app.MapHub<InteropHub>("/hubs/interop", o => o.AllowStatefulReconnects = true);
app.MapHub<InteropHub>("/hubs/interop-secure", o => o.AllowStatefulReconnects = true).RequireAuthorization();

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
    Console.WriteLine($"READY {addresses?.FirstOrDefault()}");
    Console.Out.Flush();
});

app.Run();
