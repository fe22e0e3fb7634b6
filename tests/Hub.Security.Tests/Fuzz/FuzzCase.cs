using System.Buffers;
using CsCheck;

namespace HubFramework.Security.Tests.Fuzz;

/// <summary>One fuzz input: the bytes, and the size of the pieces they arrive in (parsers must not care).</summary>
internal sealed record FuzzCase(byte[] Bytes, int ChunkSize)
{
    /// <summary>The bytes as a sequence of <see cref="ChunkSize"/>-byte segments.</summary>
    public ReadOnlySequence<byte> ToSequence() => Chunked(Bytes, ChunkSize);

    public override string ToString() => $"chunk {ChunkSize}: {Convert.ToHexString(Bytes)}";

    public static ReadOnlySequence<byte> Chunked(byte[] bytes, int chunkSize)
    {
        if (bytes.Length <= chunkSize)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            var piece = bytes.AsMemory(offset, Math.Min(chunkSize, bytes.Length - offset));
            last = last is null ? first = new Segment(piece, 0) : last.Append(piece);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>
    /// Inputs built from <paramref name="seeds"/> (the golden vectors): most are seeds with a few mutations (bytes
    /// flipped, replaced by <paramref name="alphabet"/> bytes, inserted, deleted, duplicated, truncated, spliced with
    /// another seed); the rest are random bytes and random strings of the alphabet.
    /// </summary>
    public static Gen<FuzzCase> Generator(IReadOnlyList<byte[]> seeds, byte[] alphabet)
    {
        var mutation = Gen.Select(Gen.Int[0, 6], Gen.Int[0, 1 << 20], Gen.Int[1, 16], Gen.Int[0, alphabet.Length - 1], (kind, at, length, symbol) => (kind, at, length, symbol));
        var mutated = Gen.Select(Gen.Int[0, seeds.Count - 1], mutation.Array[1, 6], Gen.Int[0, seeds.Count - 1], (seed, mutations, other) => Mutate(seeds[seed], mutations, seeds[other], alphabet));
        var random = Gen.Byte.Array[0, 256];
        var symbols = Gen.Int[0, alphabet.Length - 1].Array[0, 256].Select(indices => indices.Select(i => alphabet[i]).ToArray());
        var unchanged = Gen.Int[0, seeds.Count - 1].Select(i => seeds[i]);
        var bytes = Gen.Frequency((12, (IGen<byte[]>)mutated), (2, random), (3, symbols), (1, unchanged));
        return Gen.Select(bytes, Gen.Int[1, 64], (b, chunk) => new FuzzCase(b, chunk));
    }

    private static byte[] Mutate(byte[] seed, (int Kind, int At, int Length, int Symbol)[] mutations, byte[] other, byte[] alphabet)
    {
        var bytes = new List<byte>(seed);
        foreach (var (kind, at, length, symbol) in mutations)
        {
            var position = bytes.Count == 0 ? 0 : at % (bytes.Count + 1);
            var count = Math.Min(length, bytes.Count - position);
            switch (kind)
            {
                case 0 when position < bytes.Count:
                    bytes[position] ^= (byte)(1 << (symbol % 8));
                    break;
                case 1 when position < bytes.Count:
                    bytes[position] = alphabet[symbol];
                    break;
                case 2:
                    bytes.InsertRange(position, Enumerable.Repeat(alphabet[symbol], length));
                    break;
                case 3 when count > 0:
                    bytes.RemoveRange(position, count);
                    break;
                case 4 when count > 0:
                    bytes.InsertRange(position, bytes.GetRange(position, count));
                    break;
                case 5:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 6:
                    bytes.InsertRange(position, other.Take(length * 4));
                    break;
            }
        }

        return [.. bytes];
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
