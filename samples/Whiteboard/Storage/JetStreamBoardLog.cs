using System.Text.Json;
using HubFramework.Samples.Whiteboard.Boards;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace HubFramework.Samples.Whiteboard.Storage;

/// <summary>
/// Boards shared by every node on one NATS server: a JetStream stream with one subject per board
/// (<c>whiteboard.boards.{id}</c>). Appends carry the subject's last sequence this node has seen, so two nodes never
/// number two changes alike: the loser catches up and retries. Compaction publishes a snapshot and purges what it covers.
/// </summary>
public sealed class JetStreamBoardLog : IBoardLog
{
    public const string StreamName = "WHITEBOARD_BOARDS";
    private const string SubjectRoot = "whiteboard.boards.";
    private const int WrongLastSequence = 10071;
    private const int NoMessageFound = 10037;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NatsJSContext _js;
    private readonly NatsConnection _connection;
    private readonly ILogger<JetStreamBoardLog> _logger;
    private readonly SemaphoreSlim _streamGate = new(1, 1);
    private INatsJSStream? _stream;

    public JetStreamBoardLog(WhiteboardNats nats, ILogger<JetStreamBoardLog> logger)
    {
        _connection = nats.Connection;
        _js = new NatsJSContext(_connection);
        _logger = logger;
    }

    public string Description => $"boards stored in JetStream stream {StreamName} on {_connection.Opts.Url}";

    public async Task LoadAsync(Board board, CancellationToken cancellationToken) => await CatchUpAsync(board, cancellationToken).ConfigureAwait(false);

    public async Task CatchUpAsync(Board board, CancellationToken cancellationToken)
    {
        var stream = await GetStreamAsync(cancellationToken).ConfigureAwait(false);
        var subject = SubjectRoot + board.Id;
        // Bounded: a board's log holds at most one snapshot plus CompactAfterChanges changes (a few more under races).
        for (var i = 0; i < 100_000; i++)
        {
            StreamMsgGetResponse response;
            try
            {
                response = await stream.GetAsync(new StreamMsgGetRequest { Seq = board.LogPosition + 1, NextBySubj = subject }, cancellationToken).ConfigureAwait(false);
            }
            catch (NatsJSApiException ex) when (ex.Error.ErrCode == NoMessageFound)
            {
                return;
            }

            var message = response.Message;
            var record = JsonSerializer.Deserialize<BoardLogRecord>(message.Data.Span, Json);
            if (record is null || !record.ApplyTo(board))
            {
                WhiteboardLog.UnreadableLogLine(_logger, board.Id, (long)message.Seq, "out of sequence");
            }
            else
            {
                board.ChangesSinceSnapshot = record.Snapshot is null ? board.ChangesSinceSnapshot + 1 : 0;
            }

            board.LogPosition = message.Seq;
        }
    }

    public async Task<bool> AppendAsync(Board board, BoardChange change, CancellationToken cancellationToken)
    {
        var ack = await PublishAsync(board, new BoardLogRecord { Change = change }, cancellationToken).ConfigureAwait(false);
        return ack is not null;
    }

    public async Task CompactAsync(Board board, CancellationToken cancellationToken)
    {
        var record = new BoardLogRecord { Snapshot = new BoardSync { Version = board.Version, Items = board.Snapshot() } };
        var ack = await PublishAsync(board, record, cancellationToken).ConfigureAwait(false);
        if (ack is null)
        {
            // Another node appended meanwhile; it (or the next change here) compacts later.
            return;
        }

        board.ChangesSinceSnapshot = 0;
        var stream = await GetStreamAsync(cancellationToken).ConfigureAwait(false);
        await stream.PurgeAsync(new StreamPurgeRequest { Filter = SubjectRoot + board.Id, Seq = ack.Value }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Publishes after the subject's last known sequence; null when another node got there first.</summary>
    private async Task<ulong?> PublishAsync(Board board, BoardLogRecord record, CancellationToken cancellationToken)
    {
        await GetStreamAsync(cancellationToken).ConfigureAwait(false);
        var data = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        var maxPayload = _connection.ServerInfo?.MaxPayload ?? 1024 * 1024;
        if (data.Length > maxPayload - 1024)
        {
            throw new BoardRejectedException($"This change is too large for the shared board store ({data.Length / 1000:N0} KB).");
        }

        var ack = await _js.PublishAsync(
            SubjectRoot + board.Id,
            data,
            opts: new NatsJSPubOpts { ExpectedLastSubjectSequence = board.LogPosition },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (ack.Error is { ErrCode: WrongLastSequence })
        {
            return null;
        }

        ack.EnsureSuccess();
        board.LogPosition = ack.Seq;
        // The change is applied by the caller; what the log holds now matches the board once it is.
        return ack.Seq;
    }

    private async Task<INatsJSStream> GetStreamAsync(CancellationToken cancellationToken)
    {
        if (_stream is { } stream)
        {
            return stream;
        }

        await _streamGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _stream ??= await _js.CreateOrUpdateStreamAsync(
                new StreamConfig(StreamName, [SubjectRoot + ">"])
                {
                    Storage = StreamConfigStorage.File,
                    Retention = StreamConfigRetention.Limits,
                    MaxMsgsPerSubject = -1,
                },
                cancellationToken).ConfigureAwait(false);
            return _stream;
        }
        finally
        {
            _streamGate.Release();
        }
    }
}
