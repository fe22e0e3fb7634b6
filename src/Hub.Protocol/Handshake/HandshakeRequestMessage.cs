namespace HubFramework.Protocol;

/// <summary>The first message a client sends: <c>{"protocol":"json","version":1}</c> + 0x1E.</summary>
public sealed class HandshakeRequestMessage
{
    /// <summary>Creates the message.</summary>
    public HandshakeRequestMessage(string protocol, int version)
    {
        Protocol = protocol;
        Version = version;
    }

    /// <summary>The hub protocol name.</summary>
    public string Protocol { get; }

    /// <summary>The hub protocol version.</summary>
    public int Version { get; }
}
