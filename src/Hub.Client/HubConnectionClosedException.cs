namespace HubFramework.Client;

/// <summary>
/// An invocation, stream or send could not complete because the connection closed or was lost first.
/// <see cref="Exception.InnerException"/> holds why the connection ended, when known.
/// </summary>
public sealed class HubConnectionClosedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HubConnectionClosedException()
        : this("The connection was closed before the operation completed.", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HubConnectionClosedException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates the exception with a message and the reason the connection ended.</summary>
    public HubConnectionClosedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
