using System.Buffers;
using HubFramework.Protocol.MessagePack;
using static HubFramework.Protocol.MessagePack.MessagePackReadStatus;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Each header width at its edges: the writer picks the smallest form, the reader reads every form back.</summary>
public class MessagePackCodecBoundaryTests
{
    public static TheoryData<long, string> SignedIntegers => new()
    {
        { 0, "00" },
        { 1, "01" },
        { 127, "7f" },
        { 128, "cc80" },
        { 255, "ccff" },
        { 256, "cd0100" },
        { 65535, "cdffff" },
        { 65536, "ce00010000" },
        { uint.MaxValue, "ceffffffff" },
        { 1L + uint.MaxValue, "cf0000000100000000" },
        { long.MaxValue, "cf7fffffffffffffff" },
        { -1, "ff" },
        { -32, "e0" },
        { -33, "d0df" },
        { -128, "d080" },
        { -129, "d1ff7f" },
        { -32768, "d18000" },
        { -32769, "d2ffff7fff" },
        { int.MinValue, "d280000000" },
        { int.MinValue - 1L, "d3ffffffff7fffffff" },
        { long.MinValue, "d38000000000000000" },
    };

    [Theory]
    [MemberData(nameof(SignedIntegers))]
    public void Integers(long value, string hex)
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.Write(value));
        Assert.Equal(hex, Hex.Of(encoded));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadInt64(out long read);
            Assert.True(status != Success || read == value);
            return status;
        });
    }

    [Theory]
    [InlineData(0x8000000000000000UL, "cf8000000000000000")]
    [InlineData(ulong.MaxValue, "cfffffffffffffffff")]
    public void UnsignedAboveInt64(ulong value, string hex)
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.Write(value));
        Assert.Equal(hex, Hex.Of(encoded));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadUInt64(out ulong read);
            Assert.True(status != Success || read == value);
            return status;
        });

        var reader = new MessagePackReader(encoded);
        Assert.Equal(Overflow, reader.TryReadInt64(out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Theory]
    [InlineData("d0ff", -1L)]
    [InlineData("d1ffff", -1L)]
    [InlineData("d2ffffffff", -1L)]
    [InlineData("d3ffffffffffffffff", -1L)]
    [InlineData("cc01", 1L)]
    [InlineData("cd0001", 1L)]
    [InlineData("ce00000001", 1L)]
    [InlineData("cf0000000000000001", 1L)]
    [InlineData("d07f", 127L)]
    public void IntegersInWiderFormsThanNeeded(string hex, long value)
    {
        CodecAssert.ReadsBack(Hex.Bytes(hex), (ref MessagePackReader r) =>
        {
            var status = r.TryReadInt64(out long read);
            Assert.True(status != Success || read == value);
            return status;
        });
    }

    [Fact]
    public void NegativeIntegersAreNotUnsigned()
    {
        var reader = new MessagePackReader(Hex.Bytes("ff"));
        Assert.Equal(Overflow, reader.TryReadUInt64(out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Theory]
    [InlineData("c0")]
    [InlineData("c2")]
    [InlineData("c3")]
    public void NilAndBooleans(string hex)
    {
        byte[] encoded = hex switch
        {
            "c0" => CodecAssert.Write((ref MessagePackWriter w) => w.WriteNil()),
            "c2" => CodecAssert.Write((ref MessagePackWriter w) => w.Write(false)),
            _ => CodecAssert.Write((ref MessagePackWriter w) => w.Write(true)),
        };
        Assert.Equal(hex, Hex.Of(encoded));
        CodecAssert.ReadsBack(encoded, hex == "c0"
            ? (ref MessagePackReader r) => r.TryReadNil()
            : (ref MessagePackReader r) =>
            {
                var status = r.TryReadBoolean(out bool value);
                Assert.True(status != Success || value == (hex == "c3"));
                return status;
            });
    }

    [Theory]
    [InlineData(0.5f, "ca3f000000")]
    [InlineData(float.NaN, "caffc00000")]
    [InlineData(float.NegativeInfinity, "caff800000")]
    public void Float32(float value, string hex)
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.Write(value));
        Assert.Equal(hex, Hex.Of(encoded));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadSingle(out float read);
            Assert.True(status != Success || read.Equals(value));
            return status;
        });
    }

    [Theory]
    [InlineData(1.5, "cb3ff8000000000000")]
    [InlineData(-0.0, "cb8000000000000000")]
    [InlineData(double.MaxValue, "cb7fefffffffffffff")]
    [InlineData(double.Epsilon, "cb0000000000000001")]
    public void Float64(double value, string hex)
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.Write(value));
        Assert.Equal(hex, Hex.Of(encoded));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadDouble(out double read);
            Assert.True(status != Success || BitConverter.DoubleToInt64Bits(read) == BitConverter.DoubleToInt64Bits(value));
            return status;
        });
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d920")]
    [InlineData(255, "d9ff")]
    [InlineData(256, "da0100")]
    [InlineData(65535, "daffff")]
    [InlineData(65536, "db00010000")]
    public void Strings(int length, string header)
    {
        string value = new('s', length);
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.WriteString(value));
        Assert.Equal(header, Hex.Of(encoded.AsSpan(0, header.Length / 2)));
        Assert.Equal(header.Length / 2 + length, encoded.Length);
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadString(out string? read);
            Assert.True(status != Success || read == value);
            return status;
        });
    }

    [Theory]
    [InlineData("é")]
    [InlineData("🍺")]
    [InlineData("ひらがなひらがなひらがな")]
    [InlineData("mixed ascii and ❤ and 🍺 and Кириллица, long enough for the counted path")]
    public void MultiByteStringsAcrossSegments(string value)
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.WriteString(value));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(value), encoded.Length - (encoded[0] <= 0xbf ? 1 : 2));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadString(out string? read);
            Assert.True(status != Success || read == value);
            return status;
        });
    }

    [Fact]
    public void UnpairedSurrogatesAreWrittenAsReplacementCharacters()
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.WriteString("a\ud800b"));
        Assert.Equal("a5" + "61efbfbd62", Hex.Of(encoded));
    }

    [Theory]
    [InlineData(0, "c400")]
    [InlineData(1, "c401")]
    [InlineData(255, "c4ff")]
    [InlineData(256, "c50100")]
    [InlineData(65535, "c5ffff")]
    [InlineData(65536, "c600010000")]
    public void Binary(int length, string header)
    {
        var value = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.WriteBinary(value));
        Assert.Equal(header, Hex.Of(encoded.AsSpan(0, header.Length / 2)));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadBinary(out var read);
            Assert.True(status != Success || read.ToArray().AsSpan().SequenceEqual(value));
            return status;
        });
    }

    [Theory]
    [InlineData(0, "90")]
    [InlineData(15, "9f")]
    [InlineData(16, "dc0010")]
    [InlineData(65535, "dcffff")]
    [InlineData(65536, "dd00010000")]
    public void Arrays(int count, string header)
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(count);
            for (int i = 0; i < count; i++)
            {
                w.Write(i % 128);
            }
        });
        Assert.Equal(header, Hex.Of(encoded.AsSpan(0, header.Length / 2)));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var start = r;
            var status = r.TryReadArrayHeader(out int read);
            if (status != Success)
            {
                return status;
            }

            Assert.Equal(count, read);
            for (int i = 0; i < count; i++)
            {
                status = r.TryReadInt64(out long item);
                if (status != Success)
                {
                    // A prefix of the encoding: give the whole value back, as single-token reads do.
                    r = start;
                    return status;
                }

                Assert.Equal(i % 128, item);
            }

            return status;
        });
    }

    [Theory]
    [InlineData(0, "80")]
    [InlineData(15, "8f")]
    [InlineData(16, "de0010")]
    [InlineData(65535, "deffff")]
    [InlineData(65536, "df00010000")]
    public void Maps(int count, string header)
    {
        var encoded = CodecAssert.Write((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(count);
            for (int i = 0; i < count; i++)
            {
                w.Write(i);
                w.WriteNil();
            }
        });
        Assert.Equal(header, Hex.Of(encoded.AsSpan(0, header.Length / 2)));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var start = r;
            var status = r.TryReadMapHeader(out int read);
            if (status != Success)
            {
                return status;
            }

            Assert.Equal(count, read);
            for (int i = 0; i < count; i++)
            {
                status = r.TryReadInt64(out long key);
                if (status == Success)
                {
                    Assert.Equal(i, key);
                    status = r.TryReadNil();
                }

                if (status != Success)
                {
                    r = start;
                    return status;
                }
            }

            return status;
        });
    }

    [Theory]
    [InlineData(1, "d405")]
    [InlineData(2, "d505")]
    [InlineData(4, "d605")]
    [InlineData(8, "d705")]
    [InlineData(16, "d805")]
    [InlineData(0, "c70005")]
    [InlineData(3, "c70305")]
    [InlineData(255, "c7ff05")]
    [InlineData(256, "c8010005")]
    [InlineData(65535, "c8ffff05")]
    [InlineData(65536, "c90001000005")]
    public void Extensions(int length, string header)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.WriteExtension(5, data));
        Assert.Equal(header, Hex.Of(encoded.AsSpan(0, header.Length / 2)));
        Assert.Equal(header.Length / 2 + length, encoded.Length);
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadExtension(out var extensionHeader, out var read);
            Assert.True(status != Success || (extensionHeader == new MessagePackExtensionHeader(5, (uint)length) && read.ToArray().AsSpan().SequenceEqual(data)));
            return status;
        });
    }

    [Theory]
    [InlineData(0L, 0u, "d6ff00000000")]
    [InlineData(1514862245L, 0u, "d6ff5a4af6a5")]
    [InlineData(4294967295L, 0u, "d6ffffffffff")]
    [InlineData(4294967296L, 0u, "d7ff0000000100000000")]
    [InlineData(0L, 1u, "d7ff0000000400000000")]
    [InlineData(1514862245L, 678901234u, "d7ffa1dcd7c85a4af6a5")]
    [InlineData(17179869183L, 999999999u, "d7ffee6b27ffffffffff")]
    [InlineData(17179869184L, 0u, "c70cff000000000000000400000000")]
    [InlineData(-1L, 0u, "c70cff00000000ffffffffffffffff")]
    [InlineData(-1L, 999999999u, "c70cff3b9ac9ffffffffffffffffff")]
    [InlineData(-62167219200L, 0u, "c70cff00000000fffffff1868b8400")]
    public void Timestamps(long seconds, uint nanoseconds, string hex)
    {
        var value = new MessagePackTimestamp(seconds, nanoseconds);
        var encoded = CodecAssert.Write((ref MessagePackWriter w) => w.WriteTimestamp(value));
        Assert.Equal(hex, Hex.Of(encoded));
        CodecAssert.ReadsBack(encoded, (ref MessagePackReader r) =>
        {
            var status = r.TryReadTimestamp(out var read);
            Assert.True(status != Success || read == value);
            return status;
        });
    }

    [Fact]
    public void DateTimesConvertToTimestampsAndBack()
    {
        var instant = new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc).AddTicks(4567);
        var timestamp = MessagePackTimestamp.FromDateTime(instant);
        Assert.Equal(123_456_700u, timestamp.Nanoseconds);
        Assert.Equal(instant, timestamp.ToDateTime());
        Assert.Equal(DateTimeKind.Utc, timestamp.ToDateTime().Kind);

        var beforeEpoch = new DateTime(1969, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc);
        Assert.Equal(new MessagePackTimestamp(-1, 999_000_000), MessagePackTimestamp.FromDateTime(beforeEpoch));
        Assert.Equal(beforeEpoch, new MessagePackTimestamp(-1, 999_000_000).ToDateTime());

        Assert.False(new MessagePackTimestamp(-62167219200, 0).TryToDateTime(out _));
        Assert.Equal(DateTime.MinValue, MessagePackTimestamp.FromDateTime(DateTime.MinValue).ToDateTime());
        Assert.Equal(DateTime.MaxValue, MessagePackTimestamp.FromDateTime(DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)).ToDateTime());
    }

    [Fact]
    public void RawValuesAreSlicedAndCopiedUnchanged()
    {
        var encoded = Hex.Bytes("93 01 a1 61 81 a1 62 c3 c0");
        var reader = new MessagePackReader(Segments.Split(encoded, 2));
        var raw = reader.ReadRaw();
        Assert.Equal(Hex.Of(encoded.AsSpan(0, encoded.Length - 1)), Hex.Of(raw.ToArray()));
        Assert.Equal(Success, reader.TryReadNil());

        var copied = CodecAssert.Write((ref MessagePackWriter w) => w.WriteRaw(raw));
        Assert.Equal(Hex.Of(raw.ToArray()), Hex.Of(copied));
    }

    [Fact]
    public void TypesAreReportedForEveryFormatByte()
    {
        for (int code = 0; code <= 0xff; code++)
        {
            var reader = new MessagePackReader(new byte[] { (byte)code });
            var status = reader.TryPeekType(out var type);
            if (code == 0xc1)
            {
                Assert.Equal(InvalidData, status);
                continue;
            }

            Assert.Equal(Success, status);
            var expected = code switch
            {
                <= 0x7f or >= 0xe0 => MessagePackType.Integer,
                <= 0x8f => MessagePackType.Map,
                <= 0x9f => MessagePackType.Array,
                <= 0xbf => MessagePackType.String,
                0xc0 => MessagePackType.Nil,
                0xc2 or 0xc3 => MessagePackType.Boolean,
                >= 0xc4 and <= 0xc6 => MessagePackType.Binary,
                >= 0xc7 and <= 0xc9 => MessagePackType.Extension,
                0xca or 0xcb => MessagePackType.Float,
                >= 0xcc and <= 0xd3 => MessagePackType.Integer,
                >= 0xd4 and <= 0xd8 => MessagePackType.Extension,
                >= 0xd9 and <= 0xdb => MessagePackType.String,
                0xdc or 0xdd => MessagePackType.Array,
                _ => MessagePackType.Map,
            };
            Assert.Equal(expected, type);
        }
    }
}
