namespace HubFramework.Client.Tests.Infrastructure;

/// <summary>One server process shared by the tests of a class; killed when they are done.</summary>
public abstract class ServerProcessFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    protected abstract string Project { get; }

    internal ServerProcess Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public Uri HubUrl(string path = "hubs/interop") => Server.Url(path);

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(Project);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

/// <summary>Microsoft's ASP.NET Core SignalR hosting the interop contract (tests/Hub.ReferenceServer).</summary>
public sealed class ReferenceServerFixture : ServerProcessFixture
{
    protected override string Project => "Hub.ReferenceServer";
}

/// <summary>Our server hosting the interop contract (tests/Hub.InteropServer).</summary>
public sealed class InteropServerFixture : ServerProcessFixture
{
    protected override string Project => "Hub.InteropServer";
}
