// Writes every JSON case with the official @microsoft/signalr JsonHubProtocol to out/js-json.json,
// which the .NET tests (JsonCrossImplementationTests) parse and compare.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as signalR from "@microsoft/signalr";
import { jsonCases } from "./json-cases.mjs";

const outDir = join(dirname(fileURLToPath(import.meta.url)), "out");
mkdirSync(outDir, { recursive: true });

const protocol = new signalR.JsonHubProtocol();
const vectors = Object.entries(jsonCases).map(([name, message]) => ({ name, text: protocol.writeMessage(message) }));
writeFileSync(join(outDir, "js-json.json"), JSON.stringify({ protocol: protocol.name, version: protocol.version, vectors }, null, 2));
console.log(`wrote ${vectors.length} JSON hub protocol vectors to out/js-json.json`);
