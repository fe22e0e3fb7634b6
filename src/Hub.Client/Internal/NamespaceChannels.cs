using System.Collections.Concurrent;
using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>
/// The namespace channels a physical <see cref="HubConnection"/> carries (the <c>multiplex</c> extension, see
/// docs/protocol-extensions.md): routes incoming <c>$mux.data</c>/<c>$mux.close</c> messages to their channel.
/// </summary>
internal sealed class NamespaceChannels(HubConnection owner)
{
    public const string ExtensionName = "multiplex";
    public const string Open = "$mux.open";
    public const string Data = "$mux.data";
    public const string Close = "$mux.close";

    private static readonly Type[] TextArguments = [typeof(string), typeof(string)];
    private static readonly Type[] BinaryData = [typeof(string), typeof(byte[])];

    private readonly ConcurrentDictionary<string, NamespaceChannel> _channels = new(StringComparer.Ordinal);
    private int _nextId;

    public HubConnection Owner { get; } = owner;

    public static bool IsChannelMessage(string target) => target is Data or Close;

    public static IReadOnlyList<Type>? ParameterTypes(string target, TransferFormat format) => target switch
    {
        Data => format == TransferFormat.Binary ? BinaryData : TextArguments,
        Close => TextArguments,
        _ => null,
    };

    public string NextChannelId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Add(NamespaceChannel channel) => _channels[channel.Id] = channel;

    public void Remove(NamespaceChannel channel) => _channels.TryRemove(new KeyValuePair<string, NamespaceChannel>(channel.Id, channel));

    public async ValueTask DispatchAsync(InvocationMessage message)
    {
        if (message.Arguments is not [string id, var payload, ..] || !_channels.TryGetValue(id, out var channel))
        {
            // A channel that is already closed on our side: its last bytes have nowhere to go.
            return;
        }

        if (message.Target == Data)
        {
            await channel.DeliverAsync(payload).ConfigureAwait(false);
        }
        else
        {
            Remove(channel);
            channel.Closed(payload as string);
        }
    }

    /// <summary>The physical session is over: every channel's connection is lost with it.</summary>
    public void SessionEnded(Exception? error)
    {
        foreach (var channel in _channels.Values)
        {
            Remove(channel);
            channel.Lost(error);
        }
    }
}
