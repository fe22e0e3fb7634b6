using System.Net;
using System.Text.Json.Nodes;
using HubFramework.Client;
using HubFramework.Ops.Tests.Infrastructure;
using HubFramework.Protocol;
using HubFramework.Server.Backplane;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Ops.Tests.Inspector;

public class HubInspectorTests
{
    [Fact]
    public async Task SnapshotShowsConnectionsGroupsRatesPeersAndSections()
    {
        await using var app = await OpsServer.StartAsync(
            s =>
            {
                s.AddSingleton<IBackplanePeerDirectory>(new Peers());
                s.AddSingleton<IHubInspectorSection, RoomsSection>();
            },
            a => a.MapHubInspector(configure: o => o.AllowAnonymous = true));
        using var http = new HttpClient();
        await using var socket = await OpsServer.ConnectAsync(app);
        await using var polling = await OpsServer.ConnectAsync(app, HttpTransportType.LongPolling);
        await Wait.For(socket.InvokeAsync("Join", "blue"));
        await Wait.For(polling.InvokeAsync("Join", "blue"));
        for (var i = 0; i < 20; i++)
        {
            await Wait.For(socket.InvokeAsync<string>("Echo", "x"));
        }

        var snapshot = await SnapshotAsync(http, app);
        Assert.Equal(2, (int?)snapshot["hubConnections"]);
        var hub = snapshot["hubs"]!.AsArray().Single()!;
        Assert.Equal("OpsHub", (string?)hub["name"]);
        Assert.Equal(1, (int?)hub["transports"]!["web_sockets"]);
        Assert.Equal(1, (int?)hub["transports"]!["long_polling"]);
        var blue = hub["groups"]!.AsArray().Single(g => (string?)g!["name"] == "blue")!;
        Assert.Equal(2, (int?)blue["members"]);
        var row = snapshot["connections"]!.AsArray().Single(c => (string?)c!["id"] == socket.ConnectionId)!;
        Assert.Equal(OpsServer.HubPath, (string?)row["path"]);
        Assert.Equal("json", (string?)row["protocol"]);
        Assert.Equal(["blue"], row["groups"]!.AsArray().Select(g => (string?)g));
        Assert.True((long?)snapshot["totals"]!["messagesIn"] >= 20);
        Assert.True((long?)snapshot["totals"]!["invocations"] >= 20);
        Assert.Equal("node-b", (string?)snapshot["peers"]![0]!["nodeId"]);
        var section = snapshot["sections"]!.AsArray().Single()!;
        Assert.Equal("Rooms", (string?)section["title"]);
        Assert.Equal("lobby", (string?)section["rows"]![0]!["room"]);

        // Rates cover the last seconds: messages keep coming, the rate shows them.
        for (var i = 0; i < 20; i++)
        {
            await Wait.For(socket.InvokeAsync<string>("Echo", "y"));
        }

        await Task.Delay(600);
        snapshot = await SnapshotAsync(http, app);
        Assert.True((double?)snapshot["rates"]!["messagesInPerSecond"] > 0);
    }

    [Fact]
    public async Task DisconnectClosesTheConnectionWithoutReconnect()
    {
        await using var app = await OpsServer.StartAsync(configure: a => a.MapHubInspector("/ops", o => o.AllowAnonymous = true));
        using var http = new HttpClient();
        await using var connection = await OpsServer.ConnectAsync(app);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        // An answered invocation: the server lists the connection by now.
        await Wait.For(connection.InvokeAsync<string>("Echo", "listed"));
        using var forged = await http.PostAsync(app.Url($"/ops/api/connections/{connection.ConnectionId}/disconnect"), null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HubConnectionState.Connected, connection.State);

        using var request = new HttpRequestMessage(HttpMethod.Post, app.Url($"/ops/api/connections/{connection.ConnectionId}/disconnect"));
        request.Headers.Add(HubInspectorEndpointRouteBuilderExtensions.RequestHeader, "1");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var error = await Wait.For(closed.Task);
        Assert.Contains("operator", error?.Message);

        using var again = new HttpRequestMessage(HttpMethod.Post, app.Url($"/ops/api/connections/{connection.ConnectionId}/disconnect"));
        again.Headers.Add(HubInspectorEndpointRouteBuilderExtensions.RequestHeader, "1");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task InspectorIsBehindAuthorizationAndOffUnlessMapped()
    {
        await using var app = await OpsServer.StartAsync(
            s => s.AddAuthentication("test").AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, NobodyHandler>("test", null),
            a => a.MapHubInspector());
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(app.Url("/_hubs"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(app.Url("/_hubs/api/snapshot"))).StatusCode);

        await using var unmapped = await OpsServer.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(unmapped.Url("/_hubs"))).StatusCode);
    }

    [Fact]
    public async Task PageIsServedWithoutOutsideResources()
    {
        await using var app = await OpsServer.StartAsync(configure: a => a.MapHubInspector(configure: o => o.AllowAnonymous = true));
        using var http = new HttpClient();
        using var response = await http.GetAsync(app.Url("/_hubs"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("const base = \"/_hubs\";", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("policy")]
    [InlineData("refresh")]
    [InlineData("connections")]
    public async Task InvalidOptionsFailAtMapping(string what)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpsServer.StartAsync(configure: a => a.MapHubInspector(configure: o =>
        {
            switch (what)
            {
                case "policy":
                    o.AuthorizationPolicy = "NotRegistered";
                    break;
                case "refresh":
                    o.RefreshInterval = TimeSpan.FromMilliseconds(5);
                    break;
                default:
                    o.MaxListedConnections = 0;
                    break;
            }
        })));
        Assert.Contains(what == "policy" ? "NotRegistered" : "HubInspectorOptions", error.Message);
    }

    private static async Task<JsonNode> SnapshotAsync(HttpClient http, KestrelApp app) =>
        JsonNode.Parse(await http.GetStringAsync(app.Url("/_hubs/api/snapshot")))!;

    private sealed class Peers : IBackplanePeerDirectory
    {
        public IReadOnlyList<BackplanePeer> GetPeers() => [new BackplanePeer("node-b", DateTimeOffset.UtcNow, 4)];
    }

    private sealed class RoomsSection : IHubInspectorSection
    {
        public string Title => "Rooms";

        public ValueTask<IReadOnlyList<object>> GetRowsAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<object>>([new { room = "lobby", members = 3 }]);
    }

    private sealed class NobodyHandler(
        Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions> options,
        Microsoft.Extensions.Logging.ILoggerFactory logger,
        System.Text.Encodings.Web.UrlEncoder encoder)
        : Microsoft.AspNetCore.Authentication.AuthenticationHandler<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<Microsoft.AspNetCore.Authentication.AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(Microsoft.AspNetCore.Authentication.AuthenticateResult.NoResult());
    }
}
