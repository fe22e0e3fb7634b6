using System.Text;
using System.Text.Json;
using HubFramework.Samples.Whiteboard.Boards;
using Microsoft.Extensions.Options;

namespace HubFramework.Samples.Whiteboard.Storage;

/// <summary>
/// One file per board under the data directory: JSON lines, a snapshot first (after a compaction), then one line per
/// change. A torn last line (the process died mid-write) is ignored on load.
/// </summary>
public sealed class FileBoardLog : IBoardLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;
    private readonly ILogger<FileBoardLog> _logger;

    public FileBoardLog(IOptions<WhiteboardOptions> options, ILogger<FileBoardLog> logger)
    {
        _directory = Path.Combine(options.Value.DataDirectory, "boards");
        _logger = logger;
        Directory.CreateDirectory(_directory);
    }

    public string Description => $"boards stored in {_directory}";

    public async Task LoadAsync(Board board, CancellationToken cancellationToken)
    {
        var path = PathOf(board);
        if (!File.Exists(path))
        {
            return;
        }

        var lineNumber = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            BoardLogRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<BoardLogRecord>(line, Json);
            }
            catch (JsonException ex)
            {
                WhiteboardLog.UnreadableLogLine(_logger, board.Id, lineNumber, ex.Message);
                continue;
            }

            if (record is null || !record.ApplyTo(board))
            {
                WhiteboardLog.UnreadableLogLine(_logger, board.Id, lineNumber, "out of sequence");
                continue;
            }

            board.ChangesSinceSnapshot = record.Snapshot is null ? board.ChangesSinceSnapshot + 1 : 0;
        }
    }

    public Task CatchUpAsync(Board board, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<bool> AppendAsync(Board board, BoardChange change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var record = JsonSerializer.SerializeToUtf8Bytes(new BoardLogRecord { Change = change }, Json);
        var line = new byte[record.Length + 1];
        record.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        // Not cancellable once started: a half-written line would swallow the next one.
        await using var file = new FileStream(PathOf(board), FileMode.Append, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        await file.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
        await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    public async Task CompactAsync(Board board, CancellationToken cancellationToken)
    {
        var path = PathOf(board);
        var temporary = path + ".tmp";
        var record = new BoardLogRecord { Snapshot = new BoardSync { Version = board.Version, Items = board.Snapshot() } };
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 65536, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(file, record, Json, cancellationToken).ConfigureAwait(false);
            await file.WriteAsync(Encoding.UTF8.GetBytes("\n"), cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        // A rename replaces the old log in one step: a crash leaves either the old log or the new one.
        File.Move(temporary, path, overwrite: true);
        board.ChangesSinceSnapshot = 0;
    }

    private string PathOf(Board board) => Path.Combine(_directory, board.Id + ".jsonl");
}
