namespace HubFramework.Server.Hubs;

/// <summary>A hub whose clients are called through the interface <typeparamref name="T"/> (each method: a Task-returning client method).</summary>
public abstract class Hub<T> : Hub
    where T : class
{
    private IHubCallerClients<T>? _typedClients;

    /// <summary>Typed clients, relative to the caller.</summary>
    public new IHubCallerClients<T> Clients
    {
        get => _typedClients ??= TypedClientsFactory.Create<T>(base.Clients);
        set => _typedClients = value;
    }
}
