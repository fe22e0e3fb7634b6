using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Outbound;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>Every invalid hub option stops the app where the hub is built (MapHub), naming the option.</summary>
public class HubOptionsValidationTests
{
    public static TheoryData<string, Action<HubOptions>> InvalidOptions() => new()
    {
        { "HandshakeTimeout", o => o.HandshakeTimeout = TimeSpan.Zero },
        { "HandshakeTimeout", o => o.HandshakeTimeout = TimeSpan.FromSeconds(-2) },
        { "KeepAliveInterval", o => o.KeepAliveInterval = TimeSpan.Zero },
        { "KeepAliveInterval", o => o.KeepAliveInterval = TimeSpan.FromDays(100) },
        { "ClientTimeoutInterval", o => o.ClientTimeoutInterval = TimeSpan.FromMilliseconds(-5) },
        { "MaximumParallelInvocationsPerClient", o => o.MaximumParallelInvocationsPerClient = 0 },
        { "MaximumQueuedInvocationsPerClient", o => o.MaximumQueuedInvocationsPerClient = -1 },
        { "StreamBufferCapacity", o => o.StreamBufferCapacity = 0 },
        { "MaximumReceiveMessageSize", o => o.MaximumReceiveMessageSize = 0 },
        { "StatefulReconnectBufferSize", o => o.StatefulReconnectBufferSize = -1 },
        { "OutboundQueue", o => o.OutboundQueue = null! },
        { "OutboundQueue.MaxQueuedBytes", o => o.OutboundQueue.MaxQueuedBytes = -1 },
        { "OutboundQueue.MaxQueuedMessages", o => o.OutboundQueue.MaxQueuedMessages = 0 },
        { "OutboundQueue.MaxWait", o => o.OutboundQueue.MaxWait = TimeSpan.FromSeconds(-1) },
        { "OutboundQueue.Policy", o => o.OutboundQueue.Policy = (SlowConsumerPolicy)42 },
        { "RateLimit.TokenLimit", o => o.RateLimit = new InvocationRateLimitOptions { TokenLimit = 0 } },
        { "RateLimit.TokensPerPeriod", o => o.RateLimit = new InvocationRateLimitOptions { TokensPerPeriod = -3 } },
        { "RateLimit.ReplenishmentPeriod", o => o.RateLimit = new InvocationRateLimitOptions { ReplenishmentPeriod = TimeSpan.Zero } },
        { "MaximumNamespaces", o => o.MaximumNamespaces = 0 },
        { "MaximumNamespacesPerConnection", o => o.MaximumNamespacesPerConnection = -1 },
        { "MaximumNamespacesPerConnection", o => o.MaximumNamespacesPerConnection = 1025 },
        { "Rooms", o => o.Rooms = null! },
        { "Rooms.PresenceMethod", o => o.Rooms.PresenceMethod = "" },
        { "Rooms.MaximumStateSize", o => o.Rooms.MaximumStateSize = 0 },
        { "Rooms.MaximumRoomsPerConnection", o => o.Rooms.MaximumRoomsPerConnection = -1 },
        { "Rooms.MaximumRoomNameLength", o => o.Rooms.MaximumRoomNameLength = 0 },
        { "Rooms.PresenceUpdateBurst", o => o.Rooms.PresenceUpdateBurst = 0 },
        { "Rooms.PresenceUpdatesPerSecond", o => o.Rooms.PresenceUpdatesPerSecond = 0 },
        { "Rooms.PresenceUpdatesPerSecond", o => o.Rooms.PresenceUpdatesPerSecond = double.NaN },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsFailWhenTheHubIsBuilt(string option, Action<HubOptions> configure)
    {
        var exception = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => InMemoryHubServer<TestHub>.Create(configure)));
        Assert.Equal($"Hub 'TestHub': HubOptions.{option}", exception.ParamName);
        Assert.Contains($"HubOptions.{option} ", exception.Message);
    }

    [Fact]
    public void InfiniteTimeoutsAreAccepted()
    {
        var exception = Record.Exception(() => InMemoryHubServer<TestHub>.Create(o =>
        {
            o.HandshakeTimeout = Timeout.InfiniteTimeSpan;
            o.KeepAliveInterval = Timeout.InfiniteTimeSpan;
            o.ClientTimeoutInterval = Timeout.InfiniteTimeSpan;
            o.MaximumReceiveMessageSize = null;
            o.RateLimit = new InvocationRateLimitOptions();
        }));
        Assert.Null(exception);
    }

    [Fact]
    public async Task HubSpecificOptionsAreCheckedToo()
    {
        var exception = Record.Exception(() => InMemoryHubServer<TestHub>.Create(
            configureHubs: hubs => hubs.AddHubOptions<TestHub>(o => o.OutboundQueue.MaxQueuedBytes = 0)));
        Assert.Contains("HubOptions.OutboundQueue.MaxQueuedBytes", Assert.IsType<ArgumentOutOfRangeException>(exception).Message);

        // The global options stay valid: another hub built from them is fine.
        await using var server = InMemoryHubServer<SecureTestHub>.Create(configureHubs: hubs => hubs.AddHubOptions<TestHub>(o => o.OutboundQueue.MaxQueuedBytes = 0));
        Assert.Equal(0, server.Handler.ConnectionCount);
    }

    [Fact]
    public async Task MapHubFailsBeforeTheServerAcceptsAConnection()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHubs(o => o.OutboundQueue.MaxQueuedMessages = -10);
        await using var app = builder.Build();

        var exception = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => app.MapHub<TestHub>("/hub")));
        Assert.Contains("HubOptions.OutboundQueue.MaxQueuedMessages must be positive (was -10)", exception.Message);
    }

    [Fact]
    public void SupportedProtocolsThatNameNoRegisteredProtocolFailWhenTheHubIsBuilt()
    {
        var exception = Assert.IsType<InvalidOperationException>(Record.Exception(() =>
            InMemoryHubServer<TestHub>.Create(o => o.SupportedProtocols = ["messagpack"])));
        Assert.Contains("Hub 'TestHub' offers no hub protocol", exception.Message);
        Assert.Contains("(messagpack)", exception.Message);
        Assert.Contains("json", exception.Message);
    }

    [Fact]
    public void AnEmptySupportedProtocolsListFailsWhenTheHubIsBuilt() =>
        Assert.IsType<InvalidOperationException>(Record.Exception(() => InMemoryHubServer<TestHub>.Create(o => o.SupportedProtocols = [])));
}
