using System.Text.Json.Nodes;
using HubFramework.Ops.Tests.Infrastructure;
using HubFramework.Server.Hubs;
using Microsoft.AspNetCore.Builder;

namespace HubFramework.Ops.Tests.Description;

public class AsyncApiDocumentTests
{
    [Fact]
    public async Task TypedHubDocumentListsServerAndClientMethodsWithSchemas()
    {
        await using var app = await OpsServer.StartAsync(configure: a =>
        {
            a.MapHub<OpsHub>("/tenants/{tenant}/hubs/ops");
            a.MapAsyncApi(configure: o => o.Title = "Ops");
        });
        using var http = new HttpClient();
        var document = JsonNode.Parse(await http.GetStringAsync(app.Url("/_hubs/asyncapi.json")))!.AsObject();

        Assert.Equal("3.0.0", (string?)document["asyncapi"]);
        Assert.Equal("Ops", (string?)document["info"]!["title"]);
        Assert.Equal(app.BaseUrl.Authority, (string?)document["servers"]!["websocket"]!["host"]);
        var operations = document["operations"]!.AsObject();

        var sum = operations["hubs_ops.Sum"]!;
        Assert.Equal("receive", (string?)sum["action"]);
        var sumMessage = document["channels"]!["hubs_ops"]!["messages"]!["Sum"]!;
        var items = sumMessage["payload"]!["items"]!.AsArray();
        Assert.Equal(["point", "extra"], items.Select(i => (string?)i!["title"]));
        Assert.Equal("integer", (string?)items[0]!["properties"]!["x"]!["type"]);
        Assert.Equal("array", (string?)items[1]!["type"]);
        var result = document["channels"]!["hubs_ops"]!["messages"]!["Sum.result"]!["payload"]!;
        Assert.Equal("integer", (string?)result["properties"]!["total"]!["type"]);
        Assert.Equal("date-time", (string?)result["properties"]!["at"]!["format"]);

        // Parameters only the server supplies (CancellationToken) are not on the wire.
        var count = document["channels"]!["hubs_ops"]!["messages"]!["Count"]!["payload"]!;
        Assert.Equal(1, (int?)count["maxItems"]);
        Assert.True((bool?)operations["hubs_ops.Count"]!["x-streaming"]);

        // Parameters the container supplies are not on the wire either.
        var now = document["channels"]!["hubs_ops"]!["messages"]!["Now"]!["payload"]!;
        Assert.Equal(["zone"], now["items"]!.AsArray().Select(i => (string?)i!["title"]));

        var notify = operations["hubs_ops.client.Notify"]!;
        Assert.Equal("send", (string?)notify["action"]);
        Assert.Null(notify["reply"]);
        var ask = operations["hubs_ops.client.Ask"]!;
        Assert.NotNull(ask["reply"]);
        Assert.Equal("integer", (string?)document["channels"]!["hubs_ops"]!["messages"]!["client.Ask.result"]!["payload"]!["type"]);

        var tenant = document["channels"]!["tenants_tenant_hubs_ops"]!;
        Assert.Equal("/tenants/{tenant}/hubs/ops", (string?)tenant["address"]);
        Assert.NotNull(tenant["parameters"]!["tenant"]);
        Assert.NotNull(operations["tenants_tenant_hubs_ops.Echo"]);
    }

    [Fact]
    public async Task EmptyTitleIsRejectedAtMapping()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => OpsServer.StartAsync(configure: a => a.MapAsyncApi(configure: o => o.Title = " ")));
        Assert.Contains("AsyncApiOptions", error.Message);
    }
}
