using System.Buffers;
using System.Buffers.Binary;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace HubFramework.Server.Backplane.Nats;

/// <summary>
/// What the owner needs to serve a request another node received: the request line, its headers, the connection's
/// addresses and the identity the receiving node authenticated (every claim of every identity, with the types the
/// identities use for name and role, and when the authentication expires). Sent as JSON, length-prefixed, ahead of
/// the first body bytes in the open message.
/// </summary>
internal sealed class RelayRequestHead
{
    // Credentials stay on the node that checked them: the owner gets the resulting identity instead, which it cannot
    // confuse with a token it should validate again. Hop-by-hop headers describe the edge's own HTTP connection.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "TE", "Trailer",
        "Proxy-Connection", "Proxy-Authorization", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
        "Content-Length",
    };

    public string Endpoint { get; set; } = string.Empty;

    public string EdgeNode { get; set; } = string.Empty;

    public ulong EdgeStream { get; set; }

    public int Window { get; set; }

    public string Method { get; set; } = "GET";

    public string Scheme { get; set; } = "http";

    public string Protocol { get; set; } = "HTTP/1.1";

    public string PathBase { get; set; } = string.Empty;

    public string Path { get; set; } = string.Empty;

    public string QueryString { get; set; } = string.Empty;

    public bool WebSocket { get; set; }

    public List<KeyValuePair<string, string[]>> Headers { get; } = [];

    public string? RemoteIp { get; set; }

    public int RemotePort { get; set; }

    public string? LocalIp { get; set; }

    public int LocalPort { get; set; }

    public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());

    public DateTimeOffset? AuthenticationExpiresUtc { get; set; }

    public static RelayRequestHead FromRequest(HttpContext context, string endpoint)
    {
        var request = context.Request;
        var head = new RelayRequestHead
        {
            Endpoint = endpoint,
            Method = request.Method,
            Scheme = request.Scheme,
            Protocol = request.Protocol,
            PathBase = request.PathBase.Value ?? string.Empty,
            Path = request.Path.Value ?? string.Empty,
            QueryString = WithoutAccessToken(request.QueryString),
            WebSocket = context.WebSockets.IsWebSocketRequest,
            RemoteIp = context.Connection.RemoteIpAddress?.ToString(),
            RemotePort = context.Connection.RemotePort,
            LocalIp = context.Connection.LocalIpAddress?.ToString(),
            LocalPort = context.Connection.LocalPort,
            User = context.User,
            AuthenticationExpiresUtc = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc,
        };
        foreach (var header in request.Headers)
        {
            if (!NotForwarded.Contains(header.Key))
            {
                head.Headers.Add(new KeyValuePair<string, string[]>(header.Key, header.Value.ToArray()!));
            }
        }

        return head;
    }

    /// <summary>
    /// Writes <c>[head length u32][head JSON]</c>; the open message continues with one byte (1: the body that follows
    /// is the whole body) and the first body bytes.
    /// </summary>
    public void Write(ArrayBufferWriter<byte> output)
    {
        var lengthAt = output.WrittenCount;
        output.Advance(WriteLengthPlaceholder(output));
        var start = output.WrittenCount;
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteString("e", Endpoint);
            json.WriteString("n", EdgeNode);
            json.WriteNumber("s", EdgeStream);
            json.WriteNumber("w", Window);
            json.WriteString("m", Method);
            json.WriteString("sc", Scheme);
            json.WriteString("pr", Protocol);
            json.WriteString("pb", PathBase);
            json.WriteString("p", Path);
            json.WriteString("q", QueryString);
            json.WriteBoolean("ws", WebSocket);
            if (RemoteIp is not null)
            {
                json.WriteString("ra", RemoteIp);
                json.WriteNumber("rp", RemotePort);
            }

            if (LocalIp is not null)
            {
                json.WriteString("la", LocalIp);
                json.WriteNumber("lp", LocalPort);
            }

            if (AuthenticationExpiresUtc is { } expires)
            {
                json.WriteNumber("x", expires.ToUnixTimeMilliseconds());
            }

            json.WriteStartArray("h");
            foreach (var (name, values) in Headers)
            {
                json.WriteStartArray();
                json.WriteStringValue(name);
                foreach (var value in values)
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("u");
            foreach (var identity in User.Identities)
            {
                json.WriteStartObject();
                if (identity.AuthenticationType is { } type)
                {
                    json.WriteString("t", type);
                }

                json.WriteString("nt", identity.NameClaimType);
                json.WriteString("rt", identity.RoleClaimType);
                json.WriteStartArray("c");
                foreach (var claim in identity.Claims)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(claim.Type);
                    json.WriteStringValue(claim.Value);
                    json.WriteStringValue(claim.ValueType);
                    json.WriteStringValue(claim.Issuer);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // ArrayBufferWriter exposes its written bytes read-only; the placeholder is patched in its current array.
        var length = output.WrittenCount - start;
        BinaryPrimitives.WriteUInt32LittleEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(output.WrittenMemory).Span[lengthAt..], (uint)length);
    }

    /// <summary>Parses an open message: the head and the body bytes after it; false for anything malformed.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> message, out RelayRequestHead head, out ReadOnlyMemory<byte> body, out bool bodyComplete)
    {
        head = new RelayRequestHead();
        body = default;
        bodyComplete = false;
        if (message.Length < 5)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(message.Span);
        if (length > message.Length - 5)
        {
            return false;
        }

        bodyComplete = message.Span[4 + (int)length] == 1;
        body = message[(5 + (int)length)..];
        try
        {
            using var document = JsonDocument.Parse(message.Slice(4, (int)length));
            var root = document.RootElement;
            head.Endpoint = root.GetProperty("e").GetString() ?? string.Empty;
            head.EdgeNode = root.GetProperty("n").GetString() ?? string.Empty;
            head.EdgeStream = root.GetProperty("s").GetUInt64();
            head.Window = root.GetProperty("w").GetInt32();
            head.Method = root.GetProperty("m").GetString() ?? string.Empty;
            head.Scheme = root.GetProperty("sc").GetString() ?? "http";
            head.Protocol = root.GetProperty("pr").GetString() ?? "HTTP/1.1";
            head.PathBase = root.GetProperty("pb").GetString() ?? string.Empty;
            head.Path = root.GetProperty("p").GetString() ?? string.Empty;
            head.QueryString = root.GetProperty("q").GetString() ?? string.Empty;
            head.WebSocket = root.GetProperty("ws").GetBoolean();
            if (root.TryGetProperty("ra", out var remote))
            {
                head.RemoteIp = remote.GetString();
                head.RemotePort = root.GetProperty("rp").GetInt32();
            }

            if (root.TryGetProperty("la", out var local))
            {
                head.LocalIp = local.GetString();
                head.LocalPort = root.GetProperty("lp").GetInt32();
            }

            if (root.TryGetProperty("x", out var expires))
            {
                head.AuthenticationExpiresUtc = DateTimeOffset.FromUnixTimeMilliseconds(expires.GetInt64());
            }

            foreach (var header in root.GetProperty("h").EnumerateArray())
            {
                var values = header.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray();
                if (values.Length >= 1 && values[0].Length > 0)
                {
                    head.Headers.Add(new KeyValuePair<string, string[]>(values[0], values[1..]));
                }
            }

            var identities = new List<ClaimsIdentity>();
            foreach (var item in root.GetProperty("u").EnumerateArray())
            {
                var claims = new List<Claim>();
                foreach (var claim in item.GetProperty("c").EnumerateArray())
                {
                    var parts = claim.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray();
                    if (parts.Length == 4)
                    {
                        claims.Add(new Claim(parts[0], parts[1], parts[2], parts[3]));
                    }
                }

                var type = item.TryGetProperty("t", out var t) ? t.GetString() : null;
                identities.Add(new ClaimsIdentity(claims, type, item.GetProperty("nt").GetString(), item.GetProperty("rt").GetString()));
            }

            head.User = identities.Count == 0 ? new ClaimsPrincipal(new ClaimsIdentity()) : new ClaimsPrincipal(identities);
            return head.Endpoint.Length > 0 && head.EdgeNode.Length > 0 && head.Method.Length > 0 && head.Window > 0;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The authentication result the owner's connection code reads the expiry from.</summary>
    public IAuthenticateResultFeature? CreateAuthenticateResult()
    {
        if (AuthenticationExpiresUtc is null || User.Identity is not { IsAuthenticated: true } identity)
        {
            return null;
        }

        var properties = new AuthenticationProperties { ExpiresUtc = AuthenticationExpiresUtc };
        var ticket = new AuthenticationTicket(User, properties, identity.AuthenticationType ?? "Relayed");
        return new RelayedAuthenticateResult(AuthenticateResult.Success(ticket));
    }

    public IHeaderDictionary CreateHeaders()
    {
        var headers = new HeaderDictionary();
        foreach (var (name, values) in Headers)
        {
            headers[name] = new StringValues(values);
        }

        return headers;
    }

    private static int WriteLengthPlaceholder(ArrayBufferWriter<byte> output)
    {
        output.GetSpan(4)[..4].Clear();
        return 4;
    }

    private static string WithoutAccessToken(QueryString query)
    {
        var value = query.Value;
        if (string.IsNullOrEmpty(value) || !value.Contains("access_token", StringComparison.OrdinalIgnoreCase))
        {
            return value ?? string.Empty;
        }

        var kept = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(value)
            .Where(p => !string.Equals(p.Key, "access_token", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));
        return Microsoft.AspNetCore.Http.QueryString.Create(kept).Value ?? string.Empty;
    }

    private sealed class RelayedAuthenticateResult(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }
}
