namespace HubFramework.Protocol;

/// <summary>The server's answer to the handshake: <c>{}</c> on success, <c>{"error":"…"}</c> otherwise.</summary>
public sealed class HandshakeResponseMessage
{
    /// <summary>The success response.</summary>
    public static readonly HandshakeResponseMessage Empty = new(null);

    /// <summary>Creates the message.</summary>
    public HandshakeResponseMessage(string? error)
    {
        Error = error;
    }

    /// <summary>Why the handshake failed, or null.</summary>
    public string? Error { get; }
}
