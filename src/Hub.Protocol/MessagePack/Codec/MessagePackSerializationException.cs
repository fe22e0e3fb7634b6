namespace HubFramework.Protocol.MessagePack;

/// <summary>
/// A well-formed MessagePack value cannot be converted to or from the requested .NET type (wrong type, out of range,
/// a type that cannot be created). The hub protocol turns this into a binding failure of one invocation, not a
/// protocol error of the connection.
/// </summary>
public sealed class MessagePackSerializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MessagePackSerializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public MessagePackSerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
