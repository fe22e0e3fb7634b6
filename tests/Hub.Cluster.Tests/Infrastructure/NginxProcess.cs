using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HubFramework.Cluster.Tests.Infrastructure;

/// <summary>
/// A real nginx (Debian's) as a round-robin load balancer in front of the given upstreams, with its own config in a
/// temp folder (<c>nginx -p dir -c dir/nginx.conf -g 'daemon off;'</c>) on a free loopback port: no ip_hash, no
/// sticky cookie; HTTP/1.1 and Upgrade headers to the upstreams (WebSockets), no buffering (event streams, polls).
/// The same configuration as tests/Interop/nginx.mjs.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output;

    private NginxProcess(Process process, string directory, int port, ConcurrentQueue<string> output)
    {
        _process = process;
        _directory = directory;
        _output = output;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseUrl { get; }

    public Uri Url(string relative) => new(BaseUrl, relative.TrimStart('/'));

    /// <summary>The access log: one line per request with the upstream that served it (<c>upstream=host:port</c>).</summary>
    public string AccessLog => File.Exists(Path.Combine(_directory, "access.log")) ? File.ReadAllText(Path.Combine(_directory, "access.log")) : string.Empty;

    public static async Task<NginxProcess> StartAsync(IEnumerable<Uri> upstreams)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hub-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var servers = string.Join('\n', upstreams.Select(u => $"    server {u.Host}:{u.Port};"));
        await File.WriteAllTextAsync(Path.Combine(directory, "nginx.conf"), $$"""
            worker_processes 1;
            error_log {{directory}}/error.log warn;
            pid {{directory}}/nginx.pid;
            events { worker_connections 1024; }
            http {
              log_format upstream '$request_method $uri $status upstream=$upstream_addr';
              access_log {{directory}}/access.log upstream;
              client_body_temp_path {{directory}}/client_body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
              upstream hub_nodes {
            {{servers}}
              }
              server {
                listen 127.0.0.1:{{port}};
                client_max_body_size 0;
                location / {
                  proxy_pass http://hub_nodes;
                  proxy_http_version 1.1;
                  proxy_set_header Upgrade $http_upgrade;
                  proxy_set_header Connection $connection_upgrade;
                  proxy_set_header Host $host;
                  proxy_buffering off;
                  proxy_request_buffering off;
                  proxy_cache off;
                  proxy_read_timeout 300s;
                  proxy_send_timeout 300s;
                }
              }
            }
            """).ConfigureAwait(false);

        var startInfo = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-g", "daemon off;" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("nginx could not start (./test.sh installs it).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var nginx = new NginxProcess(process, directory, port, output);
        var deadline = Stopwatch.StartNew();
        while (!await CanConnectAsync(port).ConfigureAwait(false))
        {
            if (process.HasExited || deadline.Elapsed > ReadyTimeout)
            {
                await nginx.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"nginx did not listen on {port}:\n{string.Join('\n', output)}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return nginx;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
