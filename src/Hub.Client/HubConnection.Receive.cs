using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>
    /// Reads and dispatches messages until the transport ends. With stateful reconnect, a transport that drops
    /// without the server having said Close is re-established and reading goes on in the same session.
    /// </summary>
    private async Task ReceiveLoopAsync(ConnectionSession session)
    {
        var binder = new SessionInvocationBinder(session, _handlers, _protocol.TransferFormat);
        Exception? error;
        while (true)
        {
            error = await ReadUntilTransportEndsAsync(session, binder).ConfigureAwait(false);
            if (session.Buffer is null || session.Stopping || session.ServerClose is not null || IsProtocolViolation(error))
            {
                break;
            }

            if (!await TryResumeAsync(session, error).ConfigureAwait(false))
            {
                break;
            }
        }

        await OnSessionEndedAsync(session, error).ConfigureAwait(false);
    }

    private static bool IsProtocolViolation(Exception? error) => error is HubProtocolException or InvalidDataException;

    /// <summary>Returns why reading ended: null for a clean close, otherwise the error.</summary>
    private async Task<Exception?> ReadUntilTransportEndsAsync(ConnectionSession session, SessionInvocationBinder binder)
    {
        var input = session.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (result.IsCanceled)
                    {
                        return session.AbortReason;
                    }

                    if (!buffer.IsEmpty)
                    {
                        session.MarkReceived();
                        var unparsed = buffer.Length;
                        while (_protocol.TryParseMessage(ref buffer, binder, _options.MaximumReceiveMessageSize, out var message))
                        {
                            ClientMetrics.MessageReceived(_protocol.Name, unparsed - buffer.Length);
                            unparsed = buffer.Length;
                            if (!await DispatchAsync(session, message!).ConfigureAwait(false))
                            {
                                return session.ServerClose?.Error is { } closeError
                                    ? new HubException($"The server closed the connection with an error: {closeError}")
                                    : null;
                            }
                        }
                    }

                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty)
                        {
                            throw new InvalidDataException("The connection ended in the middle of a message.");
                        }

                        Log.TransportEnded(_logger);
                        return session.Stopping ? null : new HubConnectionClosedException("The server closed the connection without sending a Close message.");
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (Exception ex)
        {
            Log.ReceiveFailed(_logger, ex);
            return session.AbortReason ?? ex;
        }
    }

    /// <summary>Handles one message; false when it ends the connection (Close).</summary>
    private async ValueTask<bool> DispatchAsync(ConnectionSession session, HubMessage message)
    {
        if (session.Buffer is { } buffer && !buffer.ShouldProcess(message))
        {
            Log.DuplicateDropped(_logger, message.GetType().Name);
            return true;
        }

        switch (message)
        {
            case InvocationMessage invocation when NamespaceChannels.IsChannelMessage(invocation.Target):
                await _channels.DispatchAsync(invocation).ConfigureAwait(false);
                break;
            case InvocationMessage invocation:
                await DispatchInvocationAsync(session, invocation).ConfigureAwait(false);
                break;
            case InvocationBindingFailureMessage bindingFailure:
                await DispatchBindingFailureAsync(session, bindingFailure).ConfigureAwait(false);
                break;
            case StreamItemMessage item:
                DispatchStreamItem(session, item);
                break;
            case CompletionMessage completion:
                if (session.TryRemoveInvocation(completion.InvocationId!, out var request))
                {
                    request!.Complete(completion);
                }
                else
                {
                    Log.UnexpectedCompletion(_logger, completion.InvocationId);
                }

                break;
            case StreamBindingFailureMessage streamFailure:
                if (session.TryRemoveInvocation(streamFailure.Id, out var failed))
                {
                    failed!.Fail(new InvalidDataException(
                        $"A stream item could not be bound to {failed.ResultType}: {streamFailure.BindingFailure.SourceException.Message}",
                        streamFailure.BindingFailure.SourceException));
                }

                break;
            case PingMessage:
                break;
            case CloseMessage close:
                session.ServerClose = close;
                Log.ServerClosed(_logger, close.Error, close.AllowReconnect);
                return false;
            case AckMessage ack:
                session.Buffer?.Acknowledge(ack.SequenceId);
                break;
            case SequenceMessage sequence:
                session.Buffer?.ResetReceiveSequence(sequence.SequenceId);
                break;
            default:
                // Servers do not stream-invoke or cancel on clients; ignoring keeps the connection useful.
                Log.UnexpectedMessage(_logger, message.GetType().Name);
                break;
        }

        return true;
    }

    private void DispatchStreamItem(ConnectionSession session, StreamItemMessage item)
    {
        if (!session.TryGetInvocation(item.InvocationId!, out var request))
        {
            Log.UnexpectedStreamItem(_logger, item.InvocationId);
            return;
        }

        if (!request!.TryWriteItem(item.Item))
        {
            session.TryRemoveInvocation(item.InvocationId!, out _);
            request.Fail(new InvalidOperationException(
                $"The server sent a stream item for invocation '{item.InvocationId}', which is not a stream (use StreamAsync or StreamAsChannelAsync for streaming methods)."));
        }
    }
}
