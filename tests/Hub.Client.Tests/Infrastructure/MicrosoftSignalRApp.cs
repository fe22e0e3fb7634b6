using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using SignalR = Microsoft.AspNetCore.SignalR;

namespace HubFramework.Client.Tests.Infrastructure;

/// <summary>
/// Microsoft's ASP.NET Core SignalR in this process, on real Kestrel, for tests that need a server configured
/// in a particular way (transports disabled, upgrades stripped, timeouts). Records every request it receives.
/// </summary>
internal sealed class MicrosoftSignalRApp : IAsyncDisposable
{
    private readonly KestrelApp _app;

    private MicrosoftSignalRApp(KestrelApp app, ConcurrentQueue<RecordedRequest> requests)
    {
        _app = app;
        Requests = requests;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; }

    public Uri HubUrl => _app.Url("hub");

    public Uri Url(string relative) => _app.Url(relative);

    /// <param name="configureHub">Dispatcher options of the hub endpoint (transports, stateful reconnect...).</param>
    /// <param name="stripWebSocketUpgrade">Removes the Upgrade headers, as a proxy that does not support WebSockets would.</param>
    /// <param name="configureSignalR">Hub options (timeouts, limits).</param>
    /// <param name="before">Extra middleware before the hub.</param>
    public static async Task<MicrosoftSignalRApp> StartAsync(
        Action<HttpConnectionDispatcherOptions>? configureHub = null,
        bool stripWebSocketUpgrade = false,
        Action<SignalR.HubOptions>? configureSignalR = null,
        Func<HttpContext, Func<Task>, Task>? before = null)
    {
        var requests = new ConcurrentQueue<RecordedRequest>();
        var app = await KestrelApp.StartAsync(
            services => services.AddSignalR(o => configureSignalR?.Invoke(o)),
            app =>
            {
                app.Use(async (context, next) =>
                {
                    requests.Enqueue(new RecordedRequest(
                        context.Request.Method,
                        context.Request.Path.Value ?? "",
                        context.Request.Query["id"].ToString(),
                        context.Request.Headers.Authorization.ToString(),
                        context.Request.Headers["X-Test"].ToString(),
                        context.Request.Cookies["test-cookie"],
                        context.Request.Headers.Upgrade.ToString()));
                    if (stripWebSocketUpgrade)
                    {
                        context.Request.Headers.Remove("Upgrade");
                        context.Request.Headers.Connection = "keep-alive";
                    }

                    await next();
                });
                if (before is not null)
                {
                    app.Use(before);
                }

                app.UseWebSockets();
                app.MapHub<TestHub>("/hub", o => configureHub?.Invoke(o));
            });
        return new MicrosoftSignalRApp(app, requests);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    internal sealed record RecordedRequest(
        string Method, string Path, string Id, string Authorization, string TestHeader, string? Cookie, string Upgrade);

    /// <summary>A small hub for connection-level tests.</summary>
    internal sealed class TestHub : SignalR.Hub
    {
        public string Echo(string message) => message;

        public string GetConnectionId() => Context.ConnectionId;

        public Task SendToCaller(string method, string payload) => Clients.Caller.SendAsync(method, payload);

        /// <summary>Returns the first item of the stream and stops reading it.</summary>
        public async Task<int> First(IAsyncEnumerable<int> numbers)
        {
            await foreach (var number in numbers)
            {
                return number;
            }

            return -1;
        }

        public Task<string> AskCaller(string question) =>
            Clients.Caller.InvokeAsync<string>("answer", question, Context.ConnectionAborted);
    }
}
