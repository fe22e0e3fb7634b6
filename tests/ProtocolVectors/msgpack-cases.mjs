// The MessagePack cases shared by msgpack-vectors.mjs (JS -> .NET) and msgpack-roundtrip.test.mjs (.NET -> JS).
// The .NET side (tests/Hub.Protocol.Tests/MessagePack/MessagePackCrossImplementationCases.cs) has a case of the
// same name for each entry, with the .NET value or message it must equal.
import { ExtData } from "@msgpack/msgpack";

const repeat = (text, count) => text.repeat(count);
const bytes = (length, seed = 0) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
const range = (count) => Array.from({ length: count }, (_, i) => i);
const objectOfKeys = (count) => Object.fromEntries(range(count).map((i) => [`k${i}`, i]));

/**
 * name -> { value, bigint?, float32?, dotnet? }.
 * bigint: encoded/decoded with useBigInt64. float32: encoded with forceFloat32.
 * dotnet: what .NET writes instead, where it differs (objects: .NET writes member names, as Microsoft's protocol
 * does, where a JavaScript object has camelCase keys; .NET binds either).
 */
export const valueCases = {
  "nil": { value: null },
  "true": { value: true },
  "false": { value: false },
  "int-0": { value: 0 },
  "int-1": { value: 1 },
  "int-127": { value: 127 },
  "int-128": { value: 128 },
  "int-255": { value: 255 },
  "int-256": { value: 256 },
  "int-65535": { value: 65535 },
  "int-65536": { value: 65536 },
  "int-4294967295": { value: 4294967295 },
  "int-4294967296": { value: 4294967296 },
  "int-max-safe": { value: Number.MAX_SAFE_INTEGER },
  "int-minus-1": { value: -1 },
  "int-minus-32": { value: -32 },
  "int-minus-33": { value: -33 },
  "int-minus-128": { value: -128 },
  "int-minus-129": { value: -129 },
  "int-minus-32768": { value: -32768 },
  "int-minus-32769": { value: -32769 },
  "int-minus-2147483648": { value: -2147483648 },
  "int-minus-2147483649": { value: -2147483649 },
  "int-min-safe": { value: Number.MIN_SAFE_INTEGER },
  "int64-max": { value: 9223372036854775807n, bigint: true },
  "int64-min": { value: -9223372036854775808n, bigint: true },
  "uint64-max": { value: 18446744073709551615n, bigint: true },
  "float64-1.5": { value: 1.5 },
  "float64-minus-0.25": { value: -0.25 },
  "float64-pi": { value: Math.PI },
  "float64-1e300": { value: 1e300 },
  "float32-0.5": { value: 0.5, float32: true },
  "str-empty": { value: "" },
  "str-1": { value: "a" },
  "str-31": { value: repeat("x", 31) },
  "str-32": { value: repeat("x", 32) },
  "str-255": { value: repeat("y", 255) },
  "str-256": { value: repeat("y", 256) },
  "str-65535": { value: repeat("z", 65535) },
  "str-65536": { value: repeat("z", 65536) },
  "str-unicode": { value: "héllo wörld ❤ 🍺 ひらがな Кириллица" },
  "bin-0": { value: bytes(0) },
  "bin-1": { value: bytes(1, 7) },
  "bin-255": { value: bytes(255) },
  "bin-256": { value: bytes(256) },
  "bin-65536": { value: bytes(65536, 3) },
  "array-0": { value: [] },
  "array-3": { value: [1, 2, 3] },
  "array-15": { value: range(15) },
  "array-16": { value: range(16) },
  "array-65536": { value: range(65536).map((i) => i % 100) },
  "map-0": { value: {} },
  "map-1": { value: { a: 1 } },
  "map-15": { value: objectOfKeys(15) },
  "map-16": { value: objectOfKeys(16) },
  "map-65536": { value: objectOfKeys(65536) },
  "object-payload": { value: { name: "widget", value: 42, tags: ["a", "b"] }, dotnet: { Name: "widget", Value: 42, Tags: ["a", "b"] } },
  "object-nested": {
    value: { id: 7, label: null, child: { id: 8, label: "inner", child: null } },
    dotnet: { Id: 7, Label: null, Child: { Id: 8, Label: "inner", Child: null } },
  },
  "mixed-array": { value: [1, "two", true, null, 1.5, { k: "v" }, [3]] },
  "date-epoch": { value: new Date(0) },
  "date-seconds": { value: new Date(1514862245000) },
  "date-millis": { value: new Date("2024-05-06T07:08:09.123Z") },
  "date-before-epoch": { value: new Date(-1) },
  "date-1900": { value: new Date("1900-01-01T00:00:00.000Z") },
  "ext-fix1": { value: new ExtData(1, bytes(1)) },
  "ext-fix2": { value: new ExtData(2, bytes(2)) },
  "ext-fix4": { value: new ExtData(3, bytes(4)) },
  "ext-fix8": { value: new ExtData(4, bytes(8)) },
  "ext-fix16": { value: new ExtData(5, bytes(16)) },
  "ext8-empty": { value: new ExtData(6, bytes(0)) },
  "ext8-3": { value: new ExtData(7, bytes(3)) },
  "ext16-256": { value: new ExtData(8, bytes(256)) },
  "ext32-65536": { value: new ExtData(9, bytes(65536)) },
};

const payload = { name: "widget", value: 42, tags: ["a", "b"] };
const dotnetPayload = { Name: "widget", Value: 42, Tags: ["a", "b"] };

/** A message case whose object .NET writes with member names: the same message with `dotnet` holding that form. */
const withDotnet = (message, dotnet) => ({ ...message, dotnet: { ...message, ...dotnet } });

/** name -> a message as @microsoft/signalr's MessagePackHubProtocol takes and returns it. */
export const messageCases = {
  "invocation-non-blocking": { type: 1, headers: {}, target: "NonBlocking", arguments: ["foo"] },
  "invocation-with-id": { type: 1, headers: {}, invocationId: "42", target: "Add", arguments: [40, 2] },
  "invocation-headers": { type: 1, headers: { x: "y", z: "z" }, invocationId: "123", target: "Send", arguments: [42, "Test Message"] },
  "invocation-stream-ids": { type: 1, headers: {}, invocationId: "7", target: "AddStream", arguments: [], streamIds: ["1", "2"] },
  "invocation-object": withDotnet({ type: 1, headers: {}, invocationId: "8", target: "EchoObject", arguments: [payload] }, { arguments: [dotnetPayload] }),
  "invocation-bytes": { type: 1, headers: {}, invocationId: "9", target: "EchoBytes", arguments: [Uint8Array.of(0, 1, 2, 255)] },
  "invocation-date": { type: 1, headers: {}, invocationId: "10", target: "Schedule", arguments: [new Date("2024-05-06T07:08:09.123Z")] },
  "invocation-mixed": { type: 1, headers: {}, invocationId: "11", target: "Mixed", arguments: [1.5, true, null, "héllo", 9007199254740991] },
  "stream-invocation": { type: 4, headers: {}, invocationId: "12", target: "Counter", arguments: [5, 10] },
  "stream-item": { type: 2, headers: {}, invocationId: "12", item: 3 },
  "stream-item-object": withDotnet({ type: 2, headers: {}, invocationId: "12", item: payload }, { item: dotnetPayload }),
  "completion-result": { type: 3, headers: {}, invocationId: "42", result: 42 },
  "completion-null-result": { type: 3, headers: {}, invocationId: "43", result: null },
  "completion-object-result": withDotnet({ type: 3, headers: {}, invocationId: "44", result: payload }, { result: dotnetPayload }),
  "completion-error": { type: 3, headers: {}, invocationId: "45", error: "It didn't work!" },
  "completion-void": { type: 3, headers: {}, invocationId: "46" },
  "cancel-invocation": { type: 5, headers: {}, invocationId: "12" },
  "ping": { type: 6 },
  "close": { type: 7 },
  "ack": { type: 8, sequenceId: 1394 },
  "sequence": { type: 9, sequenceId: 1234 },
};
