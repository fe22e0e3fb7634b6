using HubFramework.Protocol;
using HubFramework.Protocol.Json;
using HubFramework.Protocol.MessagePack;

namespace HubFramework.Benchmarks.Support;

/// <summary>Client-to-server invocation frames, encoded once so a benchmark only pays for the server's side.</summary>
internal static class BenchmarkFrames
{
    public const string EchoText = "Hello, world! This is a chat message.";

    /// <summary>A blocking invocation (it has an id, so the server answers with a completion) of one of the benchmark hub's methods.</summary>
    public static ReadOnlyMemory<byte> Invocation(string protocol, string method)
    {
        IHubProtocol encoder = protocol switch
        {
            "json" => new JsonHubProtocol(),
            "messagepack" => new MessagePackHubProtocol(),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
        };
        object?[] arguments = method switch
        {
            "Nothing" => [],
            "Echo" => [EchoText],
            "Add" => [1, 2],
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
        return encoder.GetMessageBytes(new InvocationMessage("1", method, arguments)).ToArray();
    }
}
