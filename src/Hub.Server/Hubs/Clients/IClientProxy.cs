using HubFramework.Server.Hubs.Outbound;

namespace HubFramework.Server.Hubs;

/// <summary>Sends invocations to one or many connections.</summary>
public interface IClientProxy
{
    /// <summary>
    /// Invokes <paramref name="method"/> on the targeted clients without waiting for them. Completes once the message is
    /// queued for every target (never waits for a socket when there are several targets).
    /// </summary>
    Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="SendCoreAsync(string, object?[], CancellationToken)"/>, with a per-send outbound policy.</summary>
    Task SendCoreAsync(string method, object?[] args, SendOptions? options, CancellationToken cancellationToken = default);
}
