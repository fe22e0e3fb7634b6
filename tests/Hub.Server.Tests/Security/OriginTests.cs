using System.Net;
using System.Net.WebSockets;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Connections;
using HubFramework.Server.Tests.Hubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Security;

/// <summary>
/// Cross-site WebSocket hijacking: a foreign page's upgrade (or negotiate) is refused with 403 when it would ride on
/// the user's cookies, or when the endpoint lists its allowed origins; same-origin and allowed origins pass.
/// </summary>
public class OriginTests
{
    private const string Foreign = "http://evil.example";
    private const string Allowed = "http://app.example";
    private const string Cookie = "session=abc";

    [Fact]
    public async Task ByDefaultAForeignOriginWithCookiesIsRefused()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, Foreign, Cookie));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateStatusAsync(server, Foreign, Cookie));

        // Without cookies a foreign page can only use credentials of its own (bearer tokens): allowed.
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, Foreign, cookie: null));
        Assert.Equal(HttpStatusCode.OK, await NegotiateStatusAsync(server, Foreign, cookie: null));

        // Same origin (the page served by this server), and clients that send no Origin at all, pass with cookies.
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, SameOrigin(server), Cookie));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, origin: null, Cookie));
        Assert.Equal(HttpStatusCode.OK, await NegotiateStatusAsync(server, SameOrigin(server), Cookie));
    }

    [Fact]
    public async Task WithAllowedOriginsOnlyThoseAndTheSameOriginPass()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowedOrigins.Add(Allowed));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, Foreign, cookie: null));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, Foreign, Cookie));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateStatusAsync(server, Foreign, cookie: null));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, "null", cookie: null));

        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, Allowed, Cookie));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, Allowed.ToUpperInvariant(), cookie: null));
        Assert.Equal(HttpStatusCode.OK, await NegotiateStatusAsync(server, Allowed, Cookie));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, SameOrigin(server), Cookie));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, origin: null, cookie: null));
    }

    [Fact]
    public async Task AnotherPortOfTheSameHostIsAnotherOrigin()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowedOrigins.Add(Allowed));
        var otherPort = new UriBuilder(server.Host.BaseUri) { Port = server.Host.BaseUri.Port == 1 ? 2 : server.Host.BaseUri.Port - 1 }.Uri.GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, otherPort, Cookie));
    }

    [Fact]
    public async Task AStarAllowsAnyOrigin()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowedOrigins.Add("*"));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await UpgradeStatusAsync(server, Foreign, Cookie));
    }

    [Fact]
    public async Task ARefusedUpgradeCreatesNoConnection()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.AllowedOrigins.Add(Allowed));
        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, Foreign, Cookie));
        Assert.Equal(0, server.Registry.Count);
        Assert.Empty(server.Handler.Connections);
    }

    [Theory]
    [InlineData("app.example")]
    [InlineData("http://app.example/path")]
    [InlineData("ftp://app.example")]
    [InlineData("")]
    public async Task AnEntryThatIsNotAnOriginFailsAtMapHub(string entry)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHubs();
        await using var app = builder.Build();
        var error = Assert.IsType<ArgumentException>(Record.Exception(() => app.MapHub<TestHub>("/hub", o => o.AllowedOrigins.Add(entry))));
        Assert.Equal(nameof(ConnectionEndpointOptions.AllowedOrigins), error.ParamName);
    }

    private static string SameOrigin(ConnectionTestServer server) => server.Host.BaseUri.GetLeftPart(UriPartial.Authority);

    private static async Task<HttpStatusCode> UpgradeStatusAsync(ConnectionTestServer server, string? origin, string? cookie)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (cookie is not null)
        {
            socket.Options.SetRequestHeader("Cookie", cookie);
        }

        using var cts = new CancellationTokenSource(Bound);
        try
        {
            await socket.ConnectAsync(server.WebSocketUri(null), cts.Token);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        return socket.HttpStatusCode;
    }

    private static async Task<HttpStatusCode> NegotiateStatusAsync(ConnectionTestServer server, string? origin, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ConnectionTestServer.Path + "/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }
}
