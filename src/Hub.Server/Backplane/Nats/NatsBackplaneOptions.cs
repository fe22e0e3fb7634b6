using NATS.Client.Core;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>Options of the NATS backplane (<c>AddNatsBackplane</c>).</summary>
public sealed class NatsBackplaneOptions
{
    /// <summary>The NATS server(s) to connect to, e.g. <c>nats://127.0.0.1:4222</c> (comma-separated for several).</summary>
    public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>
    /// The first token of every subject the backplane uses. Two applications on one NATS server never see each other's
    /// traffic when their prefixes differ. 1 to 64 of <c>A-Z a-z 0-9 - _</c>.
    /// </summary>
    public string SubjectPrefix { get; set; } = "hubs";

    /// <summary>
    /// NATS client options passed through as they are (authentication: user/password, token, NKey/JWT credentials;
    /// TLS; reconnect timing). <see cref="Url"/> and the connection name are set from this backplane's options on top.
    /// </summary>
    public NatsOpts? NatsOptions { get; set; }

    /// <summary>
    /// Request relaying: any node may receive any request of a connection (no sticky sessions); the others are served
    /// through the owning node over NATS.
    /// </summary>
    public NatsRequestRelayOptions Relay { get; } = new();
}
