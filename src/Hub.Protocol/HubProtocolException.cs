namespace HubFramework.Protocol;

/// <summary>The bytes received are not a valid message of the protocol, or break one of its limits.</summary>
public class HubProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HubProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public HubProtocolException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
