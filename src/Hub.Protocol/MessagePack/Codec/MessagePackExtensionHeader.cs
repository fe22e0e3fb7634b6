namespace HubFramework.Protocol.MessagePack;

/// <summary>The header of an extension value: its application-defined type code and the length of its data.</summary>
/// <param name="TypeCode">The type code (negative codes are reserved by the specification; -1 is the timestamp).</param>
/// <param name="Length">The number of data bytes that follow the header.</param>
public readonly record struct MessagePackExtensionHeader(sbyte TypeCode, uint Length);
