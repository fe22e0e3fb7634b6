using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using HubFramework.Protocol;
using HubFramework.Server.Connections;

namespace HubFramework.Server.Tests.Connections;

/// <summary>
/// A connection handler for transport tests: by default echoes input to output (binary frames when the request has
/// <c>format=binary</c>), and records every connection and how it ended.
/// </summary>
internal sealed class TestConnectionHandler : IConnectionHandler
{
    private readonly Func<ClientConnection, Task> _behaviour;
    private readonly TaskCompletionSource<ClientConnection> _firstConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestConnectionHandler(Func<ClientConnection, Task>? behaviour = null) => _behaviour = behaviour ?? EchoAsync;

    public ConcurrentQueue<ClientConnection> Connections { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Ended { get; } = new();

    public Task<ClientConnection> FirstConnected => _firstConnected.Task;

    public async Task OnConnectedAsync(ClientConnection connection)
    {
        var ended = Ended.GetOrAdd(connection.ConnectionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Connections.Enqueue(connection);
        _firstConnected.TrySetResult(connection);
        try
        {
            await _behaviour(connection);
        }
        finally
        {
            ended.TrySetResult();
        }
    }

    /// <summary>Completes when the handler for <paramref name="connectionId"/> has returned.</summary>
    public Task WhenEndedAsync(string connectionId) =>
        Ended.GetOrAdd(connectionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(15));

    public static void SelectFormat(ClientConnection connection)
    {
        if (connection.HttpContext?.Request.Query["format"].ToString() == "binary")
        {
            connection.ActiveFormat = TransferFormat.Binary;
        }
    }

    public static async Task EchoAsync(ClientConnection connection)
    {
        SelectFormat(connection);
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (!buffer.IsEmpty)
            {
                var output = connection.Transport.Output;
                foreach (var segment in buffer)
                {
                    output.Write(segment.Span);
                }

                await output.FlushAsync();
            }

            input.AdvanceTo(buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>Writes <paramref name="data"/> to the connection's current output and flushes.</summary>
    public static async Task SendAsync(ClientConnection connection, ReadOnlyMemory<byte> data)
    {
        PipeWriter output = connection.Transport.Output;
        await output.WriteAsync(data);
    }
}
