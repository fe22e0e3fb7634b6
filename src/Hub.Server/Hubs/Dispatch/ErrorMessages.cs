namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>The error texts clients see; they match Microsoft's SignalR server, which stock clients are built against.</summary>
internal static class ErrorMessages
{
    public const string ConnectionClosedWithError = "Connection closed with an error.";
    public const string MethodDoesNotExist = "Method does not exist.";
    public const string ClientTimeout = "Server timeout elapsed without receiving a message from the client.";
    public const string RateLimitExceeded = "Rate limit exceeded.";

    /// <summary>
    /// <paramref name="prefix"/>, followed by the exception's type and message when it is a <see cref="HubException"/>
    /// (meant for clients) or when detailed errors are on; other details stay on the server.
    /// </summary>
    public static string Build(string prefix, Exception? exception, bool detailed)
    {
        if (exception is null)
        {
            return prefix;
        }

        if (exception is HubException || detailed)
        {
            return $"{prefix} {exception.GetType().Name}: {exception.Message}";
        }

        return prefix;
    }

    public static string InvocationFailed(string target) => $"An unexpected error occurred invoking '{target}' on the server.";

    public static string BindingFailed(string target) => $"Failed to invoke '{target}' due to an error on the server.";

    public static string Unauthorized(string target) => $"Failed to invoke '{target}' because user is unauthorized";

    public const string StreamingFailed = "An error occurred on the server while streaming results.";

    public static string StreamingMethodInvokedAsNonStreaming(string target) =>
        $"The client attempted to invoke the streaming '{target}' method with a non-streaming invocation.";

    public static string NonStreamingMethodInvokedAsStreaming(string target) =>
        $"The client attempted to invoke the non-streaming '{target}' method with a streaming invocation.";

    public static string StreamCountMismatch(int sent, int expected) => $"Client sent {sent} stream(s), Hub method expects {expected}.";

    public static string InvocationIdInUse(string invocationId) => $"Invocation ID '{invocationId}' is already in use.";

    public static string StreamIdInUse(string streamId) => $"Stream ID '{streamId}' is already in use.";

    public static string ProtocolNotSupported(string protocol) => $"The protocol '{protocol}' is not supported.";

    public static string VersionNotSupported(int version, string protocol) => $"The server does not support version {version} of the '{protocol}' protocol.";

    public static string TransferFormatNotSupported(string protocol, string format) =>
        $"Cannot use the '{protocol}' protocol on the current transport. The transport does not support '{format}' transfer format.";

    public const string HandshakeFailed = "An unexpected error occurred during connection handshake.";

    public const string HandshakeCanceled = "Handshake was canceled.";
}
