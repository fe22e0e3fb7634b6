using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using HubFramework.Client;
using HubFramework.Protocol;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Benchmarks;

/// <summary>
/// Client-side echo over a real loopback WebSocket to our server (JSON protocol): our <see cref="HubConnection"/>
/// against a baseline that is nothing but a <see cref="ClientWebSocket"/> sending a preformatted invocation and
/// scanning for the completion. The difference is the client's cost per invocation (framing, ids, dispatch,
/// serialization, allocations); the server and the network are the same for both. The server runs in this process,
/// so "Allocated" includes its share too: compare the difference to the baseline, not the absolute numbers.
/// </summary>
[MemoryDiagnoser]
public class ClientEchoBenchmarks
{
    private const int InFlight = 16;
    private static readonly byte[] Handshake = "{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray();
    private static readonly byte[] CompletionPrefix = "{\"type\":3"u8.ToArray();
    private static readonly byte[] EchoInvocation = "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Echo\",\"arguments\":[\"hello\"]}\u001e"u8.ToArray();

    private readonly byte[] _receiveBuffer = new byte[4096];
    private WebApplication? _server;
    private HubConnection? _connection;
    private ClientWebSocket? _webSocket;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthorization();
        builder.Services.AddHubs();
        _server = builder.Build();
        _server.UseWebSockets();
        _server.MapHub<ClientEchoHub>("/echo");
        await _server.StartAsync();
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.TrimEnd('/') + "/echo");

        _connection = new HubConnectionBuilder()
            .WithUrl(url, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .Build();
        await _connection.StartAsync();

        _webSocket = new ClientWebSocket();
        await _webSocket.ConnectAsync(new UriBuilder(url) { Scheme = "ws" }.Uri, CancellationToken.None);
        await _webSocket.SendAsync(Handshake, WebSocketMessageType.Text, true, CancellationToken.None);
        await ReceiveRecordAsync("{}"u8.ToArray());
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _webSocket?.Abort();
        _webSocket?.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    /// <summary>Baseline: raw WebSocket, preformatted request, completion found by scanning the bytes.</summary>
    [Benchmark(Baseline = true)]
    public async Task RawClientWebSocketEcho()
    {
        await _webSocket!.SendAsync(EchoInvocation, WebSocketMessageType.Text, true, CancellationToken.None);
        await ReceiveRecordAsync(CompletionPrefix);
    }

    /// <summary>One invocation at a time through the client.</summary>
    [Benchmark]
    public Task<string> HubConnectionInvokeAsync() => _connection!.InvokeAsync<string>("Echo", "hello");

    /// <summary>Throughput with several invocations in flight on one connection (per invocation).</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public Task HubConnectionInvokeAsyncConcurrent()
    {
        var calls = new Task[InFlight];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = _connection!.InvokeAsync<string>("Echo", "hello");
        }

        return Task.WhenAll(calls);
    }

    // Reads WebSocket messages until a record starting with the prefix ends (pings are skipped).
    private async Task ReceiveRecordAsync(byte[] prefix)
    {
        var start = 0;
        var length = 0;
        while (true)
        {
            var result = await _webSocket!.ReceiveAsync(_receiveBuffer.AsMemory(length), CancellationToken.None);
            length += result.Count;
            int end;
            while ((end = Array.IndexOf(_receiveBuffer, (byte)0x1E, start, length - start)) >= 0)
            {
                if (_receiveBuffer.AsSpan(start, end - start).StartsWith(prefix))
                {
                    return;
                }

                start = end + 1;
            }
        }
    }
}

/// <summary>The echo hub of <see cref="ClientEchoBenchmarks"/>.</summary>
public sealed class ClientEchoHub : Hub
{
    /// <summary>Returns its argument.</summary>
    public string Echo(string message) => message;
}
