namespace HubFramework.Protocol;

/// <summary>Base type of every message exchanged on a hub connection after the handshake.</summary>
public abstract class HubMessage
{
}
