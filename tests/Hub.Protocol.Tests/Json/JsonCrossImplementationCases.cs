namespace HubFramework.Protocol.Tests.Json;

/// <summary>
/// The .NET side of tests/ProtocolVectors/json-cases.mjs: the same names, each with the message .NET must parse
/// from the official client's text and must write for the official client to parse.
/// </summary>
public static class JsonCrossImplementationCases
{
    public static readonly IReadOnlyDictionary<string, HubMessage> Messages = new Dictionary<string, HubMessage>
    {
        ["invocation"] = new InvocationMessage("1", "Send", [42, "Test Message"]),
        ["invocation-non-blocking"] = new InvocationMessage("Send", [42, "Test Message"]),
        ["invocation-stream-ids"] = new InvocationMessage("2", "Upload", ["name"], ["a", "b"]),
        ["invocation-headers"] = new InvocationMessage("1", "Send", [42, "Test Message"]) { Headers = new Dictionary<string, string> { ["Foo"] = "Bar", ["x"] = "" } },
        ["invocation-no-arguments"] = new InvocationMessage("3", "Tick", []),
        ["invocation-mixed-arguments"] = new InvocationMessage("4", "Update", [null, true, 1.5, -7, new Person("Ann", 7), new List<int> { 1, 2 }]),
        ["invocation-unicode"] = new InvocationMessage("Say", ["é€😀 \"quoted\" \\ \n\t <b>&'"]),
        ["stream-invocation"] = new StreamInvocationMessage("5", "Counter", [10, 5], ["s9"]),
        ["stream-item"] = new StreamItemMessage("5", new Person("Bo", 3)),
        ["stream-item-null"] = new StreamItemMessage("5", null),
        ["completion-void"] = CompletionMessage.Empty("1"),
        ["completion-result"] = CompletionMessage.WithResult("1", 42),
        ["completion-null-result"] = CompletionMessage.WithResult("1", null),
        ["completion-array-result"] = CompletionMessage.WithResult("6", new[] { 0, 1, 2, 3, 4 }),
        ["completion-error"] = CompletionMessage.WithError("1", "It didn't work!"),
        ["cancel-invocation"] = new CancelInvocationMessage("5"),
        ["ping"] = PingMessage.Instance,
        ["close"] = CloseMessage.Empty,
        ["close-error-reconnect"] = new CloseMessage("Connection closed with an error.", allowReconnect: true),
        ["ack"] = new AckMessage(1394),
        ["sequence"] = new SequenceMessage(1234),
    };
}
