using System.Threading.Channels;

namespace HubFramework.Client;

/// <summary>
/// A further namespace (hub path) opened over an existing <see cref="HubConnection"/> with
/// <see cref="HubConnection.OpenNamespaceAsync(string, CancellationToken)"/>: its own handlers, invocations and streams, its own connection on the
/// server (<c>OnConnectedAsync</c>, authorization, groups), carried by the one physical connection. It reconnects when
/// that connection does; closing it leaves the connection and its other namespaces alone.
/// </summary>
public sealed class HubNamespace : IHubConnection, IAsyncDisposable
{
    internal HubNamespace(string path, HubConnection connection)
    {
        Path = path;
        Connection = connection;
    }

    /// <summary>The namespace's path, as opened (e.g. <c>/admin</c>).</summary>
    public string Path { get; }

    /// <summary>The namespace's state: Reconnecting while the physical connection is, Disconnected once closed.</summary>
    public HubConnectionState State => Connection.State;

    /// <summary>The server's id for this namespace's connection (not the physical connection's).</summary>
    public string? ConnectionId => Connection.ConnectionId;

    /// <summary>Raised when the namespace closed for good; the argument is the error, null after a clean close.</summary>
    public event Func<Exception?, Task>? Closed
    {
        add => Connection.Closed += value;
        remove => Connection.Closed -= value;
    }

    /// <summary>Raised when the namespace lost its channel (the physical connection was lost) and waits to re-open.</summary>
    public event Func<Exception?, Task>? Reconnecting
    {
        add => Connection.Reconnecting += value;
        remove => Connection.Reconnecting -= value;
    }

    /// <summary>Raised when the namespace was re-opened after a reconnect; the argument is its new connection id.</summary>
    public event Func<string?, Task>? Reconnected
    {
        add => Connection.Reconnected += value;
        remove => Connection.Reconnected -= value;
    }

    /// <summary>The hub connection that runs over the channel (internal: the public surface is this type's).</summary>
    internal HubConnection Connection { get; }

    /// <inheritdoc />
    public IDisposable On(string methodName, Type[] parameterTypes, Func<object?[], object?, Task> handler, object? state)
        => Connection.On(methodName, parameterTypes, handler, state);

    /// <inheritdoc />
    public IDisposable On(string methodName, Type[] parameterTypes, Func<object?[], object?, Task<object?>> handler, object? state)
        => Connection.On(methodName, parameterTypes, handler, state);

    /// <inheritdoc />
    public void Remove(string methodName) => Connection.Remove(methodName);

    /// <inheritdoc />
    public Task<object?> InvokeCoreAsync(string methodName, Type returnType, object?[] args, CancellationToken cancellationToken = default)
        => Connection.InvokeCoreAsync(methodName, returnType, args, cancellationToken);

    /// <inheritdoc />
    public Task SendCoreAsync(string methodName, object?[] args, CancellationToken cancellationToken = default)
        => Connection.SendCoreAsync(methodName, args, cancellationToken);

    /// <inheritdoc />
    public Task<ChannelReader<object?>> StreamAsChannelCoreAsync(string methodName, Type returnType, object?[] args, CancellationToken cancellationToken = default)
        => Connection.StreamAsChannelCoreAsync(methodName, returnType, args, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<TResult> StreamAsyncCore<TResult>(string methodName, object?[] args, CancellationToken cancellationToken = default)
        => Connection.StreamAsyncCore<TResult>(methodName, args, cancellationToken);

    /// <summary>Closes the namespace (its server connection ends); the physical connection and other namespaces carry on.</summary>
    /// <param name="cancellationToken">Stops waiting (the namespace still closes).</param>
    public Task CloseAsync(CancellationToken cancellationToken = default) => Connection.StopAsync(cancellationToken);

    /// <summary>Closes the namespace.</summary>
    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
