namespace HubFramework.Client;

/// <summary>Typed, fixed-arity forms of <see cref="HubConnection.InvokeCoreAsync"/>: the cancellation token is never mistaken for an argument.</summary>
public static class HubConnectionInvokeExtensions
{
    /// <summary>Invokes <paramref name="methodName"/> with 0 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 0 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 1 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 1 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 2 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 2 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 3 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 3 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 4 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3, arg4], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 4 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3, arg4], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 5 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3, arg4, arg5], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 5 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3, arg4, arg5], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 6 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3, arg4, arg5, arg6], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 6 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3, arg4, arg5, arg6], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 7 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3, arg4, arg5, arg6, arg7], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 7 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3, arg4, arg5, arg6, arg7], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 8 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 8 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 9 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="arg9">Argument 9.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 9 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="arg9">Argument 9.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 10 argument(s) and waits for it to complete.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
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
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task InvokeAsync(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, object? arg10, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync(methodName, typeof(object), [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with 10 argument(s) and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
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
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static Task<TResult> InvokeAsync<TResult>(this IHubConnection connection, string methodName, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, object? arg10, CancellationToken cancellationToken = default) =>
        connection.InvokeCoreAsync<TResult>(methodName, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10], cancellationToken);

    /// <summary>Invokes <paramref name="methodName"/> with <paramref name="args"/> and returns its result.</summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="connection">The connection.</param>
    /// <param name="methodName">The hub method.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the invocation on the server.</param>
    public static async Task<TResult> InvokeCoreAsync<TResult>(this IHubConnection connection, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var result = await connection.InvokeCoreAsync(methodName, typeof(TResult), args, cancellationToken).ConfigureAwait(false);
        return result is null ? default! : (TResult)result;
    }
}
