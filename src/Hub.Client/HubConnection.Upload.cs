using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Channels;
using HubFramework.Client.Internal;
using HubFramework.Protocol;

namespace HubFramework.Client;

public sealed partial class HubConnection
{
    private static readonly ConcurrentDictionary<Type, UploadStarter?> UploadStarters = new();

    private static readonly MethodInfo UploadEnumerableMethod =
        typeof(HubConnection).GetMethod(nameof(UploadEnumerableAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private static readonly MethodInfo UploadChannelMethod =
        typeof(HubConnection).GetMethod(nameof(UploadChannelAsync), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private delegate Task UploadStarter(HubConnection connection, ConnectionSession session, string streamId, object source, UploadTokens tokens);

    /// <summary>Takes the stream arguments out of <paramref name="args"/>, giving each a stream id.</summary>
    private static (object?[] Arguments, List<(string StreamId, object Source, UploadStarter Start)>? Streams) SeparateStreams(
        ConnectionSession session, object?[] args)
    {
        List<(string, object, UploadStarter)>? streams = null;
        List<object?>? remaining = null;
        for (var i = 0; i < args.Length; i++)
        {
            var starter = args[i] is { } arg ? UploadStarters.GetOrAdd(arg.GetType(), CreateStarter) : null;
            if (starter is null)
            {
                remaining?.Add(args[i]);
                continue;
            }

            remaining ??= [.. args.AsSpan(0, i)];
            streams ??= [];
            streams.Add((session.NextId(), args[i]!, starter));
        }

        return (remaining?.ToArray() ?? args, streams);
    }

    private static string[]? StreamIds(List<(string StreamId, object Source, UploadStarter Start)>? streams) =>
        streams?.Select(s => s.StreamId).ToArray();

    /// <summary>Starts pumping each stream argument to the server.</summary>
    /// <param name="session">The session the invocation went out on.</param>
    /// <param name="streams">The stream arguments, or null.</param>
    /// <param name="cancellationToken">The caller's token: cancelling it tells the server the stream was canceled.</param>
    /// <param name="invocationFinished">Cancelled when the invocation has completed: the server wants no more items.</param>
    private void StartUploads(
        ConnectionSession session,
        List<(string StreamId, object Source, UploadStarter Start)>? streams,
        CancellationToken cancellationToken,
        CancellationToken invocationFinished)
    {
        if (streams is null)
        {
            return;
        }

        var tokens = new UploadTokens(cancellationToken, invocationFinished);
        foreach (var (streamId, source, start) in streams)
        {
            _ = Task.Run(() => start(this, session, streamId, source, tokens), CancellationToken.None);
        }
    }

    private static UploadStarter? CreateStarter(Type type)
    {
        // ChannelReader<T> first: a channel reader may also implement IAsyncEnumerable<T> in the future.
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ChannelReader<>))
            {
                return UploadChannelMethod.MakeGenericMethod(t.GetGenericArguments()).CreateDelegate<UploadStarter>();
            }
        }

        var enumerable = type.GetInterfaces()
            .Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));
        return enumerable is null
            ? null
            : UploadEnumerableMethod.MakeGenericMethod(enumerable.GetGenericArguments()).CreateDelegate<UploadStarter>();
    }

    // Instance methods bound as open delegates: the first delegate parameter is the HubConnection.
    private Task UploadEnumerableAsync<T>(ConnectionSession session, string streamId, object source, UploadTokens tokens) =>
        UploadAsync(session, streamId, tokens, async (send, token) =>
        {
            await foreach (var item in ((IAsyncEnumerable<T>)source).WithCancellation(token).ConfigureAwait(false))
            {
                await send(item, token).ConfigureAwait(false);
            }
        });

    private Task UploadChannelAsync<T>(ConnectionSession session, string streamId, object source, UploadTokens tokens) =>
        UploadAsync(session, streamId, tokens, async (send, token) =>
        {
            var reader = (ChannelReader<T>)source;
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    await send(item, token).ConfigureAwait(false);
                }
            }
        });

    /// <summary>Sends every item as a StreamItem, then a Completion (with the error if the source failed).</summary>
    private async Task UploadAsync(
        ConnectionSession session,
        string streamId,
        UploadTokens tokens,
        Func<Func<object?, CancellationToken, ValueTask>, CancellationToken, Task> pump)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(tokens.Caller, tokens.InvocationFinished, session.Ending);
        string? error = null;
        try
        {
            await pump((item, token) => SendHubMessageAsync(session, new StreamItemMessage(streamId, item), token), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            error = "Stream canceled by client.";
        }
        catch (Exception ex)
        {
            error = ex.Message;
            Log.UploadFailed(_logger, streamId, ex);
        }

        // Once the invocation is over (or the connection), the server no longer listens for this stream.
        if (session.Ending.IsCancellationRequested || tokens.InvocationFinished.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var completion = error is null ? CompletionMessage.Empty(streamId) : CompletionMessage.WithError(streamId, error);
            await SendHubMessageAsync(session, completion, session.Ending).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.UploadFailed(_logger, streamId, ex);
        }
    }

    /// <summary>Why an upload may stop early: the caller cancelled, or the invocation it feeds has completed.</summary>
    private readonly record struct UploadTokens(CancellationToken Caller, CancellationToken InvocationFinished);
}
