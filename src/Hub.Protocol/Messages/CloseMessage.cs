namespace HubFramework.Protocol;

/// <summary>Type 7: the sender is closing the connection, optionally with an error and a hint whether to reconnect.</summary>
public sealed class CloseMessage : HubMessage
{
    /// <summary>A close without error that does not invite a reconnect.</summary>
    public static readonly CloseMessage Empty = new(null, false);

    /// <summary>Creates the message.</summary>
    public CloseMessage(string? error, bool allowReconnect = false)
    {
        Error = error;
        AllowReconnect = allowReconnect;
    }

    /// <summary>Why the connection closed, or null for a normal close.</summary>
    public string? Error { get; }

    /// <summary>Whether the client should reconnect (written only when true).</summary>
    public bool AllowReconnect { get; }
}
