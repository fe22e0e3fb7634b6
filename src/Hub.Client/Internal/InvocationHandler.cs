namespace HubFramework.Client.Internal;

/// <summary>One registered client method handler: the argument types it binds to and the callback.</summary>
internal sealed class InvocationHandler
{
    private readonly Func<object?[], object?, Task<object?>> _callback;
    private readonly object? _state;

    public InvocationHandler(Type[] parameterTypes, Func<object?[], object?, Task<object?>> callback, object? state, bool returnsResult)
    {
        ParameterTypes = parameterTypes;
        _callback = callback;
        _state = state;
        ReturnsResult = returnsResult;
    }

    public Type[] ParameterTypes { get; }

    /// <summary>Whether the handler answers client-result invocations.</summary>
    public bool ReturnsResult { get; }

    public Task<object?> InvokeAsync(object?[] arguments) => _callback(arguments, _state);
}
