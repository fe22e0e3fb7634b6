namespace HubFramework.Server.Connections;

/// <summary>Result of asking a connection for its transport.</summary>
internal enum TransportAcquisition
{
    /// <summary>The request now carries the connection.</summary>
    Acquired,

    /// <summary>The connection has ended (404).</summary>
    Gone,

    /// <summary>The connection is bound to another transport (400).</summary>
    WrongTransport,

    /// <summary>Another request already carries the connection and may not be replaced (409).</summary>
    Conflict,
}
