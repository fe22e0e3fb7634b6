namespace HubFramework.Server.Backplane.Nats;

/// <summary>The node owning a connection is gone (declared dead by membership), or did not answer in time.</summary>
internal sealed class NodeGoneException(string message) : IOException(message);
