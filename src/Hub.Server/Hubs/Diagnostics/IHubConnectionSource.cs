namespace HubFramework.Server.Hubs.Diagnostics;

/// <summary>The live connections of one hub (its <see cref="HubConnectionHandler{THub}"/>), for the inspector and health checks.</summary>
internal interface IHubConnectionSource
{
    string HubName { get; }

    /// <summary>Connections past the handshake and not yet closed (a live view: enumerate once).</summary>
    IEnumerable<HubConnectionContext> Connections { get; }
}
