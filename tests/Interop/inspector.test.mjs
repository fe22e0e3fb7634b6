// The hub inspector page (/_hubs) in headless Chromium: connections appear and disappear as clients come and go,
// groups and transports are shown, and the Disconnect button closes a client's connection.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useServer, connect, closed, withTimeout, isReference, TOKEN } from './harness.mjs';

const CHROMIUM = '/usr/bin/chromium';
const skip = isReference ? 'Microsoft\'s server has no inspector' : existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;
const server = useServer();
const WAIT = { timeout: 15_000 };

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function openInspector() {
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'hub-inspector-chromium-'));
  cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));
  const context = await withTimeout(chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
    // The interop server puts the inspector behind its bearer authentication.
    extraHTTPHeaders: { Authorization: `Bearer ${TOKEN}` },
  }), 30_000, 'chromium to launch');
  cleanups.push(() => context.close());
  const tab = await context.newPage();
  await tab.goto(`${server.url}/_hubs`, WAIT);
  return tab;
}

test('the inspector needs an authenticated user', { skip, timeout: 10_000 }, async () => {
  assert.equal((await fetch(`${server.url}/_hubs`)).status, 401);
  assert.equal((await fetch(`${server.url}/_hubs/api/snapshot`)).status, 401);
  const ok = await fetch(`${server.url}/_hubs/api/snapshot`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(ok.status, 200);
  // A state change without the inspector's header (what a cross-site form could send) is refused.
  const forged = await fetch(`${server.url}/_hubs/api/connections/x/disconnect`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(forged.status, 400);
});

test('Chromium sees connections appear and disappear, and disconnects one', { skip, timeout: 90_000 }, async () => {
  const tab = await openInspector();
  const row = (id) => `#connections tr[data-connection-id="${id}"]`;

  const socket = await connect(server.url, { transport: 'WebSockets' });
  const polling = await connect(server.url, { transport: 'LongPolling', protocol: 'messagepack' });
  await socket.invoke('JoinGroup', 'inspected');

  await tab.waitForSelector(row(socket.connectionId), WAIT);
  await tab.waitForSelector(row(polling.connectionId), WAIT);
  assert.equal(await tab.textContent(`${row(socket.connectionId)} td:nth-child(4)`), 'web_sockets');
  assert.equal(await tab.textContent(`${row(polling.connectionId)} td:nth-child(4)`), 'long_polling');
  assert.equal(await tab.textContent(`${row(polling.connectionId)} td:nth-child(5)`), 'messagepack');
  // The row may have been drawn before the join; the next refresh shows the group.
  await tab.waitForFunction((selector) => document.querySelector(selector)?.textContent === 'inspected',
    `${row(socket.connectionId)} td:nth-child(8)`, WAIT);
  await tab.waitForSelector('#groups tr[data-group="inspected"]', WAIT);
  assert.equal(await tab.textContent('#groups tr[data-group="inspected"] td:nth-child(3)'), '1');
  await tab.waitForFunction(() => document.getElementById('hub-connections').textContent === '2', null, WAIT);

  // A client that leaves disappears.
  await polling.stop();
  await tab.waitForSelector(row(polling.connectionId), { ...WAIT, state: 'detached' });

  // The operator's button closes the other one, without reconnect, with a reason the client sees.
  const ended = closed(socket);
  await tab.click(`${row(socket.connectionId)} button.disconnect`);
  const error = await withTimeout(ended, 15_000, 'the client to be closed by the operator');
  assert.match(String(error?.message), /operator/);
  await tab.waitForSelector(row(socket.connectionId), { ...WAIT, state: 'detached' });
  await tab.waitForFunction(() => document.getElementById('hub-connections').textContent === '0', null, WAIT);
  await tab.waitForSelector('#groups tr[data-group="inspected"]', { ...WAIT, state: 'detached' });
});
