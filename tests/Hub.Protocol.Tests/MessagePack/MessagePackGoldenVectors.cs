using HubFramework.Protocol;

namespace HubFramework.Protocol.Tests.MessagePack;

/// <summary>
/// The one table of messages and their exact frames (VarInt length prefix + MessagePack array, base64), used by
/// both the encoding and the decoding tests (they are also what Microsoft's protocol writes: see Oracle/). The "Spec…"
/// entries are the examples of HubProtocol.md byte for byte; its Close example (two elements) is decode-only, since
/// Microsoft's protocol, and so ours, always writes the AllowReconnect element.
/// </summary>
public static class MessagePackGoldenVectors
{
    private static readonly EchoPayload Payload = new("widget", 42, ["a", "b"]);

    public static IReadOnlyDictionary<string, (HubMessage Message, string Frame)> All { get; } = new Dictionary<string, (HubMessage, string)>
    {
        ["SpecInvocation"] = (new InvocationMessage("xyz", "method", [42]), "EZYBgKN4eXqmbWV0aG9kkSqQ"),
        ["SpecNonBlockingInvocation"] = (new InvocationMessage("method", [42]), "DpYBgMCmbWV0aG9kkSqQ"),
        ["SpecInvocationWithHeaders"] = (
            new InvocationMessage("xyz", "method", [42]) { Headers = new Dictionary<string, string> { ["x"] = "y", ["z"] = "z" } },
            "GZYBgqF4oXmheqF6o3h5eqZtZXRob2SRKpA="),
        ["SpecStreamInvocation"] = (new StreamInvocationMessage("xyz", "method", [42]), "EZYEgKN4eXqmbWV0aG9kkSqQ"),
        ["SpecStreamItem"] = (new StreamItemMessage("xyz", 42), "CJQCgKN4eXoq"),
        ["SpecCompletionWithError"] = (CompletionMessage.WithError("xyz", "Error"), "DpUDgKN4eXoBpUVycm9y"),
        ["SpecCompletionVoid"] = (CompletionMessage.Empty("xyz"), "CJQDgKN4eXoC"),
        ["SpecCompletionWithResult"] = (CompletionMessage.WithResult("xyz", 42), "CZUDgKN4eXoDKg=="),
        ["SpecCancelInvocation"] = (new CancelInvocationMessage("xyz"), "B5MFgKN4eXo="),
        ["SpecPing"] = (PingMessage.Instance, "ApEG"),
        ["Close"] = (new CloseMessage("xyz"), "B5MHo3h5esI="),
        ["SpecCloseAllowingReconnect"] = (new CloseMessage("xyz", allowReconnect: true), "B5MHo3h5esM="),
        ["Ack"] = (new AckMessage(36), "A5IIJA=="),
        ["Sequence"] = (new SequenceMessage(19), "A5IJEw=="),
        ["InvocationWithStreamIds"] = (new InvocationMessage("42", "AddStream", [], ["1"]), "FJYBgKI0MqlBZGRTdHJlYW2QkaEx"),
        ["InvocationWithVariousArguments"] = (
            new InvocationMessage("7", "Mixed", ["Test Message", true, null, 1.5, new byte[] { 1, 2 }]),
            "KZYBgKE3pU1peGVklaxUZXN0IE1lc3NhZ2XDwMs/+AAAAAAAAMQCAQKQ"),
        ["InvocationWithObjectArgument"] = (new InvocationMessage("8", "EchoObject", [Payload]), "MJYBgKE4qkVjaG9PYmplY3SRg6ROYW1lpndpZGdldKVWYWx1ZSqkVGFnc5KhYaFikA=="),
        ["StreamInvocationWithStreamIds"] = (new StreamInvocationMessage("9", "Upload", [5], ["a", "b"]), "E5YEgKE5plVwbG9hZJEFkqFhoWI="),
        ["StreamItemWithHeaders"] = (
            new StreamItemMessage("12", "item") { Headers = new Dictionary<string, string> { ["trace"] = "abc" } },
            "FZQCgaV0cmFjZaNhYmOiMTKkaXRlbQ=="),
        ["CompletionWithNullResult"] = (CompletionMessage.WithResult("1", null), "B5UDgKExA8A="),
        ["CompletionWithObjectResult"] = (CompletionMessage.WithResult("2", Payload), "JJUDgKEyA4OkTmFtZaZ3aWRnZXSlVmFsdWUqpFRhZ3OSoWGhYg=="),
        ["CloseWithoutError"] = (CloseMessage.Empty, "BJMHwMI="),
        ["AckWithLargeSequenceId"] = (new AckMessage(long.MaxValue), "C5IIz3//////////"),
        ["SequenceStartingAtOne"] = (new SequenceMessage(1), "A5IJAQ=="),
        ["InvocationNeedingTwoBytePrefix"] = (
            new InvocationMessage("Echo", [new string('a', 200)]),
            "1QGWAYDApEVjaG+R2chhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYZA="),
    };

    /// <summary>
    /// Valid but not smallest encodings (the spec's Ack/Sequence examples use uint 8), the five-element
    /// invocation the official JavaScript client writes when there are no stream ids, and the camelCase keys the
    /// JavaScript client writes for an object: decode-only.
    /// </summary>
    public static IReadOnlyDictionary<string, (HubMessage Message, string Hex)> DecodeOnly { get; } = new Dictionary<string, (HubMessage, string)>
    {
        ["SpecClose"] = (new CloseMessage("xyz"), "06 92 07 a3 78 79 7a"),
        ["CloseWithoutReconnectFlag"] = (CloseMessage.Empty, "03 92 07 c0"),
        ["ObjectWithCamelCaseKeys"] = (new InvocationMessage("8", "EchoObject", [Payload]), "30 96 01 80 a1 38 aa 45 63 68 6f 4f 62 6a 65 63 74 91 83 a4 6e 61 6d 65 a6 77 69 64 67 65 74 a5 76 61 6c 75 65 2a a4 74 61 67 73 92 a1 61 a1 62 90"),
        ["SpecAck"] = (new AckMessage(36), "04 92 08 cc 24"),
        ["SpecSequence"] = (new SequenceMessage(19), "04 92 09 cc 13"),
        ["InvocationWithoutStreamIdArray"] = (new InvocationMessage("xyz", "method", [42]), "10 95 01 80 a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a"),
        ["InvocationWithNilHeadersAndStreamIds"] = (new InvocationMessage("xyz", "method", [42]), "11 96 01 c0 a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a c0"),
        ["CloseWithNilReconnectFlag"] = (new CloseMessage("xyz"), "07 93 07 a3 78 79 7a c0"),
        ["CompletionWithNilError"] = (CompletionMessage.WithError("xyz", ""), "09 95 03 80 a3 78 79 7a 01 c0"),
        ["PingWithExtraElements"] = (PingMessage.Instance, "04 93 06 01 02"),
        ["AckWithInt16SequenceId"] = (new AckMessage(36), "05 92 08 d1 00 24"),
    };

    public static TheoryData<string> Names => new(All.Keys);

    public static TheoryData<string> DecodeOnlyNames => new(DecodeOnly.Keys);
}
