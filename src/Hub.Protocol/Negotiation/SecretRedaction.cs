namespace HubFramework.Protocol;

/// <summary>
/// Removes the secrets a SignalR-style connection carries in URLs and headers from text meant for logs: the values
/// of the <c>access_token</c> query parameter (browsers cannot send headers with WebSocket and EventSource requests,
/// so tokens travel there), of the <c>id</c> query parameter (the connection token, which lets whoever holds it use
/// the connection), and bearer credentials.
/// </summary>
public static class SecretRedaction
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Placeholder = "[redacted]";

    private static readonly string[] SecretParameters = ["access_token=", "id="];
    private const string Bearer = "Bearer ";

    /// <summary>Whether <paramref name="text"/> holds anything <see cref="Redact(string)"/> would remove.</summary>
    public static bool ContainsSecret(ReadOnlySpan<char> text)
    {
        foreach (var parameter in SecretParameters)
        {
            if (IndexOfParameter(text, parameter, 0) >= 0)
            {
                return true;
            }
        }

        return text.IndexOf(Bearer, StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary><paramref name="uri"/> as text, with its secrets replaced by <see cref="Placeholder"/>.</summary>
    public static string Redact(Uri? uri) => uri is null ? string.Empty : Redact(uri.OriginalString);

    /// <summary><paramref name="text"/> with every secret query value and bearer credential replaced by <see cref="Placeholder"/>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ContainsSecret(text))
        {
            return text;
        }

        var result = text;
        foreach (var parameter in SecretParameters)
        {
            result = RedactParameter(result, parameter);
        }

        return RedactBearer(result);
    }

    private static string RedactParameter(string text, string parameter)
    {
        var start = IndexOfParameter(text, parameter, 0);
        if (start < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var copied = 0;
        while (start >= 0)
        {
            var valueStart = start + parameter.Length;
            var valueEnd = valueStart;
            while (valueEnd < text.Length && !EndsValue(text[valueEnd]))
            {
                valueEnd++;
            }

            builder.Append(text, copied, valueStart - copied).Append(Placeholder);
            copied = valueEnd;
            start = IndexOfParameter(text, parameter, valueEnd);
        }

        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static string RedactBearer(string text)
    {
        var start = text.IndexOf(Bearer, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var copied = 0;
        while (start >= 0)
        {
            var valueStart = start + Bearer.Length;
            var valueEnd = valueStart;
            while (valueEnd < text.Length && !char.IsWhiteSpace(text[valueEnd]) && text[valueEnd] is not '"' and not '\'' and not ',')
            {
                valueEnd++;
            }

            builder.Append(text, copied, valueStart - copied).Append(Placeholder);
            copied = valueEnd;
            start = valueEnd < text.Length ? text.IndexOf(Bearer, valueEnd, StringComparison.OrdinalIgnoreCase) : -1;
        }

        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    // A query parameter: preceded by '?' or '&' (so "id=" inside another name, like "userid=", does not count).
    private static int IndexOfParameter(ReadOnlySpan<char> text, string parameter, int from)
    {
        while (from < text.Length)
        {
            var found = text[from..].IndexOf(parameter, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return -1;
            }

            var at = from + found;
            if (at > 0 && text[at - 1] is '?' or '&')
            {
                return at;
            }

            from = at + parameter.Length;
        }

        return -1;
    }

    private static bool EndsValue(char c) => c is '&' or '#' or ' ' or '"' or '\'' or '\r' or '\n' or '\t' or '<' or '>';
}
