// Headless Chromium smoke: the browser build of the official client, loaded from another origin (so CORS
// with credentials is exercised), connects over WebSockets and calls Echo.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { useServer, withTimeout, HUB } from './harness.mjs';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;
const server = useServer();
const require = createRequire(import.meta.url);
const clientScript = path.join(path.dirname(require.resolve('@microsoft/signalr/package.json')), 'dist/browser/signalr.js');

const page = `<!doctype html><meta charset="utf-8"><script src="/signalr.js"></script>
<script>
  window.runEcho = async (hubUrl) => {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(hubUrl, { transport: signalR.HttpTransportType.WebSockets })
      .configureLogging(signalR.LogLevel.None)
      .build();
    const welcome = new Promise((resolve) => connection.on('welcome', resolve));
    await connection.start();
    try {
      return { echo: await connection.invoke('Echo', 'from chromium'), welcome: await welcome, id: connection.connectionId };
    } finally {
      await connection.stop();
    }
  };
</script>`;

// A foreign page opening a raw WebSocket to the hub: the browser attaches the user's cookies (CORS does not apply).
const probePage = `<!doctype html><meta charset="utf-8"><script>
  window.probe = (url) => new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.onopen = () => { socket.close(); resolve('open'); };
    socket.onerror = () => resolve('refused');
  });
</script>`;

/** Serves the page and the client script on its own loopback port (a different origin from the hub). */
async function startPageServer() {
  const script = await readFile(clientScript);
  const http = createServer((req, res) => {
    if (req.url === '/signalr.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    } else if (req.url === '/signed-in') {
      // A session cookie for 127.0.0.1: cookies ignore ports, so the browser also sends it to the hub's port.
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'session=victim; Path=/; SameSite=Lax' }).end(probePage);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { http, url: `http://127.0.0.1:${http.address().port}` };
}

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

test('the browser client connects over WebSockets from another origin and calls Echo', { skip, timeout: 60_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const pageServer = await startPageServer();
  cleanups.push(() => new Promise((resolve) => pageServer.http.close(resolve)));
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'hub-interop-chromium-'));
  cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));

  const context = await withTimeout(chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  }), 30_000, 'chromium to launch');
  cleanups.push(() => context.close());

  const tab = await context.newPage();
  await tab.goto(`${pageServer.url}/`, { timeout: 10_000 });
  const result = await withTimeout(tab.evaluate((hubUrl) => window.runEcho(hubUrl), `${server.url}${HUB}`), 15_000, 'Echo from the browser');
  assert.equal(result.echo, 'from chromium');
  assert.equal(result.welcome, result.id);
});

// Cross-site WebSocket hijacking: with the user's cookie in the browser, a foreign page's upgrade is refused by
// the default origin policy; the same probe without cookies (a page with credentials of its own) gets through.
test('a foreign page cannot open a WebSocket riding on the user\'s cookies', { skip, timeout: 60_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const pageServer = await startPageServer();
  cleanups.push(() => new Promise((resolve) => pageServer.http.close(resolve)));
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'hub-interop-chromium-'));
  cleanups.push(() => rm(userDataDir, { recursive: true, force: true }));
  const context = await withTimeout(chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  }), 30_000, 'chromium to launch');
  cleanups.push(() => context.close());

  const hubSocket = `${server.url.replace(/^http/, 'ws')}${HUB}`;
  const tab = await context.newPage();
  await tab.goto(`${pageServer.url}/signed-in`, { timeout: 10_000 });
  assert.equal((await context.cookies(server.url)).length, 1, 'the browser holds a cookie for the hub\'s host');
  assert.equal(await withTimeout(tab.evaluate((url) => window.probe(url), hubSocket), 15_000, 'probe with cookie'), 'refused');

  await context.clearCookies();
  assert.equal(await withTimeout(tab.evaluate((url) => window.probe(url), hubSocket), 15_000, 'probe without cookie'), 'open');
});
