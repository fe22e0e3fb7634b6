using System.Threading.Channels;
using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// The subjects of one kind of named set (the groups, or the users, of a hub scope) this node is subscribed to: one
/// per name that has a member here, none for the others. Changes are reconciled by one loop, so a join racing a
/// leave always ends with the subscription matching the membership; a caller can wait until its change is in effect
/// at the NATS server.
/// </summary>
internal sealed class SubjectInterest : IAsyncDisposable
{
    private readonly Channel<Change> _changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, BackplaneSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly NatsBackplane _backplane;
    private readonly string _subjectRoot;
    private readonly Func<string, bool> _wanted;
    private readonly Action<NatsMsg<byte[]>> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <param name="backplane">The node's backplane.</param>
    /// <param name="subjectRoot">The subject of a name is this followed by the name's token.</param>
    /// <param name="wanted">Whether a name has a member on this node now.</param>
    /// <param name="handler">Handles the messages of every subscribed name.</param>
    public SubjectInterest(NatsBackplane backplane, string subjectRoot, Func<string, bool> wanted, Action<NatsMsg<byte[]>> handler)
    {
        _backplane = backplane;
        _subjectRoot = subjectRoot;
        _wanted = wanted;
        _handler = handler;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Names subscribed now.</summary>
    public int Count => Volatile.Read(ref _count);

    private int _count;

    public string SubjectOf(string name) => _subjectRoot + SubjectToken.Encode(name);

    /// <summary>
    /// Brings the subscription of <paramref name="name"/> in line with its membership; the task completes once a new
    /// subscription is known to the NATS server (or at once while NATS is unreachable).
    /// </summary>
    public Task UpdateAsync(string name)
    {
        var change = new Change(name, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_changes.Writer.TryWrite(change))
        {
            return Task.CompletedTask;
        }

        return change.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var subscription in _subscriptions.Values)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        _subscriptions.Clear();
        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        var batch = new List<Change>();
        while (await _changes.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 1024 && _changes.Reader.TryRead(out var change))
            {
                batch.Add(change);
            }

            var subscribed = false;
            foreach (var change in batch)
            {
                subscribed |= await ReconcileAsync(change.Name, stopping).ConfigureAwait(false);
            }

            // One round trip for the whole batch: afterwards the server routes the new subjects here.
            if (subscribed)
            {
                await _backplane.FlushAsync(stopping).ConfigureAwait(false);
            }

            foreach (var change in batch)
            {
                change.Done.TrySetResult();
            }
        }
    }

    private async Task<bool> ReconcileAsync(string name, CancellationToken stopping)
    {
        var wanted = _wanted(name);
        var has = _subscriptions.TryGetValue(name, out var subscription);
        if (wanted && !has)
        {
            var subject = SubjectOf(name);
            try
            {
                _subscriptions[name] = await _backplane.SubscribeAsync(subject, _handler, stopping).ConfigureAwait(false);
                Volatile.Write(ref _count, _subscriptions.Count);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                // Typically NATS went away meanwhile: try again later, or the members here would never hear the group.
                NatsBackplaneLog.SubscribeFailed(_backplane.Logger, ex, subject);
                _ = RetryLaterAsync(name, stopping);
            }
        }
        else if (!wanted && has)
        {
            _subscriptions.Remove(name);
            Volatile.Write(ref _count, _subscriptions.Count);
            await subscription!.DisposeAsync().ConfigureAwait(false);
        }

        return false;
    }

    private async Task RetryLaterAsync(string name, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(_backplane.Options.HeartbeatInterval, stopping).ConfigureAwait(false);
            _ = UpdateAsync(name);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private readonly record struct Change(string Name, TaskCompletionSource Done);
}
