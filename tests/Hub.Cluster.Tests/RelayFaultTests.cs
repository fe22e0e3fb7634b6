using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;

namespace HubFramework.Cluster.Tests;

/// <summary>
/// The relay under bad input and faults, with raw HTTP and WebSocket requests sent to one node for a connection
/// another node owns: bodies and messages larger than NATS's max_payload, garbage on the relay's subjects, an owner
/// that does not exist or dies mid-poll, the in-flight limit, invalid options.
/// </summary>
public sealed class RelayFaultTests
{
    private const string Hub = "hubs/interop";
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task Bodies_and_messages_larger_than_max_payload_are_relayed_in_chunks()
    {
        var config = Path.Combine(Path.GetTempPath(), $"hub-nats-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "max_payload: 4096\n");
        try
        {
            await using var nats = await NatsServerProcess.StartAsync("-c", config);
            await using var cluster = await InteropCluster.StartAsync(2, BalancedCluster.RelayLogging, nats);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var text = new string('x', 20_000) + "ü";

            // Long polling: negotiate on node 0, everything else on node 1 (relayed), body and answer > 4 KiB.
            var token = await NegotiateAsync(http, cluster.Node(0));
            var poll = cluster.Node(1).Url($"{Hub}?id={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(poll)).StatusCode);
            await PostAsync(http, poll, "{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
            Assert.Contains("{}", await http.GetStringAsync(poll));
            await PostAsync(http, poll, JsonSerializer.Serialize(new { type = 1, invocationId = "1", target = "Echo", arguments = new[] { text } }) + RecordSeparator);
            Assert.Contains(text, await ReadUntilAsync(http, poll, "\"invocationId\":\"1\""));

            // WebSockets: one 20 KB message each way through the frame relay.
            var wsToken = await NegotiateAsync(http, cluster.Node(0));
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(cluster.Node(1).Url($"{Hub}?id={Uri.EscapeDataString(wsToken)}").ToString().Replace("http", "ws", StringComparison.Ordinal)), CancellationToken.None);
            await SendTextAsync(socket, "{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
            Assert.Contains("{}", await ReceiveTextAsync(socket));
            await SendTextAsync(socket, JsonSerializer.Serialize(new { type = 1, invocationId = "2", target = "Echo", arguments = new[] { text } }) + RecordSeparator);
            string answer;
            do
            {
                answer = await ReceiveTextAsync(socket);
            }
            while (!answer.Contains("\"invocationId\":\"2\"", StringComparison.Ordinal));
            Assert.Contains(text, answer);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

            var output = cluster.Node(1).Output;
            Assert.True(BalancedCluster.Relayed(output, "send") > 0 && BalancedCluster.Relayed(output, "websocket") > 0, output);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Garbage_on_relay_subjects_is_dropped_and_logged_and_the_nodes_keep_relaying()
    {
        await using var cluster = await InteropCluster.StartAsync(2, BalancedCluster.RelayLogging);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var node0 = (await NegotiateAsync(http, cluster.Node(0))).Split('.')[0];
        await using var stranger = new NatsConnection(new NatsOpts { Url = cluster.Nats.Url });
        await stranger.ConnectAsync();

        // Frames: random bytes, an unknown version, a well-formed frame for a stream that does not exist.
        var frames = $"hubs.relay.{node0}.frames";
        await stranger.PublishAsync(frames, new byte[] { 1, 2, 3 });
        await stranger.PublishAsync(frames, Enumerable.Repeat((byte)0xEE, 64).ToArray());
        var unknownStream = new byte[15 + 4];
        unknownStream[0] = 1;
        unknownStream[1] = 2;
        BitConverter.TryWriteBytes(unknownStream.AsSpan(3), 0xDEADBEEFUL);
        await stranger.PublishAsync(frames, unknownStream);

        // Opens: garbage gets a 400 rejection, a well-formed open for an endpoint nobody maps a 404 one.
        var open = $"hubs.relay.{node0}.open";
        var garbage = await stranger.RequestAsync<byte[], byte[]>(open, Encoding.UTF8.GetBytes("not a relay request"));
        Assert.Equal(2, garbage.Data![0]);
        Assert.Equal(400, BitConverter.ToUInt16(garbage.Data, 1));
        var head = Encoding.UTF8.GetBytes("""{"e":"/no/such/hub","n":"stranger","s":1,"w":65536,"m":"GET","sc":"http","pr":"HTTP/1.1","pb":"","p":"/x","q":"","ws":false,"h":[],"u":[]}""");
        var message = new byte[4 + head.Length + 1];
        BitConverter.TryWriteBytes(message, head.Length);
        head.CopyTo(message, 4);
        message[^1] = 1;
        var unknownEndpoint = await stranger.RequestAsync<byte[], byte[]>(open, message);
        Assert.Equal(2, unknownEndpoint.Data![0]);
        Assert.Equal(404, BitConverter.ToUInt16(unknownEndpoint.Data, 1));
        await stranger.PublishAsync(open, new byte[] { 9 });

        // Still relaying: a poll on node 1 for a connection of node 0.
        var token = await NegotiateAsync(http, cluster.Node(0));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(cluster.Node(1).Url($"{Hub}?id={Uri.EscapeDataString(token)}"))).StatusCode);
        await Wait.UntilAsync(() => cluster.Node(0).Output.Contains("[4506]", StringComparison.Ordinal), "the malformed messages to be logged");
        Assert.False(cluster.Node(0).HasExited);
    }

    [Fact]
    public async Task Owner_gone_is_404_at_once_and_an_owner_dying_mid_poll_ends_the_poll_within_the_peer_timeout()
    {
        var env = new Dictionary<string, string>(BalancedCluster.RelayLogging) { ["HubRelay__PeerTimeout"] = "00:00:02" };
        await using var cluster = await InteropCluster.StartAsync(2, env);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // A token naming a node nobody runs: no responders on NATS, so 404 without waiting for a timeout.
        var started = DateTime.UtcNow;
        var missing = await http.GetAsync(cluster.Node(1).Url($"{Hub}?id=nosuchnode.AAAAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(4), "answered before the open timeout");

        var token = await NegotiateAsync(http, cluster.Node(0));
        var poll = cluster.Node(1).Url($"{Hub}?id={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(poll)).StatusCode);
        await PostAsync(http, poll, "{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
        Assert.Contains("welcome", await ReadUntilAsync(http, poll, "welcome"));
        var pending = http.GetAsync(poll);
        await Task.Delay(500);
        cluster.KillNode(0);
        var killedAt = DateTime.UtcNow;
        var answer = await pending.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        Assert.Contains("sent nothing", await answer.Content.ReadAsStringAsync());
        Assert.True(DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(poll)).StatusCode);
    }

    [Fact]
    public async Task While_nats_is_down_relayed_requests_get_503_within_the_open_timeout_and_relaying_resumes_after()
    {
        var env = new Dictionary<string, string>(BalancedCluster.RelayLogging) { ["HubRelay__OpenTimeout"] = "00:00:02" };
        await using var cluster = await InteropCluster.StartAsync(2, env);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var token = await NegotiateAsync(http, cluster.Node(0));
        var poll = cluster.Node(1).Url($"{Hub}?id={Uri.EscapeDataString(token)}");

        cluster.Nats.Stop();
        var started = DateTime.UtcNow;
        var during = await http.GetAsync(poll);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), "answered within the bound");
        // The owner's own requests never needed NATS.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(cluster.Node(0).Url($"{Hub}?id={Uri.EscapeDataString(token)}"))).StatusCode);

        await cluster.Nats.RestartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        do
        {
            // A fresh connection each time: the first poll of one is answered at once.
            var fresh = await NegotiateAsync(http, cluster.Node(0));
            status = (await http.GetAsync(cluster.Node(1).Url($"{Hub}?id={Uri.EscapeDataString(fresh)}"))).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Relays_beyond_the_in_flight_limit_get_503_and_the_others_are_unaffected()
    {
        var env = new Dictionary<string, string>(BalancedCluster.RelayLogging) { ["HubRelay__MaxConcurrentRelays"] = "1" };
        await using var cluster = await InteropCluster.StartAsync(2, env);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var first = await StartPollingAsync(http, cluster);
        var second = await StartPollingAsync(http, cluster);
        var holding = http.GetAsync(first);
        await Task.Delay(1000);
        var refused = await http.GetAsync(second);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("too many", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.False(holding.IsCompleted, "the relay in progress carries on");
        // Ending the first connection on its owner answers the relayed poll (204) and frees the slot.
        var owner = cluster.Node(0).Url(first.PathAndQuery);
        Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync(owner)).StatusCode);
        var ended = await holding.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(ended.StatusCode == HttpStatusCode.NoContent, $"{ended.StatusCode}: {await ended.Content.ReadAsStringAsync()}");
        // The slot is free again: a relayed DELETE of the second connection goes through.
        Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Invalid_relay_options_fail_at_start_up_naming_the_option()
    {
        await using var nats = await NatsServerProcess.StartAsync();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(RepositoryPaths.ServerAssembly("Hub.InteropServer"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["HUB_NATS_URL"] = nats.Url;
        start.Environment["HubRelay__ChunkSize"] = "10";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("NatsBackplaneOptions.Relay.ChunkSize", await output + await errors, StringComparison.Ordinal);
    }

    private static async Task<Uri> StartPollingAsync(HttpClient http, InteropCluster cluster)
    {
        var token = await NegotiateAsync(http, cluster.Node(0));
        var poll = cluster.Node(1).Url($"{Hub}?id={Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(poll)).StatusCode);
        await PostAsync(http, poll, "{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
        // The handshake answer and the hub's welcome: after them, a poll waits.
        Assert.Contains("welcome", await ReadUntilAsync(http, poll, "welcome"));
        return poll;
    }

    private static async Task<string> NegotiateAsync(HttpClient http, ServerProcess node)
    {
        var response = await http.PostAsync(node.Url($"{Hub}/negotiate?negotiateVersion=1"), null);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("connectionToken").GetString()!;
    }

    private static async Task PostAsync(HttpClient http, Uri url, string body)
    {
        var response = await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> ReadUntilAsync(HttpClient http, Uri poll, string marker)
    {
        var all = new StringBuilder();
        for (var i = 0; i < 10 && !all.ToString().Contains(marker, StringComparison.Ordinal); i++)
        {
            all.Append(await http.GetStringAsync(poll));
        }

        return all.ToString();
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text)
        => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(8192), timeout.Token);
            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }
}
