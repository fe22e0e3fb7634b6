namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>How one parameter of a hub method is bound, decided once at start-up.</summary>
internal sealed class HubParameter
{
    public HubParameter(HubParameterKind kind, Type type, int index)
    {
        Kind = kind;
        Type = type;
        Index = index;
    }

    public HubParameterKind Kind { get; }

    public Type Type { get; }

    /// <summary>Position among the parameters of its own kind (wire argument index, stream index).</summary>
    public int Index { get; }

    /// <summary>The key of a <see cref="HubParameterKind.KeyedService"/>.</summary>
    public object? ServiceKey { get; init; }

    /// <summary>Creates the channel behind a <see cref="HubParameterKind.ClientStream"/> parameter.</summary>
    public ClientStreamFactory? StreamFactory { get; init; }
}
