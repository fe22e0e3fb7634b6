using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    private const string NoResultError = "Client didn't provide a result.";

    /// <summary>
    /// Registers a handler for calls of <paramref name="methodName"/> from the server (several handlers per method
    /// are allowed; they run in registration order). Handlers stay registered across reconnects.
    /// </summary>
    /// <param name="methodName">The client method name (matched case-insensitively).</param>
    /// <param name="parameterTypes">The types the arguments are bound to.</param>
    /// <param name="handler">Receives the bound arguments and <paramref name="state"/>.</param>
    /// <param name="state">Passed to <paramref name="handler"/>.</param>
    /// <returns>Disposing it removes this handler.</returns>
    public IDisposable On(string methodName, Type[] parameterTypes, Func<object?[], object?, Task> handler, object? state)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        ArgumentNullException.ThrowIfNull(handler);
        return _handlers.Add(methodName, new InvocationHandler(
            parameterTypes,
            async (arguments, s) =>
            {
                await handler(arguments, s).ConfigureAwait(false);
                return null;
            },
            state,
            returnsResult: false));
    }

    /// <summary>
    /// Registers a handler that returns a result: when the server invokes <paramref name="methodName"/> and waits
    /// for an answer (client results), the handler's result is sent back; if it throws, its message is sent as the error.
    /// </summary>
    /// <param name="methodName">The client method name (matched case-insensitively).</param>
    /// <param name="parameterTypes">The types the arguments are bound to.</param>
    /// <param name="handler">Receives the bound arguments and <paramref name="state"/>; returns the result.</param>
    /// <param name="state">Passed to <paramref name="handler"/>.</param>
    /// <returns>Disposing it removes this handler.</returns>
    public IDisposable On(string methodName, Type[] parameterTypes, Func<object?[], object?, Task<object?>> handler, object? state)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        ArgumentNullException.ThrowIfNull(handler);
        return _handlers.Add(methodName, new InvocationHandler(parameterTypes, handler, state, returnsResult: true));
    }

    /// <summary>Removes every handler of <paramref name="methodName"/>.</summary>
    public void Remove(string methodName)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        _handlers.RemoveAll(methodName);
    }

    private async Task DispatchInvocationAsync(ConnectionSession session, InvocationMessage invocation)
    {
        var handlers = _handlers.Get(invocation.Target);
        if (handlers.Length == 0)
        {
            Log.MissingHandler(_logger, invocation.Target);
            await AnswerIfAskedAsync(session, invocation.InvocationId, () => CompletionMessage.WithError(invocation.InvocationId!, NoResultError)).ConfigureAwait(false);
            return;
        }

        object? result = null;
        var hasResult = false;
        Exception? resultError = null;
        foreach (var handler in handlers)
        {
            try
            {
                var value = await handler.InvokeAsync(invocation.Arguments).ConfigureAwait(false);
                if (handler.ReturnsResult && !hasResult && resultError is null)
                {
                    result = value;
                    hasResult = true;
                }
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(_logger, invocation.Target, ex);
                if (handler.ReturnsResult && !hasResult)
                {
                    resultError ??= ex;
                }
            }
        }

        if (invocation.InvocationId is null)
        {
            return;
        }

        await AnswerIfAskedAsync(session, invocation.InvocationId, () =>
            resultError is not null ? CompletionMessage.WithError(invocation.InvocationId, resultError.Message)
            : hasResult ? CompletionMessage.WithResult(invocation.InvocationId, result)
            : CompletionMessage.WithError(invocation.InvocationId, NoResultError)).ConfigureAwait(false);
    }

    private async Task DispatchBindingFailureAsync(ConnectionSession session, InvocationBindingFailureMessage failure)
    {
        var reason = failure.BindingFailure.SourceException;
        var hasHandler = _handlers.Get(failure.Target).Length > 0;
        if (hasHandler)
        {
            Log.ArgumentBindingFailed(_logger, failure.Target, reason);
        }
        else
        {
            Log.MissingHandler(_logger, failure.Target);
        }

        await AnswerIfAskedAsync(session, failure.InvocationId, () => CompletionMessage.WithError(
            failure.InvocationId!,
            hasHandler ? $"Client failed to parse the arguments of '{failure.Target}': {reason.Message}" : NoResultError)).ConfigureAwait(false);
    }

    private async Task AnswerIfAskedAsync(ConnectionSession session, string? invocationId, Func<CompletionMessage> answer)
    {
        if (invocationId is null)
        {
            return;
        }

        try
        {
            // Sent from the receive loop: it must not wait for buffer space, since only it can process the acks that free it.
            await SendHubMessageAsync(session, answer(), session.Ending, waitForSpace: false).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ClientResultNotSent(_logger, invocationId, ex);
        }
    }
}
