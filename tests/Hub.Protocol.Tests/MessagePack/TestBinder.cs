using HubFramework.Protocol;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>An invocation binder configured per test: unknown names throw, as the hub layer's binder does.</summary>
internal sealed class TestBinder : IInvocationBinder
{
    private readonly Dictionary<string, Type[]> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _returns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _streamItems = new(StringComparer.Ordinal);

    public TestBinder Method(string name, params Type[] parameterTypes)
    {
        _parameters[name] = parameterTypes;
        return this;
    }

    public TestBinder Returns(string invocationId, Type type)
    {
        _returns[invocationId] = type;
        return this;
    }

    public TestBinder StreamItem(string streamId, Type type)
    {
        _streamItems[streamId] = type;
        return this;
    }

    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        _parameters.TryGetValue(methodName, out var types) ? types : throw new InvalidOperationException($"Method '{methodName}' does not exist.");

    public Type GetReturnType(string invocationId) =>
        _returns.TryGetValue(invocationId, out var type) ? type : throw new InvalidOperationException($"No invocation '{invocationId}' is outstanding.");

    public Type GetStreamItemType(string streamId) =>
        _streamItems.TryGetValue(streamId, out var type) ? type : throw new InvalidOperationException($"No stream '{streamId}' is open.");

    /// <summary>A binder that knows exactly what <paramref name="message"/> needs: its argument, item or result types.</summary>
    public static TestBinder For(HubMessage message)
    {
        var binder = new TestBinder();
        switch (message)
        {
            case HubMethodInvocationMessage invocation:
                binder.Method(invocation.Target, invocation.Arguments.Select(a => a?.GetType() ?? typeof(object)).ToArray());
                break;
            case StreamItemMessage item:
                binder.StreamItem(item.InvocationId!, item.Item?.GetType() ?? typeof(object));
                break;
            case CompletionMessage { HasResult: true } completion:
                binder.Returns(completion.InvocationId!, completion.Result?.GetType() ?? typeof(object));
                break;
        }

        return binder;
    }
}
