namespace HubFramework.Server.Connections.Security;

/// <summary>Why a request for a connection is refused: the HTTP status and the reason sent as the body.</summary>
internal readonly record struct ConnectionRejection(int StatusCode, string Reason);
