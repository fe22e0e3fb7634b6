using System.Buffers;
using System.Runtime.Serialization;
using HubFramework.Protocol.MessagePack;
using MessagePack;
using MessagePack.Resolvers;
using Ms = Microsoft.AspNetCore.SignalR.Protocol;

namespace HubFramework.Protocol.Tests.MessagePack;

public sealed class Profile
{
    public string? DisplayName { get; set; }

    public int Age { get; set; }

    public Profile? Manager { get; set; }

    public List<Profile> Reports { get; set; } = [];

    public Dictionary<string, int> Scores { get; set; } = [];
}

public sealed class CaseTwins
{
    public int Value { get; set; }

#pragma warning disable IDE1006 // Two members differing only in case: the ambiguity under test.
    public int VALUE { get; set; }
#pragma warning restore IDE1006
}

[DataContract]
public sealed class Renamed
{
    [DataMember(Name = "full_name")]
    public string? FullName { get; set; }
}

[MessagePackObject(keyAsPropertyName: true)]
public sealed class Keyed
{
    public string? Title { get; set; }
}

/// <summary>
/// Map keys that differ from a member's key only in case still bind (the JavaScript client's camelCase objects),
/// where Microsoft's resolver drops them; exact keys, dictionaries and everything written are left as they are.
/// </summary>
public class CaseInsensitiveKeyTests
{
    private static readonly MessagePackSerializerOptions Options = MessagePackHubProtocol.CreateDefaultSerializerOptions();

    [Fact]
    public void CamelCaseKeysBindToPascalCaseMembersAtEveryLevel()
    {
        var bytes = MessagePackSerializer.Serialize(new Dictionary<string, object?>
        {
            ["displayName"] = "Ada",
            ["age"] = 36,
            ["manager"] = new Dictionary<string, object?> { ["displayName"] = "Charles", ["age"] = 41 },
            ["reports"] = new object[] { new Dictionary<string, object?> { ["DISPLAYNAME"] = "Mary" } },
            ["scores"] = new Dictionary<string, int> { ["camelKey"] = 1, ["Other"] = 2 },
        });

        var profile = MessagePackSerializer.Deserialize<Profile>(bytes, Options);
        Assert.Equal("Ada", profile.DisplayName);
        Assert.Equal(36, profile.Age);
        Assert.Equal("Charles", profile.Manager!.DisplayName);
        Assert.Equal(41, profile.Manager.Age);
        Assert.Equal("Mary", Assert.Single(profile.Reports).DisplayName);

        // Dictionary keys are data, not member names: untouched.
        Assert.Equal(new Dictionary<string, int> { ["camelKey"] = 1, ["Other"] = 2 }, profile.Scores);
    }

    [Fact]
    public void MicrosoftsDefaultResolverDropsThoseKeys()
    {
        // The behaviour this resolver fixes, pinned against Microsoft's own protocol.
        var camelCase = MessagePackSerializer.Serialize(new Dictionary<string, object?> { ["displayName"] = "Ada", ["age"] = 36 });
        byte[] payload = [0x96, 0x01, 0x80, 0xc0, 0xa1, (byte)'m', 0x91, .. camelCase, 0x90];
        var frame = new ReadOnlySequence<byte>([(byte)payload.Length, .. payload]);
        var binder = new TestBinder().Method("m", typeof(Profile));

        var microsoft = new Ms.MessagePackHubProtocol();
        var theirs = frame;
        Assert.True(microsoft.TryParseMessage(ref theirs, new Oracle.MicrosoftBinder(binder), out var theirMessage));
        var theirProfile = Assert.IsType<Profile>(Assert.IsType<Ms.InvocationMessage>(theirMessage).Arguments[0]);
        Assert.Null(theirProfile.DisplayName);
        Assert.Equal(0, theirProfile.Age);

        var ours = frame;
        Assert.True(new MessagePackHubProtocol().TryParseMessage(ref ours, binder, null, out var ourMessage));
        var ourProfile = Assert.IsType<Profile>(Assert.IsType<InvocationMessage>(ourMessage).Arguments[0]);
        Assert.Equal("Ada", ourProfile.DisplayName);
        Assert.Equal(36, ourProfile.Age);
    }

    [Fact]
    public void RecordsBindThroughTheirConstructor()
    {
        var bytes = MessagePackSerializer.Serialize(new Dictionary<string, object?> { ["name"] = "widget", ["value"] = 42, ["tags"] = new[] { "a" } });
        var payload = MessagePackSerializer.Deserialize<EchoPayload>(bytes, Options);
        Assert.Equal("widget", payload.Name);
        Assert.Equal(42, payload.Value);
        Assert.Equal(["a"], payload.Tags);
    }

    [Fact]
    public void AnExactKeyWinsOverACaseInsensitiveOne()
    {
        // "age" would bind to Age, but Age is present exactly: the exact value wins whatever the order.
        foreach (var keys in new[] { new[] { "age", "Age" }, new[] { "Age", "age" } })
        {
            var map = keys.ToDictionary(k => k, k => k == "Age" ? 1 : 2);
            var profile = MessagePackSerializer.Deserialize<Profile>(MessagePackSerializer.Serialize(map), Options);
            Assert.Equal(1, profile.Age);
        }
    }

    [Fact]
    public void AMapStartingWithAnExactKeyIsBoundExactly()
    {
        // The documented shortcut: .NET writers send every key exactly, so a map whose first key is exact is not scanned.
        var mixed = MessagePackSerializer.Serialize(new Dictionary<string, object?> { ["DisplayName"] = "Ada", ["age"] = 36 });
        var profile = MessagePackSerializer.Deserialize<Profile>(mixed, Options);
        Assert.Equal("Ada", profile.DisplayName);
        Assert.Equal(0, profile.Age);

        // An unknown first key does not count as exact: the rest is still checked.
        var extra = MessagePackSerializer.Serialize(new Dictionary<string, object?> { ["extra"] = 1, ["DisplayName"] = "Ada", ["age"] = 36 });
        Assert.Equal(36, MessagePackSerializer.Deserialize<Profile>(extra, Options).Age);
    }

    [Fact]
    public void MembersThatDifferOnlyInCaseAreMatchedExactlyOnly()
    {
        var bytes = MessagePackSerializer.Serialize(new Dictionary<string, int> { ["value"] = 5, ["VALUE"] = 7 });
        var twins = MessagePackSerializer.Deserialize<CaseTwins>(bytes, Options);
        Assert.Equal(0, twins.Value);
        Assert.Equal(7, twins.VALUE);
    }

    [Fact]
    public void TheFormattersOwnKeysAreTheOnesMatched()
    {
        var renamed = MessagePackSerializer.Deserialize<Renamed>(MessagePackSerializer.Serialize(new Dictionary<string, string> { ["FULL_NAME"] = "Ada" }), Options);
        Assert.Equal("Ada", renamed.FullName);

        var keyed = MessagePackSerializer.Deserialize<Keyed>(MessagePackSerializer.Serialize(new Dictionary<string, string> { ["title"] = "t" }), Options);
        Assert.Equal("t", keyed.Title);
    }

    [Fact]
    public void WritingIsExactlyTheContractlessResolvers()
    {
        var profile = new Profile { DisplayName = "Ada", Age = 36, Manager = new Profile { DisplayName = "C" }, Scores = { ["x"] = 1 } };
        var microsoftOptions = MessagePackSerializerOptions.Standard
            .WithResolver(CompositeResolver.Create(DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance));
        Assert.Equal(MessagePackSerializer.Serialize(profile, microsoftOptions), MessagePackSerializer.Serialize(profile, Options));
    }

    [Fact]
    public void ReplacingTheOptionsGivesTheResolverYouChose()
    {
        // Users who want Microsoft's exact matching (or their own resolvers) set the options; nothing of ours remains.
        var exact = new MessagePackHubProtocol(new MessagePackHubProtocolOptions
        {
            SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(CompositeResolver.Create(DynamicEnumAsStringResolver.Instance, ContractlessStandardResolver.Instance))
                .WithSecurity(MessagePackSecurity.UntrustedData),
        });
        var camelCase = MessagePackSerializer.Serialize(new Dictionary<string, object?> { ["displayName"] = "Ada" });
        var profile = MessagePackSerializer.Deserialize<Profile>(camelCase, exact.SerializerOptions);
        Assert.Null(profile.DisplayName);
    }
}
