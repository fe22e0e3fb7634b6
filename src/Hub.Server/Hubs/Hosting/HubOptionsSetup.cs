using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubFramework.Server.Hubs.Hosting;

/// <summary>
/// Starts a hub's own options (<see cref="HubOptions{THub}"/>) from the global ones, so that <c>AddHubOptions&lt;THub&gt;</c>
/// only has to state what differs. Nested option objects are copied, so changing them for one hub leaves the others alone.
/// </summary>
internal sealed class HubOptionsSetup<THub> : IConfigureOptions<HubOptions<THub>>
    where THub : Hub
{
    private readonly HubOptions _global;

    public HubOptionsSetup(IOptions<HubOptions> global)
    {
        _global = global.Value;
    }

    public void Configure(HubOptions<THub> options)
    {
        CopyProperties(_global, options, typeof(HubOptions));
        options.SupportedProtocols = _global.SupportedProtocols is null ? null : new List<string>(_global.SupportedProtocols);
        if (_global.OutboundQueue is { } queue)
        {
            options.OutboundQueue = Clone(queue);
        }

        if (_global.Rooms is { } rooms)
        {
            options.Rooms = Clone(rooms);
        }

        if (_global.RateLimit is { } rateLimit)
        {
            options.RateLimit = Clone(rateLimit);
        }

        foreach (var filter in _global.HubFilters)
        {
            options.HubFilters.Add(filter);
        }
    }

    /// <summary>The options hub <typeparamref name="THub"/> runs with: its own when any were configured, else the global ones.</summary>
    public static HubOptions Resolve(IServiceProvider services)
        => services.GetServices<IConfigureOptions<HubOptions<THub>>>().Any()
            ? services.GetRequiredService<IOptions<HubOptions<THub>>>().Value
            : services.GetRequiredService<IOptions<HubOptions>>().Value;

    private static T Clone<T>(T source)
        where T : class, new()
    {
        var copy = new T();
        CopyProperties(source, copy, typeof(T));
        return copy;
    }

    // Runs once per hub type at start-up: reflection keeps the copy complete when options gain properties.
    private static void CopyProperties(object source, object target, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanRead && property.CanWrite && property.GetIndexParameters().Length == 0 && property.SetMethod!.IsPublic)
            {
                property.SetValue(target, property.GetValue(source));
            }
        }
    }
}
