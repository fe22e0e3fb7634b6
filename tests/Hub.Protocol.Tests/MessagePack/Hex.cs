namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>Hex in the test tables: "cc-80", "cc 80" and "cc80" are all accepted.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace("-", "").Replace(" ", ""));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
