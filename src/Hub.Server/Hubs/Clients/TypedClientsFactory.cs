namespace HubFramework.Server.Hubs;

/// <summary>Builds strongly typed client proxies (implemented by the fan-out work: <c>DispatchProxy</c>-based, methods bound once per interface).</summary>
internal static class TypedClientsFactory
{
    public static IHubCallerClients<T> Create<T>(IHubCallerClients clients)
        where T : class
        => throw new NotImplementedException("Typed client proxies are not built yet.");
}
