using System.Collections.Concurrent;

namespace HubFramework.Server.Tests.Infrastructure;

/// <summary>A singleton the test hubs report to, so tests can observe what happened on the server side.</summary>
public sealed class InvocationLog
{
    private int _running;
    private int _maxRunning;
    private int _hubsCreated;
    private int _hubsDisposed;

    public ConcurrentQueue<string> Events { get; } = new();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<Exception?> Disconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set to make the hub's OnConnectedAsync send welcome(connectionId).</summary>
    public bool SendWelcome { get; set; }

    /// <summary>Set to make the hub's OnConnectedAsync throw.</summary>
    public bool ThrowOnConnected { get; set; }

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public int HubsCreated => Volatile.Read(ref _hubsCreated);

    public int HubsDisposed => Volatile.Read(ref _hubsDisposed);

    public void HubCreated() => Interlocked.Increment(ref _hubsCreated);

    public void HubDisposed() => Interlocked.Increment(ref _hubsDisposed);

    public void Enter()
    {
        var running = Interlocked.Increment(ref _running);
        int max;
        while (running > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, running, max) != max)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _running);
}
