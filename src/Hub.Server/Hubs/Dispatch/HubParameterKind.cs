namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>Where the value of one hub method parameter comes from.</summary>
internal enum HubParameterKind
{
    /// <summary>The next argument of the invocation message.</summary>
    Wire,

    /// <summary>The invocation's service scope.</summary>
    Service,

    /// <summary>The invocation's service scope, as a keyed service.</summary>
    KeyedService,

    /// <summary>A token cancelled by CancelInvocation or when the connection ends.</summary>
    CancellationToken,

    /// <summary>A client-to-server stream named by the message's stream ids.</summary>
    ClientStream,
}
