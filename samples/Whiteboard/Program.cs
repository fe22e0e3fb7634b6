using HubFramework.Samples.Whiteboard;
using HubFramework.Samples.Whiteboard.Boards;
using HubFramework.Samples.Whiteboard.Hubs;
using HubFramework.Samples.Whiteboard.Storage;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

// The collaborative whiteboard: boards at /b/{id}, the hub at /hubs/whiteboard. Alone it keeps boards on disk
// (--data DIR or WHITEBOARD_DATA); with HUB_NATS_URL every node on that NATS server serves the same boards.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The page is built next to the assembly, so the app finds it whatever the working directory.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("HubFramework.Samples", LogLevel.Information);
builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

var natsUrl = Environment.GetEnvironmentVariable("HUB_NATS_URL");
var dataDirectory = builder.Configuration["data"] ?? Environment.GetEnvironmentVariable("WHITEBOARD_DATA");
if (string.IsNullOrWhiteSpace(dataDirectory))
{
    dataDirectory = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "HubFramework.Whiteboard");
}

builder.Services.AddOptions<WhiteboardOptions>()
    .Bind(builder.Configuration.GetSection("Whiteboard"))
    .Configure(o => o.DataDirectory = Path.GetFullPath(dataDirectory))
    .Validate(o => { o.Validate(); return true; })
    .ValidateOnStart();
builder.Services.AddSingleton(sp => new BoardRules(sp.GetRequiredService<IOptions<WhiteboardOptions>>().Value));
builder.Services.AddSingleton<BoardStore>();
builder.Services.AddHostedService<BoardEviction>();

var hubs = builder.Services.AddHubs();
hubs.AddHubOptions<WhiteboardHub>(o =>
{
    // A board arrives whole in one message and an added stroke may carry thousands of points.
    o.MaximumReceiveMessageSize = 256 * 1024;
    o.OutboundQueue.MaxQueuedBytes = 8 * 1024 * 1024;
    // A backstop beneath the hub's own per-kind limits: floods of any message are refused before dispatch.
    o.RateLimit = new InvocationRateLimitOptions { TokenLimit = 400, TokensPerPeriod = 200, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };
    // Boards are rooms: participants are their members (cluster-wide in NATS Key/Value with the backplane), and joins,
    // renames and leaves reach the others as presence events.
    o.Rooms.PresenceMethod = WhiteboardHub.PresenceMethod;
});

if (!string.IsNullOrEmpty(natsUrl))
{
    hubs.AddNatsBackplane(o => o.Url = natsUrl);
    builder.Services.AddSingleton(sp => new WhiteboardNats(natsUrl, sp.GetRequiredService<ILoggerFactory>()));
    builder.Services.AddSingleton<IBoardLog, JetStreamBoardLog>();
}
else
{
    builder.Services.AddSingleton<IBoardLog, FileBoardLog>();
}

var app = builder.Build();

var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
if (!File.Exists(Path.Combine(webRoot, "index.html")))
{
    Console.Error.WriteLine($"The page is missing from {webRoot}: build the project (dotnet build samples/Whiteboard) so that npm and esbuild produce it.");
    return 1;
}

var files = new PhysicalFileProvider(webRoot);
app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
var page = Results.File(Path.Combine(webRoot, "index.html"), "text/html; charset=utf-8");
app.MapGet("/", () => page);
app.MapGet("/b/{id}", (string id) => BoardRules.IsValidBoardId(id) ? page : Results.NotFound("A board id is 1 to 64 letters, digits, '-' or '_'."));
app.MapGet("/health", () => Results.Text("ok"));
app.MapHub<WhiteboardHub>("/hubs/whiteboard", o => o.AllowStatefulReconnects = true);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
    Console.WriteLine($"Whiteboard: {app.Services.GetRequiredService<BoardStore>().Description}{(string.IsNullOrEmpty(natsUrl) ? "" : $", hub backplane on {natsUrl}")}.");
    Console.WriteLine($"READY {address}");
    Console.Out.Flush();
});

app.Run();
return 0;
