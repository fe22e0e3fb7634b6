namespace HubFramework.Server.Hubs.Dispatch;

/// <summary>
/// The hub filters composed once into three delegates (invoke, connect, disconnect). With no filters the
/// dispatcher skips the pipeline, and the invocation context is never allocated.
/// </summary>
internal sealed class HubFilterPipeline
{
    public HubFilterPipeline(IReadOnlyList<IHubFilter> filters, HubMethodTable methods)
    {
        IsEmpty = filters.Count == 0;

        Func<HubInvocationContext, ValueTask<object?>> invoke = context =>
            methods.Get(context.HubMethod).Invoker(context.Hub, context.HubMethodArguments as object?[] ?? context.HubMethodArguments.ToArray());
        Func<HubLifetimeContext, Task> connected = context => context.Hub.OnConnectedAsync();
        Func<HubLifetimeContext, Exception?, Task> disconnected = (context, exception) => context.Hub.OnDisconnectedAsync(exception);

        // The first filter in the list is the outermost.
        for (var i = filters.Count - 1; i >= 0; i--)
        {
            var filter = filters[i];
            var nextInvoke = invoke;
            var nextConnected = connected;
            var nextDisconnected = disconnected;
            invoke = context => filter.InvokeMethodAsync(context, nextInvoke);
            connected = context => filter.OnConnectedAsync(context, nextConnected);
            disconnected = (context, exception) => filter.OnDisconnectedAsync(context, exception, nextDisconnected);
        }

        Invoke = invoke;
        OnConnected = connected;
        OnDisconnected = disconnected;
    }

    public bool IsEmpty { get; }

    public Func<HubInvocationContext, ValueTask<object?>> Invoke { get; }

    public Func<HubLifetimeContext, Task> OnConnected { get; }

    public Func<HubLifetimeContext, Exception?, Task> OnDisconnected { get; }
}
