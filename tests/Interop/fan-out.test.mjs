// Groups and broadcasts across several official-client connections, per transport/protocol and mixed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, connect, matrix, delay, unique, TEST_TIMEOUT_MS } from './harness.mjs';

const server = useServer();
const t = { timeout: TEST_TIMEOUT_MS };
// How long to keep listening before concluding that a message did not arrive: it is only checked after
// the expected recipients (same server, later send) already got theirs.
const QUIET_MS = 150;

const openMany = (combos) => Promise.all(combos.map((combo) => connect(server.url, combo)));

for (const combo of matrix) {
  describe(combo.name, () => {
    test('JoinGroup / SendToGroup / LeaveGroup', t, async () => {
      const [a, b, c] = await openMany([combo, combo, combo]);
      const group = unique('g');
      assert.equal(await a.invoke('JoinGroup', group), null);
      await b.invoke('JoinGroup', group);
      await c.invoke('SendToGroup', group, 'first');
      assert.deepEqual(await a.inbox.next('groupMessage'), [group, 'first']);
      assert.deepEqual(await b.inbox.next('groupMessage'), [group, 'first']);

      await a.invoke('LeaveGroup', group);
      await c.invoke('SendToGroup', group, 'second');
      assert.deepEqual(await b.inbox.next('groupMessage'), [group, 'second']);
      await delay(QUIET_MS);
      assert.equal(a.inbox.pending('groupMessage'), 0, 'a left the group but still got a message');
      assert.equal(c.inbox.pending('groupMessage'), 0, 'c never joined but got a message');

      // Joining twice is idempotent: one message, not two; leaving a group one is not in is harmless.
      await b.invoke('JoinGroup', group);
      await c.invoke('LeaveGroup', unique('never-joined'));
      await c.invoke('SendToGroup', group, 'third');
      assert.deepEqual(await b.inbox.next('groupMessage'), [group, 'third']);
      await delay(QUIET_MS);
      assert.equal(b.inbox.pending('groupMessage'), 0);
    });

    test('a member in several groups gets each group message once', t, async () => {
      const [a, sender] = await openMany([combo, combo]);
      const [g1, g2] = [unique('g1'), unique('g2')];
      await a.invoke('JoinGroup', g1);
      await a.invoke('JoinGroup', g2);
      await sender.invoke('SendToGroup', g1, 'to-1');
      await sender.invoke('SendToGroup', g2, 'to-2');
      const got = [await a.inbox.next('groupMessage'), await a.inbox.next('groupMessage')];
      assert.deepEqual(got.sort(), [[g1, 'to-1'], [g2, 'to-2']]);
    });

    test('Broadcast reaches all of 4 connections, BroadcastOthers all but the caller', t, async () => {
      const connections = await openMany([combo, combo, combo, combo]);
      const [caller, ...others] = connections;
      const text = unique('all');
      await caller.invoke('Broadcast', text);
      for (const c of connections) {
        // Other tests of this file have closed their connections; nothing else broadcasts now.
        assert.deepEqual(await c.inbox.next('broadcast'), [text]);
      }
      const othersText = unique('others');
      await caller.invoke('BroadcastOthers', othersText);
      for (const c of others) assert.deepEqual(await c.inbox.next('broadcast'), [othersText]);
      await delay(QUIET_MS);
      assert.equal(caller.inbox.pending('broadcast'), 0, 'BroadcastOthers reached the caller');
    });
  });
}

test('one broadcast reaches connections on every transport and protocol at once', t, async () => {
  const connections = await openMany([...matrix, ...matrix]);
  const text = unique('mixed');
  await connections[0].invoke('Broadcast', text);
  await Promise.all(connections.map(async (c, i) =>
    assert.deepEqual(await c.inbox.next('broadcast'), [text], `connection ${i} (${[...matrix, ...matrix][i].name})`)));
  const group = unique('mixed-group');
  await Promise.all(connections.map((c) => c.invoke('JoinGroup', group)));
  await connections.at(-1).invoke('SendToGroup', group, 'hello group');
  await Promise.all(connections.map(async (c) => assert.deepEqual(await c.inbox.next('groupMessage'), [group, 'hello group'])));
});
