namespace HubFramework.Protocol;

/// <summary>One entry of the negotiate response's <c>availableTransports</c>.</summary>
public sealed class AvailableTransport
{
    /// <summary>Creates the entry.</summary>
    public AvailableTransport(string transport, IReadOnlyList<string> transferFormats)
    {
        Transport = transport;
        TransferFormats = transferFormats;
    }

    /// <summary>"WebSockets", "ServerSentEvents" or "LongPolling" (see <see cref="TransportNames"/>).</summary>
    public string Transport { get; }

    /// <summary>"Text" and/or "Binary".</summary>
    public IReadOnlyList<string> TransferFormats { get; }
}
