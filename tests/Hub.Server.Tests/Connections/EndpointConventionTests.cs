using System.Net;
using HubFramework.Server.Tests.Transports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Server.Tests.Connections;

public class EndpointConventionTests
{
    [Fact]
    public async Task RequireAuthorizationProtectsNegotiateAndTransports()
    {
        await using var server = await StartWithAuthAsync(conventions: b => b.RequireAuthorization());
        await AssertProtectedAsync(server);
    }

    [Fact]
    public async Task AuthorizeMetadataProtectsNegotiateAndTransports()
    {
        await using var server = await StartWithAuthAsync(metadata: [new AuthorizeAttribute()]);
        await AssertProtectedAsync(server);
    }

    [Fact]
    public async Task AuthenticatedUserReachesTheConnection()
    {
        await using var server = await StartWithAuthAsync(conventions: b => b.RequireAuthorization());
        server.Http.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, "alice");
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).EnsureSuccessStatusCode();
        var connection = await server.Handler.FirstConnected.WaitAsync(WebSocketClient.Bound);
        Assert.Equal("alice", connection.User.Identity?.Name);
    }

    [Fact]
    public async Task CorsPolicyAppliesToNegotiateAndPreflight()
    {
        await using var server = await ConnectionTestServer.StartAsync(
            services: s => s.AddCors(o => o.AddPolicy("client", p => p.WithOrigins("http://client.example").AllowAnyHeader().AllowAnyMethod().AllowCredentials())),
            pipeline: app => app.UseCors(),
            conventions: b => b.RequireCors("client"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, ConnectionTestServer.Path + "/negotiate?negotiateVersion=1");
        preflight.Headers.Add("Origin", "http://client.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflightResponse = await server.Http.SendAsync(preflight);
        Assert.True(preflightResponse.IsSuccessStatusCode, preflightResponse.StatusCode.ToString());
        Assert.Equal("http://client.example", preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var negotiate = new HttpRequestMessage(HttpMethod.Post, ConnectionTestServer.Path + "/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", "http://client.example");
        using var response = await server.Http.SendAsync(negotiate);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://client.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var poll = new HttpRequestMessage(HttpMethod.Options, ConnectionTestServer.Path + "?id=x");
        poll.Headers.Add("Origin", "http://client.example");
        poll.Headers.Add("Access-Control-Request-Method", "GET");
        using var pollPreflight = await server.Http.SendAsync(poll);
        Assert.Equal("http://client.example", pollPreflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task MappingWithoutServicesFailsClearly()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Infrastructure.KestrelHost.StartAsync(app =>
            HubFramework.Server.Connections.ConnectionEndpointRouteBuilderExtensions.MapClientConnections(app, "/x", null, _ => new TestConnectionHandler())));
        Assert.Contains("AddClientConnections", error.Message);
    }

    private static async Task AssertProtectedAsync(ConnectionTestServer server)
    {
        var (negotiate, _) = await server.NegotiateRawAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        using (var poll = await server.PollAsync("any.id"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, poll.StatusCode);
        }

        using (var post = await server.PostAsync("any.id", [1]))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        }

        await WebSocketTransportTests.AssertUpgradeRejectedAsync(server.WebSocketUri(null), HttpStatusCode.Unauthorized);
        Assert.Empty(server.Handler.Connections);

        // With credentials everything works, WebSockets included.
        server.Http.DefaultRequestHeaders.Add(TestAuthenticationHandler.Header, "bob");
        var (id, _) = await server.NegotiateAsync();
        using var first = await server.PollAsync(id);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    internal static Task<ConnectionTestServer> StartWithAuthAsync(Action<IEndpointConventionBuilder>? conventions = null, IReadOnlyList<object>? metadata = null, Action<HubFramework.Server.Connections.ConnectionEndpointOptions>? configure = null)
        => ConnectionTestServer.StartAsync(
            configure,
            services: s =>
            {
                s.AddAuthentication(TestAuthenticationHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
                s.AddAuthorization();
            },
            pipeline: app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
            },
            conventions: conventions,
            metadata: metadata);
}
