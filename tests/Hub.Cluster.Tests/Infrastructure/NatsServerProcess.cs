using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>
/// A real <c>nats-server</c> (JetStream on, store in a temp folder) on a free loopback port. <see cref="RestartAsync"/>
/// brings it back on the same port, as an outage would; dispose kills it and deletes its folder.
/// </summary>
public sealed partial class NatsServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);

    private readonly string _storeDirectory;
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private NatsServerProcess(string storeDirectory, IReadOnlyList<string> extraArguments)
    {
        _storeDirectory = storeDirectory;
        _extraArguments = extraArguments;
    }

    /// <summary>The client port (fixed after the first start, so a restart keeps it).</summary>
    public int Port { get; private set; }

    /// <summary><c>nats://127.0.0.1:{port}</c>.</summary>
    public string Url => $"nats://127.0.0.1:{Port}";

    /// <summary>Everything the server logged (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server; <paramref name="extraArguments"/> are passed on (e.g. <c>--user</c>, <c>--max_payload</c>).</summary>
    public static async Task<NatsServerProcess> StartAsync(params string[] extraArguments)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hub-nats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var server = new NatsServerProcess(directory, extraArguments);
        try
        {
            await server.StartProcessAsync(port: -1).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Kills the server at once (an outage: no graceful lame-duck phase).</summary>
    public void Stop()
    {
        if (_process is { } process)
        {
            Kill(process);
            process.Dispose();
            _process = null;
        }
    }

    /// <summary>Starts it again on the same port (after <see cref="Stop"/>, or kills and restarts).</summary>
    public async Task RestartAsync()
    {
        Stop();
        await StartProcessAsync(Port).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(_storeDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync(int port)
    {
        var executable = File.Exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-js", "-sd", _storeDirectory })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var argument in _extraArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            _output.Enqueue(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                ready.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"nats-server exited before it listened:\n{Output}"));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("nats-server is not installed (./test.sh installs it: apt-get install nats-server).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            Port = await ready.Task.WaitAsync(ReadyTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Stop();
            throw new TimeoutException($"nats-server did not listen within {ReadyTimeout.TotalSeconds} s:\n{Output}");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    [GeneratedRegex(@"Listening for client connections on [^:\s]+:(\d+)")]
    private static partial Regex ListeningLine();
}
