// Fixture of the whiteboard's browser tests: the sample server as a process (READY line, its own data folder), headless
// Debian Chromium through playwright-core, pixel checks on the board canvas, and screenshots under artifacts/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sampleRoot = path.resolve(here, '..');
export const repoRoot = process.env.HUB_REPO_ROOT ?? path.resolve(sampleRoot, '../..');
export const configuration = process.env.HUB_BUILD_CONFIGURATION || 'Release';
export const CHROMIUM = '/usr/bin/chromium';
export const skipBrowser = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;
export const artifacts = path.join(sampleRoot, 'artifacts');
export const transports = ['WebSockets', 'ServerSentEvents', 'LongPolling'];
const queryName = { WebSockets: 'webSockets', ServerSentEvents: 'serverSentEvents', LongPolling: 'longPolling' };

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

/** Polls `check` (async, returns truthy when done) every 100 ms for at most `ms`. */
export async function until(check, ms, what) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await delay(100);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

export function tempDir(prefix) { return mkdtempSync(path.join(os.tmpdir(), prefix)); }

const running = new Set();
process.on('exit', () => { for (const p of running) p.kill('SIGKILL'); });

function dll(project) {
  const file = path.join(repoRoot, 'samples', project, 'bin', configuration, 'net10.0', `${project}.dll`);
  if (!existsSync(file)) throw new Error(`${file} not found: build first (dotnet build samples/${project} -c ${configuration}).`);
  return file;
}

/** Starts the whiteboard; resolves once it printed READY. `port` 0 lets the kernel choose. */
export async function startWhiteboard({ data, port = 0, env = {}, args = [] } = {}) {
  const child = spawn('dotnet', [dll('Whiteboard'), '--urls', `http://127.0.0.1:${port}`, ...(data ? ['--data', data] : []), ...args], {
    env: { ...process.env, DOTNET_NOLOGO: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); }));
  const ready = new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      const m = /^READY (\S+)/m.exec(output);
      if (m) resolve(m[1].replace(/\/$/, ''));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
    exited.then(({ code }) => reject(new Error(`the whiteboard exited (${code}) before READY:\n${output}`)));
  });
  const server = {
    child, output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      try { await withTimeout(exited, 10_000, 'the whiteboard to stop'); } catch { child.kill('SIGKILL'); await exited; }
    },
  };
  try {
    server.url = await withTimeout(ready, 60_000, 'the whiteboard to print READY');
  } catch (error) {
    await server.stop();
    throw error;
  }
  server.port = Number(new URL(server.url).port);
  return server;
}

/** Runs the bot to completion; resolves with { code, stdout, stderr }. */
export function runBot(args, ms = 60_000) {
  const child = spawn('dotnet', [dll('Whiteboard.Bot'), ...args], { env: { ...process.env, DOTNET_NOLOGO: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '', stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => { stdout += c; });
  child.stderr.setEncoding('utf8').on('data', (c) => { stderr += c; });
  const done = new Promise((resolve) => child.once('exit', (code) => { running.delete(child); resolve({ code, stdout, stderr }); }));
  return withTimeout(done, ms, `the bot (${args.join(' ')})`).catch((e) => { child.kill('SIGKILL'); throw e; });
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return withTimeout(chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  }), 30_000, 'chromium to launch');
}

/** A participant: a fresh browser context (its own storage) with the board open and connected. */
export async function openBoard(browser, url, { name, transport } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page ${name}] ${e.message}`));
  const query = new URLSearchParams();
  if (name) query.set('name', name);
  if (transport) query.set('transport', queryName[transport]);
  await page.goto(`${url}?${query}`, { timeout: 20_000 });
  await waitConnected(page, transport);
  return { context, page, name };
}

export async function waitConnected(page, transport, ms = 20_000) {
  await until(async () => {
    const text = await page.getByTestId('status').textContent();
    return (transport ? text.includes(transport) : /WebSockets|ServerSentEvents|LongPolling/.test(text)) && text;
  }, ms, `status showing ${transport ?? 'a transport'}`);
  // Connected is not yet joined: the own entry in the participant list says the board answered.
  await until(async () => (await page.getByTestId('participant').count()) > 0, ms, 'the participant list');
}

/** Where the board is on the page (CSS px). */
export async function boardBox(page) { return page.getByTestId('board').boundingBox(); }

/** Drags with real mouse events from (x1, y1) to (x2, y2), board-relative; `hold` keeps the button down at the end. */
export async function drag(page, [x1, y1], [x2, y2], { steps = 20, hold = false, stepDelay = 10 } = {}) {
  const box = await boardBox(page);
  await page.mouse.move(box.x + x1, box.y + y1);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(box.x + x1 + ((x2 - x1) * i) / steps, box.y + y1 + ((y2 - y1) * i) / steps);
    if (stepDelay) await delay(stepDelay);
  }
  if (!hold) await page.mouse.up();
}

/**
 * Counts "ink" pixels (dark, or far from the board's background) of the board canvas inside a board-relative
 * rectangle, from the rendered canvas pixels. `color` [r, g, b] counts only pixels close to that colour.
 */
export function ink(page, { x, y, w, h }, color) {
  return page.evaluate(async ({ x, y, w, h, color }) => {
    // The board redraws on the next animation frame after a change: read the pixels after it.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const canvas = document.querySelector('[data-testid="board"] canvas');
    const dpr = canvas.width / canvas.getBoundingClientRect().width;
    const data = canvas.getContext('2d').getImageData(Math.round(x * dpr), Math.round(y * dpr), Math.round(w * dpr), Math.round(h * dpr)).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (color ? Math.abs(r - color[0]) + Math.abs(g - color[1]) + Math.abs(b - color[2]) < 90 : r + g + b < 300) n++;
    }
    return n;
  }, { x, y, w, h, color });
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
}

export function participantNames(page) {
  return page.getByTestId('participant').allTextContents();
}

export function newBoardUrl(server, prefix = 'test') {
  return `${server.url}/b/${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

export function removeDir(dir) { rmSync(dir, { recursive: true, force: true }); }
