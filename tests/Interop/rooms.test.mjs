// The contract's "Rooms and presence" and "Namespaces" sections with the official client: presence events and
// their order, members and counts, room messages, tenants isolated (broadcasts, groups, rooms, direct sends,
// client results, connection tokens).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { useServer, connect, matrix, delay, unique, isReference, TEST_TIMEOUT_MS, HUB } from './harness.mjs';

const server = useServer();
const t = { timeout: TEST_TIMEOUT_MS, skip: isReference ? 'rooms and namespaces are this framework\'s extension of the contract' : false };
const QUIET_MS = 200;
const record = ['presence', 'roomMessage'];

const tenant = (name) => `/tenants/${name}/hubs/interop`;

for (const combo of matrix) {
  describe(combo.name, () => {
    test('join, members, count, updates in order, room message, leave, disconnect', t, async () => {
      const room = unique('lobby');
      const ann = await connect(server.url, { ...combo, record });
      const bob = await connect(server.url, { ...combo, record });

      assert.equal(await ann.invoke('JoinRoom', room, { name: 'ann', color: '#e33' }), 1);
      assert.equal(await bob.invoke('JoinRoom', room, { name: 'bob', color: '#33e' }), 2);
      const [joinRoom, join] = await ann.inbox.next('presence');
      assert.equal(joinRoom, room);
      assert.deepEqual({ ...join }, { kind: 'join', connectionId: bob.connectionId, user: null, state: { name: 'bob', color: '#33e' } });

      const members = await bob.invoke('RoomMembers', room);
      assert.deepEqual(
        members.map((m) => [m.connectionId, m.state.name]).sort(),
        [[ann.connectionId, 'ann'], [bob.connectionId, 'bob']].sort());
      assert.equal(await ann.invoke('RoomCount', room), 2);
      assert.deepEqual(await bob.invoke('MyRooms'), [room]);
      assert.deepEqual(await ann.invoke('RoomMembers', unique('nobody')), []);
      assert.equal(await ann.invoke('RoomCount', unique('nobody')), 0);

      for (let i = 1; i <= 4; i++) await bob.invoke('UpdatePresence', room, { name: `bob-${i}`, color: '#33e' });
      for (let i = 1; i <= 4; i++) {
        const [, update] = await ann.inbox.next('presence');
        assert.equal(update.kind, 'update');
        assert.equal(update.state.name, `bob-${i}`);
      }

      await ann.invoke('SendToRoom', room, 'hi all');
      assert.deepEqual(await ann.inbox.next('roomMessage'), [room, 'hi all']);
      assert.deepEqual(await bob.inbox.next('roomMessage'), [room, 'hi all']);

      await bob.invoke('LeaveRoom', room);
      const [, leave] = await ann.inbox.next('presence');
      assert.equal(leave.kind, 'leave');
      assert.equal(leave.state.name, 'bob-4', 'a leave carries the last known state');
      assert.deepEqual(await bob.invoke('MyRooms'), []);

      await bob.invoke('JoinRoom', room, { name: 'bob-again' });
      assert.equal((await ann.inbox.next('presence'))[1].kind, 'join');
      const bobId = bob.connectionId;
      await bob.stop();
      const [, gone] = await ann.inbox.next('presence');
      assert.deepEqual([gone.kind, gone.connectionId, gone.state.name], ['leave', bobId, 'bob-again']);
      assert.equal(await ann.invoke('RoomCount', room), 1);

      await delay(QUIET_MS);
      assert.equal(ann.inbox.pending('presence'), 0, 'ann heard about itself');
      assert.equal(bob.inbox.pending('presence'), 0, 'bob heard about members that were there before it');
    });
  });
}

test('oversize state and presence floods get clear errors; the room carries on', t, async () => {
  const room = unique('bad');
  const victim = await connect(server.url, { record });
  const flooder = await connect(server.url, { record });
  await victim.invoke('JoinRoom', room, { name: 'victim' });
  await assert.rejects(flooder.invoke('JoinRoom', room, { name: 'x'.repeat(5000) }), /at most 1024/);
  await flooder.invoke('JoinRoom', room, { name: 'f' });
  let accepted = 0;
  let refusal;
  for (let i = 0; i < 200 && !refusal; i++) {
    try {
      await flooder.invoke('UpdatePresence', room, { name: `f${i}` });
      accepted++;
    } catch (error) {
      refusal = error;
    }
  }
  assert.match(String(refusal?.message), /Too many presence changes/);
  assert.equal((await victim.inbox.next('presence'))[1].kind, 'join');
  for (let i = 0; i < accepted; i++) assert.equal((await victim.inbox.next('presence'))[1].kind, 'update');
  await delay(QUIET_MS);
  assert.equal(victim.inbox.pending('presence'), 0);
  assert.equal(await flooder.invoke('Echo', 'still here'), 'still here');
});

test('tenants: GetTenant, and nothing crosses namespaces', t, async () => {
  const acme1 = await connect(server.url, { path: tenant('acme'), record });
  const acme2 = await connect(server.url, { path: tenant('acme'), transport: 'LongPolling', record });
  const globex = await connect(server.url, { path: tenant('globex'), protocol: matrix.some((c) => c.protocol === 'messagepack') ? 'messagepack' : 'json', record });
  const plain = await connect(server.url, { path: HUB, record });
  const everyone = [acme1, acme2, globex, plain];
  for (const c of everyone) c.on('answer', (q) => `answered ${q}`);

  assert.equal(await acme1.invoke('GetTenant'), 'acme');
  assert.equal(await globex.invoke('GetTenant'), 'globex');
  assert.equal(await plain.invoke('GetTenant'), null);

  const text = unique('acme-wide');
  await acme2.invoke('Broadcast', text);
  assert.deepEqual(await acme1.inbox.next('broadcast'), [text]);
  assert.deepEqual(await acme2.inbox.next('broadcast'), [text]);

  const shared = unique('shared');
  for (const c of everyone) {
    await c.invoke('JoinGroup', shared);
    await c.invoke('JoinRoom', shared, { name: 'x' });
  }
  assert.equal(await acme1.invoke('RoomCount', shared), 2);
  assert.equal(await globex.invoke('RoomCount', shared), 1);
  await globex.invoke('SendToGroup', shared, 'globex only');
  assert.deepEqual(await globex.inbox.next('groupMessage'), [shared, 'globex only']);
  await plain.invoke('SendToRoom', shared, 'plain only');
  assert.deepEqual(await plain.inbox.next('roomMessage'), [shared, 'plain only']);

  await plain.invoke('SendToConnection', acme1.connectionId, 'cross');
  await assert.rejects(plain.invoke('AskConnection', globex.connectionId, 'q'), /not connected/);
  assert.equal(await acme2.invoke('AskConnection', acme1.connectionId, 'q'), 'answered q');

  assert.equal((await acme1.inbox.next('presence'))[1].connectionId, acme2.connectionId);
  await delay(QUIET_MS);
  for (const c of everyone) {
    for (const method of ['broadcast', 'groupMessage', 'direct', 'presence', 'roomMessage']) {
      assert.equal(c.inbox.pending(method), 0, `${method} leaked into ${c.baseUrl ?? 'a connection'}`);
    }
  }
});

test('a connection token of one tenant is 404 at every other namespace (GET, POST, DELETE, WebSocket)', t, async () => {
  const negotiate = await fetch(`${server.url}${tenant('acme')}/negotiate?negotiateVersion=1`, { method: 'POST' });
  assert.equal(negotiate.status, 200);
  const { connectionToken } = await negotiate.json();
  for (const other of [tenant('globex'), HUB]) {
    const url = `${server.url}${other}?id=${encodeURIComponent(connectionToken)}`;
    assert.equal((await fetch(url)).status, 404);
    assert.equal((await fetch(url, { method: 'POST', body: '{}\u001e' })).status, 404);
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 404);
    const status = await new Promise((resolve) => {
      const socket = new WebSocket(url.replace(/^http/, 'ws'));
      socket.on('unexpected-response', (_, response) => { resolve(response.statusCode); socket.terminate(); });
      socket.on('open', () => { resolve('open'); socket.terminate(); });
      socket.on('error', () => {});
    });
    assert.equal(status, 404);
  }
  // Its own namespace accepts it: the first poll starts the connection, DELETE ends it.
  const own = `${server.url}${tenant('acme')}?id=${encodeURIComponent(connectionToken)}`;
  assert.equal((await fetch(own)).status, 200);
  assert.equal((await fetch(own, { method: 'DELETE' })).status, 202);
});
