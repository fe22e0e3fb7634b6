using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using HubFramework.Server.Connections;
using HubFramework.Server.Connections.Security;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Connections;
using HubFramework.Server.Tests.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Tests.Security;

/// <summary>
/// On the wire: a hub connection whose authentication expired gets a Close message with the reason and
/// <c>allowReconnect: true</c> (WebSocket and long polling), then the connection ends.
/// </summary>
public class AuthenticationExpiryCloseTests
{
    private const string Reason = "Authentication expired: reconnect with fresh credentials.";
    private const string Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e";

    [Fact]
    public async Task AWebSocketGetsACloseMessageWithTheReason()
    {
        await using var host = await StartAsync();
        using var http = Client(host);
        var id = await NegotiateAsync(http);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(TestAuthenticationHandler.Header, "carol");
        socket.Options.SetRequestHeader(TestAuthenticationHandler.ExpiresHeader, "3000");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(host.WebSocketUrl("/hub?id=" + Uri.EscapeDataString(id)), cts.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(Handshake), WebSocketMessageType.Text, true, cts.Token);

        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\"type\":7", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cts.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        AssertClose(received.ToString());
        var server = host.Services.GetRequiredService<ConnectionRegistry>();
        await WaitForAsync(() => !server.TryGet(id, out _));
    }

    [Fact]
    public async Task ALongPollingClientGetsTheCloseMessageOnItsNextPoll()
    {
        await using var host = await StartAsync();
        using var http = Client(host);
        var id = await NegotiateAsync(http);
        var url = "/hub?id=" + Uri.EscapeDataString(id);
        (await http.GetAsync(url)).EnsureSuccessStatusCode();
        (await http.PostAsync(url, new StringContent(Handshake))).EnsureSuccessStatusCode();
        var received = new StringBuilder();
        for (var polls = 0; polls < 20 && !received.ToString().Contains("\"type\":7", StringComparison.Ordinal); polls++)
        {
            using var poll = await http.GetAsync(url);
            if (poll.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            received.Append(await poll.Content.ReadAsStringAsync());
        }

        AssertClose(received.ToString());
    }

    [Fact]
    public async Task KestrelSocketsAreCappedBelowTheDescriptorLimitUnlessTheAppChoseACap()
    {
        await using var host = await StartAsync();
        var limits = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        if (DescriptorLimit.Read() is { } descriptors)
        {
            Assert.Equal(DescriptorLimit.SocketCapFor(descriptors, DescriptorLimit.InUseAtStart), limits.MaxConcurrentConnections);
        }

        await using var chosen = await KestrelHost.StartAsync(
            s =>
            {
                s.Configure<KestrelServerOptions>(o => o.Limits.MaxConcurrentConnections = 123);
                s.AddHubs();
            },
            app => app.MapHub<SecureTestHub>("/hub"));
        Assert.Equal(123, chosen.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxConcurrentConnections);
    }

    [Fact]
    public async Task TheLoggerFactoryIsWrappedOnceHoweverOftenConnectionsAreAdded()
    {
        await using var host = await StartAsync();
        var factory = Assert.IsType<RedactingLoggerFactory>(host.Services.GetRequiredService<ILoggerFactory>());
        Assert.IsNotType<RedactingLoggerFactory>(factory.Inner);
    }

    private static void AssertClose(string frames)
    {
        var close = frames.Split('\u001e', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => JsonDocument.Parse(f).RootElement)
            .Single(m => m.TryGetProperty("type", out var type) && type.GetInt32() == 7);
        Assert.Equal(Reason, close.GetProperty("error").GetString());
        Assert.True(close.GetProperty("allowReconnect").GetBoolean());
    }

    private static Task<KestrelHost> StartAsync() => KestrelHost.StartAsync(
        services =>
        {
            services.AddClientConnections(o => o.ScavengeInterval = TimeSpan.FromMilliseconds(50));
            services.AddHubs();
            services.AddClientConnections();
            services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
            services.AddAuthorization();
        },
        app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapHub<SecureTestHub>("/hub", o => o.CloseOnAuthenticationExpiration = true).RequireAuthorization();
        });

    private static HttpClient Client(KestrelHost host)
    {
        var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, "carol");
        // Long enough for negotiate, connect and handshake on a loaded machine.
        http.DefaultRequestHeaders.Add(TestAuthenticationHandler.ExpiresHeader, "3000");
        return http;
    }

    private static async Task<string> NegotiateAsync(HttpClient http)
    {
        using var response = await http.PostAsync("/hub/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString()!;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met in time.");
            await Task.Delay(50);
        }
    }
}
