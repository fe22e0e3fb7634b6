using System.IO.Pipelines;
using HubFramework.Protocol;

namespace HubFramework.Client.Transports;

/// <summary>
/// Moves bytes between the client and the server. The connection reads what the server sent from
/// <see cref="Application"/>'s input and writes what to send to its output; completing that output asks the
/// transport to close. The input completes when the transport ends: cleanly when the server closed it, with
/// the error when it failed.
/// </summary>
internal interface IClientTransport : IAsyncDisposable
{
    /// <summary>The connection's side of the transport.</summary>
    IDuplexPipe Application { get; }

    /// <summary>Connects; returns once bytes can flow, throws when this transport cannot be used.</summary>
    Task StartAsync(Uri url, TransferFormat transferFormat, CancellationToken cancellationToken);

    /// <summary>Closes gracefully (bounded by the close timeout), then releases everything.</summary>
    Task StopAsync();
}
