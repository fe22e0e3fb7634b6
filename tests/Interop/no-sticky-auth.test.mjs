// No sticky sessions: auth.test.mjs through a real round-robin nginx in front of 3 nodes on one nats-server (every
// request of a connection may land on any node and is served through its owner).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBalancedServer, relayCounts } from './nginx.mjs';

// Cross-node sends are another branch's (see no-sticky-hub-methods.test.mjs); remove once merged.

const balanced = useBalancedServer();
await import('./auth.test.mjs');

test('requests were relayed between nodes', () => {
  assert.ok(balanced.server, 'the cluster started');
  const counts = relayCounts(balanced.server.output());
  assert.ok(Object.keys(counts).length > 0, 'nothing was relayed');
});
