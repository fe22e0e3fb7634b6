namespace HubFramework.Server.Backplane.Nats;

/// <summary>What a backplane message carries (the second byte of every message).</summary>
internal enum BackplaneMessageKind : byte
{
    /// <summary>A hub message for connections: serialized once per protocol, delivered by every receiving node.</summary>
    Send = 1,

    /// <summary>A request to the owning node: add a connection to a group, or remove it.</summary>
    GroupChange = 2,

    /// <summary>A request to the owning node: invoke a method on a connection and answer with the client's result.</summary>
    Invoke = 3,

    /// <summary>The requesting node gave up on an invocation (cancelled).</summary>
    CancelInvoke = 4,

    /// <summary>A node is alive.</summary>
    Heartbeat = 5,

    /// <summary>A node is stopping.</summary>
    Goodbye = 6,

    /// <summary>The answer to a request.</summary>
    Reply = 7,
}

/// <summary>Whom a <see cref="BackplaneMessageKind.Send"/> addresses.</summary>
internal enum SendTarget : byte
{
    All = 0,
    Groups = 1,
    Users = 2,
    Connections = 3,
}

/// <summary>How a request ended on the owning node.</summary>
internal enum ReplyStatus : byte
{
    Ok = 0,

    /// <summary>The connection is not (or no longer) on that node.</summary>
    NotConnected = 1,

    /// <summary>The request failed; the reply's text says why.</summary>
    Failed = 2,
}
