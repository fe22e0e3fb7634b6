// No sticky sessions, the hard cases, on 3 nodes behind round-robin nginx: a stateful reconnect whose new WebSocket
// lands on another node than the first (both relayed to the owner), a relaying edge killed mid-connection, and an
// owner killed mid-relay (the edge ends the client's request within the relay's peer timeout, with a reason).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { connect, closed, withTimeout, closeAllConnections, signalR, WebSocket, EventSource, HUB } from './harness.mjs';
import { startBalancedCluster, relayCounts, RELAY_LOG_ENV } from './nginx.mjs';
import { startCluster } from './cluster.mjs';

const PEER_TIMEOUT_S = 3;
const t = { timeout: 45_000 };
let balanced;
let startError;
const nodeIndex = new Map();

before(async () => {
  try {
    balanced = await startBalancedCluster({ nodes: 3, env: { HubRelay__PeerTimeout: `00:00:0${PEER_TIMEOUT_S}` } });
    // Which node is which: the id in the tokens each one hands out.
    for (const [index, node] of balanced.cluster.nodes.entries()) {
      const response = await fetch(`${node.url}${HUB}/negotiate?negotiateVersion=1`, { method: 'POST' });
      const { connectionToken } = await response.json();
      nodeIndex.set(connectionToken.split('.')[0], index);
    }
  } catch (error) {
    startError = error;
  }
}, { timeout: 60_000 });
after(async () => {
  await closeAllConnections();
  await balanced?.stop();
}, { timeout: 30_000 });

function cluster() {
  if (startError) throw startError;
  return balanced;
}

const ownerOf = (url) => nodeIndex.get(new URL(url).searchParams.get('id').split('.')[0]);

/**
 * A `ws` WebSocket that sends its n-th socket of a connection to node (owner + offsets[n]) directly, so the test
 * decides where each socket lands, and remembers its sockets to drop them.
 */
function steeredWebSocket(offsets) {
  const sockets = [];
  class SteeredWebSocket extends WebSocket {
    constructor(url, ...rest) {
      const owner = ownerOf(url);
      const target = new URL(url);
      const node = cluster().cluster.nodes[(owner + offsets[Math.min(sockets.length, offsets.length - 1)]) % 3];
      target.host = new URL(node.url).host;
      super(target.toString(), ...rest);
      this.landedOn = (owner + offsets[Math.min(sockets.length, offsets.length - 1)]) % 3;
      this.owner = owner;
      sockets.push(this);
    }
  }
  return { SteeredWebSocket, sockets };
}

for (const protocol of ['json', 'messagepack']) {
  test(`stateful reconnect lands on a third node and resumes without loss (${protocol})`, t, async () => {
    const { url, cluster: { nodes } } = cluster();
    const { SteeredWebSocket, sockets } = steeredWebSocket([1, 2]);
    const before = relayCounts(cluster().output())['4501:websocket'] ?? 0;
    const connection = await connect(url, { transport: 'WebSockets', protocol, statefulReconnect: true, webSocket: SteeredWebSocket });
    const owner = sockets[0].owner;
    assert.notEqual(sockets[0].landedOn, owner, 'the first socket is relayed');
    // The sender lives on the owner itself, so this test needs no cross-node hub messaging.
    const other = await connect(nodes[owner].url, { transport: 'WebSockets', protocol });
    const id = connection.connectionId;
    assert.equal(await connection.invoke('Echo', 'before'), 'before');
    let closedWith = 'not closed';
    connection.onclose((error) => { closedWith = error; });

    sockets[0].terminate();
    await other.invoke('SendToConnection', id, 'while-dropped');
    assert.deepEqual(await connection.inbox.next('direct', 15_000), ['while-dropped']);
    assert.ok(sockets.length >= 2, 'the client opened a second WebSocket');
    assert.notEqual(sockets[1].landedOn, sockets[0].landedOn, 'the new socket reached another node');
    assert.notEqual(sockets[1].landedOn, owner, 'the new socket is relayed too');
    assert.equal(await withTimeout(connection.invoke('GetConnectionId'), 10_000, 'GetConnectionId after reconnect'), id);
    assert.equal(await connection.invoke('Echo', 'after'), 'after');
    assert.equal(connection.state, signalR.HubConnectionState.Connected);
    assert.equal(closedWith, 'not closed');

    // Ordered, no loss; one extra `while-dropped` may only be the JS client's known re-delivery after a reconnect.
    for (let i = 0; i < 20; i++) await other.invoke('SendToConnection', id, `later-${i}`);
    const received = [];
    while (received.length < 20) {
      const [message] = await connection.inbox.next('direct', 10_000);
      if (message === 'while-dropped' && received.length === 0) continue;
      received.push(message);
    }
    assert.deepEqual(received, Array.from({ length: 20 }, (_, i) => `later-${i}`));
    assert.ok((relayCounts(cluster().output())['4501:websocket'] ?? 0) >= before + 2, 'the owner served both sockets as relayed');
  });
}

test('the relaying edge killed (SIGKILL): the stateful connection resumes through another node', t, async () => {
  const { url, cluster: { nodes } } = cluster();
  // Never through nginx: a later test's requests must not hit the dead node first.
  const { SteeredWebSocket, sockets } = steeredWebSocket([1, 2]);
  const connection = await connect(url, { transport: 'WebSockets', protocol: 'json', statefulReconnect: true, webSocket: SteeredWebSocket });
  const owner = sockets[0].owner;
  const edge = sockets[0].landedOn;
  const other = await connect(nodes[owner].url, { transport: 'WebSockets', protocol: 'json' });
  assert.equal(await connection.invoke('Echo', 'before'), 'before');
  nodes[edge].child.kill('SIGKILL');
  await other.invoke('SendToConnection', connection.connectionId, 'after-kill');
  assert.deepEqual(await connection.inbox.next('direct', 20_000), ['after-kill']);
  assert.equal(await withTimeout(connection.invoke('Echo', 'resumed'), 10_000, 'Echo after the edge died'), 'resumed');
  assert.notEqual(sockets.at(-1).landedOn, edge);
});

for (const transport of ['WebSockets', 'ServerSentEvents', 'LongPolling']) {
  test(`the owner killed mid-relay: the client sees its connection close within the peer timeout (${transport})`, t, async () => {
    // Two fresh nodes on the same nats-server: the edge survives, the owner is killed.
    let relayed;
    const pair = await startCluster({ nodes: 2, nats: cluster().cluster.nats, env: { ...RELAY_LOG_ENV, HubRelay__PeerTimeout: `00:00:0${PEER_TIMEOUT_S}` } });
    try {
      const [edge, owner] = pair.nodes;
      relayed = await connectOwnedBy(owner, edge, transport);
      assert.equal(await relayed.invoke('Echo', 'through the edge'), 'through the edge');
      assert.ok(relayCounts(edge.output())['4500:' + relayKind(transport)] > 0, 'the edge relayed the transport request');
      const closing = closed(relayed);
      const bound = (PEER_TIMEOUT_S + 12) * 1000;
      owner.child.kill('SIGKILL');
      const error = await withTimeout(closing, bound, 'the client to see the close');
      // An event stream carries no close reason (the JS client reports any server-side end of one as a clean
      // close); WebSockets (status 1011 and the reason) and polls (503 with the reason) do.
      if (transport !== 'ServerSentEvents') assert.ok(error instanceof Error, `closed with an error: ${error}`);
      // The edge is fine: it still serves its own connections.
      const local = await connect(edge.url, { transport, protocol: 'json' });
      assert.equal(await local.invoke('Echo', 'still here'), 'still here');
    } finally {
      await relayed?.stop().catch(() => {});
      await pair.stop();
    }
  });
}

const relayKind = (transport) => ({ WebSockets: 'websocket', ServerSentEvents: 'sse', LongPolling: 'poll' })[transport];

/**
 * A connection negotiated with node `owner` whose transport requests all go to node `edge`: negotiate goes to the
 * owner (through the client's HTTP client), everything else to the edge, so every transport request is relayed.
 */
async function connectOwnedBy(owner, edge, transport) {
  const ownerHost = new URL(owner.url).host;
  class SplitHttpClient extends signalR.DefaultHttpClient {
    send(request) {
      if (request.url.includes('/negotiate')) {
        const u = new URL(request.url);
        u.host = ownerHost;
        request.url = u.toString();
      }
      return super.send(request);
    }
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(edge.url + HUB, {
      transport: signalR.HttpTransportType[transport],
      WebSocket,
      EventSource,
      httpClient: new SplitHttpClient(signalR.NullLogger.instance),
    })
    .build();
  await withTimeout(connection.start(), 10_000, `start() over ${transport}`);
  return connection;
}
