namespace HubFramework.Client;

/// <summary>
/// The server reported an error for an invocation or a stream (the error text of its Completion message),
/// or closed the connection with an error.
/// </summary>
public class HubException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HubException()
    {
    }

    /// <summary>Creates the exception with the server's error text.</summary>
    public HubException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public HubException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
