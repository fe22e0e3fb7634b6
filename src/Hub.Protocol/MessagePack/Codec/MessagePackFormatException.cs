namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// The bytes are not valid MessagePack, end too early, or break a limit (nesting depth, lengths).
/// Because the input itself is broken, the hub protocols treat this as a protocol error of the connection.
/// </summary>
public sealed class MessagePackFormatException : HubProtocolException
{
    /// <summary>Creates the exception.</summary>
    public MessagePackFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public MessagePackFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
