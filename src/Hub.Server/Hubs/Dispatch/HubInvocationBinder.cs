using HubFramework.Protocol;
using HubFramework.Server.Hubs.Connection;
using HubFramework.Server.Hubs.Multiplexing;

namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// Tells the protocol what to bind one connection's incoming values to: hub method parameters from the method table,
/// client results from the lifetime manager, stream items from the connection's open client streams.
/// </summary>
internal sealed class HubInvocationBinder<THub> : IInvocationBinder
    where THub : Hub
{
    private readonly HubMethodTable _methods;
    private readonly ClientStreamRegistry _streams;
    private readonly HubLifetimeManager<THub> _lifetimeManager;
    private readonly TransferFormat _format;

    public HubInvocationBinder(HubMethodTable methods, ClientStreamRegistry streams, HubLifetimeManager<THub> lifetimeManager, TransferFormat format = TransferFormat.Text)
    {
        _format = format;
        _methods = methods;
        _streams = streams;
        _lifetimeManager = lifetimeManager;
    }

    public IReadOnlyList<Type> GetParameterTypes(string methodName)
    {
        if (_methods.TryGet(methodName, out var method))
        {
            return method.WireParameterTypes;
        }

        if (MultiplexProtocol.IsReserved(methodName) && MultiplexProtocol.ParameterTypes(methodName, _format) is { } reserved)
        {
            return reserved;
        }

        // The protocol turns this into a binding failure; the dispatcher answers "Method does not exist."
        throw new HubException(Dispatch.ErrorMessages.MethodDoesNotExist);
    }

    // Unknown ids bind to object: the message is then ignored (late result, stream already closed) instead of
    // failing the whole connection.
    public Type GetReturnType(string invocationId) =>
        _lifetimeManager.TryGetReturnType(invocationId, out var type) && type is not null ? type : typeof(object);

    public Type GetStreamItemType(string streamId) =>
        _streams.TryGet(streamId, out var stream) ? stream.ItemType : typeof(object);
}
