using HubFramework.Protocol;

namespace HubFramework.Server.Hubs.Multiplexing;

/// <summary>
/// The reserved invocation targets that carry extra namespaces over one physical hub connection (the
/// <c>multiplex</c> extension, see docs/protocol-extensions.md). C# method names cannot start with <c>$</c>, so
/// these collide with an application's methods only through an odd <c>[HubMethodName]</c>.
/// </summary>
internal static class MultiplexProtocol
{
    /// <summary>The name advertised in the negotiate response's <c>hubExtensions</c>.</summary>
    public const string ExtensionName = "multiplex";

    /// <summary>Client → server invocation (with an id): <c>[channel, path]</c>; completes empty or with an error.</summary>
    public const string Open = "$mux.open";

    /// <summary>Both directions, no invocation id: <c>[channel, payload]</c>, the channel's own hub-protocol bytes.</summary>
    public const string Data = "$mux.data";

    /// <summary>Both directions, no invocation id: <c>[channel, reason]</c>; the channel is over (reason null when clean).</summary>
    public const string Close = "$mux.close";

    /// <summary>Longest channel id accepted.</summary>
    public const int MaximumChannelLength = 64;

    private static readonly Type[] TextOpen = [typeof(string), typeof(string)];
    private static readonly Type[] TextData = [typeof(string), typeof(string)];
    private static readonly Type[] BinaryData = [typeof(string), typeof(byte[])];

    /// <summary>Whether <paramref name="target"/> is one of the multiplexing targets (checked before hub methods).</summary>
    public static bool IsReserved(string target) => target.Length > 4 && target[0] == '$' && target is Open or Data or Close;

    /// <summary>The argument types of a reserved target; null when it is not one of ours.</summary>
    public static IReadOnlyList<Type>? ParameterTypes(string target, TransferFormat format) => target switch
    {
        Open or Close => TextOpen,
        Data => format == TransferFormat.Binary ? BinaryData : TextData,
        _ => null,
    };
}
