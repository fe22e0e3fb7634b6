using Microsoft.AspNetCore.Builder;
using System.Net.WebSockets;
using HubFramework.Server.Tests.Transports;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Connections;

public class AuthenticationExpirationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionEndsWhenItsAuthenticationExpiresOnlyIfAskedTo(bool close)
    {
        // Long enough that negotiate + upgrade fit inside it on a loaded 2-core CI machine.
        const string expiresMs = "1500";
        await using var server = await EndpointConventionTests.StartWithAuthAsync(
            conventions: b => b.RequireAuthorization(),
            configure: o => o.CloseOnAuthenticationExpiration = close);
        server.Http.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, "carol");
        server.Http.DefaultRequestHeaders.Add(TestAuthenticationHandler.ExpiresHeader, expiresMs);
        var (id, connectionId) = await server.NegotiateAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(TestAuthenticationHandler.Header, "carol");
        socket.Options.SetRequestHeader(TestAuthenticationHandler.ExpiresHeader, expiresMs);
        using var cts = new CancellationTokenSource(Bound);
        await socket.ConnectAsync(server.WebSocketUri(id), cts.Token);
        await server.Handler.FirstConnected.WaitAsync(Bound);

        if (close)
        {
            await server.Handler.WhenEndedAsync(connectionId);
            await server.WaitUntilGoneAsync(id);
        }
        else
        {
            await Task.Delay(2000);
            Assert.True(server.Registry.TryGet(id, out _));
            await SendAsync(socket, "still here"u8.ToArray());
            Assert.Equal("still here", System.Text.Encoding.UTF8.GetString((await ReceiveAsync(socket)).Payload));
        }
    }
}
