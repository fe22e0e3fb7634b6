// The contract's "Addressing other connections" methods on one server: AddToGroup, RemoveFromGroup, AskConnection
// for another connection (validated against Microsoft's server too; tests/Interop/cluster.test.mjs runs them across nodes).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useServer, connect, matrix, delay, unique, TEST_TIMEOUT_MS } from './harness.mjs';

const server = useServer();
const t = { timeout: TEST_TIMEOUT_MS };
const QUIET_MS = 150;

for (const combo of matrix) {
  describe(combo.name, () => {
    test('AddToGroup / RemoveFromGroup for another connection', t, async () => {
      const [caller, target] = await Promise.all([connect(server.url, combo), connect(server.url, combo)]);
      const group = unique('addressed');
      assert.equal(await caller.invoke('AddToGroup', target.connectionId, group), null);
      await caller.invoke('SendToGroup', group, 'in');
      assert.deepEqual(await target.inbox.next('groupMessage'), [group, 'in']);
      assert.equal(await caller.invoke('RemoveFromGroup', target.connectionId, group), null);
      await caller.invoke('SendToGroup', group, 'out');
      await delay(QUIET_MS);
      assert.equal(target.inbox.pending('groupMessage'), 0);
      assert.equal(caller.inbox.pending('groupMessage'), 0);
    });

    test('AskConnection returns the other client\'s answer, or its error', t, async () => {
      let fail = false;
      const target = await connect(server.url, {
        ...combo,
        on: { answer: (q) => { if (fail) throw new Error('target refused'); return `target says ${q}`; } },
      });
      const caller = await connect(server.url, combo);
      assert.equal(await caller.invoke('AskConnection', target.connectionId, 'hi ✓'), 'target says hi ✓');
      fail = true;
      await assert.rejects(caller.invoke('AskConnection', target.connectionId, 'q'), /target refused/);
    });

    test('a gone or unknown connection: AddToGroup/RemoveFromGroup answer, AskConnection fails with "not connected"', t, async () => {
      const caller = await connect(server.url, combo);
      const gone = await connect(server.url, combo);
      const goneId = gone.connectionId;
      await gone.stop();
      for (const id of [goneId, unique('never')]) {
        await caller.invoke('AddToGroup', id, 'g');
        await caller.invoke('RemoveFromGroup', id, 'g');
        await assert.rejects(caller.invoke('AskConnection', id, 'anyone?'), /not connected/);
      }
      assert.equal(await caller.invoke('Echo', 'fine'), 'fine');
    });
  });
}
