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

    private delegate Task UploadStarter(HubConnection connection, ConnectionSession session, string streamId, object source, CancellationToken cancellationToken);

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

    private void StartUploads(
        ConnectionSession session, List<(string StreamId, object Source, UploadStarter Start)>? streams, CancellationToken cancellationToken)
    {
        if (streams is null)
        {
            return;
        }

        foreach (var (streamId, source, start) in streams)
        {
            _ = Task.Run(() => start(this, session, streamId, source, cancellationToken), CancellationToken.None);
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
    private Task UploadEnumerableAsync<T>(ConnectionSession session, string streamId, object source, CancellationToken cancellationToken) =>
        UploadAsync(session, streamId, cancellationToken, async (send, token) =>
        {
            await foreach (var item in ((IAsyncEnumerable<T>)source).WithCancellation(token).ConfigureAwait(false))
            {
                await send(item, token).ConfigureAwait(false);
            }
        });

    private Task UploadChannelAsync<T>(ConnectionSession session, string streamId, object source, CancellationToken cancellationToken) =>
        UploadAsync(session, streamId, cancellationToken, async (send, token) =>
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
        CancellationToken cancellationToken,
        Func<Func<object?, CancellationToken, ValueTask>, CancellationToken, Task> pump)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Ending);
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

        if (session.Ending.IsCancellationRequested)
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
}
