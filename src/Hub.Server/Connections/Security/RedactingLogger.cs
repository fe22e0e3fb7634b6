using HubFramework.Protocol;
using Microsoft.Extensions.Logging;

namespace HubFramework.Server.Connections.Security;

/// <summary>
/// Passes log entries through unchanged unless their message or a structured value holds a secret; those are
/// logged with the secrets replaced, both in the message and in the values structured sinks write.
/// </summary>
internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
        if (!SecretRedaction.ContainsSecret(message) && !HasSecretValue(values))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }

        inner.Log(logLevel, eventId, new RedactedLogState(SecretRedaction.Redact(message), values), exception, static (s, _) => s.Message);
    }

    private static bool HasSecretValue(IReadOnlyList<KeyValuePair<string, object?>>? values)
    {
        if (values is null)
        {
            return false;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Value is { } value && value is not ValueType && SecretRedaction.ContainsSecret(value.ToString()))
            {
                return true;
            }
        }

        return false;
    }
}
