using System.Buffers;
using HubFramework.Protocol;
using HubFramework.Protocol.MessagePack;
using MessagePack;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>
/// Bounded random input (fixed seed, fixed count): random frames and mutated golden frames never raise anything
/// but HubProtocolException from the hub protocol, and nothing but MessagePackSerializationException from the package's
/// serializer with the protocol's default options.
/// </summary>
public class MessagePackFuzzTests
{
    private const int Inputs = 20_000;

    private static readonly byte[] Interesting =
    [
        0x00, 0x01, 0x02, 0x03, 0x05, 0x06, 0x07, 0x08, 0x09, 0x7f, 0x80, 0x81, 0x82, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x95, 0x96, 0x9f,
        0xa0, 0xa1, 0xa3, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
        0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff,
    ];

    [Fact]
    public void TheHubProtocolOnlyRaisesProtocolErrors()
    {
        var random = new Random(20_240_506);
        var protocol = new MessagePackHubProtocol();
        var seeds = MessagePackGoldenVectors.All.Values.Select(v => Convert.FromBase64String(v.Frame)).ToArray();
        var binder = new AnythingBinder();
        var unexpected = new List<string>();
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < Inputs && unexpected.Count < 5; i++)
        {
            byte[] input = i % 2 == 0 ? RandomFrame(random) : Mutate(random, seeds[random.Next(seeds.Length)]);
            var sequence = Segments.Split(input, 1 + random.Next(input.Length + 1));
            try
            {
                while (protocol.TryParseMessage(ref sequence, binder, 4096, out var message))
                {
                    Assert.NotNull(message);
                    parsed++;
                }
            }
            catch (HubProtocolException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                unexpected.Add($"{Hex.Of(input)}: {ex}");
            }
        }

        Assert.True(unexpected.Count == 0, string.Join("\n\n", unexpected));

        // The inputs reach past the framing into every outcome.
        Assert.True(parsed > 1000, $"only {parsed} messages parsed");
        Assert.True(rejected > 1000, $"only {rejected} inputs rejected");
    }

    [Fact]
    public void TheSerializerOnlyRaisesSerializationErrors()
    {
        var random = new Random(7);
        var options = MessagePackHubProtocol.CreateDefaultSerializerOptions();
        var targets = new[] { typeof(object), typeof(Widget), typeof(EchoPayload), typeof(int[]), typeof(Dictionary<string, object>), typeof(Point), typeof(DateTime), typeof(string), typeof(Color), typeof(List<WithDefaults>) };
        var unexpected = new List<string>();
        for (int i = 0; i < Inputs && unexpected.Count < 5; i++)
        {
            byte[] input = RandomValue(random);
            var type = targets[i % targets.Length];
            try
            {
                MessagePackSerializer.Deserialize(type, Segments.Split(input, 1 + random.Next(8)), options);
            }
            catch (MessagePackSerializationException)
            {
            }
            catch (Exception ex)
            {
                unexpected.Add($"{type.Name} from {Hex.Of(input)}: {ex}");
            }
        }

        Assert.True(unexpected.Count == 0, string.Join("\n\n", unexpected));
    }

    private static byte[] RandomValue(Random random)
    {
        var bytes = new byte[random.Next(1, 40)];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(3) == 0 ? (byte)random.Next(256) : random.Next(4) == 0 ? (byte)('a' + random.Next(26)) : Interesting[random.Next(Interesting.Length)];
        }

        return bytes;
    }

    /// <summary>A payload of random tokens, usually behind a length prefix that matches it.</summary>
    private static byte[] RandomFrame(Random random)
    {
        byte[] body = [(byte)(0x90 + random.Next(1, 8)), (byte)random.Next(0, 11), .. RandomValue(random)];
        return WithPrefix(random, body);
    }

    private static byte[] Mutate(Random random, byte[] frame)
    {
        var body = frame.Skip(frame[0] < 0x80 ? 1 : 2).ToList();
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && body.Count > 0; m++)
        {
            int at = random.Next(body.Count);
            switch (random.Next(4))
            {
                case 0: body[at] = (byte)random.Next(256); break;
                case 1: body[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 2: body.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                default: body.RemoveAt(at); break;
            }
        }

        return WithPrefix(random, body.ToArray());
    }

    private static byte[] WithPrefix(Random random, byte[] body)
    {
        if (random.Next(10) == 0)
        {
            // A prefix that does not match: too long, too short, or garbage.
            return [(byte)random.Next(256), .. body];
        }

        Span<byte> prefix = stackalloc byte[5];
        int size = BinaryMessageFramer.WriteLengthPrefix(body.Length, prefix);
        return [.. prefix[..size], .. body];
    }

    /// <summary>Answers every question with some type, so random input reaches argument, item and result binding.</summary>
    private sealed class AnythingBinder : IInvocationBinder
    {
        private static readonly Type[][] Signatures =
        [
            [],
            [typeof(object)],
            [typeof(int)],
            [typeof(string), typeof(int)],
            [typeof(Widget)],
            [typeof(EchoPayload)],
            [typeof(int[]), typeof(Dictionary<string, object>)],
            [typeof(DateTime), typeof(Guid), typeof(byte[])],
            [typeof(Point)],
            [typeof(Color?), typeof(double), typeof(bool)],
        ];

        public IReadOnlyList<Type> GetParameterTypes(string methodName) => Signatures[methodName.Length % Signatures.Length];

        public Type GetReturnType(string invocationId) => invocationId.Length % 3 == 0 ? throw new InvalidOperationException("unknown") : Signatures[invocationId.Length % Signatures.Length].FirstOrDefault() ?? typeof(object);

        public Type GetStreamItemType(string streamId) => streamId.Length % 4 == 0 ? throw new InvalidOperationException("unknown") : Signatures[(streamId.Length + 3) % Signatures.Length].FirstOrDefault() ?? typeof(object);
    }
}
