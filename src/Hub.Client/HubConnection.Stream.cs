using System.Runtime.CompilerServices;
using System.Threading.Channels;
using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    /// <summary>
    /// Invokes a streaming hub method; its items arrive in the returned channel, which completes when the server
    /// completes the stream (with a <see cref="HubException"/> if it failed).
    /// </summary>
    /// <param name="methodName">The hub method.</param>
    /// <param name="returnType">The type items are bound to.</param>
    /// <param name="args">The arguments (client-to-server streams allowed).</param>
    /// <param name="cancellationToken">Cancels the stream: the server is told with CancelInvocation.</param>
    public async Task<ChannelReader<object?>> StreamAsChannelCoreAsync(string methodName, Type returnType, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(returnType);
        return await StartStreamAsync<object?>(methodName, returnType, args, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Invokes a streaming hub method and returns its items as they arrive. Stopping the enumeration early, or
    /// cancelling <paramref name="cancellationToken"/>, cancels the stream on the server.
    /// </summary>
    /// <typeparam name="TResult">The item type.</typeparam>
    /// <param name="methodName">The hub method.</param>
    /// <param name="args">The arguments (client-to-server streams allowed).</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public async IAsyncEnumerable<TResult> StreamAsyncCore<TResult>(
        string methodName, object?[] args, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = await StartStreamAsync<TResult>(methodName, typeof(TResult), args, stop.Token).ConfigureAwait(false);
        try
        {
            while (await reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            // An enumeration abandoned early cancels the stream; after the server's completion this does nothing.
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    internal async Task<ChannelReader<T>> StartStreamAsync<T>(string methodName, Type itemType, object?[] args, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(args);
        cancellationToken.ThrowIfCancellationRequested();
        var session = GetActiveSession("StreamAsync");
        var (arguments, streams) = SeparateStreams(session, args);
        var request = new StreamingInvocation<T>(session.NextId(), itemType);
        if (!session.TryAddInvocation(request))
        {
            throw new HubConnectionClosedException("The connection was closed before the stream could be started.");
        }

        if (cancellationToken.CanBeCanceled)
        {
            request.SetCancellation(cancellationToken.Register(
                static s => ((CancelState)s!).Cancel(), new CancelState(this, session, request, cancellationToken)));
        }

        var message = new StreamInvocationMessage(request.InvocationId, methodName, arguments, StreamIds(streams));
        // The client span covers starting the stream; the server's span covers producing it.
        var activity = ClientActivitySource.StartInvocation(message, methodName, _httpOptions.Url!);
        try
        {
            await SendHubMessageAsync(session, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ClientActivitySource.Stop(activity, ex);
            session.TryRemoveInvocation(request.InvocationId, out _);
            request.Dispose();
            throw;
        }

        ClientActivitySource.Stop(activity, null);

        ClientMetrics.InvocationSent();
        StartUploads(session, streams, cancellationToken, streams is null ? default : request.Finished);
        return request.Reader;
    }
}
