using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HubFramework.Protocol;
using HubFramework.Server.Connections;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubFramework.Client.Tests.Security;

/// <summary>
/// Captures every log line (all categories, ASP.NET Core's request logs included, at Trace level), every scope and
/// every metric tag of a run of server and client with tokens in query strings and headers, on every transport,
/// and finds none of the access tokens or connection tokens in them.
/// </summary>
public class LogRedactionTests
{
    private static readonly string AccessToken = "secret-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task NoTokenOfARunReachesTheLogsOrMetricTags()
    {
        var capture = new CapturingLoggerProvider();
        var seen = new ConcurrentBag<string> { AccessToken };
        using var meters = new TagCapture();
        await using var server = await KestrelApp.StartAsync(
            services =>
            {
                services.AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
                services.AddHubs();
                services.AddAuthentication(QueryTokenHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, QueryTokenHandler>(QueryTokenHandler.SchemeName, null);
                services.AddAuthorization();
            },
            app =>
            {
                // Everything secret the server receives, to look for afterwards.
                app.Use(async (context, next) =>
                {
                    if (context.Request.Query["id"].ToString() is { Length: > 0 } id)
                    {
                        seen.Add(id);
                    }

                    await next(context);
                });
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapHub<TokenRefreshTests.EchoHub>("/hub").RequireAuthorization();
            });

        // Our client on every transport (bearer header), with its own logs captured too.
        using var clientLogs = LoggerFactory.Create(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        foreach (var transport in TokenRefreshTests.Transports())
        {
            var builder = new HubConnectionBuilder()
                .WithUrl(server.Url("hub"), transport, o => o.AccessTokenProvider = () => Task.FromResult<string?>(AccessToken));
            builder.Services.AddSingleton<ILoggerFactory>(clientLogs);
            await using var connection = builder.Build();
            await Wait.For(connection.StartAsync());
            Assert.Equal("hi", await Wait.For(connection.InvokeAsync<string>("Echo", "hi")));
            await Wait.For(connection.StopAsync());
        }

        // Browser-style requests: the token in the query string, the connection token too, including refusals.
        using var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var query = "access_token=" + AccessToken;
        using var negotiate = await http.PostAsync("hub/negotiate?negotiateVersion=1&" + query, null);
        var token = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString()!;
        seen.Add(token);
        var connectionUrl = "hub?id=" + Uri.EscapeDataString(token) + "&" + query;
        (await http.GetAsync(connectionUrl)).Dispose();
        (await http.PostAsync(connectionUrl, new StringContent("{\"protocol\":\"json\",\"version\":1}\u001e"))).Dispose();
        (await http.GetAsync(connectionUrl)).Dispose();
        (await http.GetAsync("hub?id=" + Uri.EscapeDataString(token) + "x&" + query)).Dispose();
        (await http.GetAsync("hub?id=" + Uri.EscapeDataString(token) + "&access_token=wrong-" + AccessToken)).Dispose();
        (await http.DeleteAsync(connectionUrl)).Dispose();

        using var sse = new HttpRequestMessage(HttpMethod.Post, "hub/negotiate?negotiateVersion=1&" + query);
        using var sseNegotiate = await http.SendAsync(sse);
        var sseToken = JsonDocument.Parse(await sseNegotiate.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString()!;
        seen.Add(sseToken);
        using (var stream = new HttpRequestMessage(HttpMethod.Get, "hub?id=" + Uri.EscapeDataString(sseToken) + "&" + query))
        {
            stream.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
        }

        using (var socket = new ClientWebSocket())
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var ws = new UriBuilder(server.Url("hub?" + query)) { Scheme = "ws" }.Uri;
            await socket.ConnectAsync(ws, cts.Token);
            await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, cts.Token);
            await socket.ReceiveAsync(new byte[256], cts.Token);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        }

        await Task.Delay(500);
        var entries = capture.Texts;
        Assert.NotEmpty(entries);
        // The request logs were there, with the secrets taken out (so the check below is not vacuous).
        Assert.Contains(entries, e => e.Contains("access_token=" + SecretRedaction.Placeholder, StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("id=" + SecretRedaction.Placeholder, StringComparison.Ordinal));

        var leaks = (from secret in seen.Distinct()
                     from entry in entries.Concat(meters.Tags)
                     where entry.Contains(secret, StringComparison.Ordinal) || entry.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal)
                     select $"{secret}: {entry}").Take(5).ToList();
        Assert.True(leaks.Count == 0, "Secrets in logs:\n" + string.Join("\n", leaks));
    }

    /// <summary>Keeps the message, every structured value, the exception and the scopes of every entry, as text.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<string> _texts = new();
        private IExternalScopeProvider? _scopes;

        public IReadOnlyList<string> Texts => [.. _texts];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new StringBuilder().Append(category).Append(": ").Append(formatter(state, exception));
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        text.Append(" | ").Append(key).Append('=').Append(value);
                    }
                }

                if (exception is not null)
                {
                    text.Append(" | ").Append(exception);
                }

                owner._scopes?.ForEachScope((scope, builder) => builder.Append(" | scope ").Append(scope is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(",", kv) : scope), text);
                owner._texts.Enqueue(text.ToString());
            }
        }
    }

    /// <summary>Every tag value of every measurement of every meter while alive.</summary>
    private sealed class TagCapture : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string> _tags = new();

        public TagCapture()
        {
            _listener.InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument);
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) => Record(tags));
            _listener.SetMeasurementEventCallback<int>((_, _, tags, _) => Record(tags));
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => Record(tags));
            _listener.Start();
        }

        public IEnumerable<string> Tags => _tags;

        public void Dispose() => _listener.Dispose();

        private void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var (key, value) in tags)
            {
                _tags.Enqueue(key + "=" + value);
            }
        }
    }

    /// <summary>The access token, as bearer header or <c>access_token</c> query, is user alice.</summary>
    private sealed class QueryTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "QueryToken";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : Request.Query["access_token"].ToString();
            if (token.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            if (token != AccessToken)
            {
                return Task.FromResult(AuthenticateResult.Fail("Unknown token."));
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
