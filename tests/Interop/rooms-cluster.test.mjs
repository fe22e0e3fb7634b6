// Rooms over two interop server nodes on a real nats-server, with the official client: members and counts of
// every node (NATS Key/Value), namespaces kept apart across nodes, and a killed node's members leaving with leave
// events within the bound, and presence events and room messages of a member on another node (the NATS
// lifetime manager's cross-node group sends).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect, closeAllConnections, delay, unique, isReference, withTimeout } from './harness.mjs';
import { startCluster } from './cluster.mjs';

const skip = isReference ? 'the reference server has no backplane' : false;
const record = ['presence', 'roomMessage'];
let cluster;
let startError;

before(async () => {
  if (skip) return;
  try {
    cluster = await startCluster({ nodes: 2 });
  } catch (error) {
    startError = error;
  }
}, { timeout: 60_000 });
afterEach(closeAllConnections, { timeout: 15_000 });
after(async () => { await cluster?.stop(); }, { timeout: 30_000 });

const node = (i) => {
  if (startError) throw startError;
  return cluster.nodes[i].url;
};

/** Nodes connect to NATS in the background: wait (bounded) until a join is accepted. */
async function roomStoreReady(connection) {
  const probe = unique('probe');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await connection.invoke('JoinRoom', probe, { name: 'probe' });
      await connection.invoke('LeaveRoom', probe);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(200);
    }
  }
}

async function countBecomes(connection, room, expected, ms = 10_000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await connection.invoke('RoomCount', room);
    if (last === expected) return;
    await delay(50);
  }
  assert.fail(`RoomCount(${room}) stayed ${last}, expected ${expected}`);
}

test('members and counts of both nodes, on both nodes; tenants apart', { timeout: 60_000, skip }, async () => {
  const room = unique('kv');
  const ann = await connect(node(0), { record });
  const bob = await connect(node(1), { protocol: 'messagepack', record });
  const acme = await connect(node(1), { path: '/tenants/acme/hubs/interop', record });
  await roomStoreReady(ann);
  await roomStoreReady(bob);

  assert.equal(await ann.invoke('JoinRoom', room, { name: 'ann' }), 1);
  await countBecomes(bob, room, 1);
  assert.equal(await bob.invoke('JoinRoom', room, { name: 'bob' }), 2);
  await acme.invoke('JoinRoom', room, { name: 'acme' });
  await countBecomes(ann, room, 2);
  for (const viewer of [ann, bob]) {
    const members = await viewer.invoke('RoomMembers', room);
    assert.deepEqual(members.map((m) => m.state.name).sort(), ['ann', 'bob']);
  }
  assert.equal(await acme.invoke('RoomCount', room), 1);

  await bob.stop();
  await countBecomes(ann, room, 1);
});

// Before the kill below, which takes node 1 away.
test('presence and room messages cross nodes', { timeout: 30_000, skip }, async () => {
  const room = unique('x');
  const ann = await connect(node(0), { record });
  const bob = await connect(node(1), { record });
  await ann.invoke('JoinRoom', room, { name: 'ann' });
  await bob.invoke('JoinRoom', room, { name: 'bob' });
  assert.equal((await ann.inbox.next('presence'))[1].kind, 'join');
  await bob.invoke('SendToRoom', room, 'hi');
  assert.deepEqual(await ann.inbox.next('roomMessage'), [room, 'hi']);
});

test('a killed node\'s members leave within the bound, with leave events', { timeout: 60_000, skip }, async () => {
  const room = unique('kill');
  const ann = await connect(node(0), { record });
  const bob = await connect(node(1), { record });
  await roomStoreReady(ann);
  await roomStoreReady(bob);
  await ann.invoke('JoinRoom', room, { name: 'ann' });
  await bob.invoke('JoinRoom', room, { name: 'bob' });
  await countBecomes(ann, room, 2);
  const bobId = bob.connectionId;

  const killedAt = Date.now();
  cluster.nodes[1].child.kill('SIGKILL');
  for (;;) {
    const [, event] = await ann.inbox.next('presence', 30_000);
    if (event.kind === 'leave') {
      assert.deepEqual([event.connectionId, event.state.name], [bobId, 'bob']);
      break;
    }
  }
  const elapsed = Date.now() - killedAt;
  assert.ok(elapsed < 20_000, `the leave came ${elapsed} ms after the kill (bound 15 s, plus slack for a loaded machine)`);
  assert.equal(await ann.invoke('RoomCount', room), 1);
  await withTimeout(bob.stop(), 10_000, 'the orphaned client to stop');
});
