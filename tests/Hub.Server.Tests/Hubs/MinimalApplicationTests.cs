using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>The README's example, as an application would write it: the full WebApplication builder, nothing else registered.</summary>
public class MinimalApplicationTests
{
    public sealed class ChatHub : Hub
    {
        public Task Say(string room, string text) => Clients.Group(room).SendAsync("said", Context.ConnectionId, text);

        public Task Join(string room) => Groups.AddToGroupAsync(Context.ConnectionId, room);
    }

    [Fact]
    public async Task AddHubsAndMapHubAloneServeAGroupChat()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHubs(o => o.MaximumReceiveMessageSize = 64 * 1024);
        await using var app = builder.Build();
        app.MapHub<ChatHub>("/hubs/chat");
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var baseUri = new Uri(address.TrimEnd('/') + "/");
            await using var alice = await RawHubClient.ConnectWebSocketAsync(baseUri, "hubs/chat", new JsonHubProtocol());
            await using var bob = await RawHubClient.ConnectWebSocketAsync(baseUri, "hubs/chat", new JsonHubProtocol());
            await alice.HandshakeAsync();
            await bob.HandshakeAsync();
            bob.Binder.On("said", typeof(string), typeof(string));

            Assert.Null((await alice.InvokeAsync("Join", "lobby")).Error);
            Assert.Null((await bob.InvokeAsync("Join", "lobby")).Error);
            Assert.Null((await alice.InvokeAsync("Say", "lobby", "hello")).Error);

            var said = await bob.ReadMessageAsync<InvocationMessage>(m => m.Target == "said");
            Assert.Equal(alice.ConnectionId, said.Arguments[0]);
            Assert.Equal("hello", said.Arguments[1]);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
