// Encodes every case of msgpack-cases.mjs with the official JavaScript libraries (@msgpack/msgpack for values,
// @microsoft/signalr-protocol-msgpack for hub messages) into out/js-msgpack.json, which the .NET tests
// (MessagePackCrossImplementationTests) decode and compare.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { encode } from "@msgpack/msgpack";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { messageCases, valueCases } from "./msgpack-cases.mjs";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "out");
mkdirSync(outDir, { recursive: true });

const base64 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

const values = Object.entries(valueCases).map(([name, { value, bigint, float32 }]) => ({
  name,
  base64: base64(encode(value, { useBigInt64: !!bigint, forceFloat32: !!float32 })),
}));

const protocol = new MessagePackHubProtocol();
const messages = Object.entries(messageCases).map(([name, message]) => ({
  name,
  base64: base64(new Uint8Array(protocol.writeMessage(message))),
}));

writeFileSync(join(outDir, "js-msgpack.json"), JSON.stringify({ protocol: protocol.name, version: protocol.version, values, messages }));
console.log(`wrote ${values.length} MessagePack values and ${messages.length} hub messages to out/js-msgpack.json`);
