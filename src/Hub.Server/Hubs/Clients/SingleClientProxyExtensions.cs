namespace HubFramework.Server.Hubs;

/// <summary>Client results with the arguments listed inline: <c>await Clients.Caller.InvokeAsync&lt;int&gt;("pick", a, token)</c>.</summary>
/// <remarks>The token is required: a client that never answers would otherwise be waited for until it disconnects.</remarks>
public static class SingleClientProxyExtensions
{
    /// <summary>Invokes <paramref name="method"/> on the client with 0 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 1 argument and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 2 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 3 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 4 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3, arg4], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 5 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3, arg4, arg5], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 6 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3, arg4, arg5, arg6], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 7 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 8 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 9 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="arg9">Argument 9.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the client with 10 arguments and waits for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="clientProxy">The client.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="arg9">Argument 9.</param>
    /// <param name="arg10">Argument 10.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    /// <returns>The client's result.</returns>
    public static Task<T> InvokeAsync<T>(this ISingleClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, object? arg10, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.InvokeCoreAsync<T>(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10], cancellationToken);
    }
}
