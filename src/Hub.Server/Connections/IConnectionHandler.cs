namespace HubFramework.Server.Connections;

/// <summary>Runs a connection once its transport is attached; the connection ends when the returned task completes.</summary>
public interface IConnectionHandler
{
    /// <summary>Serves <paramref name="connection"/> until it ends.</summary>
    Task OnConnectedAsync(ClientConnection connection);

    /// <summary>
    /// Protocol extensions the handler offers, advertised in the negotiate response as <c>hubExtensions</c> (stock
    /// clients ignore it). None by default.
    /// </summary>
    IReadOnlyList<string>? NegotiateExtensions => null;
}
