using MessagePack;

namespace HubFramework.Protocol.MessagePack;

/// <summary>Settings of <see cref="MessagePackHubProtocol"/>, as Microsoft's <c>MessagePackHubProtocolOptions</c>.</summary>
public sealed class MessagePackHubProtocolOptions
{
    /// <summary>
    /// How arguments, stream items and results are serialized: resolvers (your <c>[MessagePackObject]</c> types,
    /// custom or source-generated formatters), security (depth limit, hash-collision resistance), compression.
    /// Default: <see cref="MessagePackHubProtocol.CreateDefaultSerializerOptions"/>. When you replace it, keep
    /// <see cref="MessagePackSecurity.UntrustedData"/> for input from clients:
    /// <c>options.SerializerOptions = MessagePackSerializerOptions.Standard.WithResolver(…).WithSecurity(MessagePackSecurity.UntrustedData)</c>.
    /// </summary>
    public MessagePackSerializerOptions SerializerOptions { get; set; } = MessagePackHubProtocol.CreateDefaultSerializerOptions();
}
