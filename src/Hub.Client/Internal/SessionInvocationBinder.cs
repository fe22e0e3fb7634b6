using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>
/// Tells the protocol what to bind incoming values to: handler arguments from the registered handlers, results and
/// stream items from the session's outstanding invocations.
/// </summary>
internal sealed class SessionInvocationBinder(ConnectionSession session, HandlerRegistry handlers, TransferFormat format = TransferFormat.Text) : IInvocationBinder
{
    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        NamespaceChannels.ParameterTypes(methodName, format) ?? handlers.GetParameterTypes(methodName);

    // An unknown id is answered with object: the message is still parsed, then ignored by the dispatcher.
    public Type GetReturnType(string invocationId) =>
        session.TryGetInvocation(invocationId, out var request) ? request!.ResultType : typeof(object);

    public Type GetStreamItemType(string streamId) =>
        session.TryGetInvocation(streamId, out var request) ? request!.ResultType : typeof(object);
}
