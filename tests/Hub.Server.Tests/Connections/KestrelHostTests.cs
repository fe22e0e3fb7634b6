using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Connections;

public class KestrelHostTests
{
    [Fact]
    public async Task ServesRequestsOnLoopbackAndStops()
    {
        Uri baseUri;
        await using (var host = await KestrelHost.StartAsync(app => app.MapGet("/ping", () => "pong")))
        {
            baseUri = host.BaseUri;
            Assert.Equal("127.0.0.1", baseUri.Host);
            Assert.NotEqual(0, baseUri.Port);
            using var client = new HttpClient();
            Assert.Equal("pong", await client.GetStringAsync(host.Url("/ping")));
        }

        using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetStringAsync(new Uri(baseUri, "ping")));
    }
}
