using HubFramework.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace HubFramework.Client;

/// <summary>Where to connect: <c>WithUrl</c>.</summary>
public static class HubConnectionBuilderHttpExtensions
{
    /// <summary>Connects to <paramref name="url"/> with every transport allowed.</summary>
    public static IHubConnectionBuilder WithUrl(this IHubConnectionBuilder builder, string url) =>
        builder.WithUrl(ParseUrl(url), HttpTransportType.All, null);

    /// <summary>Connects to <paramref name="url"/> with every transport allowed.</summary>
    public static IHubConnectionBuilder WithUrl(this IHubConnectionBuilder builder, Uri url) =>
        builder.WithUrl(url, HttpTransportType.All, null);

    /// <summary>Connects to <paramref name="url"/>, with further HTTP settings.</summary>
    public static IHubConnectionBuilder WithUrl(this IHubConnectionBuilder builder, string url, Action<HttpConnectionOptions> configure) =>
        builder.WithUrl(ParseUrl(url), HttpTransportType.All, configure);

    /// <summary>Connects to <paramref name="url"/>, with further HTTP settings.</summary>
    public static IHubConnectionBuilder WithUrl(this IHubConnectionBuilder builder, Uri url, Action<HttpConnectionOptions> configure) =>
        builder.WithUrl(url, HttpTransportType.All, configure);

    /// <summary>Connects to <paramref name="url"/> using only <paramref name="transports"/>.</summary>
    public static IHubConnectionBuilder WithUrl(this IHubConnectionBuilder builder, string url, HttpTransportType transports) =>
        builder.WithUrl(ParseUrl(url), transports, null);

    /// <summary>Connects to <paramref name="url"/> using only <paramref name="transports"/>, with further HTTP settings.</summary>
    public static IHubConnectionBuilder WithUrl(
        this IHubConnectionBuilder builder, Uri url, HttpTransportType transports, Action<HttpConnectionOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(url);
        builder.Services.Configure<HttpConnectionOptions>(o =>
        {
            o.Url = url;
            o.Transports = transports;
            configure?.Invoke(o);
        });
        return builder;
    }

    private static Uri ParseUrl(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{url}' is not an absolute URL.", nameof(url));
    }
}
