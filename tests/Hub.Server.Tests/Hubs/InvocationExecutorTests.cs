using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Server.Hubs;
using HubFramework.Server.Hubs.Diagnostics;
using HubFramework.Server.Hubs.Dispatch;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>
/// The executor's tasks are not awaited by anyone (the scheduler starts them and moves on), so it must never fault,
/// whatever state the connection or the container is in.
/// </summary>
public class InvocationExecutorTests
{
    [Fact]
    public async Task AnInvocationStartingAfterTheConnectionEndedFinishesQuietly()
    {
        await using var server = InMemoryHubServer<TestHub>.Create();
        var (executor, context, request, released) = Build(server.Services, server.Services);
        context.Abort();

        await executor.ExecuteAsync(request).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(released());
    }

    [Fact]
    public async Task AnInvocationStartingAfterTheContainerWasDisposedFinishesQuietly()
    {
        var server = InMemoryHubServer<TestHub>.Create();
        var services = new ServiceCollection().BuildServiceProvider();
        var (executor, _, request, released) = Build(server.Services, services);
        await services.DisposeAsync();

        await executor.ExecuteAsync(request).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(released());
        await server.DisposeAsync();
    }

    private static (InvocationExecutor<TestHub> Executor, HubConnectionContext Context, InvocationRequest Request, Func<bool> Released) Build(
        IServiceProvider hubServices,
        IServiceProvider scopeServices)
    {
        var methods = HubMethodTable.Build(typeof(TestHub), hubServices.GetService<IServiceProviderIsService>());
        var executor = new InvocationExecutor<TestHub>(
            scopeServices.GetRequiredService<IServiceScopeFactory>(),
            new HubActivator<TestHub>(hubServices.GetService<IServiceProviderIsService>()),
            new HubFilterPipeline([], methods),
            new HubMethodAuthorizer(null, null),
            hubServices.GetRequiredService<HubMetrics>(),
            NullLogger.Instance,
            detailedErrors: false);
        var context = new HubConnectionContext(new TestClientConnection(), new JsonHubProtocol(), userIdentifier: null);
        Assert.True(methods.TryGet("Echo", out var echo));
        var request = new InvocationRequest(context, new InvocationMessage("1", "Echo", ["hi"]), echo, streamIds: null, streams: null, cancellation: null);
        var released = false;
        request.AttachSlot(() => released = true);
        return (executor, context, request, () => released);
    }
}
