using System.Text.Json;

namespace HubFramework.Protocol.MessagePack;

/// <summary>Settings of <see cref="MessagePackHubProtocol"/>.</summary>
public sealed class MessagePackHubProtocolOptions
{
    /// <summary>The default nesting limit of a message (the message array itself counts as one level).</summary>
    public const int DefaultMaximumDepth = MessagePackReader.DefaultMaximumDepth;

    /// <summary>
    /// The System.Text.Json contract settings that shape arguments, stream items and results: property names
    /// (naming policy), ignored and required properties, constructors, custom converters. Sharing one instance with
    /// the JSON protocol gives a type the same shape in both. Default: <see cref="MessagePackSerializer.CreateDefaultSerializerOptions"/>
    /// (camelCase names, case-insensitive matching when reading, as the JSON protocol).
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = MessagePackSerializer.CreateDefaultSerializerOptions();

    /// <summary>
    /// How deeply arrays and maps may nest in one message, the message array included (2 to
    /// <see cref="MessagePackReader.MaximumDepthLimit"/>). Deeper input is a protocol error; deeper output
    /// (e.g. a cyclic object graph) fails the write.
    /// </summary>
    public int MaximumDepth { get; set; } = DefaultMaximumDepth;
}
