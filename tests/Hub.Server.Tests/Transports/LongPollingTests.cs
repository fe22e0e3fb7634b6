using System.Net;
using System.Text;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Tests.Connections;

namespace HubFramework.Server.Tests.Transports;

public class LongPollingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FirstPollReturnsEmpty200AtOnceThenEchoArrivesOnTheNextPoll()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, connectionId) = await server.NegotiateAsync();

        using (var first = await server.PollAsync(id).WaitAsync(Bound))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Empty(await first.Content.ReadAsByteArrayAsync());
        }

        using (var post = await server.PostAsync(id, "hello"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        using var poll = await server.PollAsync(id).WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.Equal("hello", await poll.Content.ReadAsStringAsync());

        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);
        Assert.Equal(connectionId, connection.ConnectionId);
        Assert.Equal(HttpTransportType.LongPolling, connection.TransportType);
        Assert.True(connection.HasInherentKeepAlive);
    }

    [Fact]
    public async Task BinaryPayloadsRoundTripUnchanged()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(Enumerable.Range(0, 256).Select(i => (byte)(255 - i))).ToArray();
        (await server.PostAsync(id, payload)).EnsureSuccessStatusCode();

        var received = new List<byte>();
        for (var i = 0; i < 10 && received.Count < payload.Length; i++)
        {
            using var poll = await server.PollAsync(id).WaitAsync(Bound);
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            received.AddRange(await poll.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(payload, received.ToArray());
    }

    [Fact]
    public async Task PollWithNothingToSendReturnsEmpty200AfterThePollTimeout()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.LongPolling.PollTimeout = TimeSpan.FromMilliseconds(200));
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        using var poll = await server.PollAsync(id).WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.Empty(await poll.Content.ReadAsByteArrayAsync());

        // Still alive: the next exchange works.
        (await server.PostAsync(id, "x"u8.ToArray())).EnsureSuccessStatusCode();
        using var next = await server.PollAsync(id).WaitAsync(Bound);
        Assert.Equal("x", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NewPollSupersedesThePendingOneWith204()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        var pending = server.PollAsync(id);
        await WaitUntilPollIsPendingAsync(server, id);
        var second = server.PollAsync(id);

        using (var superseded = await pending.WaitAsync(Bound))
        {
            Assert.Equal(HttpStatusCode.NoContent, superseded.StatusCode);
        }

        (await server.PostAsync(id, "after"u8.ToArray())).EnsureSuccessStatusCode();
        using var current = await second.WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("after", await current.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeleteBeforeFirstPollIs400()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        using var delete = await server.DeleteAsync(id);
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.True(server.Registry.TryGet(id, out _));
    }

    [Fact]
    public async Task DeleteAfterFirstPollIs202AndEndsThePendingPollWith204()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, connectionId) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        var pending = server.PollAsync(id);
        await WaitUntilPollIsPendingAsync(server, id);

        using (var delete = await server.DeleteAsync(id))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        using (var poll = await pending.WaitAsync(Bound))
        {
            Assert.Equal(HttpStatusCode.NoContent, poll.StatusCode);
        }

        await server.Handler.WhenEndedAsync(connectionId);
        await server.WaitUntilGoneAsync(id);
        using var after = await server.PollAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task WhenTheApplicationEndsTheLastBytesArriveThenThePollGets204()
    {
        var handler = new TestConnectionHandler(async connection =>
        {
            await TestConnectionHandler.SendAsync(connection, "bye"u8.ToArray());
        });
        await using var server = await ConnectionTestServer.StartAsync(handler: handler);
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        using (var last = await server.PollAsync(id).WaitAsync(Bound))
        {
            Assert.Equal(HttpStatusCode.OK, last.StatusCode);
            Assert.Equal("bye", await last.Content.ReadAsStringAsync());
        }

        using (var end = await server.PollAsync(id).WaitAsync(Bound))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        await server.WaitUntilGoneAsync(id);
    }

    [Fact]
    public async Task ConcurrentPostIs409AndTheFirstEndsWhenTheConnectionDoes()
    {
        // The application never reads, so a body over the inbound buffer limit blocks its POST.
        var handler = new TestConnectionHandler(connection => Task.Delay(Timeout.Infinite, connection.ConnectionClosed).ContinueWith(_ => { }));
        await using var server = await ConnectionTestServer.StartAsync(o => o.TransportMaxBufferSize = 16, handler);
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        var blocked = server.PostAsync(id, new byte[4096]);
        var deadline = DateTime.UtcNow + Bound;
        HttpStatusCode status;
        do
        {
            await Task.Delay(20);
            using var second = await server.PostAsync(id, [1]);
            status = second.StatusCode;
        }
        while (status != HttpStatusCode.Conflict && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.False(blocked.IsCompleted);

        (await server.DeleteAsync(id)).Dispose();
        using var first = await blocked.WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
    }

    [Fact]
    public async Task IdleConnectionIsEndedAfterTheDisconnectTimeout()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.DisconnectTimeout = TimeSpan.FromMilliseconds(300));
        var (id, connectionId) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();
        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);

        await server.Handler.WhenEndedAsync(connectionId);
        Assert.True(connection.ConnectionClosed.IsCancellationRequested);
        await server.WaitUntilGoneAsync(id);
        using var poll = await server.PollAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
    }

    [Fact]
    public async Task PendingPollKeepsTheConnectionAlivePastTheDisconnectTimeout()
    {
        await using var server = await ConnectionTestServer.StartAsync(o =>
        {
            // The poll outlasts the disconnect timeout several times over; the timeout still leaves a cold process
            // (JIT, first request) time to send the second poll after the first one returned.
            o.DisconnectTimeout = TimeSpan.FromSeconds(1);
            o.LongPolling.PollTimeout = TimeSpan.FromSeconds(3);
        });
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        using var poll = await server.PollAsync(id).WaitAsync(Bound);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.True(server.Registry.TryGet(id, out _));
    }

    [Fact]
    public async Task AbandonedPollsDoNotHurtTheConnectionOrTheServer()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();

        for (var i = 0; i < 5; i++)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.PollAsync(id, cts.Token));
        }

        Assert.Equal("ok", await server.Http.GetStringAsync("/health"));
        (await server.PostAsync(id, "still"u8.ToArray())).EnsureSuccessStatusCode();
        using var poll = await server.PollAsync(id).WaitAsync(Bound);
        Assert.Equal("still", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StatusCodesForMissingUnknownAndMismatchedRequests()
    {
        await using var server = await ConnectionTestServer.StartAsync();

        using (var noId = await server.Http.GetAsync(ConnectionTestServer.Path))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
        }

        using (var noIdPost = await server.Http.PostAsync(ConnectionTestServer.Path, new ByteArrayContent([1])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noIdPost.StatusCode);
        }

        using (var noIdDelete = await server.Http.DeleteAsync(ConnectionTestServer.Path))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noIdDelete.StatusCode);
        }

        using (var unknown = await server.PollAsync("nope.nope"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var unknownPost = await server.PostAsync("nope.nope", [1]))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownPost.StatusCode);
        }

        using (var unknownDelete = await server.DeleteAsync("nope.nope"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownDelete.StatusCode);
        }

        using (var put = await server.Http.PutAsync(ConnectionTestServer.Path + "?id=x", new ByteArrayContent([1])))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        }

        // A long-polling connection cannot switch to Server-Sent Events.
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).Dispose();
        using var sse = await server.OpenEventStreamAsync(id);
        Assert.Equal(HttpStatusCode.BadRequest, sse.StatusCode);
        Assert.Contains("Cannot change transports", await sse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DisabledLongPollingIs404()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents);
        var (id, _) = await server.NegotiateAsync();
        using var poll = await server.PollAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
        Assert.Contains("LongPolling transport not supported", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PollsSnapshotTheRequestForTheApplication()
    {
        await using var server = await ConnectionTestServer.StartAsync();
        var (id, _) = await server.NegotiateAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Get, ConnectionTestServer.Path + ConnectionTestServer.IdQuery(id, "&tag=abc")))
        {
            request.Headers.Add("X-Test", "value");
            (await server.Http.SendAsync(request)).Dispose();
        }

        var connection = await server.Handler.FirstConnected.WaitAsync(Bound);
        // The poll's own HttpContext has been recycled by now; the connection's copy must still read correctly.
        (await server.PostAsync(id, "x"u8.ToArray())).Dispose();
        (await server.PollAsync(id)).Dispose();
        var context = connection.HttpContext!;
        Assert.Equal("abc", context.Request.Query["tag"].ToString());
        Assert.Equal("value", context.Request.Headers["X-Test"].ToString());
        Assert.NotNull(context.Connection.RemoteIpAddress);
        Assert.Equal(connection.ConnectionClosed, context.RequestAborted);
    }

    private static async Task WaitUntilPollIsPendingAsync(ConnectionTestServer server, string id)
    {
        Assert.True(server.Registry.TryGet(id, out var connection));
        var deadline = DateTime.UtcNow + Bound;
        while (!connection!.HasActiveTransport)
        {
            Assert.True(DateTime.UtcNow < deadline, "The poll never arrived.");
            await Task.Delay(10);
        }
    }
}
