using System.Security.Claims;
using System.Text.Encodings.Web;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Client.Tests.Security;

/// <summary>
/// Our client against our server with tokens that go stale: a 401 makes the client ask its
/// <c>AccessTokenProvider</c> again (and retry) before giving up; a connection closed because its authentication
/// expired tells the client why, and the client reconnects with a token fetched anew.
/// </summary>
public class TokenRefreshTests
{
    public static TheoryData<HttpTransportType> Transports() =>
        [HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A401MakesTheClientAskForAFreshTokenBeforeGivingUp(HttpTransportType transport)
    {
        await using var server = await StartAsync(tokenLifetime: null, closeOnExpiry: false);
        var calls = 0;
        // The first token is already stale; the second is good.
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.Url("hub"), transport, o => o.AccessTokenProvider = () => Task.FromResult<string?>(Interlocked.Increment(ref calls) == 1 ? "stale" : "good-" + calls))
            .Build();
        await Wait.For(connection.StartAsync());
        Assert.Equal("hi", await Wait.For(connection.InvokeAsync<string>("Echo", "hi")));
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task A401OnTheWebSocketUpgradeItselfIsRetriedWithAFreshToken()
    {
        await using var server = await StartAsync(tokenLifetime: null, closeOnExpiry: false);
        var calls = 0;
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.Url("hub"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(Interlocked.Increment(ref calls) == 1 ? "stale" : "good-" + calls);
            })
            .Build();
        await Wait.For(connection.StartAsync());
        Assert.Equal("ws", await Wait.For(connection.InvokeAsync<string>("Echo", "ws")));
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task AProviderThatKeepsGivingBadTokensStillFails()
    {
        await using var server = await StartAsync(tokenLifetime: null, closeOnExpiry: false);
        var calls = 0;
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.Url("hub"), HttpTransportType.LongPolling, o => o.AccessTokenProvider = () =>
            {
                Interlocked.Increment(ref calls);
                return Task.FromResult<string?>("stale");
            })
            .Build();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Wait.For(connection.StartAsync()));
        Assert.Contains("401", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, Volatile.Read(ref calls));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task ExpiredAuthenticationClosesWithItsReasonAndTheClientReconnectsWithAFreshToken(HttpTransportType transport)
    {
        // Long enough for negotiate, connect and handshake on a loaded machine.
        await using var server = await StartAsync(tokenLifetime: TimeSpan.FromSeconds(3), closeOnExpiry: true);
        var calls = 0;
        var reconnecting = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(server.Url("hub"), transport, o => o.AccessTokenProvider = () => Task.FromResult<string?>("good-" + Interlocked.Increment(ref calls)))
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)])
            .Build();
        connection.Reconnecting += error =>
        {
            reconnecting.TrySetResult(error);
            return Task.CompletedTask;
        };
        connection.Reconnected += _ =>
        {
            reconnected.TrySetResult();
            return Task.CompletedTask;
        };

        await Wait.For(connection.StartAsync());
        var firstConnectionId = connection.ConnectionId;
        Assert.Equal(1, Volatile.Read(ref calls));

        var reason = await Wait.For(reconnecting.Task, TimeSpan.FromSeconds(20));
        Assert.NotNull(reason);
        Assert.Contains("Authentication expired: reconnect with fresh credentials.", reason!.Message, StringComparison.Ordinal);

        await Wait.For(reconnected.Task, TimeSpan.FromSeconds(20));
        Assert.True(Volatile.Read(ref calls) >= 2, $"The token provider was called {calls} time(s).");
        Assert.NotEqual(firstConnectionId, connection.ConnectionId);
        Assert.Equal("again", await Wait.For(connection.InvokeAsync<string>("Echo", "again")));
    }

    private static Task<KestrelApp> StartAsync(TimeSpan? tokenLifetime, bool closeOnExpiry)
        => KestrelApp.StartAsync(
            services =>
            {
                services.AddSingleton(new TokenLifetime(tokenLifetime));
                services.AddHubs();
                services.AddClientConnections(o => o.ScavengeInterval = TimeSpan.FromMilliseconds(100));
                services.AddAuthentication(StaleTokenHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, StaleTokenHandler>(StaleTokenHandler.SchemeName, null);
                services.AddAuthorization();
            },
            app =>
            {
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapHub<EchoHub>("/hub", o => o.CloseOnAuthenticationExpiration = closeOnExpiry).RequireAuthorization();
            });

    public sealed class EchoHub : Hub
    {
        public string Echo(string message) => message;
    }

    private sealed record TokenLifetime(TimeSpan? Value);

    /// <summary>Bearer tokens (header or <c>access_token</c> query) starting with <c>good-</c> are user alice; anything else fails.</summary>
    private sealed class StaleTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenLifetime lifetime)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Stale";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : Request.Query["access_token"].ToString();
            if (token.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            if (!token.StartsWith("good-", StringComparison.Ordinal))
            {
                return Task.FromResult(AuthenticateResult.Fail("Stale token."));
            }

            var properties = new AuthenticationProperties();
            if (lifetime.Value is { } value)
            {
                properties.ExpiresUtc = DateTimeOffset.UtcNow + value;
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, SchemeName)));
        }
    }
}
