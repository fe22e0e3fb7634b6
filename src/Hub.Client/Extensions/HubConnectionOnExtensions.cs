namespace HubFramework.Client;

/// <summary>Typed forms of <see cref="HubConnection.On(string, Type[], Func{object[], object, Task}, object)"/>.</summary>
public static class HubConnectionOnExtensions
{
    /// <summary>Handles calls of <paramref name="methodName"/> with 0 argument(s).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On(this IHubConnection connection, string methodName, Action handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, Type.EmptyTypes, static (args, state) =>
        {
            ((Action)state!)();
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 0 argument(s), asynchronously.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On(this IHubConnection connection, string methodName, Func<Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, Type.EmptyTypes, static (args, state) => ((Func<Task>)state!)(), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 1 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1>(this IHubConnection connection, string methodName, Action<T1> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1)], static (args, state) =>
        {
            ((Action<T1>)state!)((T1)args[0]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 1 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1>(this IHubConnection connection, string methodName, Func<T1, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1)], static (args, state) => ((Func<T1, Task>)state!)((T1)args[0]!), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 2 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2>(this IHubConnection connection, string methodName, Action<T1, T2> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2)], static (args, state) =>
        {
            ((Action<T1, T2>)state!)((T1)args[0]!, (T2)args[1]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 2 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2>(this IHubConnection connection, string methodName, Func<T1, T2, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2)], static (args, state) => ((Func<T1, T2, Task>)state!)((T1)args[0]!, (T2)args[1]!), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 3 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3>(this IHubConnection connection, string methodName, Action<T1, T2, T3> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3)], static (args, state) =>
        {
            ((Action<T1, T2, T3>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 3 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3>(this IHubConnection connection, string methodName, Func<T1, T2, T3, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3)], static (args, state) => ((Func<T1, T2, T3, Task>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 4 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4>(this IHubConnection connection, string methodName, Action<T1, T2, T3, T4> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], static (args, state) =>
        {
            ((Action<T1, T2, T3, T4>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 4 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], static (args, state) => ((Func<T1, T2, T3, T4, Task>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 5 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5>(this IHubConnection connection, string methodName, Action<T1, T2, T3, T4, T5> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], static (args, state) =>
        {
            ((Action<T1, T2, T3, T4, T5>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 5 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], static (args, state) => ((Func<T1, T2, T3, T4, T5, Task>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 6 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6>(this IHubConnection connection, string methodName, Action<T1, T2, T3, T4, T5, T6> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], static (args, state) =>
        {
            ((Action<T1, T2, T3, T4, T5, T6>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 6 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, T6, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], static (args, state) => ((Func<T1, T2, T3, T4, T5, T6, Task>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 7 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="T7">Type of argument 7.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, T7>(this IHubConnection connection, string methodName, Action<T1, T2, T3, T4, T5, T6, T7> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], static (args, state) =>
        {
            ((Action<T1, T2, T3, T4, T5, T6, T7>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 7 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="T7">Type of argument 7.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, T7>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, T6, T7, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], static (args, state) => ((Func<T1, T2, T3, T4, T5, T6, T7, Task>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!), handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 8 argument(s).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="T7">Type of argument 7.</typeparam>
    /// <typeparam name="T8">Type of argument 8.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, T7, T8>(this IHubConnection connection, string methodName, Action<T1, T2, T3, T4, T5, T6, T7, T8> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], static (args, state) =>
        {
            ((Action<T1, T2, T3, T4, T5, T6, T7, T8>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!, (T8)args[7]!);
            return Task.CompletedTask;
        }, handler);
    }

    /// <summary>Handles calls of <paramref name="methodName"/> with 8 argument(s), asynchronously.</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="T7">Type of argument 7.</typeparam>
    /// <typeparam name="T8">Type of argument 8.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, T7, T8>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, T6, T7, T8, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7), typeof(T8)], static (args, state) => ((Func<T1, T2, T3, T4, T5, T6, T7, T8, Task>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!, (T8)args[7]!), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 0 argument(s) with a result (client results).</summary>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<TResult>(this IHubConnection connection, string methodName, Func<TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, Type.EmptyTypes, static (args, state) => Task.FromResult<object?>(((Func<TResult>)state!)()), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 0 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<TResult>(this IHubConnection connection, string methodName, Func<Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, Type.EmptyTypes, static async (args, state) => (object?)await ((Func<Task<TResult>>)state!)().ConfigureAwait(false), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 1 argument(s) with a result (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, TResult>(this IHubConnection connection, string methodName, Func<T1, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1)], static (args, state) => Task.FromResult<object?>(((Func<T1, TResult>)state!)((T1)args[0]!)), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 1 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, TResult>(this IHubConnection connection, string methodName, Func<T1, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1)], static async (args, state) => (object?)await ((Func<T1, Task<TResult>>)state!)((T1)args[0]!).ConfigureAwait(false), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 2 argument(s) with a result (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2)], static (args, state) => Task.FromResult<object?>(((Func<T1, T2, TResult>)state!)((T1)args[0]!, (T2)args[1]!)), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 2 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2)], static async (args, state) => (object?)await ((Func<T1, T2, Task<TResult>>)state!)((T1)args[0]!, (T2)args[1]!).ConfigureAwait(false), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 3 argument(s) with a result (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3)], static (args, state) => Task.FromResult<object?>(((Func<T1, T2, T3, TResult>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!)), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 3 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3)], static async (args, state) => (object?)await ((Func<T1, T2, T3, Task<TResult>>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!).ConfigureAwait(false), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 4 argument(s) with a result (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], static (args, state) => Task.FromResult<object?>(((Func<T1, T2, T3, T4, TResult>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!)), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 4 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4)], static async (args, state) => (object?)await ((Func<T1, T2, T3, T4, Task<TResult>>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!).ConfigureAwait(false), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 5 argument(s) with a result (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], static (args, state) => Task.FromResult<object?>(((Func<T1, T2, T3, T4, T5, TResult>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!)), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 5 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5)], static async (args, state) => (object?)await ((Func<T1, T2, T3, T4, T5, Task<TResult>>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!).ConfigureAwait(false), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 6 argument(s) with a result (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, T6, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], static (args, state) => Task.FromResult<object?>(((Func<T1, T2, T3, T4, T5, T6, TResult>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!)), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 6 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, T6, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6)], static async (args, state) => (object?)await ((Func<T1, T2, T3, T4, T5, T6, Task<TResult>>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!).ConfigureAwait(false), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 7 argument(s) with a result (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="T7">Type of argument 7.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, T7, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, T6, T7, TResult> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], static (args, state) => Task.FromResult<object?>(((Func<T1, T2, T3, T4, T5, T6, T7, TResult>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!)), handler);
    }

    /// <summary>Answers calls of <paramref name="methodName"/> with 7 argument(s) with a result computed asynchronously (client results).</summary>
    /// <typeparam name="T1">Type of argument 1.</typeparam>
    /// <typeparam name="T2">Type of argument 2.</typeparam>
    /// <typeparam name="T3">Type of argument 3.</typeparam>
    /// <typeparam name="T4">Type of argument 4.</typeparam>
    /// <typeparam name="T5">Type of argument 5.</typeparam>
    /// <typeparam name="T6">Type of argument 6.</typeparam>
    /// <typeparam name="T7">Type of argument 7.</typeparam>
    /// <typeparam name="TResult">The result type sent back to the server.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The client method name.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>Disposing it removes the handler.</returns>
    public static IDisposable On<T1, T2, T3, T4, T5, T6, T7, TResult>(this IHubConnection connection, string methodName, Func<T1, T2, T3, T4, T5, T6, T7, Task<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(handler);
        return connection.On(methodName, [typeof(T1), typeof(T2), typeof(T3), typeof(T4), typeof(T5), typeof(T6), typeof(T7)], static async (args, state) => (object?)await ((Func<T1, T2, T3, T4, T5, T6, T7, Task<TResult>>)state!)((T1)args[0]!, (T2)args[1]!, (T3)args[2]!, (T4)args[3]!, (T5)args[4]!, (T6)args[5]!, (T7)args[6]!).ConfigureAwait(false), handler);
    }
}
