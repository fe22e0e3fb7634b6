using System.Security.Claims;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Hubs;

public class AuthorizationTests
{
    private static InMemoryHubServer<TestHub> CreateServer() =>
        InMemoryHubServer<TestHub>.Create(configureServices: s => s.AddAuthorizationCore(o => o.AddPolicy("admin", p => p.RequireClaim("role", "admin"))));

    [Fact]
    public async Task AUserWithoutThePolicyIsRefused()
    {
        await using var server = CreateServer();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("role", "guest")], "test"));
        var client = (await server.ConnectAsync(user: user)).Client;

        Assert.Equal("Failed to invoke 'Secret' because user is unauthorized", (await client.InvokeAsync("Secret")).Error);
        Assert.Equal("open", (await client.InvokeAsync<string>("Echo", "open")).Result);
    }

    [Fact]
    public async Task AnAnonymousUserIsRefused()
    {
        await using var server = CreateServer();
        var client = (await server.ConnectAsync()).Client;

        Assert.Equal("Failed to invoke 'Secret' because user is unauthorized", (await client.InvokeAsync("Secret")).Error);
    }

    [Fact]
    public async Task AUserWithThePolicyIsServed()
    {
        await using var server = CreateServer();
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim("role", "admin")], "test"));
        var client = (await server.ConnectAsync(user: user)).Client;

        Assert.Equal("the secret", (await client.InvokeAsync<string>("Secret")).Result);
    }
}
