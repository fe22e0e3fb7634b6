using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Hubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Tests.Connections;

/// <summary>Endpoint options that could only fail per request are rejected when the endpoint is mapped.</summary>
public class EndpointOptionsValidationTests
{
    public static TheoryData<string, Action<ConnectionEndpointOptions>> InvalidOptions() => new()
    {
        { "LongPolling.PollTimeout", o => o.LongPolling.PollTimeout = TimeSpan.MaxValue },
        { "LongPolling.PollTimeout", o => o.LongPolling.PollTimeout = TimeSpan.Zero },
        { "WebSockets.CloseTimeout", o => o.WebSockets.CloseTimeout = TimeSpan.FromDays(60) },
        { "TransportSendTimeout", o => o.TransportSendTimeout = TimeSpan.MaxValue },
        { "DisconnectTimeout", o => o.DisconnectTimeout = TimeSpan.FromMilliseconds(-1) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task OutOfRangeTimeoutsFailAtMapHub(string option, Action<ConnectionEndpointOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHubs();
        await using var app = builder.Build();

        var exception = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => app.MapHub<TestHub>("/hub", configure)));
        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public async Task LongestTimeoutsAndInfiniteSendTimeoutAreAccepted()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHubs();
        await using var app = builder.Build();

        app.MapHub<TestHub>("/hub", o =>
        {
            o.LongPolling.PollTimeout = TimeSpan.FromDays(49);
            o.WebSockets.CloseTimeout = TimeSpan.FromDays(49);
            o.DisconnectTimeout = TimeSpan.FromDays(49);
            o.TransportSendTimeout = Timeout.InfiniteTimeSpan;
        });
    }

    public static TheoryData<Action<ClientConnectionsOptions>> InvalidConnectionOptions() => new()
    {
        o => o.ShutdownTimeout = TimeSpan.MaxValue,
        o => o.ShutdownTimeout = TimeSpan.Zero,
        o => o.ScavengeInterval = TimeSpan.FromDays(50),
    };

    [Theory]
    [MemberData(nameof(InvalidConnectionOptions))]
    public async Task OutOfRangeConnectionOptionsFailAtMapHub(Action<ClientConnectionsOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddClientConnections(configure);
        builder.Services.AddHubs();
        await using var app = builder.Build();

        var exception = Assert.IsType<ArgumentOutOfRangeException>(Record.Exception(() => app.MapHub<TestHub>("/hub")));
        Assert.Contains("ClientConnectionsOptions.", exception.Message);
        Assert.Contains("at most 49 days", exception.Message);
    }
}
