using System.Collections.Concurrent;
using HubFramework.Client;
using System.Diagnostics;
using HubFramework.Ops.Tests.Infrastructure;

namespace HubFramework.Ops.Tests.Tracing;

/// <summary>A span per invocation that continues the calling client's trace, linked to the connection's span.</summary>
public sealed class InvocationTracingTests : IDisposable
{
    private const string ServerSource = "HubFramework.Server";
    private const string ClientSource = "HubFramework.Client";
    private const string TestSourceName = "HubFramework.Ops.Tests";
    private static readonly ActivitySource TestSource = new(TestSourceName);

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public InvocationTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ServerSource or ClientSource or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task InvocationSpanContinuesTheClientsTraceAndLinksToTheConnection()
    {
        await using var app = await OpsServer.StartAsync();
        var connection = await OpsServer.ConnectAsync(app);
        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("caller"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            Assert.Equal("x", await Wait.For(connection.InvokeAsync<string>("Echo", "x")));
        }

        await Wait.UntilAsync(() => Find(traceId, "OpsHub/Echo") is not null, "the server span");
        var server = Find(traceId, "OpsHub/Echo")!;
        var client = _stopped.Single(a => a.TraceId == traceId && a.Source.Name == ClientSource);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(ActivityKind.Client, client.Kind);
        Assert.Equal("ops/Echo", client.DisplayName);
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.Equal("signalr", server.GetTagItem("rpc.system"));
        Assert.Equal("OpsHub", server.GetTagItem("rpc.service"));
        Assert.Equal("Echo", server.GetTagItem("rpc.method"));

        await connection.DisposeAsync();
        await Wait.UntilAsync(() => _stopped.Any(a => a.OperationName == ServerSource + ".Connection" && server.Links.Any(l => l.Context.SpanId == a.SpanId)), "the linked connection span");
        var connectionSpan = _stopped.Single(a => server.Links.Any(l => l.Context.SpanId == a.SpanId));
        Assert.NotEqual(traceId, connectionSpan.TraceId);
        Assert.Equal("web_sockets", connectionSpan.GetTagItem("signalr.transport"));
    }

    [Fact]
    public async Task FailedInvocationSpanCarriesTheError()
    {
        await using var app = await OpsServer.StartAsync();
        await using var connection = await OpsServer.ConnectAsync(app);
        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("caller"))
        {
            traceId = root!.TraceId;
            await Assert.ThrowsAsync<HubException>(() => Wait.For(connection.InvokeAsync("Fail")));
        }

        await Wait.UntilAsync(() => Find(traceId, "OpsHub/Fail") is not null, "the server span");
        var server = Find(traceId, "OpsHub/Fail")!;
        Assert.Equal(ActivityStatusCode.Error, server.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, server.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, _stopped.Single(a => a.TraceId == traceId && a.Source.Name == ClientSource).Status);
    }

    [Fact]
    public async Task InvocationWithoutTraceHeadersStartsItsOwnTrace()
    {
        await using var app = await OpsServer.StartAsync();
        await using var connection = await OpsServer.ConnectAsync(app);

        // No current activity on the caller's side and the client source is listened to only for this span.
        Assert.Null(Activity.Current);
        await Wait.For(connection.SendAsync("Echo", "untraced"));
        await Wait.For(connection.InvokeAsync<string>("Echo", "after"));

        await Wait.UntilAsync(() => _stopped.Count(a => a.DisplayName == "OpsHub/Echo") >= 2, "two server spans");
        var spans = _stopped.Where(a => a.DisplayName == "OpsHub/Echo").ToList();
        // Each continues its own client span's trace; neither hangs under the connection's span.
        Assert.All(spans, s => Assert.Contains(_stopped, c => c.Source.Name == ClientSource && c.SpanId == s.ParentSpanId));
    }

    [Fact]
    public async Task StreamInvocationContinuesTheTrace()
    {
        await using var app = await OpsServer.StartAsync();
        await using var connection = await OpsServer.ConnectAsync(app);
        ActivityTraceId traceId;
        var items = new List<int>();
        using (var root = TestSource.StartActivity("caller"))
        {
            traceId = root!.TraceId;
            await foreach (var item in connection.StreamAsync<int>("Count", 3))
            {
                items.Add(item);
            }
        }

        Assert.Equal([1, 2, 3], items);
        await Wait.UntilAsync(() => Find(traceId, "OpsHub/Count") is not null, "the server span of the stream");
    }

    private Activity? Find(ActivityTraceId traceId, string displayName) =>
        _stopped.FirstOrDefault(a => a.TraceId == traceId && a.Source.Name == ServerSource && a.DisplayName == displayName);
}
