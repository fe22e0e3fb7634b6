// Parses what the .NET JsonHubProtocol wrote (out/dotnet-json.json, produced by the .NET tests) with the official
// @microsoft/signalr JsonHubProtocol and compares every message with the expectation in json-cases.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as signalR from "@microsoft/signalr";
import { jsonCases } from "./json-cases.mjs";

// The official client only ever sends these (StreamInvocation, CancelInvocation); its parser drops them as unknown.
const clientToServerOnly = new Set([4, 5]);

const file = join(dirname(fileURLToPath(import.meta.url)), "out", "dotnet-json.json");

function loadVectors() {
  assert.ok(existsSync(file), `${file} is missing: run the .NET tests (tests/Hub.Protocol.Tests) first; test.sh does`);
  return JSON.parse(readFileSync(file, "utf8")).vectors;
}

test("the .NET side wrote every JSON case", () => {
  const names = loadVectors().map((v) => v.name).sort();
  assert.deepEqual(names, Object.keys(jsonCases).sort());
});

for (const name of Object.keys(jsonCases)) {
  test(`official JsonHubProtocol parses .NET '${name}'`, () => {
    const vector = loadVectors().find((v) => v.name === name);
    assert.ok(vector, `no .NET vector named '${name}'`);
    assert.ok(vector.text.endsWith("\u001e"), "a record must end with the record separator");
    assert.deepEqual(JSON.parse(vector.text.slice(0, -1)), jsonCases[name]);
    const messages = new signalR.JsonHubProtocol().parseMessages(vector.text, signalR.NullLogger.instance);
    if (clientToServerOnly.has(jsonCases[name].type)) {
      assert.deepEqual(messages, []);
    } else {
      assert.deepEqual(messages, [jsonCases[name]]);
    }
  });
}

test("official JsonHubProtocol parses all .NET records concatenated in one transport frame", () => {
  const vectors = loadVectors();
  const messages = new signalR.JsonHubProtocol().parseMessages(vectors.map((v) => v.text).join(""), signalR.NullLogger.instance);
  const expected = vectors.map((v) => jsonCases[v.name]).filter((m) => !clientToServerOnly.has(m.type));
  assert.deepEqual(messages, expected);
});
