// Decodes what the .NET MessagePack codec and hub protocol wrote (out/dotnet-msgpack.json, produced by
// MessagePackCrossImplementationTests) with the official JavaScript libraries, and compares with msgpack-cases.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decode, encode } from "@msgpack/msgpack";
import { NullLogger } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { messageCases, valueCases } from "./msgpack-cases.mjs";

const file = join(dirname(fileURLToPath(import.meta.url)), "out", "dotnet-msgpack.json");

function load() {
  assert.ok(existsSync(file), `${file} is missing: run the .NET tests (MessagePackCrossImplementationTests) first; ./test.sh does.`);
  return JSON.parse(readFileSync(file, "utf8"));
}

const vectors = existsSync(file) ? load() : { values: [], messages: [] };
const bytesOf = (base64) => new Uint8Array(Buffer.from(base64, "base64"));

test(".NET wrote every MessagePack case", () => {
  const { values, messages } = load();
  assert.deepEqual(values.map((v) => v.name).sort(), Object.keys(valueCases).sort());
  assert.deepEqual(messages.map((m) => m.name).sort(), Object.keys(messageCases).sort());
});

for (const { name, base64 } of vectors.values) {
  test(`value ${name}: @msgpack/msgpack decodes what .NET wrote`, () => {
    const expected = valueCases[name];
    assert.ok(expected, `no JavaScript case named ${name}`);
    const actual = decode(bytesOf(base64), { useBigInt64: !!expected.bigint });
    assert.deepEqual(actual, expected.dotnet ?? expected.value);
  });
}

// Both sides write the smallest form (the BigInt cases are 64-bit values, where @msgpack/msgpack's fixed width is the
// smallest), except in a .NET object[]: the MessagePack package writes its boxed integers at full width, as
// Microsoft's protocol does (valid MessagePack; the decoding test above reads it back).
const fullWidthInDotnet = new Set(["mixed-array"]);
for (const { name, base64 } of vectors.values.filter((v) => valueCases[v.name] && !fullWidthInDotnet.has(v.name))) {
  test(`value ${name}: .NET wrote the same bytes as @msgpack/msgpack`, () => {
    const { bigint, float32 } = valueCases[name];
    const value = valueCases[name].dotnet ?? valueCases[name].value;
    assert.equal(Buffer.from(bytesOf(base64)).toString("hex"), Buffer.from(encode(value, { useBigInt64: !!bigint, forceFloat32: !!float32 })).toString("hex"));
  });
}

const protocol = new MessagePackHubProtocol();

/** The fields the official protocol's parser reports; it drops stream ids of invocations and never reports them. */
function normalize(message) {
  const copy = { ...message };
  if (copy.type === 1 || copy.type === 4) {
    delete copy.streamIds;
  }

  for (const key of Object.keys(copy)) {
    if (copy[key] === undefined) {
      delete copy[key];
    }
  }

  if (copy.type === 7) {
    copy.error ??= null;
    // .NET (as Microsoft's .NET protocol) always writes the AllowReconnect element.
    copy.allowReconnect ??= false;
  }

  return copy;
}

const toArrayBuffer = (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

/** The message array inside one length-prefixed frame. */
function decodeFrame(bytes) {
  let length = 0;
  let offset = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[offset++];
    length |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
  }

  assert.equal(bytes.length, offset + length, "the frame's length prefix matches its body");
  return decode(bytes.subarray(offset));
}

// The official client parses only what a client receives; StreamInvocation (4) and CancelInvocation (5) go to servers.
const clientParses = new Set([1, 2, 3, 6, 7, 8, 9]);

for (const { name, base64 } of vectors.messages) {
  const expected = messageCases[name];
  if (expected && clientParses.has(expected.type)) {
    test(`message ${name}: @microsoft/signalr-protocol-msgpack parses what .NET wrote`, () => {
      const parsed = protocol.parseMessages(toArrayBuffer(bytesOf(base64)), NullLogger.instance);
      assert.equal(parsed.length, 1);
      const { dotnet, ...plain } = expected;
      assert.deepEqual(normalize(parsed[0]), normalize(dotnet ?? plain));
    });
  } else {
    test(`message ${name}: .NET wrote the array the official protocol writes`, () => {
      assert.ok(expected, `no JavaScript case named ${name}`);
      const ours = decodeFrame(bytesOf(base64));
      const { dotnet, ...plain } = expected;
      const theirs = decodeFrame(new Uint8Array(protocol.writeMessage(dotnet ?? plain)));
      // .NET always writes the stream-id array of (stream) invocations, empty when there are none.
      if ((expected.type === 1 || expected.type === 4) && theirs.length === 5) {
        theirs.push([]);
      }

      assert.deepEqual(ours, theirs);
    });
  }
}
