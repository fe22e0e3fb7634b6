using System.Buffers;
using HubFramework.Protocol.MessagePack;
using static HubFramework.Protocol.MessagePack.MessagePackReadStatus;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Malformed and hostile input at the codec level: clear errors, no allocation sized by a length field, no stack overflow.</summary>
public class MessagePackCodecLimitTests
{
    private static readonly MessagePackSerializer Serializer = new();

    public static TheoryData<string> HugeLengthClaims => new()
    {
        "dd7fffffff01",          // array32 of 2^31-1 elements
        "df40000000a161",        // map32 of 2^30 pairs
        "db7fffffff61",          // str32 of 2 GB - 1 bytes
        "c67fffffff00",          // bin32
        "c97fffffff0500",        // ext32
        "dcffff01",              // array16 of 65535 elements
    };

    [Theory]
    [MemberData(nameof(HugeLengthClaims))]
    public void LengthsBeyondTheBufferAreIncompleteNotAllocated(string hex)
    {
        var bytes = Hex.Bytes(hex);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(InsufficientData, reader.TrySkip());
        Assert.Equal(0, reader.Consumed);

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var type in new[] { typeof(object), typeof(int[]), typeof(List<string>), typeof(Dictionary<string, int>), typeof(string), typeof(byte[]), typeof(Widget), typeof(System.Text.Json.JsonElement) })
        {
            var error = Assert.ThrowsAny<Exception>(() => Serializer.Deserialize(new ReadOnlySequence<byte>(bytes), type));
            Assert.True(error is MessagePackFormatException or MessagePackSerializationException, $"{type.Name}: {error.GetType().Name} {error.Message}");
            Assert.True(error is MessagePackSerializationException || error.Message.Contains("ends (or announces more than is left)"), error.Message);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated for an input of {bytes.Length} bytes");
    }

    [Theory]
    [InlineData("ddffffffff")]
    [InlineData("dfffffffff")]
    [InlineData("dbffffffff")]
    [InlineData("c680000000")]
    public void LengthsOf2GBOrMoreAreInvalid(string hex)
    {
        var reader = new MessagePackReader(Hex.Bytes(hex));
        Assert.Equal(InvalidData, reader.TrySkip());
        Assert.Equal(0, reader.Consumed);
        var error = Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize(new ReadOnlySequence<byte>(Hex.Bytes(hex)), typeof(object)));
        Assert.Contains("2 GB", error.Message);
    }

    [Fact]
    public void TheNeverUsedByteIsInvalidEverywhere()
    {
        var bytes = new byte[] { 0xc1 };
        var reader = new MessagePackReader(bytes);
        Assert.Equal(InvalidData, reader.TryPeekType(out _));
        Assert.Equal(InvalidData, reader.TrySkip());
        Assert.Equal(InvalidData, reader.TryReadNil());
        Assert.Equal(InvalidData, reader.TryReadInt64(out _));
        Assert.Equal(InvalidData, reader.TryReadString(out _));
        Assert.Equal(InvalidData, reader.TryReadArrayHeader(out _));
        Assert.Equal(0, reader.Consumed);
        var error = Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<object>(bytes));
        Assert.Contains("0xC1", error.Message);
    }

    [Theory]
    [InlineData("a2c328")]       // 0xC3 followed by a non-continuation byte
    [InlineData("a180")]         // lone continuation byte
    [InlineData("a3eda080")]     // an encoded UTF-16 surrogate
    [InlineData("a2c0af")]       // overlong encoding of '/'
    [InlineData("a4f4908080")]   // above U+10FFFF
    [InlineData("d91e6161616161616161616161616161616161616161616161616161616161c3")]  // truncated sequence at the end
    public void InvalidUtf8IsRejected(string hex)
    {
        var bytes = Hex.Bytes(hex);
        foreach (int segmentSize in new[] { int.MaxValue, 1, 2 })
        {
            var reader = new MessagePackReader(Segments.Split(bytes, segmentSize));
            Assert.Equal(InvalidData, reader.TryReadString(out _));
            Assert.Equal(0, reader.Consumed);
            var error = Assert.Throws<MessagePackFormatException>(() =>
            {
                var r = new MessagePackReader(Segments.Split(bytes, segmentSize));
                r.ReadString();
            });
            Assert.Contains("UTF-8", error.Message);
            Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize(Segments.Split(bytes, segmentSize), typeof(string)));
        }
    }

    [Fact]
    public void InvalidUtf8InAnUnknownPropertyNameIsRejected()
    {
        var bytes = Hex.Bytes("81a2c32801");
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<Widget>(bytes));
    }

    [Fact]
    public void NestingUpToTheLimitIsAcceptedAndOneMoreIsNot()
    {
        byte[] Nested(int depth) => Enumerable.Repeat((byte)0x91, depth).Append((byte)0xc0).ToArray();

        var atLimit = Nested(MessagePackReader.DefaultMaximumDepth);
        var reader = new MessagePackReader(atLimit);
        Assert.Equal(Success, reader.TrySkip());
        Assert.NotNull(Serializer.Deserialize<object>(atLimit));

        var beyond = Nested(MessagePackReader.DefaultMaximumDepth + 1);
        reader = new MessagePackReader(beyond);
        Assert.Equal(DepthExceeded, reader.TrySkip());
        Assert.Equal(0, reader.Consumed);
        var error = Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<object>(beyond));
        Assert.Contains("nested deeper than the limit of 64", error.Message);

        reader = new MessagePackReader(beyond, maximumDepth: 65);
        Assert.Equal(Success, reader.TrySkip());
    }

    [Fact]
    public void AMillionNestedArraysFailCleanly()
    {
        var bytes = Enumerable.Repeat((byte)0x91, 1_000_000).Append((byte)0xc0).ToArray();
        var reader = new MessagePackReader(bytes);
        Assert.Equal(DepthExceeded, reader.TrySkip());
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<object>(bytes));
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<System.Text.Json.JsonElement>(bytes));
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<List<object>>(bytes));
        var maps = Enumerable.Repeat(new byte[] { 0x81, 0xa1, 0x61 }, 100_000).SelectMany(b => b).Append((byte)0xc0).ToArray();
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<object>(maps));
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<Dictionary<string, object>>(maps));
    }

    [Theory]
    [InlineData("d7ffee6b2800ffffffff")]          // timestamp 64 with 1,000,000,000 nanoseconds
    [InlineData("c70cff3b9aca0000000000000000ff")] // timestamp 96 with 1,000,000,000 nanoseconds
    [InlineData("c705ff0000000000")]              // timestamp of 5 bytes
    public void InvalidTimestampsAreRejected(string hex)
    {
        var bytes = Hex.Bytes(hex);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(InvalidData, reader.TryReadTimestamp(out _));
        Assert.Equal(0, reader.Consumed);
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<object>(bytes));
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<DateTime>(bytes));
    }

    [Fact]
    public void MismatchedTypesLeaveTheReaderInPlace()
    {
        var reader = new MessagePackReader(Hex.Bytes("a161"));
        Assert.Equal(TypeMismatch, reader.TryReadInt64(out _));
        Assert.Equal(TypeMismatch, reader.TryReadBoolean(out _));
        Assert.Equal(TypeMismatch, reader.TryReadArrayHeader(out _));
        Assert.Equal(TypeMismatch, reader.TryReadBinary(out _));
        Assert.Equal(TypeMismatch, reader.TryReadTimestamp(out _));
        Assert.Equal(0, reader.Consumed);
        Assert.Equal(Success, reader.TryReadString(out string? value));
        Assert.Equal("a", value);
    }

    [Fact]
    public void CyclesFailTheWriteInsteadOfTheStack()
    {
        var node = new Node();
        node.Next = node;
        var error = Assert.Throws<MessagePackSerializationException>(() => Serializer.SerializeToArray(node));
        Assert.Contains("cycle", error.Message);
    }

    [Fact]
    public void TrailingBytesAfterAValueAreAnError()
    {
        Assert.Throws<MessagePackFormatException>(() => Serializer.Deserialize<int>(Hex.Bytes("0102")));
    }
}
