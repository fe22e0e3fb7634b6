using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using HubFramework.Server.Connections.Security;
using HubFramework.Server.Tests.Connections;
using static HubFramework.Server.Tests.Transports.WebSocketClient;

namespace HubFramework.Server.Tests.Security;

/// <summary>Connection caps refuse newcomers cleanly (503/429 with a reason) and leave existing connections alone.</summary>
public class ConnectionCapTests
{
    [Fact]
    public async Task TheNodeCapRefusesNewConnectionsWith503AndKeepsServingThoseItHas()
    {
        await using var server = await ConnectionTestServer.StartAsync(server: o => o.MaxConnections = 3);
        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                sockets.Add(await ConnectAsync(server.WebSocketUri(null)));
            }

            using var negotiate = await NegotiateRawAsync(server);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, negotiate.StatusCode);
            Assert.Equal("The server is at its connection limit (3); try again later.", await negotiate.Content.ReadAsStringAsync());
            await AssertUpgradeRefusedAsync(server, HttpStatusCode.ServiceUnavailable);

            foreach (var socket in sockets)
            {
                await AssertEchoesAsync(socket, "still served");
            }

            // Room comes back when a connection ends.
            using (var cts = new CancellationTokenSource(Bound))
            {
                await sockets[0].CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }

            await WaitForAsync(() => server.Registry.Admission.Count == 2);
            sockets.Add(await ConnectAsync(server.WebSocketUri(null)));
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task ThePerUserCapRefusesThatUserWith429Only()
    {
        await using var server = await StartWithAuthAsync(o => o.MaxConnectionsPerUser = 2);
        await ConnectionOwnershipTests.NegotiateAsAsync(server, "alice");
        await ConnectionOwnershipTests.NegotiateAsAsync(server, "alice");
        using var request = new HttpRequestMessage(HttpMethod.Post, ConnectionTestServer.Path + "/negotiate?negotiateVersion=1");
        request.Headers.Add(TestAuthenticationHandler.Header, "alice");
        using var refused = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("This user has too many connections (limit 2).", await refused.Content.ReadAsStringAsync());

        // Others, and anonymous clients (the per-user cap counts users), are not affected.
        await ConnectionOwnershipTests.NegotiateAsAsync(server, "bob");
        await ConnectionOwnershipTests.NegotiateAsAsync(server, null);
        await ConnectionOwnershipTests.NegotiateAsAsync(server, null);
        await ConnectionOwnershipTests.NegotiateAsAsync(server, null);
    }

    [Fact]
    public async Task ThePerAddressCapRefusesWith429()
    {
        await using var server = await ConnectionTestServer.StartAsync(server: o => o.MaxConnectionsPerRemoteAddress = 2);
        await server.NegotiateAsync();
        await server.NegotiateAsync();
        using var refused = await NegotiateRawAsync(server);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("This address has too many connections (limit 2).", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnstartedConnectionsAreCappedAndExpire()
    {
        await using var server = await ConnectionTestServer.StartAsync(
            o => o.DisconnectTimeout = TimeSpan.FromSeconds(1),
            server: o => o.MaxUnstartedConnections = 5);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await server.NegotiateAsync()).Id);
        }

        using var refused = await NegotiateRawAsync(server);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("waiting for their first transport request", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Starting one makes room for another.
        using var socket = await ConnectAsync(server.WebSocketUri(ids[0]));
        Assert.Equal(4, server.Registry.Admission.UnstartedCount);
        ids.Add((await server.NegotiateAsync()).Id);

        // The others expire; the started one stays.
        await WaitForAsync(() => server.Registry.Admission.UnstartedCount == 0);
        await WaitForAsync(() => server.Registry.Count == 1);
        await AssertEchoesAsync(socket, "alive");
    }

    [Fact]
    public async Task TenThousandNegotiatesThatNeverConnectStayBoundedAndExpire()
    {
        const int Count = 10_000;
        await using var server = await ConnectionTestServer.StartAsync(o => o.DisconnectTimeout = TimeSpan.FromSeconds(3));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var ok = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            using var response = await server.Http.PostAsync(ConnectionTestServer.Path + "/negotiate?negotiateVersion=1", content: null);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref ok);
            }
        });

        // Some may have expired already on a slow machine; none was refused (the default unstarted cap is 10,000).
        Assert.Equal(Count, ok);
        var held = server.Registry.Count;
        var during = GC.GetTotalMemory(forceFullCollection: true);
        var perConnection = (during - before) / Math.Max(1, held);
        // Measured: about 2.2 KB each (20 MB for 10,000); the bound leaves room for a different GC layout.
        Assert.True(
            during - before < 50L * 1024 * 1024,
            $"{held} unstarted connections hold {(during - before) / 1024 / 1024} MB ({perConnection} bytes each).");

        // Beyond the cap negotiates are refused (when the flood was fast enough to still hold them all).
        if (server.Registry.Admission.UnstartedCount == Count)
        {
            using var refused = await NegotiateRawAsync(server);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        await WaitForAsync(() => server.Registry.Count == 0, TimeSpan.FromSeconds(60));
        Assert.Equal(0, server.Registry.Admission.UnstartedCount);
        Assert.Equal(0, server.Registry.Admission.Count);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 20L * 1024 * 1024, $"{(after - before) / 1024 / 1024} MB still held after every connection expired (took {clock.Elapsed}).");
    }

    [Fact]
    public async Task ALargeBodyIsRefusedBeforeItIsRead()
    {
        await using var server = await ConnectionTestServer.StartAsync(o => o.MaxRequestBodySize = 1000);
        var (id, _) = await server.NegotiateAsync();
        (await server.PollAsync(id)).EnsureSuccessStatusCode();
        using (var tooLarge = await server.PostAsync(id, new byte[1001]))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        }

        // Chunked (no length): cut off by the server at the same limit while reading.
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, ConnectionTestServer.Path + ConnectionTestServer.IdQuery(id)))
        {
            chunked.Content = new StreamContent(new MemoryStream(new byte[5000]));
            chunked.Headers.TransferEncodingChunked = true;
            using var response = await server.Http.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        using var fits = await server.PostAsync(id, Encoding.UTF8.GetBytes("fits"));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
    }

    [Fact]
    public void TheDefaultCapIsDerivedFromTheDescriptorLimit()
    {
        Assert.Equal(1200, DescriptorLimit.ConnectionCapFor(2000));
        Assert.Equal(12_000, DescriptorLimit.ConnectionCapFor(20_000));
        Assert.Equal(600, DescriptorLimit.SocketCapFor(2000));
        Assert.Equal(1050, DescriptorLimit.ConnectionCapFor(2000, inUse: 250));
        Assert.Equal(525, DescriptorLimit.SocketCapFor(2000, inUse: 250));
        if (OperatingSystem.IsLinux())
        {
            var limit = DescriptorLimit.Read();
            Assert.NotNull(limit);
            var admission = new ConnectionAdmission(new HubFramework.Server.Connections.ClientConnectionsOptions(), limit);
            Assert.Equal(DescriptorLimit.ConnectionCapFor(limit!.Value, DescriptorLimit.InUseAtStart), admission.MaxConnections);
        }
    }

    [Theory]
    [InlineData("MaxConnections")]
    [InlineData("MaxUnstartedConnections")]
    [InlineData("MaxConnectionsPerUser")]
    [InlineData("MaxConnectionsPerRemoteAddress")]
    public async Task NonPositiveCapsFailAtStartUp(string option)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ConnectionTestServer.StartAsync(server: o => typeof(HubFramework.Server.Connections.ClientConnectionsOptions).GetProperty(option)!.SetValue(o, 0)));
        var outOfRange = Assert.IsType<ArgumentOutOfRangeException>(error is ArgumentOutOfRangeException ? error : error.InnerException);
        Assert.Equal(option, outOfRange.ParamName);
    }

    [Fact]
    public async Task ANonPositiveBodyLimitFailsAtMapping()
    {
        var error = await Assert.ThrowsAnyAsync<ArgumentOutOfRangeException>(() => ConnectionTestServer.StartAsync(o => o.MaxRequestBodySize = 0));
        Assert.Equal("MaxRequestBodySize", error.ParamName);
    }

    private static Task<ConnectionTestServer> StartWithAuthAsync(Action<HubFramework.Server.Connections.ClientConnectionsOptions> server)
        => ConnectionTestServer.StartAsync(
            services: s =>
            {
                Microsoft.Extensions.DependencyInjection.AuthenticationServiceCollectionExtensions.AddAuthentication(s, TestAuthenticationHandler.SchemeName)
                    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
            },
            pipeline: app => Microsoft.AspNetCore.Builder.AuthAppBuilderExtensions.UseAuthentication(app),
            server: server);

    private static Task<HttpResponseMessage> NegotiateRawAsync(ConnectionTestServer server)
        => server.Http.PostAsync(ConnectionTestServer.Path + "/negotiate?negotiateVersion=1", content: null);

    private static async Task AssertUpgradeRefusedAsync(ConnectionTestServer server, HttpStatusCode expected)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(Bound);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri(null), cts.Token));
        Assert.Equal(expected, socket.HttpStatusCode);
    }

    private static async Task AssertEchoesAsync(ClientWebSocket socket, string text)
    {
        await SendAsync(socket, Encoding.UTF8.GetBytes(text));
        var (_, payload) = await ReceiveAsync(socket);
        Assert.Equal(text, Encoding.UTF8.GetString(payload));
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met in time.");
            }

            await Task.Delay(50);
        }
    }
}
