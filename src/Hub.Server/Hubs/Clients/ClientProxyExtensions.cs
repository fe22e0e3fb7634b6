using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>Sends with the arguments listed inline: <c>Clients.All.SendAsync("update", a, b)</c>.</summary>
public static class ClientProxyExtensions
{
    /// <summary>
    /// The same clients, with <paramref name="options"/> applied to every send that names no options of its own:
    /// <c>Clients.Group("room").WithOptions(SendOptions.Coalesce("cursor:" + user)).SendAsync("cursor", x, y)</c>.
    /// </summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="options">The outbound policy for these sends.</param>
    public static IClientProxy WithOptions(this IClientProxy clientProxy, SendOptions options)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsClientProxy(clientProxy, options);
    }

    /// <summary>One client, with <paramref name="options"/> applied to every send that names no options of its own.</summary>
    /// <param name="clientProxy">The client.</param>
    /// <param name="options">The outbound policy for these sends.</param>
    public static ISingleClientProxy WithOptions(this ISingleClientProxy clientProxy, SendOptions options)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        ArgumentNullException.ThrowIfNull(options);
        return new OptionsSingleClientProxy(clientProxy, options);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 0 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 1 argument, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 2 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 3 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 4 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3, arg4], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 5 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3, arg4, arg5], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 6 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3, arg4, arg5, arg6], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 7 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 8 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
    /// <param name="method">The client method.</param>
    /// <param name="arg1">Argument 1.</param>
    /// <param name="arg2">Argument 2.</param>
    /// <param name="arg3">Argument 3.</param>
    /// <param name="arg4">Argument 4.</param>
    /// <param name="arg5">Argument 5.</param>
    /// <param name="arg6">Argument 6.</param>
    /// <param name="arg7">Argument 7.</param>
    /// <param name="arg8">Argument 8.</param>
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 9 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
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
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9], cancellationToken);
    }

    /// <summary>Invokes <paramref name="method"/> on the targeted clients with 10 arguments, without waiting for them.</summary>
    /// <param name="clientProxy">The targeted clients.</param>
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
    /// <param name="cancellationToken">Cancels waiting for room in a single client's queue.</param>
    /// <returns>Completes once the message is queued for every target.</returns>
    public static Task SendAsync(this IClientProxy clientProxy, string method, object? arg1, object? arg2, object? arg3, object? arg4, object? arg5, object? arg6, object? arg7, object? arg8, object? arg9, object? arg10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientProxy);
        return clientProxy.SendCoreAsync(method, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9, arg10], cancellationToken);
    }
}
