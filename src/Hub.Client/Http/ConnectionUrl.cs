using System.Text;

namespace HubFramework.Client.Http;

/// <summary>Builds the negotiate and transport URLs from the hub URL, keeping its path and query.</summary>
internal static class ConnectionUrl
{
    /// <summary><c>{url}/negotiate?{query}&amp;negotiateVersion=1[&amp;useStatefulReconnect=true]</c>.</summary>
    public static Uri Negotiate(Uri url, bool useStatefulReconnect)
    {
        var builder = new UriBuilder(url);
        builder.Path = builder.Path.TrimEnd('/') + "/negotiate";
        var query = AppendQuery(builder.Query, "negotiateVersion", "1");
        if (useStatefulReconnect)
        {
            query = AppendQuery(query, "useStatefulReconnect", "true");
        }

        builder.Query = query;
        return builder.Uri;
    }

    /// <summary>The URL a transport connects to: the hub URL with <c>id</c> set to the connection token.</summary>
    public static Uri WithConnectionId(Uri url, string? id)
    {
        if (id is null)
        {
            return url;
        }

        var builder = new UriBuilder(url) { Query = AppendQuery(new UriBuilder(url).Query, "id", id) };
        return builder.Uri;
    }

    private static string AppendQuery(string existing, string name, string value)
    {
        var query = new StringBuilder(existing.TrimStart('?'));
        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return query.ToString();
    }
}
