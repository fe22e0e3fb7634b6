using HubFramework.Protocol;

namespace HubFramework.Client;

/// <summary>A transport the client did not end up on, and why.</summary>
public sealed class TransportSkip
{
    /// <summary>Creates the entry.</summary>
    public TransportSkip(HttpTransportType transport, string reason, Exception? error = null)
    {
        Transport = transport;
        Reason = reason;
        Error = error;
    }

    /// <summary>The transport.</summary>
    public HttpTransportType Transport { get; }

    /// <summary>Why it was skipped, in words (for example "not offered by the server").</summary>
    public string Reason { get; }

    /// <summary>The error it failed with, when it was tried.</summary>
    public Exception? Error { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Transport}: {Reason}";
}
