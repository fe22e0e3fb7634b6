using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HubFramework.Server.Tests.Infrastructure;

namespace HubFramework.Server.Tests.Hubs;

/// <summary>The hub layer over the HTTP transports (long polling, Server-Sent Events), with raw HTTP requests.</summary>
public class HubHttpTransportTests
{
    private static async Task<string> NegotiateAsync(HttpClient http, KestrelHost host)
    {
        var response = await http.PostAsync(host.Url(HubKestrelServer.TestPath + "/negotiate?negotiateVersion=1"), null);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return Uri.EscapeDataString(body.RootElement.GetProperty("connectionToken").GetString()!);
    }

    private static async Task SendAsync(HttpClient http, KestrelHost host, string id, string text)
    {
        var response = await http.PostAsync(host.Url($"{HubKestrelServer.TestPath}?id={id}"), new StringContent(text, Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Polls until <paramref name="count"/> records arrived (bounded); returns them without separators.</summary>
    private static async Task<List<string>> PollRecordsAsync(HttpClient http, KestrelHost host, string id, int count)
    {
        var records = new List<string>();
        var pending = string.Empty;
        for (var poll = 0; poll < 20 && records.Count < count; poll++)
        {
            var response = await http.GetAsync(host.Url($"{HubKestrelServer.TestPath}?id={id}"));
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                break;
            }

            pending += await response.Content.ReadAsStringAsync();
            var parts = pending.Split('\u001e');
            records.AddRange(parts[..^1]);
            pending = parts[^1];
        }

        return records;
    }

    [Fact]
    public async Task LongPollingCarriesTheHandshakeInvocationsAndTheClose()
    {
        await using var host = await HubKestrelServer.StartAsync(
            o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(50),
            e => e.LongPolling.PollTimeout = TimeSpan.FromMilliseconds(500));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var id = await NegotiateAsync(http, host);

        // The first poll answers at once: it tells the client the transport is up.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(host.Url($"{HubKestrelServer.TestPath}?id={id}"))).StatusCode);
        await SendAsync(http, host, id, "{\"protocol\":\"json\",\"version\":1}\u001e");
        Assert.Equal(["{}"], await PollRecordsAsync(http, host, id, 1));

        await SendAsync(http, host, id, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Echo\",\"arguments\":[\"polled\"]}\u001e");
        var records = await PollRecordsAsync(http, host, id, 1);

        // Long polling keeps itself alive: no pings even with a 50 ms keep-alive interval.
        Assert.Equal(["{\"type\":3,\"invocationId\":\"1\",\"result\":\"polled\"}"], records);

        await SendAsync(http, host, id, "{\"type\":1,\"invocationId\":\"2\",\"target\":\"Disconnect\",\"arguments\":[]}\u001e");
        // The completion and the close may arrive in one poll or in two.
        var closing = await PollRecordsAsync(http, host, id, 2);
        Assert.Equal("{\"type\":3,\"invocationId\":\"2\",\"result\":null}", closing[0]);
        Assert.Contains("{\"type\":7}", closing);
    }

    [Fact]
    public async Task ServerSentEventsCarryJsonAndRefuseMessagePack()
    {
        await using var host = await HubKestrelServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var id = await NegotiateAsync(http, host);
        var request = new HttpRequestMessage(HttpMethod.Get, host.Url($"{HubKestrelServer.TestPath}?id={id}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        await SendAsync(http, host, id, "{\"protocol\":\"messagepack\",\"version\":1}\u001e");

        var data = await ReadEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(
            "{\"error\":\"Cannot use the 'messagepack' protocol on the current transport. The transport does not support 'Binary' transfer format.\"}\u001e",
            data);
    }

    private static async Task<string> ReadEventAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line["data: ".Length..]);
            }
            else if (line.Length == 0 && data.Length > 0)
            {
                return data.ToString();
            }
        }

        return data.ToString();
    }
}
