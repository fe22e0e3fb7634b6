using System.Collections;
using HubFramework.Protocol;

namespace HubFramework.Server.Connections.Security;

/// <summary>A log entry's state with its secrets removed: the formatted message and every value as redacted text.</summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const string OriginalFormat = "{OriginalFormat}";

    private readonly KeyValuePair<string, object?>[] _values;

    public RedactedLogState(string message, IReadOnlyList<KeyValuePair<string, object?>>? values)
    {
        Message = message;
        if (values is null)
        {
            _values = [new KeyValuePair<string, object?>(OriginalFormat, message)];
            return;
        }

        _values = new KeyValuePair<string, object?>[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var (key, value) = values[i];
            _values[i] = value is null or ValueType
                ? values[i]
                : new KeyValuePair<string, object?>(key, SecretRedaction.Redact(value.ToString() ?? string.Empty));
        }
    }

    public string Message { get; }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}
