using System.Collections.Concurrent;
using HubFramework.Protocol;

namespace HubFramework.Server.Tests.Infrastructure;

/// <summary>
/// The client side's <see cref="IInvocationBinder"/> for raw test clients: types are registered per client method,
/// invocation and stream; anything unregistered binds to <see cref="object"/> (a JsonElement with JSON).
/// </summary>
public sealed class TestBinder : IInvocationBinder
{
    private readonly ConcurrentDictionary<string, Type[]> _clientMethods = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Type> _returnTypes = new();

    /// <summary>Declares a client method the server may invoke, with its parameter types.</summary>
    public void On(string method, params Type[] parameterTypes) => _clientMethods[method] = parameterTypes;

    /// <summary>Declares the result (or stream item) type of an invocation the client makes.</summary>
    public void ExpectResult(string invocationId, Type type) => _returnTypes[invocationId] = type;

    public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
        _clientMethods.TryGetValue(methodName, out var types)
            ? types
            : throw new InvalidOperationException($"The test client has no handler for '{methodName}'.");

    public Type GetReturnType(string invocationId) => _returnTypes.GetValueOrDefault(invocationId, typeof(object));

    public Type GetStreamItemType(string streamId) => _returnTypes.GetValueOrDefault(streamId, typeof(object));
}
