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
        await using var server = await EndpointConventionTests.StartWithAuthAsync(
            conventions: b => b.RequireAuthorization(),
            configure: o => o.CloseOnAuthenticationExpiration = close);
        server.Http.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, "carol");
        server.Http.DefaultRequestHeaders.Add(TestAuthenticationHandler.ExpiresHeader, "300");
        var (id, connectionId) = await server.NegotiateAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(TestAuthenticationHandler.Header, "carol");
        socket.Options.SetRequestHeader(TestAuthenticationHandler.ExpiresHeader, "300");
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
            await Task.Delay(800);
            Assert.True(server.Registry.TryGet(id, out _));
            await SendAsync(socket, "still here"u8.ToArray());
            Assert.Equal("still here", System.Text.Encoding.UTF8.GetString((await ReceiveAsync(socket)).Payload));
        }
    }
}
