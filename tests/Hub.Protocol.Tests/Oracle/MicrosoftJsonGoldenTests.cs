using System.Buffers;
using System.Text;
using HubFramework.Protocol.Json;
using HubFramework.Protocol.Tests.MessagePack;
using Ms = Microsoft.AspNetCore.SignalR.Protocol;

namespace HubFramework.Protocol.Tests.Oracle;

/// <summary>
/// Our JSON protocol (System.Text.Json) against Microsoft's <c>JsonHubProtocol</c> on the golden table: each parses
/// what the other wrote into an equal message, and both write the same bytes (same property order too) for every
/// message of the table.
/// </summary>
public class MicrosoftJsonGoldenTests
{
    private static readonly JsonHubProtocol Ours = new();
    private static readonly Ms.JsonHubProtocol Microsoft = new();

    [Theory]
    [MemberData(nameof(GoldenTable.Names), MemberType = typeof(GoldenTable))]
    public void WritesWhatMicrosoftWrites(string name)
    {
        var message = GoldenTable.Messages[name];
        string theirs = Encoding.UTF8.GetString(Microsoft.GetMessageBytes(MicrosoftMessages.ToMicrosoft(message)).Span);
        Assert.Equal(theirs, Encoding.UTF8.GetString(Ours.GetMessageBytes(message).Span));
    }

    [Theory]
    [MemberData(nameof(GoldenTable.Names), MemberType = typeof(GoldenTable))]
    public void ParsesWhatMicrosoftWrote(string name)
    {
        var message = GoldenTable.Messages[name];
        var input = new ReadOnlySequence<byte>(Microsoft.GetMessageBytes(MicrosoftMessages.ToMicrosoft(message)));
        Assert.True(Ours.TryParseMessage(ref input, TestBinder.For(message), null, out var parsed));
        Assert.True(input.IsEmpty);
        DeepEqual.Messages(message, parsed);
    }

    [Theory]
    [MemberData(nameof(GoldenTable.Names), MemberType = typeof(GoldenTable))]
    public void MicrosoftParsesWhatWeWrote(string name)
    {
        var message = GoldenTable.Messages[name];
        var input = new ReadOnlySequence<byte>(Ours.GetMessageBytes(message));
        Assert.True(Microsoft.TryParseMessage(ref input, new MicrosoftBinder(TestBinder.For(message)), out var parsed));
        Assert.True(input.IsEmpty);
        DeepEqual.Messages(message, MicrosoftMessages.FromMicrosoft(parsed!));
    }
}
