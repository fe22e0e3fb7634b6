namespace HubFramework.Server.Hubs;

/// <summary>A proxy for exactly one connection, which can also ask the client for a result.</summary>
public interface ISingleClientProxy : IClientProxy
{
    /// <summary>Invokes <paramref name="method"/> on the client and waits for its result (client results).</summary>
    Task<T> InvokeCoreAsync<T>(string method, object?[] args, CancellationToken cancellationToken = default);
}
