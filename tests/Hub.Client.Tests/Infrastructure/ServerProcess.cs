using System.Collections.Concurrent;
using System.Diagnostics;

namespace HubFramework.Client.Tests.Infrastructure;

/// <summary>
/// A server program (Microsoft's reference server or our interop server) running as a real process. Started on
/// 127.0.0.1 (port 0 picks a free one), considered up when it prints <c>READY &lt;url&gt;</c>, killed on dispose.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServerProcess(Process process, Uri baseUrl, ConcurrentQueue<string> output)
    {
        _process = process;
        BaseUrl = baseUrl;
        _output = output;
    }

    /// <summary>Everything the process printed so far (for failure messages).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The address it listens on, with a trailing slash.</summary>
    public Uri BaseUrl { get; }

    public int Port => BaseUrl.Port;

    public bool HasExited => _process.HasExited;

    public Uri Url(string relative) => new(BaseUrl, relative.TrimStart('/'));

    /// <param name="project">The server program (a project under tests/).</param>
    /// <param name="port">The port (0: a free one).</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="openFileLimit">When set, the process runs with this open-file limit (<c>ulimit -n</c>, soft and hard).</param>
    public static async Task<ServerProcess> StartAsync(string project, int port = 0, IReadOnlyDictionary<string, string>? environment = null, int? openFileLimit = null)
    {
        var startInfo = new ProcessStartInfo(openFileLimit is null ? "dotnet" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        if (openFileLimit is { } limit)
        {
            // exec: the server replaces the shell, so killing the process kills the server.
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add($"ulimit -n {limit} && exec dotnet \"$@\"");
            startInfo.ArgumentList.Add("dotnet");
        }

        startInfo.ArgumentList.Add(RepositoryPaths.ServerAssembly(project));
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add($"http://127.0.0.1:{port}");
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (e.Data.StartsWith("READY ", StringComparison.Ordinal)
                && Uri.TryCreate(e.Data["READY ".Length..].Trim().TrimEnd('/') + "/", UriKind.Absolute, out var url))
            {
                ready.TrySetResult(url);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"{project} exited with code {SafeExitCode(process)} before it was ready:\n{string.Join('\n', output)}"));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await ready.Task.WaitAsync(ReadyTimeout).ConfigureAwait(false);
            return new ServerProcess(process, url, output);
        }
        catch (TimeoutException)
        {
            Kill(process);
            process.Dispose();
            throw new TimeoutException($"{project} did not print READY within {ReadyTimeout.TotalSeconds} s:\n{string.Join('\n', output)}");
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash would.</summary>
    public void Kill() => Kill(_process);

    public ValueTask DisposeAsync()
    {
        Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
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
            // Never started or already gone.
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
