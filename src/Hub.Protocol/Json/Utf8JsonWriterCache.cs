using System.Buffers;
using System.Text.Json;

namespace HubFramework.Protocol.Json;

/// <summary>
/// One reusable <see cref="Utf8JsonWriter"/> per thread, so writing a message allocates no writer.
/// A rented writer is taken out of the slot, so a nested write on the same thread simply gets a new one.
/// </summary>
internal static class Utf8JsonWriterCache
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output, in JsonWriterOptions options)
    {
        var writer = t_writer;
        if (writer is null || !HaveSameSettings(writer.Options, options))
        {
            return new Utf8JsonWriter(output, options);
        }

        t_writer = null;
        writer.Reset(output);
        return writer;
    }

    public static void Return(Utf8JsonWriter writer)
    {
        // Drop the reference to the caller's output so a cached writer never keeps a connection's buffers alive.
        writer.Reset(DetachedOutput.Instance);
        t_writer = writer;
    }

    private static bool HaveSameSettings(in JsonWriterOptions a, in JsonWriterOptions b) =>
        ReferenceEquals(a.Encoder, b.Encoder)
        && a.Indented == b.Indented
        && a.SkipValidation == b.SkipValidation
        && a.MaxDepth == b.MaxDepth;

    /// <summary>Stands in for an output while the writer sits in the cache; it is never written to.</summary>
    private sealed class DetachedOutput : IBufferWriter<byte>
    {
        public static readonly DetachedOutput Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("The cached JSON writer has no output.");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("The cached JSON writer has no output.");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("The cached JSON writer has no output.");
    }
}
