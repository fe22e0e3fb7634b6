using System.Collections.Concurrent;

namespace HubFramework.Client.Internal;

/// <summary>
/// Client method handlers by method name (case-insensitive, as the server matches hub methods). Registration and
/// removal copy the per-method array, so dispatch reads a stable snapshot without locking.
/// </summary>
internal sealed class HandlerRegistry
{
    private readonly ConcurrentDictionary<string, InvocationHandler[]> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _writeLock = new();

    public IDisposable Add(string methodName, InvocationHandler handler)
    {
        lock (_writeLock)
        {
            _handlers[methodName] = _handlers.TryGetValue(methodName, out var existing) ? [.. existing, handler] : [handler];
        }

        return new Registration(this, methodName, handler);
    }

    public void RemoveAll(string methodName)
    {
        lock (_writeLock)
        {
            _handlers.TryRemove(methodName, out _);
        }
    }

    public InvocationHandler[] Get(string methodName) =>
        _handlers.TryGetValue(methodName, out var handlers) ? handlers : [];

    /// <summary>The argument types to bind an invocation of <paramref name="methodName"/> to (those of its first handler).</summary>
    /// <exception cref="InvalidOperationException">No handler is registered: the protocol reports a binding failure.</exception>
    public IReadOnlyList<Type> GetParameterTypes(string methodName)
    {
        var handlers = Get(methodName);
        return handlers.Length > 0
            ? handlers[0].ParameterTypes
            : throw new InvalidOperationException($"No client method with the name '{methodName}' is registered.");
    }

    private void Remove(string methodName, InvocationHandler handler)
    {
        lock (_writeLock)
        {
            if (!_handlers.TryGetValue(methodName, out var existing))
            {
                return;
            }

            var remaining = existing.Where(h => !ReferenceEquals(h, handler)).ToArray();
            if (remaining.Length == 0)
            {
                _handlers.TryRemove(methodName, out _);
            }
            else
            {
                _handlers[methodName] = remaining;
            }
        }
    }

    private sealed class Registration(HandlerRegistry registry, string methodName, InvocationHandler handler) : IDisposable
    {
        public void Dispose() => registry.Remove(methodName, handler);
    }
}
