using System.Buffers;
using HubFramework.Protocol.MessagePack;
using HubFramework.Protocol.Tests.MessagePack;
using Ms = Microsoft.AspNetCore.SignalR.Protocol;

namespace HubFramework.Protocol.Tests.Oracle;

/// <summary>
/// Our MessagePack protocol against Microsoft's <c>MessagePackHubProtocol</c> (NuGet, default options) on the golden
/// table: both write the same bytes, and each parses what the other wrote into an equal message.
/// </summary>
public class MicrosoftMessagePackGoldenTests
{
    private static readonly MessagePackHubProtocol Ours = new();
    private static readonly Ms.MessagePackHubProtocol Microsoft = new();

    [Theory]
    [MemberData(nameof(GoldenTable.Names), MemberType = typeof(GoldenTable))]
    public void WritesTheBytesMicrosoftWrites(string name)
    {
        var message = GoldenTable.Messages[name];
        byte[] theirs = Microsoft.GetMessageBytes(MicrosoftMessages.ToMicrosoft(message)).ToArray();
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(Ours.GetMessageBytes(message).Span));

        var output = new ArrayBufferWriter<byte>(1);
        Ours.WriteMessage(message, output);
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(GoldenTable.Names), MemberType = typeof(GoldenTable))]
    public void ParsesWhatMicrosoftWrote(string name)
    {
        var message = GoldenTable.Messages[name];
        byte[] theirs = Microsoft.GetMessageBytes(MicrosoftMessages.ToMicrosoft(message)).ToArray();
        foreach (int segmentSize in new[] { int.MaxValue, 7 })
        {
            var input = MessagePack.Segments.Split(theirs, segmentSize);
            Assert.True(Ours.TryParseMessage(ref input, TestBinder.For(message), null, out var parsed));
            Assert.True(input.IsEmpty);
            DeepEqual.Messages(message, parsed);
        }
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
