namespace HubFramework.Server.Hubs;

/// <summary>Runs around hub method invocations and connection lifetime events (like middleware).</summary>
public interface IHubFilter
{
    /// <summary>Wraps an invocation; call <paramref name="next"/> to continue.</summary>
    ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
        => next(invocationContext);

    /// <summary>Wraps <see cref="Hub.OnConnectedAsync"/>.</summary>
    Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next) => next(context);

    /// <summary>Wraps <see cref="Hub.OnDisconnectedAsync"/>.</summary>
    Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
        => next(context, exception);
}
