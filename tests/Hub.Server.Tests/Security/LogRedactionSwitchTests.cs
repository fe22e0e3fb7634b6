using HubFramework.Server.Connections;
using HubFramework.Server.Connections.Security;
using HubFramework.Server.Hubs;
using HubFramework.Server.Tests.Hubs;
using HubFramework.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Tests.Security;

public class LogRedactionSwitchTests
{
    [Fact]
    public async Task RedactionCanBeTurnedOff()
    {
        await using var host = await KestrelHost.StartAsync(
            s =>
            {
                s.AddHubs();
                s.AddClientConnections(o => o.RedactSecretsInLogs = false);
            },
            app => app.MapHub<SecureTestHub>("/hub"));
        Assert.IsNotType<RedactingLoggerFactory>(host.Services.GetRequiredService<ILoggerFactory>());
    }

    [Fact]
    public async Task ARedactedLineKeepsItsStructureWithoutTheSecret()
    {
        var captured = new List<(string Message, IReadOnlyList<KeyValuePair<string, object?>>? Values)>();
        var inner = LoggerFactory.Create(b => b.AddProvider(new ListProvider(captured)).SetMinimumLevel(LogLevel.Trace));
        using var factory = new RedactingLoggerFactory(inner);
        var logger = factory.CreateLogger("test");
        logger.LogInformation("Request {Url} took {Ms} ms", "http://h/hub?id=abc&access_token=xyz", 12);
        logger.LogInformation("Nothing secret in {Value}", "plain");

        var (message, values) = captured[0];
        Assert.Equal("Request http://h/hub?id=[redacted]&access_token=[redacted] took 12 ms", message);
        Assert.Contains(values!, v => v.Key == "Url" && (string?)v.Value == "http://h/hub?id=[redacted]&access_token=[redacted]");
        Assert.Contains(values!, v => v.Key == "Ms" && v.Value is 12);
        Assert.Contains(values!, v => v.Key == "{OriginalFormat}");
        Assert.Equal("Nothing secret in plain", captured[1].Message);
    }

    private sealed class ListProvider(List<(string, IReadOnlyList<KeyValuePair<string, object?>>?)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(entries);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<(string, IReadOnlyList<KeyValuePair<string, object?>>?)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => entries.Add((formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>>));
    }
}
