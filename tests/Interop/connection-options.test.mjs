// Client connection options: skipNegotiation WebSockets, and stateful reconnect after a dropped socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServer, connect, withTimeout, isReference, WebSocket, signalR, TEST_TIMEOUT_MS, SECURE_HUB, TOKEN, USER,
} from './harness.mjs';

const server = useServer();
const t = { timeout: TEST_TIMEOUT_MS };
const protocols = isReference ? ['json'] : ['json', 'messagepack'];

for (const protocol of protocols) {
  test(`skipNegotiation WebSockets/${protocol}`, t, async () => {
    const connection = await connect(server.url, { transport: 'WebSockets', protocol, skipNegotiation: true });
    assert.equal(await connection.invoke('Echo', 'no negotiate'), 'no negotiate');
    const [welcomeId] = await connection.inbox.next('welcome');
    assert.equal(await connection.invoke('GetConnectionId'), welcomeId);
    assert.deepEqual(await connection.invoke('EchoObject', { name: 'n', value: 1, tags: [] }), { name: 'n', value: 1, tags: [] });
  });
}

test('skipNegotiation WebSockets on the secure endpoint with a token', t, async () => {
  const connection = await connect(server.url, {
    transport: 'WebSockets', skipNegotiation: true, path: SECURE_HUB, accessTokenFactory: () => TOKEN,
  });
  assert.equal(await connection.invoke('GetUser'), USER);
});

/** A `ws` WebSocket that remembers its instances, so a test can drop one without a close handshake. */
function trackingWebSocket() {
  const sockets = [];
  class TrackedWebSocket extends WebSocket {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
  }
  return { TrackedWebSocket, sockets };
}

for (const protocol of protocols) {
  test(`stateful reconnect keeps the connection across a dropped WebSocket (${protocol})`, t, async () => {
    const { TrackedWebSocket, sockets } = trackingWebSocket();
    const connection = await connect(server.url, {
      transport: 'WebSockets', protocol, statefulReconnect: true, webSocket: TrackedWebSocket,
    });
    const other = await connect(server.url, { transport: 'WebSockets', protocol });
    const id = connection.connectionId;
    assert.equal(await connection.invoke('Echo', 'before'), 'before');
    let closedWith = 'not closed';
    connection.onclose((error) => { closedWith = error; });

    // Drop the socket abruptly (no close frame); the client reconnects with the same connection token.
    sockets[0].terminate();
    await other.invoke('SendToConnection', id, 'while-dropped');
    assert.deepEqual(await connection.inbox.next('direct', 10_000), ['while-dropped']);
    assert.ok(sockets.length >= 2, 'the client opened a second WebSocket');
    assert.equal(await withTimeout(connection.invoke('GetConnectionId'), 10_000, 'GetConnectionId after reconnect'), id);
    assert.equal(await connection.invoke('Echo', 'after'), 'after');
    assert.equal(connection.state, signalR.HubConnectionState.Connected);
    assert.equal(closedWith, 'not closed');

    // One extra `direct` may only be a re-delivery of the message above (the client's duplicate caveat).
    await other.invoke('SendToConnection', id, 'later');
    let next = await connection.inbox.next('direct');
    if (next[0] === 'while-dropped') next = await connection.inbox.next('direct');
    assert.deepEqual(next, ['later']);
  });
}
