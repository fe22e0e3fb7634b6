using System.IO.Pipelines;
using HubFramework.Client.Http;
using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>
/// What a hub session runs over: an HTTP connection (negotiate + transport), or a namespace channel carried inside
/// another hub connection (multiplexing).
/// </summary>
internal interface ITransportConnection : IAsyncDisposable
{
    string? ConnectionId { get; }

    HttpTransportType TransportType { get; }

    bool IsStatefulReconnectEnabled { get; }

    IReadOnlyList<TransportSkip> SkippedTransports { get; }

    /// <summary>Protocol extensions the server advertised (negotiate's <c>hubExtensions</c>).</summary>
    IReadOnlyList<string> Extensions { get; }

    IDuplexPipe Transport { get; }

    Task StartAsync(TransferFormat transferFormat, long receiveBufferSize, CancellationToken cancellationToken);

    Task<IDuplexPipe> ResumeAsync(CancellationToken cancellationToken);

    ValueTask AbortAsync();
}
