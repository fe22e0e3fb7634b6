namespace HubFramework.Protocol;

/// <summary>Type 6: keep-alive.</summary>
public sealed class PingMessage : HubMessage
{
    /// <summary>The single instance (the message has no state).</summary>
    public static readonly PingMessage Instance = new();

    private PingMessage()
    {
    }
}
