namespace HubFramework.Server.Hubs;

/// <summary>How one method of a client interface maps to a send or a client-result invocation; built once per interface.</summary>
internal sealed class TypedClientMethod(string name, int cancellationTokenIndex, Func<ISingleClientProxy, string, object?[], CancellationToken, Task>? invoke)
{
    /// <summary>The method name on the wire (the .NET name, or its <see cref="HubMethodNameAttribute"/>).</summary>
    public string Name { get; } = name;

    /// <summary>Position of the <see cref="CancellationToken"/> parameter (not sent), or -1.</summary>
    public int CancellationTokenIndex { get; } = cancellationTokenIndex;

    /// <summary>For a <c>Task&lt;T&gt;</c> method: calls <see cref="ISingleClientProxy.InvokeCoreAsync{T}"/> with the right T; null for a send.</summary>
    public Func<ISingleClientProxy, string, object?[], CancellationToken, Task>? Invoke { get; } = invoke;
}
