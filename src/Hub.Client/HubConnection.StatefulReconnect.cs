using System.Buffers;
using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>
    /// Stateful reconnect: re-establishes the dropped WebSocket under the same connection, sends Sequence with the id
    /// of the first message that follows, then replays every message the server has not acknowledged. Messages
    /// sent meanwhile were kept in the buffer, so they are part of the replay. The session, its connection id and
    /// its outstanding invocations are kept. Returns false when the transport could not be re-established.
    /// </summary>
    private async Task<bool> TryResumeAsync(ConnectionSession session, Exception? droppedBecause)
    {
        var buffer = session.Buffer!;
        Log.Resuming(_logger, droppedBecause);
        session.Resuming = true;
        await session.WriteLock.WaitAsync().ConfigureAwait(false);
        try
        {
            session.Output = null;
        }
        finally
        {
            session.WriteLock.Release();
        }

        await session.Input.CompleteAsync().ConfigureAwait(false);
        try
        {
            var pipe = await session.Connection.ResumeAsync(session.Ending).ConfigureAwait(false);
            await session.WriteLock.WaitAsync(session.Ending).ConfigureAwait(false);
            try
            {
                var (firstSequenceId, messages) = buffer.GetReplay();
                _protocol.WriteMessage(new SequenceMessage(firstSequenceId), pipe.Output);
                foreach (var message in messages)
                {
                    pipe.Output.Write(message.Span);
                }

                await pipe.Output.FlushAsync(session.Ending).ConfigureAwait(false);
                session.Output = pipe.Output;
                session.Input = pipe.Input;
                Log.Resumed(_logger, firstSequenceId, messages.Length);
            }
            finally
            {
                session.WriteLock.Release();
            }

            ClientMetrics.Resumed();
            session.ClearAbort();
            session.MarkReceived();
            session.MarkSent();
            return true;
        }
        catch (Exception ex)
        {
            Log.ResumeFailed(_logger, ex);
            return false;
        }
        finally
        {
            session.Resuming = false;
        }
    }
}
