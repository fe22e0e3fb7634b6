namespace HubFramework.Protocol.Tests.Json;

/// <summary>
/// The golden vectors of the JSON hub protocol. <see cref="Canonical"/> drives both directions: writing the message
/// must produce exactly the text, and parsing the text must give back the message. Property order is the one
/// Microsoft's server writes (type, headers, invocationId, then the rest), so our bytes match theirs.
/// </summary>
public static class JsonHubProtocolVectors
{
    private static readonly Dictionary<string, string> FooBar = new() { ["Foo"] = "Bar" };

    public static readonly IReadOnlyList<(string Name, HubMessage Message, string Json)> Canonical =
    [
        ("Invocation (spec example)",
            new InvocationMessage("123", "Send", [42, "Test Message"]),
            """{"type":1,"invocationId":"123","target":"Send","arguments":[42,"Test Message"]}"""),
        ("Invocation, non-blocking (spec example)",
            new InvocationMessage("Send", [42, "Test Message"]),
            """{"type":1,"target":"Send","arguments":[42,"Test Message"]}"""),
        ("Invocation with stream from caller (spec example)",
            new InvocationMessage("123", "Send", [42], ["1"]),
            """{"type":1,"invocationId":"123","target":"Send","arguments":[42],"streamIds":["1"]}"""),
        ("Invocation with headers (spec example)",
            WithHeaders(new InvocationMessage("123", "Send", [42, "Test Message"]), FooBar),
            """{"type":1,"headers":{"Foo":"Bar"},"invocationId":"123","target":"Send","arguments":[42,"Test Message"]}"""),
        ("Invocation without arguments",
            new InvocationMessage("1", "Tick", []),
            """{"type":1,"invocationId":"1","target":"Tick","arguments":[]}"""),
        ("Invocation with null, bool, double, enum, object and list arguments",
            new InvocationMessage("7", "Update", [null, true, 1.5, Color.Green, new Person("Ann", 7), new List<int> { 1, 2 }]),
            """{"type":1,"invocationId":"7","target":"Update","arguments":[null,true,1.5,1,{"name":"Ann","age":7},[1,2]]}"""),
        ("Invocation with text needing escapes",
            new InvocationMessage("Say", ["quote \" backslash \\ newline \n tab \t <b>&'é😀 \u0001"]),
            """{"type":1,"target":"Say","arguments":["quote \" backslash \\ newline \n tab \t <b>&'é\uD83D\uDE00 \u0001"]}"""),
        ("Invocation with several stream ids and headers",
            WithHeaders(new InvocationMessage("9", "Upload", ["name"], ["a", "b"]), new Dictionary<string, string> { ["x"] = "y", ["z"] = "" }),
            """{"type":1,"headers":{"x":"y","z":""},"invocationId":"9","target":"Upload","arguments":["name"],"streamIds":["a","b"]}"""),
        ("StreamInvocation (spec example)",
            new StreamInvocationMessage("123", "Send", [42, "Test Message"]),
            """{"type":4,"invocationId":"123","target":"Send","arguments":[42,"Test Message"]}"""),
        ("StreamInvocation with stream ids and headers",
            WithHeaders(new StreamInvocationMessage("5", "Echo", [], ["s1"]), FooBar),
            """{"type":4,"headers":{"Foo":"Bar"},"invocationId":"5","target":"Echo","arguments":[],"streamIds":["s1"]}"""),
        ("StreamItem (spec example)",
            new StreamItemMessage("123", 42),
            """{"type":2,"invocationId":"123","item":42}"""),
        ("StreamItem with null item",
            new StreamItemMessage("123", null),
            """{"type":2,"invocationId":"123","item":null}"""),
        ("StreamItem with object item and headers",
            WithHeaders(new StreamItemMessage("s", new Person("Bo", 3)), FooBar),
            """{"type":2,"headers":{"Foo":"Bar"},"invocationId":"s","item":{"name":"Bo","age":3}}"""),
        ("Completion, void (spec example)",
            CompletionMessage.Empty("123"),
            """{"type":3,"invocationId":"123"}"""),
        ("Completion with result (spec example)",
            CompletionMessage.WithResult("123", 42),
            """{"type":3,"invocationId":"123","result":42}"""),
        ("Completion with error (spec example)",
            CompletionMessage.WithError("123", "It didn't work!"),
            """{"type":3,"invocationId":"123","error":"It didn't work!"}"""),
        ("Completion with null result",
            CompletionMessage.WithResult("123", null),
            """{"type":3,"invocationId":"123","result":null}"""),
        ("Completion with batched result (spec example)",
            CompletionMessage.WithResult("42", new[] { 0, 1, 2, 3, 4 }),
            """{"type":3,"invocationId":"42","result":[0,1,2,3,4]}"""),
        ("Completion with string result and headers",
            WithHeaders(CompletionMessage.WithResult("8", "done"), FooBar),
            """{"type":3,"headers":{"Foo":"Bar"},"invocationId":"8","result":"done"}"""),
        ("Completion with large integer result",
            CompletionMessage.WithResult("8", long.MaxValue),
            """{"type":3,"invocationId":"8","result":9223372036854775807}"""),
        ("CancelInvocation (spec example)",
            new CancelInvocationMessage("123"),
            """{"type":5,"invocationId":"123"}"""),
        ("CancelInvocation with headers",
            WithHeaders(new CancelInvocationMessage("123"), FooBar),
            """{"type":5,"headers":{"Foo":"Bar"},"invocationId":"123"}"""),
        ("Ping (spec example)",
            PingMessage.Instance,
            """{"type":6}"""),
        ("Close without error (spec example)",
            CloseMessage.Empty,
            """{"type":7}"""),
        ("Close with error (spec example)",
            new CloseMessage("Connection closed because of an error!"),
            """{"type":7,"error":"Connection closed because of an error!"}"""),
        ("Close with error allowing reconnect (spec example)",
            new CloseMessage("Connection closed because of an error!", allowReconnect: true),
            """{"type":7,"error":"Connection closed because of an error!","allowReconnect":true}"""),
        ("Close allowing reconnect without error",
            new CloseMessage(null, allowReconnect: true),
            """{"type":7,"allowReconnect":true}"""),
        ("Ack (spec example)",
            new AckMessage(1394),
            """{"type":8,"sequenceId":1394}"""),
        ("Sequence (spec example)",
            new SequenceMessage(1234),
            """{"type":9,"sequenceId":1234}"""),
    ];

    /// <summary>Texts we never write but must read: other property orders, spacing, unknown properties, explicit nulls.</summary>
    public static readonly IReadOnlyList<(string Name, string Json, HubMessage Expected)> ParseOnly =
    [
        ("spec example as printed, with whitespace",
            """
            {
                "type": 1,
                "headers": {
                    "Foo": "Bar"
                },
                "invocationId": "123",
                "target": "Send",
                "arguments": [
                    42,
                    "Test Message"
                ]
            }
            """,
            WithHeaders(new InvocationMessage("123", "Send", [42, "Test Message"]), FooBar)),
        ("type last, as the JavaScript client writes",
            """{"target":"Send","arguments":[42,"x"],"invocationId":"1","type":1}""",
            new InvocationMessage("1", "Send", [42, "x"])),
        ("arguments before target",
            """{"arguments":[42,"x"],"type":4,"target":"Send","invocationId":"1"}""",
            new StreamInvocationMessage("1", "Send", [42, "x"])),
        ("item before invocationId",
            """{"item":{"name":"Cy","age":2},"type":2,"invocationId":"s"}""",
            new StreamItemMessage("s", new Person("Cy", 2))),
        ("result before invocationId",
            """{"result":[1,2],"type":3,"invocationId":"9"}""",
            CompletionMessage.WithResult("9", new List<int> { 1, 2 })),
        ("unknown properties of every kind are ignored",
            """{"x":{"a":[1,{"b":null}]},"type":1,"y":"z","target":"Send","arguments":[42,"x"],"w":[true,false],"v":1.5e3}""",
            new InvocationMessage("Send", [42, "x"])),
        ("escaped property names",
            """{"\u0074ype":5,"invocation\u0049d":"1"}""",
            new CancelInvocationMessage("1")),
        ("explicit null optionals",
            """{"type":1,"invocationId":null,"headers":null,"streamIds":null,"target":"Send","arguments":[42,"x"]}""",
            new InvocationMessage("Send", [42, "x"])),
        ("close with allowReconnect false and null error",
            """{"type":7,"error":null,"allowReconnect":false}""",
            CloseMessage.Empty),
        ("case-insensitive payload property names",
            """{"type":2,"invocationId":"s","item":{"NAME":"Di","Age":4}}""",
            new StreamItemMessage("s", new Person("Di", 4))),
        ("completion minorVersion-style extra property",
            """{"type":3,"invocationId":"1","result":42,"extra":{}}""",
            CompletionMessage.WithResult("1", 42)),
    ];

    /// <summary>Records that must be rejected with exactly this protocol error.</summary>
    public static readonly IReadOnlyList<(string Name, string Json, string Error)> Invalid =
    [
        ("empty record", "", "The message is not valid JSON: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true. LineNumber: 0 | BytePositionInLine: 0."),
        ("whitespace only", "  ", "The message is not valid JSON: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true. LineNumber: 0 | BytePositionInLine: 2."),
        ("not an object", "[1,2]", "Unexpected JSON token StartArray: a message must be a JSON object."),
        ("a string", "\"hello\"", "Unexpected JSON token String: a message must be a JSON object."),
        ("missing type", """{"target":"Send","arguments":[]}""", "Missing required property 'type'."),
        ("type as string", """{"type":"1"}""", "Expected 'type' to be an integer."),
        ("type as fraction", """{"type":1.5}""", "Expected 'type' to be an integer."),
        ("invocation missing target", """{"type":1,"arguments":[]}""", "The Invocation message is missing the required property 'target'."),
        ("invocation with empty target", """{"type":1,"target":"","arguments":[]}""", "The Invocation message is missing the required property 'target'."),
        ("invocation missing arguments", """{"type":1,"target":"Send"}""", "The Invocation message is missing the required property 'arguments'."),
        ("arguments not an array", """{"type":1,"target":"Send","arguments":{}}""", "Expected 'arguments' to be an array, not StartObject."),
        ("target not a string", """{"type":1,"target":5,"arguments":[]}""", "Expected 'target' to be a string, not Number."),
        ("stream invocation missing invocationId", """{"type":4,"target":"Send","arguments":[]}""", "The StreamInvocation message is missing the required property 'invocationId'."),
        ("stream item missing invocationId", """{"type":2,"item":1}""", "The StreamItem message is missing the required property 'invocationId'."),
        ("stream item missing item", """{"type":2,"invocationId":"1"}""", "The StreamItem message is missing the required property 'item'."),
        ("completion missing invocationId", """{"type":3,"result":1}""", "The Completion message is missing the required property 'invocationId'."),
        ("completion with result and error", """{"type":3,"invocationId":"1","result":42,"error":"x"}""", "The 'error' and 'result' properties are mutually exclusive."),
        ("cancel missing invocationId", """{"type":5}""", "The CancelInvocation message is missing the required property 'invocationId'."),
        ("ack missing sequenceId", """{"type":8}""", "The Ack message is missing the required property 'sequenceId'."),
        ("sequence with string sequenceId", """{"type":9,"sequenceId":"1"}""", "Expected 'sequenceId' to be an integer."),
        ("allowReconnect as string", """{"type":7,"allowReconnect":"yes"}""", "Expected 'allowReconnect' to be a boolean."),
        ("header value not a string", """{"type":5,"invocationId":"1","headers":{"a":1}}""", "Expected header 'a' to be a string, not Number."),
        ("stream id not a string", """{"type":1,"target":"Send","arguments":[],"streamIds":[1]}""", "Expected every stream id to be a string, not Number."),
        ("duplicate target", """{"type":1,"target":"Send","arguments":[42,"x"],"target":"Other"}""", "Duplicate property 'target'."),
        ("duplicate invocationId", """{"type":2,"invocationId":"a","item":1,"invocationId":"b"}""", "Duplicate property 'invocationId'."),
        ("trailing content", """{"type":6} {"type":6}""", "The message is not valid JSON: '{' is invalid after a single JSON value. Expected end of data. LineNumber: 0 | BytePositionInLine: 11."),
        ("truncated object", """{"type":6""", "The message is not valid JSON: '6' is an invalid end of a number. Expected a delimiter. LineNumber: 0 | BytePositionInLine: 9."),
        ("invalid token", """{"type":6,"x":nope}""", "The message is not valid JSON: 'nope}' is an invalid JSON literal. Expected the literal 'null'. LineNumber: 0 | BytePositionInLine: 15."),
        ("comment", """{"type":6 /* hi */}""", "The message is not valid JSON: '/' is invalid after a value. Expected either ',', '}', or ']'. LineNumber: 0 | BytePositionInLine: 10."),
        ("trailing comma", """{"type":6,}""", "The message is not valid JSON: The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options. LineNumber: 0 | BytePositionInLine: 10."),
        ("invalid JSON inside arguments", """{"type":1,"target":"Send","arguments":[42,"x",]}""", "The message is not valid JSON: The JSON array contains a trailing comma at the end which is not supported in this mode. Change the reader options. LineNumber: 0 | BytePositionInLine: 46."),
        ("invalid JSON inside unbound arguments", """{"type":1,"arguments":[42,"x"}""", "The message is not valid JSON: '}' is invalid without a matching open. LineNumber: 0 | BytePositionInLine: 29."),
    ];

    private static T WithHeaders<T>(T message, Dictionary<string, string> headers)
        where T : HubInvocationMessage
    {
        message.Headers = new Dictionary<string, string>(headers);
        return message;
    }
}
