using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>
    /// Per session: sends a ping when nothing was sent for <see cref="KeepAliveInterval"/>, closes the connection when
    /// nothing arrived for <see cref="ServerTimeout"/>, and with stateful reconnect acknowledges received messages.
    /// </summary>
    private async Task KeepAliveLoopAsync(ConnectionSession session)
    {
        var ackInterval = (long)_options.StatefulReconnectAckInterval.TotalMilliseconds;
        var lastAck = Environment.TickCount64;
        using var timer = new PeriodicTimer(TickInterval());
        try
        {
            while (await timer.WaitForNextTickAsync(session.Ending).ConfigureAwait(false))
            {
                var now = Environment.TickCount64;
                if (session.Resuming)
                {
                    continue;
                }

                var serverTimeout = (long)ServerTimeout.TotalMilliseconds;
                if (serverTimeout > 0 && now - session.LastReceived > serverTimeout)
                {
                    Log.ServerTimedOut(_logger, serverTimeout);
                    session.Abort(new TimeoutException(
                        $"The server timeout ({serverTimeout} ms) elapsed without receiving a message from the server."));
                    continue;
                }

                if (session.Buffer is { } buffer && now - lastAck >= ackInterval && buffer.TryTakeAcknowledgement(out var sequenceId))
                {
                    lastAck = now;
                    await TrySendControlAsync(session, new AckMessage(sequenceId)).ConfigureAwait(false);
                }

                if (now - session.LastSent >= (long)KeepAliveInterval.TotalMilliseconds)
                {
                    await TrySendControlAsync(session, PingMessage.Instance).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended.
        }
    }

    private TimeSpan TickInterval()
    {
        var shortest = Math.Min(KeepAliveInterval.TotalMilliseconds, ServerTimeout.TotalMilliseconds);
        shortest = Math.Min(shortest, _options.StatefulReconnectAckInterval.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Clamp(shortest / 4, 10, 1000));
    }

    private async Task TrySendControlAsync(ConnectionSession session, HubMessage message)
    {
        try
        {
            await SendHubMessageAsync(session, message, session.Ending).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.KeepAliveNotSent(_logger, message.GetType().Name, ex);
        }
    }
}
