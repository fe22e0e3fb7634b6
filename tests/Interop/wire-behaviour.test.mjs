// Raw HTTP/WebSocket checks of the server behaviours stock clients rely on (MICROSOFT-BEHAVIOUR.md),
// validated against Microsoft's server first, then run against ours.
import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, withTimeout, delay, HUB, TEST_TIMEOUT_MS } from './harness.mjs';
import {
  negotiate, openRawWebSocket, closeRawSockets, rawJsonWebSocket, webSocketUrl, parseRecords, record, RS,
} from './raw-client.mjs';

const server = useServer();
afterEach(closeRawSockets);
const t = { timeout: TEST_TIMEOUT_MS };
const hubUrl = (query = '') => `${server.url}${HUB}${query}`;
const timeout = (ms = 5_000) => AbortSignal.timeout(ms);
const request = (query, init = {}) => fetch(hubUrl(query), { signal: timeout(), ...init });
const CLOSE_WITH_ERROR = { type: 7, error: 'Connection closed with an error.', allowReconnect: true };

test('/health answers 200 ok', t, async () => {
  const response = await fetch(`${server.url}/health`, { signal: timeout() });
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'ok');
});

describe('negotiate', () => {
  test('without negotiateVersion: version 0, connectionId only, all transports', t, async () => {
    const body = await negotiate(server.url, '');
    assert.equal(body.negotiateVersion, 0);
    assert.equal(typeof body.connectionId, 'string');
    assert.ok(body.connectionId.length > 0);
    assert.equal(body.connectionToken, undefined);
    assert.deepEqual(body.availableTransports, [
      { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
      { transport: 'ServerSentEvents', transferFormats: ['Text'] },
      { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
    ]);
    assert.equal(body.useStatefulReconnect, undefined);
  });

  test('version 1 adds a distinct connectionToken; versions above 1 answer 1', t, async () => {
    const v1 = await negotiate(server.url, 'negotiateVersion=1');
    assert.equal(v1.negotiateVersion, 1);
    assert.equal(typeof v1.connectionToken, 'string');
    assert.notEqual(v1.connectionToken, v1.connectionId);
    assert.equal((await negotiate(server.url, 'negotiateVersion=7')).negotiateVersion, 1);
    const other = await negotiate(server.url, 'negotiateVersion=1');
    assert.notEqual(other.connectionId, v1.connectionId);
    assert.notEqual(other.connectionToken, v1.connectionToken);
  });

  test('a non-integer negotiateVersion gets 200 with an error body', t, async () => {
    const response = await request('/negotiate?negotiateVersion=abc', { method: 'POST' });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(typeof body.error, 'string');
    assert.equal(body.connectionId, undefined);
  });

  test('useStatefulReconnect is offered only when asked for', t, async () => {
    assert.equal((await negotiate(server.url, 'negotiateVersion=1&useStatefulReconnect=true')).useStatefulReconnect, true);
    assert.equal((await negotiate(server.url, 'negotiateVersion=1')).useStatefulReconnect, undefined);
  });
});

describe('connection ids', () => {
  test('a missing id gets 400 on POST, GET and DELETE', t, async () => {
    assert.equal((await request('', { method: 'POST', body: 'x' })).status, 400);
    assert.equal((await request('')).status, 400);
    assert.equal((await request('', { method: 'DELETE' })).status, 400);
  });

  test('an unknown id gets 404 on POST, poll, SSE, DELETE and the WebSocket upgrade', t, async () => {
    const id = '?id=no-such-connection';
    assert.equal((await request(id, { method: 'POST', body: 'x' })).status, 404);
    assert.equal((await request(id)).status, 404);
    assert.equal((await request(id, { headers: { Accept: 'text/event-stream' } })).status, 404);
    assert.equal((await request(id, { method: 'DELETE' })).status, 404);
    const socket = openRawWebSocket(webSocketUrl(server.url, HUB, 'no-such-connection'));
    await assert.rejects(withTimeout(socket.opened, 5_000, 'upgrade'), { statusCode: 404 });
  });

  test('with negotiate v1 the connectionId is not accepted as id (404), the token is', t, async () => {
    const { connectionId, connectionToken } = await negotiate(server.url, 'negotiateVersion=1');
    assert.equal((await request(`?id=${encodeURIComponent(connectionId)}`)).status, 404);
    const poll = await request(`?id=${encodeURIComponent(connectionToken)}`);
    assert.equal(poll.status, 200);
    assert.equal((await request(`?id=${encodeURIComponent(connectionToken)}`, { method: 'DELETE' })).status, 202);
  });

  test('with negotiate v0 the connectionId is the id', t, async () => {
    const { connectionId } = await negotiate(server.url, '');
    const poll = await request(`?id=${encodeURIComponent(connectionId)}`);
    assert.equal(poll.status, 200);
    assert.equal((await request(`?id=${encodeURIComponent(connectionId)}`, { method: 'DELETE' })).status, 202);
  });
});

describe('long polling', () => {
  const newConnection = async () => `?id=${encodeURIComponent((await negotiate(server.url)).connectionToken)}`;

  test('the first poll returns an empty 200 at once', t, async () => {
    const id = await newConnection();
    const started = Date.now();
    const poll = await request(id);
    assert.equal(poll.status, 200);
    assert.equal(await poll.text(), '');
    assert.ok(Date.now() - started < 2_000, 'the first poll was held');
    await request(id, { method: 'DELETE' });
  });

  test('DELETE before the first poll is 400, after it 202', t, async () => {
    const id = await newConnection();
    assert.equal((await request(id, { method: 'DELETE' })).status, 400);
    assert.equal((await request(id)).status, 200);
    assert.equal((await request(id, { method: 'DELETE' })).status, 202);
  });

  test('handshake, invocation and a superseded poll (204)', t, async () => {
    const id = await newConnection();
    assert.equal((await request(id)).status, 200);
    assert.equal((await request(id, { method: 'POST', body: record({ protocol: 'json', version: 1 }) })).status, 200);
    // Handshake response, and possibly the welcome sent from OnConnectedAsync in the same poll.
    const collected = [];
    for (let i = 0; i < 5 && !collected.some((m) => m.type === 1 && m.target === 'welcome'); i++) {
      const poll = await request(id);
      assert.equal(poll.status, 200);
      collected.push(...parseRecords(await poll.text()));
    }
    assert.deepEqual(collected[0], {});
    assert.ok(collected.some((m) => m.type === 1 && m.target === 'welcome'), JSON.stringify(collected));

    const held = request(id, { signal: timeout(10_000) });
    await delay(200);
    const superseding = request(id, { signal: timeout(10_000) });
    assert.equal((await held).status, 204, 'the superseded poll');
    assert.equal((await request(id, { method: 'POST', body: record({ type: 1, invocationId: '1', target: 'Echo', arguments: ['lp'] }) })).status, 200);
    const response = await superseding;
    assert.equal(response.status, 200);
    const messages = parseRecords(await response.text()).filter((m) => m.type !== 6);
    assert.deepEqual(messages, [{ type: 3, invocationId: '1', result: 'lp' }]);
    assert.equal((await request(id, { method: 'DELETE' })).status, 202);
  });

  test('Disconnect ends the poll with a Close message, then 204', t, async () => {
    const id = await newConnection();
    await request(id);
    await request(id, { method: 'POST', body: record({ protocol: 'json', version: 1 }) });
    const seen = [];
    await request(id, { method: 'POST', body: record({ type: 1, invocationId: '1', target: 'Disconnect', arguments: [] }) });
    let last;
    for (let i = 0; i < 10; i++) {
      last = await request(id);
      if (last.status !== 200) break;
      seen.push(...parseRecords(await last.text()));
    }
    assert.equal(last.status, 204);
    assert.deepEqual(seen.filter((m) => m.type === 7), [{ type: 7 }], JSON.stringify(seen));
  });
});

describe('handshake errors', () => {
  const cases = [
    ['malformed JSON', '{"protocol":' + RS, 'An unexpected error occurred during connection handshake.'],
    ['non-JSON text', 'hello' + RS, 'An unexpected error occurred during connection handshake.'],
    ['missing protocol', record({ version: 1 }), 'An unexpected error occurred during connection handshake.'],
    ['binary garbage', Buffer.from([0xff, 0x00, 0x13, 0x37, 0x1e]), 'An unexpected error occurred during connection handshake.'],
    ['unknown protocol', record({ protocol: 'foo', version: 1 }), "The protocol 'foo' is not supported."],
    ['unknown version', record({ protocol: 'json', version: 99 }), "The server does not support version 99 of the 'json' protocol."],
  ];
  for (const [name, handshake, error] of cases) {
    test(`${name}: error response, then close`, t, async () => {
      const { connectionToken } = await negotiate(server.url);
      const socket = openRawWebSocket(webSocketUrl(server.url, HUB, connectionToken));
      await withTimeout(socket.opened, 5_000, 'open');
      socket.send(handshake);
      assert.deepEqual(await socket.nextRecord(), { error });
      await withTimeout(socket.closed, 5_000, 'close after a failed handshake');
      socket.close();
    });
  }
});

describe('WebSocket JSON wire details', () => {
  test('welcome follows the handshake; void methods complete with result null', t, async () => {
    const socket = await rawJsonWebSocket(server.url);
    const welcome = await socket.nextMatching((m) => m.type === 1);
    assert.equal(welcome.target, 'welcome');
    assert.equal(welcome.arguments.length, 1);
    socket.sendRecord({ type: 1, invocationId: '7', target: 'JoinGroup', arguments: ['wire-group'] });
    assert.deepEqual(await socket.nextMatching((m) => m.type === 3), { type: 3, invocationId: '7', result: null });
    socket.close();
  });

  test('a cancelled Counter stream stops and gets a bare Completion', t, async () => {
    const socket = await rawJsonWebSocket(server.url);
    socket.sendRecord({ type: 4, invocationId: 's1', target: 'Counter', arguments: [100000, 20] });
    const first = await socket.nextMatching((m) => m.type === 2);
    assert.deepEqual(first, { type: 2, invocationId: 's1', item: 0 });
    await socket.nextMatching((m) => m.type === 2 && m.item === 1);
    socket.sendRecord({ type: 5, invocationId: 's1' });
    // Items already in flight may still arrive, in order, before the Completion.
    let expected = 2;
    let completion;
    for (let i = 0; i < 100 && !completion; i++) {
      const message = await socket.nextRecord();
      if (message.type === 2) assert.deepEqual(message, { type: 2, invocationId: 's1', item: expected++ });
      else if (message.type === 3) completion = message;
    }
    assert.deepEqual(completion, { type: 3, invocationId: 's1' });
    assert.ok(expected <= 42, `${expected - 2} items arrived after the cancellation`);
    // Nothing more for that stream once it completed.
    await delay(300);
    assert.deepEqual(socket.pendingRecords().filter((m) => m.invocationId === 's1'), []);
    socket.sendRecord({ type: 1, invocationId: '2', target: 'Echo', arguments: ['alive'] });
    assert.deepEqual(await socket.nextMatching((m) => m.type === 3), { type: 3, invocationId: '2', result: 'alive' });
    socket.close();
  });

  test('Disconnect sends a Close message without error, then close 1000', t, async () => {
    const socket = await rawJsonWebSocket(server.url);
    socket.sendRecord({ type: 1, invocationId: '1', target: 'Disconnect', arguments: [] });
    assert.deepEqual(await socket.nextMatching((m) => m.type === 7), { type: 7 });
    assert.equal((await withTimeout(socket.closed, 5_000, 'close')).code, 1000);
  });

  test('a Close message from the client is echoed before the server closes', t, async () => {
    const socket = await rawJsonWebSocket(server.url);
    socket.sendRecord({ type: 7 });
    assert.deepEqual(await socket.nextMatching((m) => m.type === 7), { type: 7 });
    assert.equal((await withTimeout(socket.closed, 5_000, 'close')).code, 1000);
  });

  test('an over-size message closes that connection with an error; others keep working', t, async () => {
    const bystander = await rawJsonWebSocket(server.url);
    const socket = await rawJsonWebSocket(server.url);
    socket.sendRecord({ type: 1, invocationId: '1', target: 'Echo', arguments: ['x'.repeat(40 * 1024)] });
    assert.deepEqual(await socket.nextMatching((m) => m.type === 7), CLOSE_WITH_ERROR);
    assert.equal((await withTimeout(socket.closed, 5_000, 'close')).code, 1000);
    bystander.sendRecord({ type: 1, invocationId: '1', target: 'Echo', arguments: ['fine'] });
    assert.deepEqual(await bystander.nextMatching((m) => m.type === 3), { type: 3, invocationId: '1', result: 'fine' });
    bystander.close();
    assert.equal((await fetch(`${server.url}/health`, { signal: timeout() })).status, 200);
  });

  test('an invalid message after the handshake closes with an error', t, async () => {
    const socket = await rawJsonWebSocket(server.url);
    socket.send('{"type":1,"invocationId":' + RS);
    assert.deepEqual(await socket.nextMatching((m) => m.type === 7), CLOSE_WITH_ERROR);
    assert.equal((await withTimeout(socket.closed, 5_000, 'close')).code, 1000);
    const fresh = await rawJsonWebSocket(server.url);
    fresh.sendRecord({ type: 1, invocationId: '1', target: 'Add', arguments: [20, 22] });
    assert.deepEqual(await fresh.nextMatching((m) => m.type === 3), { type: 3, invocationId: '1', result: 42 });
    fresh.close();
  });

  test('a WebSocket without negotiate (no id) connects directly', t, async () => {
    const socket = openRawWebSocket(webSocketUrl(server.url, HUB));
    await withTimeout(socket.opened, 5_000, 'open');
    socket.sendRecord({ protocol: 'json', version: 1 });
    assert.deepEqual(await socket.nextRecord(), {});
    socket.sendRecord({ type: 1, invocationId: '1', target: 'Echo', arguments: ['direct'] });
    assert.deepEqual(await socket.nextMatching((m) => m.type === 3), { type: 3, invocationId: '1', result: 'direct' });
    socket.close();
  });
});

describe('one transport per connection', () => {
  const idOf = async () => (await negotiate(server.url)).connectionToken;
  const sse = (id, signal = timeout()) => request(`?id=${encodeURIComponent(id)}`, { headers: { Accept: 'text/event-stream' }, signal });
  const upgrade = async (id) => {
    const socket = openRawWebSocket(webSocketUrl(server.url, HUB, id));
    try {
      await withTimeout(socket.opened, 5_000, 'upgrade');
      return 101;
    } catch (error) {
      return error.statusCode;
    }
  };

  test('a WebSocket connection: second socket 409, POST 405, poll and DELETE 400', t, async () => {
    const id = await idOf();
    assert.equal(await upgrade(id), 101);
    assert.equal(await upgrade(id), 409);
    const query = `?id=${encodeURIComponent(id)}`;
    assert.equal((await request(query, { method: 'POST', body: 'x' })).status, 405);
    assert.equal((await request(query)).status, 400);
    assert.equal((await request(query, { method: 'DELETE' })).status, 400);
  });

  test('an SSE connection: second stream 409, poll, WebSocket and DELETE 400', t, async () => {
    const id = await idOf();
    const stream = new AbortController();
    const first = await sse(id, stream.signal);
    try {
      assert.equal(first.status, 200);
      assert.match(first.headers.get('content-type'), /^text\/event-stream/);
      assert.equal((await sse(id)).status, 409);
      const query = `?id=${encodeURIComponent(id)}`;
      assert.equal((await request(query)).status, 400);
      assert.equal(await upgrade(id), 400);
      assert.equal((await request(query, { method: 'DELETE' })).status, 400);
    } finally {
      stream.abort();
    }
  });

  test('a long-polling connection: WebSocket and SSE 400; after DELETE the id is gone (404)', t, async () => {
    const id = await idOf();
    const query = `?id=${encodeURIComponent(id)}`;
    assert.equal((await request(query)).status, 200);
    assert.equal(await upgrade(id), 400);
    assert.equal((await sse(id)).status, 400);
    assert.equal((await request(query, { method: 'DELETE' })).status, 202);
    assert.equal((await request(query)).status, 404);
    assert.equal((await request(query, { method: 'DELETE' })).status, 404);
  });

  test('other methods get 405 (GET negotiate, PUT on the hub)', t, async () => {
    assert.equal((await request('/negotiate')).status, 405);
    assert.equal((await request('?id=x', { method: 'PUT' })).status, 405);
  });
});
