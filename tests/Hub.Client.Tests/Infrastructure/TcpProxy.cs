using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HubFramework.Client.Tests.Infrastructure;

/// <summary>
/// A TCP relay on a free loopback port in front of a server, so a test can cut every connection abruptly
/// (RST, no close handshake), as a network failure would, while new connections keep working.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private IPEndPoint _target;
    private readonly ConcurrentDictionary<int, (Socket Client, Socket Server)> _pairs = new();
    private readonly CancellationTokenSource _stopped = new();
    private readonly Task _accepting;
    private int _nextId;
    private int _accepted;

    public TcpProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>The proxy's URL for the target's <paramref name="relative"/> path.</summary>
    public Uri Url(string relative) => new($"http://127.0.0.1:{Port}/{relative.TrimStart('/')}");

    /// <summary>Sends connections accepted from now on to <paramref name="target"/> (open ones stay where they are).</summary>
    public void Retarget(Uri target) => Volatile.Write(ref _target, new IPEndPoint(IPAddress.Parse(target.Host), target.Port));

    /// <summary>Resets every open connection on both sides at once.</summary>
    public int DropAll()
    {
        var dropped = 0;
        foreach (var (id, pair) in _pairs)
        {
            if (_pairs.TryRemove(id, out _))
            {
                Reset(pair.Client);
                Reset(pair.Server);
                dropped++;
            }
        }

        return dropped;
    }

    public async ValueTask DisposeAsync()
    {
        _stopped.Cancel();
        _listener.Stop();
        DropAll();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stopped.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopped.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stopped.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _accepted);
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(Volatile.Read(ref _target), _stopped.Token).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                Reset(client);
                server.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextId);
            _pairs[id] = (client, server);
            _ = RelayAsync(id, client, server);
        }
    }

    private async Task RelayAsync(int id, Socket client, Socket server)
    {
        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client)).ConfigureAwait(false);
        if (_pairs.TryRemove(id, out _))
        {
            // One side closed normally: pass the close on.
            Close(client);
            Close(server);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
