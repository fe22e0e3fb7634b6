// Boards survive a server restart (the append-only log on disk), and a client that was connected through the restart
// resynchronises: what it drew while the server was away arrives once, nothing is missing or doubled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { drag, ink, launchBrowser, newBoardUrl, openBoard, removeDir, screenshot, skipBrowser, startWhiteboard, tempDir, until, waitConnected } from './harness.mjs';

const WAIT = 20_000;
let browser, data;
const servers = [];

before(async () => {
  if (skipBrowser) return;
  data = tempDir('whiteboard-restart-');
  browser = await launchBrowser();
}, { timeout: 60_000 });

after(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
  if (data) removeDir(data);
}, { timeout: 30_000 });

const items = (page) => page.getByTestId('board').getAttribute('data-items').then(Number);
const status = (page) => page.getByTestId('status').textContent();

test('after a server restart the board is still there, and a client that stayed resynchronises without duplicates', { skip: skipBrowser, timeout: 150_000 }, async () => {
  const first = await startWhiteboard({ data });
  servers.push(first);
  const url = newBoardUrl(first, 'restart');
  const alice = await openBoard(browser, url, { name: 'Alice' });
  await drag(alice.page, [200, 300], [500, 340]);
  await alice.page.getByTestId('tool-ellipse').click();
  await drag(alice.page, [700, 250], [900, 450]);
  await until(async () => (await alice.page.getByTestId('board').getAttribute('data-pending')) === '0', WAIT, 'Alice\'s changes to be stored');

  await first.stop();
  await until(async () => /reconnecting|offline/i.test(await status(alice.page)), WAIT, 'the status to say the server is gone');
  await screenshot(alice.page, 'restart-server-down');
  // Drawn while the server is down: kept, shown, and sent once the connection is back.
  await alice.page.getByTestId('tool-pen').click();
  await drag(alice.page, [200, 500], [500, 540]);
  assert.equal(await items(alice.page), 3, 'the offline stroke is shown at once');

  const second = await startWhiteboard({ data, port: first.port });
  servers.push(second);
  await waitConnected(alice.page, 'WebSockets', 60_000);
  await until(async () => (await alice.page.getByTestId('board').getAttribute('data-pending')) === '0', WAIT, 'the offline stroke to be stored');
  assert.equal(await items(alice.page), 3, 'nothing doubled on Alice\'s board');

  const bob = await openBoard(browser, url, { name: 'Bob' });
  await until(async () => (await items(bob.page)) === 3, WAIT, 'the whole board for a newcomer after the restart');
  assert.ok((await ink(bob.page, { x: 190, y: 280, w: 320, h: 80 })) > 150, 'the stroke from before the restart');
  assert.ok((await ink(bob.page, { x: 690, y: 240, w: 220, h: 220 })) > 150, 'the ellipse from before the restart');
  assert.ok((await ink(bob.page, { x: 190, y: 480, w: 320, h: 80 })) > 150, 'the stroke drawn while the server was down');
  await screenshot(bob.page, 'restart-board-restored');

  // On disk: one append-only log for the board, one line per change.
  const boardId = url.split('/b/')[1];
  const files = readdirSync(path.join(data, 'boards'));
  assert.ok(files.includes(`${boardId}.jsonl`), `the board's log is on disk (${files})`);
  const lines = readFileSync(path.join(data, 'boards', `${boardId}.jsonl`), 'utf8').trim().split('\n');
  assert.equal(lines.length, 3, 'three changes, none stored twice');
  await Promise.all([alice.context.close(), bob.context.close()]);
});

test('a long-lived board is compacted into a snapshot and loads the same', { skip: skipBrowser, timeout: 120_000 }, async () => {
  const dir = tempDir('whiteboard-compact-');
  try {
    let server = await startWhiteboard({ data: dir, args: ['--Whiteboard:CompactAfterChanges=10'] });
    servers.push(server);
    const url = newBoardUrl(server, 'compact');
    const alice = await openBoard(browser, url, { name: 'Alice' });
    for (let i = 0; i < 12; i++) await drag(alice.page, [100 + i * 40, 200], [120 + i * 40, 400], { steps: 5, stepDelay: 0 });
    await alice.page.keyboard.press('Control+z');
    await until(async () => (await alice.page.getByTestId('board').getAttribute('data-pending')) === '0', WAIT, 'every change stored');
    const boardId = url.split('/b/')[1];
    const lines = readFileSync(path.join(dir, 'boards', `${boardId}.jsonl`), 'utf8').trim().split('\n');
    assert.ok(lines.length < 13, `compacted: ${lines.length} lines for 13 changes`);
    assert.ok(lines[0].startsWith('{"snapshot"'), 'the log starts with a snapshot');
    await alice.context.close();
    await server.stop();

    server = await startWhiteboard({ data: dir });
    servers.push(server);
    const bob = await openBoard(browser, url.replace(/^http:\/\/[^/]+/, server.url), { name: 'Bob' });
    await until(async () => (await items(bob.page)) === 11, WAIT, 'the 11 strokes left after the undo');
    assert.equal(await bob.page.getByTestId('board').getAttribute('data-version'), '13');
    await bob.context.close();
    await server.stop();
  } finally {
    removeDir(dir);
  }
});
