using System.Reflection;

namespace HubFramework.Server.Hubs;

/// <summary>
/// The object behind a strongly typed client (<see cref="DispatchProxy"/>): each interface call becomes a send, or a
/// client-result invocation for <c>Task&lt;T&gt;</c> methods, on the untyped proxy it wraps.
/// </summary>
/// <remarks>Not sealed: <see cref="DispatchProxy"/> derives the runtime proxy type from it.</remarks>
internal class TypedClientProxy : DispatchProxy
{
    private IClientProxy _target = default!;
    private Dictionary<MethodInfo, TypedClientMethod> _methods = default!;

    /// <summary>A <typeparamref name="T"/> that forwards to <paramref name="target"/>.</summary>
    public static T Create<T>(IClientProxy target)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(target);
        var methods = TypedClientContract<T>.Methods;
        var proxy = DispatchProxy.Create<T, TypedClientProxy>();
        var typed = (TypedClientProxy)(object)proxy;
        typed._target = target;
        typed._methods = methods;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var method = _methods[targetMethod];
        var arguments = args ?? [];
        var cancellationToken = CancellationToken.None;
        if (method.CancellationTokenIndex >= 0)
        {
            cancellationToken = (CancellationToken)arguments[method.CancellationTokenIndex]!;
            arguments = WithoutAt(arguments, method.CancellationTokenIndex);
        }

        if (method.Invoke is null)
        {
            return _target.SendCoreAsync(method.Name, arguments, cancellationToken);
        }

        if (_target is not ISingleClientProxy single)
        {
            throw new InvalidOperationException(
                $"'{method.Name}' returns a result, which only a single client can give: call it on Clients.Client(connectionId) or Clients.Caller.");
        }

        return method.Invoke(single, method.Name, arguments, cancellationToken);
    }

    private static object?[] WithoutAt(object?[] arguments, int index)
    {
        var result = new object?[arguments.Length - 1];
        Array.Copy(arguments, 0, result, 0, index);
        Array.Copy(arguments, index + 1, result, index, arguments.Length - index - 1);
        return result;
    }
}
