namespace HubFramework.Protocol;

/// <summary>The <c>type</c> discriminator values of the hub protocol.</summary>
public static class HubMessageType
{
    /// <summary>Invocation.</summary>
    public const int Invocation = 1;
    /// <summary>StreamItem.</summary>
    public const int StreamItem = 2;
    /// <summary>Completion.</summary>
    public const int Completion = 3;
    /// <summary>StreamInvocation.</summary>
    public const int StreamInvocation = 4;
    /// <summary>CancelInvocation.</summary>
    public const int CancelInvocation = 5;
    /// <summary>Ping.</summary>
    public const int Ping = 6;
    /// <summary>Close.</summary>
    public const int Close = 7;
    /// <summary>Ack (stateful reconnect).</summary>
    public const int Ack = 8;
    /// <summary>Sequence (stateful reconnect).</summary>
    public const int Sequence = 9;
}
