namespace HubFramework.Server.Hubs;

/// <summary>Builds strongly typed client proxies (<see cref="System.Reflection.DispatchProxy"/>; each interface is checked and mapped once).</summary>
internal static class TypedClientsFactory
{
    /// <summary>Typed caller-relative clients for a <see cref="Hub{T}"/> instance.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is not a valid client interface.</exception>
    public static IHubCallerClients<T> Create<T>(IHubCallerClients clients)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(clients);
        _ = TypedClientContract<T>.Methods;
        return new TypedHubCallerClients<T>(clients);
    }

    /// <summary>Checks a client interface up front (for start-up errors instead of first-use errors).</summary>
    /// <exception cref="InvalidOperationException"><paramref name="clientType"/> is not a valid client interface.</exception>
    public static void Validate(Type clientType)
    {
        ArgumentNullException.ThrowIfNull(clientType);
        TypedClientContract.Build(clientType);
    }
}
