using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace HubFramework.Server.Connections;

/// <summary>
/// The path of a connection endpoint with its route values filled in, in one canonical form: the pattern's literal
/// text as mapped (routing matches literals case-insensitively, so the client's spelling must not matter) and each
/// route value escaped so the result holds only <c>A-Z a-z 0-9 - _ / %</c> (safe in NATS subjects, no '.' or
/// wildcard). A connection belongs to the endpoint path it was negotiated at; requests at another path do not find it.
/// </summary>
public sealed class EndpointPathTemplate
{
    private readonly RoutePattern _pattern;
    private readonly TemplateMatcherAdapter _matcher;

    /// <summary>Parses <paramref name="pattern"/> (a route pattern such as <c>/tenants/{tenant}/hubs/chat</c>).</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid route pattern.</exception>
    public EndpointPathTemplate(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        var trimmed = "/" + pattern.Trim('/');
        try
        {
            _pattern = RoutePatternFactory.Parse(trimmed);
        }
        catch (RoutePatternException ex)
        {
            throw new ArgumentException($"'{pattern}' is not a valid route pattern: {ex.Message}", nameof(pattern), ex);
        }

        Pattern = trimmed;
        IsDynamic = _pattern.Parameters.Count > 0;
        _matcher = new TemplateMatcherAdapter(_pattern);
    }

    /// <summary>The pattern, with one leading slash and no trailing one.</summary>
    public string Pattern { get; }

    /// <summary>Whether the pattern has route parameters (one endpoint path per set of values).</summary>
    public bool IsDynamic { get; }

    /// <summary>The canonical endpoint path for <paramref name="values"/> (the request's route values).</summary>
    public string Resolve(RouteValueDictionary values)
    {
        if (!IsDynamic)
        {
            return Pattern;
        }

        var builder = new StringBuilder(Pattern.Length + 16);
        foreach (var segment in _pattern.PathSegments)
        {
            builder.Append('/');
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        builder.Append(literal.Content);
                        break;
                    case RoutePatternSeparatorPart separator:
                        builder.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        AppendEscaped(builder, Convert.ToString(values.TryGetValue(parameter.Name, out var value) ? value : null, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                        break;
                }
            }
        }

        return builder.ToString();
    }

    /// <summary>The canonical endpoint path of the request <paramref name="context"/> was routed with.</summary>
    public string Resolve(HttpContext context) => Resolve(context.Request.RouteValues);

    /// <summary>
    /// Matches a path (as a client would address it, e.g. <c>/tenants/acme/hubs/chat</c>) against the pattern; on a
    /// match, <paramref name="canonical"/> is its canonical form and <paramref name="values"/> its route values.
    /// </summary>
    public bool TryMatch(string path, out string canonical, out RouteValueDictionary values)
    {
        ArgumentNullException.ThrowIfNull(path);
        values = new RouteValueDictionary();
        canonical = string.Empty;
        var normalized = "/" + path.Trim('/');
        if (!_matcher.TryMatch(normalized, values))
        {
            return false;
        }

        canonical = Resolve(values);
        return true;
    }

    private static void AppendEscaped(StringBuilder builder, string value)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '_'))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                builder.Append('%').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Routing's own matcher, so a path matches here exactly when it would be routed to the endpoint.</summary>
    private sealed class TemplateMatcherAdapter(RoutePattern pattern)
    {
        private readonly Microsoft.AspNetCore.Routing.Template.TemplateMatcher _matcher = new(
            new Microsoft.AspNetCore.Routing.Template.RouteTemplate(pattern),
            new RouteValueDictionary());

        public bool TryMatch(string path, RouteValueDictionary values) => _matcher.TryMatch(path, values);
    }
}
