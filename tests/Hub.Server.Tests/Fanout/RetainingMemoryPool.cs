using System.Buffers;
using System.Collections.Concurrent;

namespace HubFramework.Server.Tests.Fanout;

/// <summary>
/// A block pool that keeps every returned block (as Kestrel's transport pool does), so that pipe buffers are reused
/// rather than allocated when many pipes hold data at once; allocation tests then see only what the code under test
/// allocates.
/// </summary>
internal sealed class RetainingMemoryPool : MemoryPool<byte>
{
    private const int BlockSize = 4096;
    private readonly ConcurrentQueue<Block> _blocks = new();

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"Blocks are {BlockSize} bytes.");
        }

        return _blocks.TryDequeue(out var block) ? block : new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(RetainingMemoryPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = new byte[BlockSize];

        public Memory<byte> Memory => _array;

        public void Dispose() => pool._blocks.Enqueue(this);
    }
}
