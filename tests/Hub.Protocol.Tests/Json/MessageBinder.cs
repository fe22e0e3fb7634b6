namespace HubFramework.Protocol.Tests.Json;

/// <summary>An <see cref="IInvocationBinder"/> with explicit tables; unknown names throw like a real binder would.</summary>
internal sealed class MessageBinder : IInvocationBinder
{
    public Dictionary<string, Type[]> Methods { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Type> ReturnTypes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Type> StreamItemTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>A binder that expects exactly the shapes of <paramref name="message"/> (argument and value types taken from it).</summary>
    public static MessageBinder For(HubMessage message)
    {
        var binder = new MessageBinder();
        switch (message)
        {
            case HubMethodInvocationMessage invocation:
                binder.Methods[invocation.Target] = invocation.Arguments.Select(a => a?.GetType() ?? typeof(object)).ToArray();
                break;
            case StreamItemMessage item:
                binder.StreamItemTypes[item.InvocationId!] = item.Item?.GetType() ?? typeof(object);
                break;
            case CompletionMessage completion:
                binder.ReturnTypes[completion.InvocationId!] = completion.Result?.GetType() ?? typeof(object);
                break;
        }

        return binder;
    }

    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        Methods.TryGetValue(methodName, out var types) ? types : throw new InvalidOperationException($"Unknown method '{methodName}'.");

    public Type GetReturnType(string invocationId) =>
        ReturnTypes.TryGetValue(invocationId, out var type) ? type : throw new InvalidOperationException($"Unknown invocation '{invocationId}'.");

    public Type GetStreamItemType(string streamId) =>
        StreamItemTypes.TryGetValue(streamId, out var type) ? type : throw new InvalidOperationException($"Unknown stream '{streamId}'.");
}
