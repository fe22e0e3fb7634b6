namespace HubFramework.Server.Hubs;

/// <summary>An error whose message is sent to the client (other exceptions' details are hidden unless detailed errors are on).</summary>
public class HubException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HubException()
    {
    }

    /// <summary>Creates the exception with a message sent to the client.</summary>
    public HubException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message sent to the client and a cause (not sent).</summary>
    public HubException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
