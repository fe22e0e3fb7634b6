namespace HubFramework.Server.Backplane.Nats;

/// <summary>One hub scope (hub, or namespace) as the node-wide backplane sees it: where its node-addressed messages go.</summary>
internal interface IBackplaneScope
{
    /// <summary>A send addressed to connections of this node.</summary>
    /// <exception cref="FormatException">The message is malformed.</exception>
    void OnSend(BackplaneMessageReader reader);

    /// <summary>Another node gave up waiting for a client result.</summary>
    void OnCancelInvoke(BackplaneMessageReader reader);

    /// <summary>A request for a connection of this node; returns the reply.</summary>
    Task<byte[]> OnRequestAsync(BackplaneMessageReader reader);
}
