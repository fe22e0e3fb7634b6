using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using HubFramework.Client.Http;
using HubFramework.Client.Transports;
using HubFramework.Protocol;

namespace HubFramework.Client.Internal;

/// <summary>
/// The transport of a <see cref="HubNamespace"/>: one channel inside the physical connection. Starting it opens the
/// namespace on the server (<c>$mux.open</c>); what the namespace's hub connection writes goes out as <c>$mux.data</c>;
/// what arrives for the channel is fed to it. Each start is a fresh channel (a reconnect opens the namespace anew).
/// </summary>
internal sealed class NamespaceChannel(NamespaceChannels channels, string path) : ITransportConnection
{
    private static readonly TimeSpan ParentPollInterval = TimeSpan.FromMilliseconds(50);
    private Pipe? _input;
    private Pipe? _output;
    private IDuplexPipe? _transport;
    private Task _pump = Task.CompletedTask;
    private TransferFormat _format;

    public string Id { get; private set; } = string.Empty;

    public string? ConnectionId { get; private set; }

    public HttpTransportType TransportType => channels.Owner.TransportType ?? HttpTransportType.None;

    public bool IsStatefulReconnectEnabled => false;

    public IReadOnlyList<TransportSkip> SkippedTransports => [];

    public IReadOnlyList<string> Extensions => [];

    public IDuplexPipe Transport => _transport ?? throw new InvalidOperationException("The namespace channel is not open.");

    public async Task StartAsync(TransferFormat transferFormat, long receiveBufferSize, CancellationToken cancellationToken)
    {
        var owner = channels.Owner;

        // After a lost physical connection, the namespace comes back once the connection has reconnected.
        while (owner.State != HubConnectionState.Connected)
        {
            if (owner.State == HubConnectionState.Disconnected)
            {
                throw new HubConnectionClosedException($"The connection that carried namespace '{path}' is closed.");
            }

            await Task.Delay(ParentPollInterval, cancellationToken).ConfigureAwait(false);
        }

        if (!owner.OffersMultiplexing)
        {
            throw new NotSupportedException(HubConnection.MultiplexingUnavailable(path));
        }

        _format = transferFormat;
        Id = channels.NextChannelId();
        _input = new Pipe(new PipeOptions(useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(useSynchronizationContext: false));
        _transport = new DuplexPipe(_input.Reader, _output.Writer);
        channels.Add(this);
        try
        {
            ConnectionId = await owner.InvokeCoreAsync(NamespaceChannels.Open, typeof(string), [Id, path], cancellationToken).ConfigureAwait(false) as string;
        }
        catch (HubException ex)
        {
            channels.Remove(this);
            throw new HubException($"Namespace '{path}' could not be opened: {ex.Message}", ex);
        }
        catch
        {
            channels.Remove(this);
            throw;
        }

        _pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    public Task<IDuplexPipe> ResumeAsync(CancellationToken cancellationToken)
        => throw new NotSupportedException("A namespace channel has no stateful reconnect.");

    public async ValueTask DisposeAsync()
    {
        if (_output is { } output)
        {
            await output.Writer.CompleteAsync().ConfigureAwait(false);
        }

        await _pump.ConfigureAwait(false);
        channels.Remove(this);
    }

    public async ValueTask AbortAsync()
    {
        channels.Remove(this);
        _output?.Reader.CancelPendingRead();
        await _pump.ConfigureAwait(false);
    }

    /// <summary>Bytes of the namespace's hub connection from the server.</summary>
    public async ValueTask DeliverAsync(object? payload)
    {
        if (_input is not { } input)
        {
            return;
        }

        var writer = input.Writer;
        try
        {
            switch (payload)
            {
                case string text:
                    var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
                    writer.Advance(Encoding.UTF8.GetBytes(text, span));
                    break;
                case byte[] bytes:
                    writer.Write(bytes);
                    break;
                default:
                    return;
            }

            await writer.FlushAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Completed a moment ago: the channel is closing.
        }
    }

    /// <summary>The server ended the channel (null reason: cleanly).</summary>
    public void Closed(string? reason)
        => _input?.Writer.Complete(reason is null ? null : new HubConnectionClosedException($"The server closed namespace '{path}': {reason}"));

    /// <summary>The physical connection is gone.</summary>
    public void Lost(Exception? error)
    {
        _input?.Writer.Complete(new HubConnectionClosedException($"The connection that carried namespace '{path}' was lost.", error));
        _output?.Reader.CancelPendingRead();
    }

    private async Task PumpAsync()
    {
        var reader = _output!.Reader;
        var owner = channels.Owner;
        var completed = false;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty && !result.IsCanceled)
                {
                    object payload = _format == TransferFormat.Binary ? buffer.ToArray() : Encoding.UTF8.GetString(buffer);
                    await owner.SendCoreAsync(NamespaceChannels.Data, [Id, payload]).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCanceled)
                {
                    break;
                }

                if (result.IsCompleted)
                {
                    completed = true;
                    break;
                }
            }

            if (completed && owner.State == HubConnectionState.Connected)
            {
                await owner.SendCoreAsync(NamespaceChannels.Close, [Id, null]).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or HubConnectionClosedException or OperationCanceledException or IOException)
        {
            // The physical connection went away underneath: the namespace learns it through Lost.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
