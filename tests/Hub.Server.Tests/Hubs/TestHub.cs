using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>A service a hub method takes as a parameter.</summary>
public sealed class GreetingService
{
    public string Greet(string name) => "hello " + name;
}

/// <summary>The hub the dispatch tests call: one method per behaviour under test.</summary>
public sealed class TestHub : Hub
{
    private readonly InvocationLog _log;

    public TestHub(InvocationLog log)
    {
        _log = log;
        log.HubCreated();
    }

    public override async Task OnConnectedAsync()
    {
        if (_log.ThrowOnConnected)
        {
            throw new InvalidOperationException("connect refused");
        }

        if (_log.SendWelcome)
        {
            await Clients.Caller.SendCoreAsync("welcome", [Context.ConnectionId]);
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        _log.Disconnected.TrySetResult(exception);
        return Task.CompletedTask;
    }

    public string Echo(string message) => message;

    public int Add(int a, int b) => a + b;

    public void Nothing()
    {
    }

    public Task NothingAsync() => Task.Delay(1);

    public async ValueTask<int> AddLater(int a, int b)
    {
        await Task.Yield();
        return a + b;
    }

    [HubMethodName("renamed")]
    public string Original() => "called through its new name";

    public void Throw(string message) => throw new HubException(message);

    public void Fail() => throw new InvalidOperationException("secret detail");

    public async IAsyncEnumerable<int> Counter(int count, int delayMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                yield return i;
                await Task.Delay(delayMs, cancellationToken);
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _log.Cancelled.TrySetResult();
            }
        }
    }

    public ChannelReader<int> ChannelCounter(int count)
    {
        var channel = Channel.CreateUnbounded<int>();
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await channel.Writer.WriteAsync(i);
            }

            channel.Writer.Complete();
        });
        return channel.Reader;
    }

    public async Task<ChannelReader<int>> DelayedChannel(int count)
    {
        await Task.Delay(10);
        return ChannelCounter(count);
    }

    public async IAsyncEnumerable<int> FailingStream(string message)
    {
        yield return 1;
        await Task.Yield();
        throw new HubException(message);
    }

    public async Task<int> Sum(IAsyncEnumerable<int> numbers)
    {
        var sum = 0;
        await foreach (var n in numbers)
        {
            sum += n;
        }

        return sum;
    }

    public async Task<string> Concat(string separator, ChannelReader<string> parts)
    {
        var all = new List<string>();
        while (await parts.WaitToReadAsync())
        {
            while (parts.TryRead(out var part))
            {
                all.Add(part);
            }
        }

        return string.Join(separator, all);
    }

    public async Task<string> WaitForCancel(CancellationToken cancellationToken)
    {
        _log.Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "not cancelled";
        }
        catch (OperationCanceledException)
        {
            _log.Cancelled.TrySetResult();
            throw;
        }
    }

    public string GreetExplicit([FromServices] GreetingService greeter, string name) => greeter.Greet(name);

    public string GreetImplicit(string name, GreetingService greeter) => greeter.Greet(name);

    public Task<string> AskCaller(string question) =>
        Clients.Caller.InvokeCoreAsync<string>("answer", [question], Context.ConnectionAborted);

    public void Disconnect() => Context.Abort();

    public string? GetUser() => Context.UserIdentifier;

    public string GetConnectionId() => Context.ConnectionId;

    public async Task<int> Slow(int delayMs)
    {
        _log.Enter();
        try
        {
            await Task.Delay(delayMs);
            return delayMs;
        }
        finally
        {
            _log.Exit();
        }
    }

    public async Task<string> Blocked()
    {
        _log.Started.TrySetResult();
        await _log.Release.Task;
        return "released";
    }

    [Authorize(Policy = "admin")]
    public string Secret() => "the secret";

    public string Record(string value)
    {
        _log.Events.Enqueue(value);
        return value;
    }

    protected override void Dispose(bool disposing)
    {
        _log.HubDisposed();
        base.Dispose(disposing);
    }
}
