// The cross-implementation cases of the JSON hub protocol, as the official JavaScript client represents messages
// (property order as its HubConnection builds them). json-vectors.mjs writes them with the official
// JsonHubProtocol for the .NET tests; json-roundtrip.test.mjs uses them as the expected result of parsing what
// the .NET side wrote. The .NET tests hold the same names with .NET expectations (JsonCrossImplementationCases.cs).
export const jsonCases = {
  "invocation": { target: "Send", arguments: [42, "Test Message"], invocationId: "1", type: 1 },
  "invocation-non-blocking": { target: "Send", arguments: [42, "Test Message"], type: 1 },
  "invocation-stream-ids": { target: "Upload", arguments: ["name"], invocationId: "2", streamIds: ["a", "b"], type: 1 },
  "invocation-headers": { headers: { Foo: "Bar", x: "" }, target: "Send", arguments: [42, "Test Message"], invocationId: "1", type: 1 },
  "invocation-no-arguments": { target: "Tick", arguments: [], invocationId: "3", type: 1 },
  "invocation-mixed-arguments": { target: "Update", arguments: [null, true, 1.5, -7, { name: "Ann", age: 7 }, [1, 2]], invocationId: "4", type: 1 },
  "invocation-unicode": { target: "Say", arguments: ["é€😀 \"quoted\" \\ \n\t <b>&'"], type: 1 },
  "stream-invocation": { target: "Counter", arguments: [10, 5], invocationId: "5", streamIds: ["s9"], type: 4 },
  "stream-item": { invocationId: "5", item: { name: "Bo", age: 3 }, type: 2 },
  "stream-item-null": { invocationId: "5", item: null, type: 2 },
  "completion-void": { invocationId: "1", type: 3 },
  "completion-result": { invocationId: "1", result: 42, type: 3 },
  "completion-null-result": { invocationId: "1", result: null, type: 3 },
  "completion-array-result": { invocationId: "6", result: [0, 1, 2, 3, 4], type: 3 },
  "completion-error": { error: "It didn't work!", invocationId: "1", type: 3 },
  "cancel-invocation": { invocationId: "5", type: 5 },
  "ping": { type: 6 },
  "close": { type: 7 },
  "close-error-reconnect": { error: "Connection closed with an error.", allowReconnect: true, type: 7 },
  "ack": { sequenceId: 1394, type: 8 },
  "sequence": { sequenceId: 1234, type: 9 },
};
