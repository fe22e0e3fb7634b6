// The interop program as a process: READY line, quiet logging, clean exit on SIGTERM, HUB_NATS_URL handling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, connect, closeAllConnections, isReference, TEST_TIMEOUT_MS } from './harness.mjs';

const t = { timeout: 45_000 };

test('prints READY <url>, logs nothing below Warning, exits with 0 on SIGTERM', t, async () => {
  const server = await startServer();
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(5_000) });
    assert.equal(await health.text(), 'ok');
    const connection = await connect(server.url);
    assert.equal(await connection.invoke('Echo', 'x'), 'x');
    await assert.rejects(connection.invoke('Throw', 'expected'));
    await closeAllConnections();
  } finally {
    const { code, signal } = await server.stop();
    assert.equal(signal, null, 'the server had to be killed');
    assert.equal(code, 0);
  }
  const lines = server.output().split('\n').map((line) => line.trim()).filter(Boolean);
  assert.equal(lines.filter((line) => line.startsWith('READY ')).length, 1);
  // The console logger prefixes entries with their level; Warning and above (warn/fail/crit) are allowed.
  assert.deepEqual(lines.filter((line) => /^(trce|dbug|info):/.test(line)), [], 'log entries below Warning');
});

test('HUB_NATS_URL set but NATS unreachable: starts, serves its own connections, exits with 0 on SIGTERM', {
  ...t,
  skip: isReference ? 'the reference server has no backplane option' : false,
  timeout: TEST_TIMEOUT_MS * 3,
}, async () => {
  // Port 1 on loopback: nothing listens there, so the backplane keeps retrying in the background.
  const server = await startServer({ env: { HUB_NATS_URL: 'nats://127.0.0.1:1' } });
  try {
    const connection = await connect(server.url);
    const broadcast = connection.inbox.next('broadcast');
    assert.equal(await connection.invoke('Echo', 'local'), 'local');
    await connection.invoke('Broadcast', 'to myself');
    assert.deepEqual(await broadcast, ['to myself']);
    await closeAllConnections();
  } finally {
    const { code, signal } = await server.stop();
    assert.equal(signal, null, 'the server had to be killed');
    assert.equal(code, 0);
  }
});
