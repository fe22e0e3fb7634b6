// The interop server's AsyncAPI document (/_hubs/asyncapi.json) passes the official AsyncAPI parser and describes
// every contract method the hub serves, with a schema for each parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { useServer, connect, withTimeout, isReference, repoRoot, HUB } from './harness.mjs';

const skip = isReference ? 'Microsoft\'s server has no AsyncAPI document' : false;
const server = useServer();

// The contract's client-to-server methods with their parameter names (../shared/interop/CONTRACT.md).
const core = {
  Echo: ['message'], EchoBytes: ['data'], EchoObject: ['value'], Add: ['a', 'b'], Throw: ['message'],
  GetConnectionId: [], GetUser: [], SendToCaller: ['method', 'payload'], Broadcast: ['message'],
  BroadcastOthers: ['message'], JoinGroup: ['group'], LeaveGroup: ['group'], SendToGroup: ['group', 'message'],
  SendToConnection: ['connectionId', 'message'], SendToUser: ['user', 'message'], Counter: ['count', 'delayMs'],
  Sum: [], AskCaller: ['question'], Disconnect: [],
};
// Sections served as the backplane, rooms and namespace work lands: required once the hub answers them.
const later = {
  AddToGroup: 2, RemoveFromGroup: 2, AskConnection: 2, JoinRoom: 2, UpdatePresence: 2, LeaveRoom: 1,
  RoomMembers: 1, RoomCount: 1, SendToRoom: 2, MyRooms: 0, GetTenant: 0,
};

async function fetchDocument() {
  const response = await fetch(server.url + '/_hubs/asyncapi.json');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /application\/json/);
  return response.text();
}

test('the document passes the official AsyncAPI 3 parser without errors', { skip, timeout: 30_000 }, async () => {
  const text = await fetchDocument();
  const { document, diagnostics } = await new Parser().parse(text);
  const errors = diagnostics.filter((d) => d.severity === 0);
  assert.deepEqual(errors.map((e) => `${e.path.join('.')}: ${e.message}`), []);
  assert.ok(document, 'parsed document');
  assert.equal(document.version(), '3.0.0');
  const channel = document.channels().get('hubs_interop');
  assert.ok(channel, 'a channel for /hubs/interop');
  assert.equal(channel.address(), HUB);
  assert.ok(document.channels().get('hubs_interop_secure'), 'a channel for /hubs/interop-secure');
  const url = new URL(server.url);
  assert.equal(document.servers().get('websocket').host(), url.host);
});

test('every contract method the hub serves is a receive operation with parameter schemas', { skip, timeout: 60_000 }, async () => {
  const { document } = await new Parser().parse(await fetchDocument());
  const operations = new Map(document.operations().all().map((o) => [o.id(), o]));

  const expected = { ...core };
  const connection = await connect(server.url);
  for (const [method, arity] of Object.entries(later)) {
    // A method the hub lacks answers "Method does not exist"; one it has fails binding (or runs: only harmless ones have no arguments).
    const answer = await withTimeout(connection.invoke(method).then(() => 'ran', (e) => String(e?.message)), 10_000, method);
    if (!/Method does not exist/.test(answer)) expected[method] = arity;
  }

  const freeForm = new Set(['JoinRoom.state', 'UpdatePresence.state']);
  for (const [method, parameters] of Object.entries(expected)) {
    const operation = operations.get(`hubs_interop.${method}`);
    assert.ok(operation, `operation for ${method}`);
    assert.equal(operation.action(), 'receive', method);
    const message = operation.messages().all()[0];
    assert.equal(message.name(), method);
    const payload = message.payload();
    assert.equal(payload.type(), 'array', `${method} payload`);
    const items = payload.items() ?? [];
    const schemas = Array.isArray(items) ? items : [items];
    if (Array.isArray(parameters)) {
      assert.deepEqual(schemas.map((s) => s.title()), parameters, `${method} parameter names`);
    } else {
      assert.equal(schemas.length, parameters, `${method} parameter count`);
    }
    for (const schema of schemas) {
      // Free-form JSON (a JsonElement parameter such as a room's state) is the "any value" schema: no keywords but its title.
      const anyValue = Object.keys(schema.json()).every((key) => ['title', 'description', 'x-parser-schema-id'].includes(key));
      assert.ok(schema.type() !== undefined || schema.allOf() || schema.anyOf() || schema.oneOf() || (anyValue && freeForm.has(`${method}.${schema.title()}`)),
        `${method}.${schema.title()} has a schema`);
    }
    assert.ok(operation.reply(), `${method} has a reply`);
  }

  // Spot checks of the schemas themselves.
  const schemaOf = (method, i) => operations.get(`hubs_interop.${method}`).messages().all()[0].payload().items()[i];
  assert.equal(schemaOf('Add', 0).type(), 'integer');
  assert.equal(schemaOf('Echo', 0).type(), 'string');
  const value = schemaOf('EchoObject', 0);
  assert.deepEqual(Object.keys(value.properties()).sort(), ['name', 'tags', 'value']);
  assert.equal(value.properties().value.type(), 'integer');
  const counter = operations.get('hubs_interop.Counter');
  assert.equal(counter.json()['x-streaming'], true);
  assert.equal(counter.reply().messages().all()[0].payload().type(), 'integer');
  const sum = operations.get('hubs_interop.Sum').messages().all()[0].json();
  assert.equal(sum['x-client-streams'][0].name, 'numbers');
  assert.equal(sum['x-client-streams'][0].items.type, 'integer');
});

test('the test\'s list of contract methods matches CONTRACT.md', { skip, timeout: 10_000 }, (t) => {
  const candidates = [process.env.HUB_SHARED_DIR, path.resolve(repoRoot, '../shared'), '/work/shared']
    .filter(Boolean).map((dir) => path.join(dir, 'interop', 'CONTRACT.md'));
  const file = candidates.find((f) => existsSync(f));
  if (!file) {
    t.skip('CONTRACT.md not found (set HUB_SHARED_DIR)');
    return;
  }
  const names = new Set([...readFileSync(file, 'utf8').matchAll(/^\| `([A-Z][A-Za-z]+)` \|/gm)].map((m) => m[1]));
  for (const name of names) {
    assert.ok(name in core || name in later, `${name} of CONTRACT.md is listed in this test`);
  }
});
