// A hand-written client (the official JS client in Node, and raw WebSocket frames) sends what the page never would:
// malformed strokes, huge point lists, floods. It gets a clear error; the board stays whole for a well-behaved client
// on it; a board past its size bound refuses more, with a message in the page too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import WebSocket from 'ws';
import { delay, drag, launchBrowser, openBoard, removeDir, screenshot, skipBrowser, startWhiteboard, tempDir, until, withTimeout } from './harness.mjs';

const MAX_ITEMS = 12;
let server, data;
const connections = [];

before(async () => {
  data = tempDir('whiteboard-bad-');
  // Small bounds, so that a test reaches them quickly.
  server = await startWhiteboard({ data, args: [`--Whiteboard:MaxItems=${MAX_ITEMS}`, '--Whiteboard:LiveUpdatesPerSecond=30'] });
}, { timeout: 90_000 });

after(async () => {
  await Promise.allSettled(connections.map((c) => c.stop()));
  await server?.stop();
  if (data) removeDir(data);
}, { timeout: 30_000 });

/** A client on a board that records every change it is sent, in order. */
async function client(board, { name = 'Tester', protocol = 'json' } = {}) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}/hubs/whiteboard`, { transport: signalR.HttpTransportType.WebSockets, WebSocket })
    .withHubProtocol(protocol === 'json' ? new signalR.JsonHubProtocol() : new MessagePackHubProtocol())
    .configureLogging(signalR.LogLevel.None)
    .build();
  connections.push(connection);
  connection.changes = [];
  connection.notices = [];
  connection.on('changed', (c) => connection.changes.push(c));
  connection.on('notice', (m) => connection.notices.push(m));
  connection.closedWith = new Promise((resolve) => connection.onclose((e) => resolve(e ?? null)));
  await withTimeout(connection.start(), 10_000, 'start');
  connection.joined = await connection.invoke('Join', board, name, null, 0);
  return connection;
}

let n = 0;
const id = (prefix) => `${prefix}-${process.pid}-${n++}`;
const pen = (points = [0, 0, 0.5, 10, 10, 0.5]) => ({ id: id('i'), kind: 'pen', color: '#1f2937', width: 4, points, dx: 0, dy: 0 });
const add = (...items) => ({ opId: id('op'), kind: 'add', items });

async function refused(promise, pattern) {
  await assert.rejects(promise, (e) => { assert.match(e.message, pattern); return true; });
}

/** The observer's view, rebuilt from the changes it was sent, equals the server's board. */
async function assertConsistent(observer) {
  const versions = observer.changes.map((c) => c.version);
  for (let i = 1; i < versions.length; i++) assert.equal(versions[i], versions[i - 1] + 1, 'changes arrive numbered without gaps');
  const sync = await observer.invoke('Sync', 0);
  const items = new Map((observer.joined.board.items ?? []).map((i) => [i.id, i]));
  for (const c of observer.changes) {
    if (c.kind === 'add') for (const i of c.items) { items.delete(i.id); items.set(i.id, i); }
    if (c.kind === 'remove' || c.kind === 'clear') for (const x of c.ids) items.delete(x);
    if (c.kind === 'move') for (const m of c.moves) if (items.has(m.id)) items.set(m.id, { ...items.get(m.id), dx: m.dx, dy: m.dy });
  }
  assert.equal(sync.version, versions.at(-1) ?? observer.joined.board.version);
  assert.deepEqual([...items.keys()], sync.items.map((i) => i.id), 'the observer\'s board is the server\'s board');
}

test('malformed strokes and operations are refused with a message saying what is wrong', { timeout: 60_000 }, async () => {
  const board = id('malformed');
  const observer = await client(board, { name: 'Observer' });
  for (const protocol of ['json', 'messagepack']) {
    const bad = await client(board, { protocol });
    await bad.invoke('Commit', add(pen()));
    const cases = [
      [add({ ...pen(), points: [1, 2, 0.5, 3] }), /x, y, pressure triples/],
      [add({ ...pen(), kind: 'spray' }), /Unknown item kind 'spray'/],
      [add({ ...pen(), color: 'red; drop table' }), /colour must look like #1e88e5/],
      [add({ ...pen(), id: '' }), /item id must be/],
      [add({ ...pen(), id: 'x'.repeat(65) }), /item id must be/],
      [add({ ...pen(), width: 5000 }), /width must be between/],
      [add({ ...pen(), points: [1e12, 0, 0.5] }), /finite number within/],
      [add({ id: id('t'), kind: 'text', color: '#000000', width: 20, points: [0, 0], text: 'x'.repeat(600), dx: 0, dy: 0 }), /at most 500 characters/],
      [add({ id: id('t'), kind: 'rect', color: '#000000', width: 2, points: [0, 0, 1], dx: 0, dy: 0 }), /exactly two corners/],
      [add(), /needs items/],
      [{ opId: id('op'), kind: 'explode', ids: ['a'] }, /Unknown operation 'explode'/],
      [{ opId: '', kind: 'remove', ids: ['a'] }, /needs an opId/],
      [{ opId: id('op'), kind: 'move', moves: [{ id: 'a', dx: 1e300, dy: 0 }] }, /finite offsets/],
      [(() => { const item = pen(); return add(item, item); })(), /appears twice/],
    ];
    for (const [op, pattern] of cases) await refused(bad.invoke('Commit', op), pattern);
    // Wrong types do not even bind; the framework says so, and the connection carries on.
    await refused(bad.invoke('Commit', { opId: 5, kind: ['add'], items: 'lots' }), /Failed to invoke 'Commit'/);
    await refused(bad.invoke('Commit'), /Failed to invoke 'Commit'/);
    assert.equal(await bad.invoke('Ping', 42), 42, `the ${protocol} client is still served`);
  }
  await until(() => observer.changes.length === 2, 5_000, 'the two good strokes');
  await assertConsistent(observer);
});

test('huge point lists: over the per-stroke bound refused, over the message size the sender is disconnected', { timeout: 60_000 }, async () => {
  const board = id('huge');
  const observer = await client(board, { name: 'Observer' });
  const bad = await client(board);
  const points = (count) => Array.from({ length: count * 3 }, (_, i) => (i % 3 === 2 ? 0.5 : i % 100));
  await refused(bad.invoke('Commit', add(pen(points(4_001)))), /at most 4000 points; this one has 4001/);
  await bad.invoke('Commit', add(pen(points(4_000))));
  // 60,000 points do not fit the hub's 256 KB message bound: the connection is closed with an error.
  bad.send('Commit', add(pen(points(60_000)))).catch(() => {});
  const error = await withTimeout(bad.closedWith, 10_000, 'the oversized sender to be closed');
  assert.ok(error, 'closed with an error');
  assert.match(error.message, /error/i);
  assert.equal(await observer.invoke('Ping', 1), 1, 'everyone else is still served');
  await until(() => observer.changes.length === 1, 5_000, 'the one stroke within bounds');
  await assertConsistent(observer);
});

test('a flood of changes is cut to the rate bound with a clear error, and the board stays consistent', { timeout: 60_000 }, async () => {
  const board = id('flood');
  const observer = await client(board, { name: 'Observer' });
  const flooder = await client(board, { name: 'Flooder', protocol: 'messagepack' });
  const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) =>
    flooder.invoke('Commit', { opId: id('flood'), kind: 'move', moves: [{ id: 'nothing', dx: i, dy: i }] })));
  const accepted = results.filter((r) => r.status === 'fulfilled').length;
  const rejected = results.filter((r) => r.status === 'rejected');
  assert.ok(accepted >= 20 && accepted < 200, `some accepted, the rest refused (${accepted} accepted)`);
  assert.ok(rejected.every((r) => /too fast|Rate limit exceeded/.test(r.reason.message)), rejected[0]?.reason.message);
  assert.ok(rejected.some((r) => /at most 20 changes a second/.test(r.reason.message)), 'the hub\'s own message names the bound');

  // Cursor floods are dropped beyond the live-update bound, and the sender is told.
  for (let i = 0; i < 500; i++) flooder.send('Cursor', i, i).catch(() => {});
  await until(() => flooder.notices.some((m) => /Too many live updates/.test(m)), 10_000, 'a notice to the flooder');
  // Refused, not disconnected: once the flood stops its bucket refills and it is served again.
  await until(() => flooder.invoke('Ping', 7).then((v) => v === 7, () => false), 10_000, 'the flooder to be served again');
  await until(() => observer.changes.length === accepted, 10_000, 'every accepted change at the observer');
  await assertConsistent(observer);
});

test('garbage frames close only the sender, with an error', { timeout: 30_000 }, async () => {
  const board = id('garbage');
  const observer = await client(board, { name: 'Observer' });
  const negotiate = await (await fetch(`${server.url}/hubs/whiteboard/negotiate?negotiateVersion=1`, { method: 'POST' })).json();
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/hubs/whiteboard?id=${negotiate.connectionToken}`);
  const frames = [];
  ws.on('message', (m) => frames.push(m.toString()));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  ws.send('{"protocol":"json","version":1}\u001e');
  await until(() => frames.length > 0, 5_000, 'the handshake answer');
  ws.send('{"type":1,"target":"Commit","arguments":[{"opId":"x","kind":"add","items":[{"points":[1,2,\u001e');
  const closed = await withTimeout(new Promise((resolve) => ws.once('close', (code) => resolve(code))), 10_000, 'the garbage sender to be closed');
  assert.ok(frames.some((f) => f.includes('"type":7') && f.includes('"error"')), `a Close message with an error: ${frames.join(' | ')}`);
  assert.ok(closed >= 1000);
  assert.equal(await observer.invoke('Ping', 3), 3, 'everyone else is still served');
  await assertConsistent(observer);
});

test('a board past its size bound refuses more, with a message in the page', { skip: skipBrowser, timeout: 90_000 }, async () => {
  const board = id('full');
  const writer = await client(board);
  for (let i = 0; i < MAX_ITEMS; i++) await writer.invoke('Commit', add(pen([i * 10, 0, 0.5, i * 10, 50, 0.5])));
  await refused(writer.invoke('Commit', add(pen())), /This board is full \(at most 12 items/);
  // Removing makes room again.
  await writer.invoke('Commit', { opId: id('op'), kind: 'remove', ids: [writer.changes[0].items[0].id] });
  await writer.invoke('Commit', add(pen()));

  const browser = await launchBrowser();
  try {
    const alice = await openBoard(browser, `${server.url}/b/${board}`, { name: 'Alice' });
    await until(async () => (await alice.page.getByTestId('board').getAttribute('data-items')) === String(MAX_ITEMS), 10_000, 'the full board');
    await drag(alice.page, [200, 300], [500, 340]);
    const toast = alice.page.locator('.toast.error');
    await until(async () => (await toast.count()) > 0 && /board is full/.test(await toast.first().textContent()), 10_000, 'the "board is full" message');
    await screenshot(alice.page, 'board-full-message');
    await until(async () => (await alice.page.getByTestId('board').getAttribute('data-items')) === String(MAX_ITEMS), 10_000, 'the refused stroke to be taken back');
    await delay(100);
  } finally {
    await browser.close();
  }
});

test('a limit set to a nonsensical value stops the app at start-up, naming the option', { timeout: 60_000 }, async () => {
  await assert.rejects(startWhiteboard({ data, args: ['--Whiteboard:MaxItems=0'] }), (e) => {
    assert.match(e.message, /exited/);
    assert.match(e.message, /Whiteboard:MaxItems must be at least 1 \(was 0\)/);
    return true;
  });
});

test('when the shared store cannot be reached the client is told so in time, and the node stays up', { timeout: 60_000 }, async () => {
  // Nothing listens on port 1: the node starts, its NATS client keeps retrying, and every board call times out.
  const offline = await startWhiteboard({ data, env: { HUB_NATS_URL: 'nats://127.0.0.1:1' }, args: ['--Whiteboard:StoreTimeout=00:00:02'] });
  try {
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`${offline.url}/hubs/whiteboard`, { transport: signalR.HttpTransportType.WebSockets, WebSocket })
      .configureLogging(signalR.LogLevel.None)
      .build();
    connections.push(connection);
    await connection.start();
    const started = Date.now();
    await refused(connection.invoke('Join', 'unreachable', 'Tester', null, 0), /did not answer within 2 s/);
    assert.ok(Date.now() - started < 15_000, 'refused within the store timeout, not left hanging');
    assert.equal(await connection.invoke('Ping', 9), 9, 'the node still serves');
    assert.equal((await fetch(`${offline.url}/health`)).status, 200);
  } finally {
    await offline.stop();
  }
});
