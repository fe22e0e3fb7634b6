// Minimal raw protocol access (fetch + ws) for the wire-behaviour checks that stock clients rely on.
import { WebSocket, withTimeout, HUB } from './harness.mjs';

export const RS = '\u001e';

const openSockets = new Set();

/** Drops every raw socket a test left open (a failed assertion skips the test's own close). */
export function closeRawSockets() {
  for (const ws of openSockets) ws.terminate();
  openSockets.clear();
}

/** Splits a JSON-protocol text payload into parsed records. */
export function parseRecords(text) {
  return text.split(RS).filter((part) => part.length > 0).map((part) => JSON.parse(part));
}

export const record = (message) => JSON.stringify(message) + RS;

export async function negotiate(baseUrl, query = 'negotiateVersion=1', path = HUB) {
  const response = await fetch(`${baseUrl}${path}/negotiate?${query}`, { method: 'POST' });
  if (response.status !== 200) throw new Error(`negotiate returned ${response.status}`);
  return response.json();
}

/**
 * A raw WebSocket to the hub with a queue of received payloads. `nextRecord()` yields parsed JSON records
 * one at a time (several may share a frame); `closed` resolves with { code, reason }.
 */
export function openRawWebSocket(url) {
  const ws = new WebSocket(url);
  openSockets.add(ws);
  ws.on('close', () => openSockets.delete(ws));
  const frames = [];
  const records = [];
  const waiters = [];
  let closeInfo;
  const wake = () => { while (waiters.length) waiters.shift()(); };
  ws.on('message', (data, isBinary) => {
    frames.push({ data, isBinary });
    if (!isBinary) records.push(...parseRecords(data.toString('utf8')));
    wake();
  });
  const closed = new Promise((resolve) => ws.on('close', (code, reason) => {
    closeInfo = { code, reason: reason.toString() };
    resolve(closeInfo);
    wake();
  }));
  const opened = new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_, response) => reject(Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { statusCode: response.statusCode })));
  });
  opened.catch(() => {});
  ws.on('error', () => {});

  const waitFor = async (predicate, ms, what) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = predicate();
      if (value !== undefined) return value;
      if (closeInfo) throw new Error(`socket closed (${closeInfo.code}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await withTimeout(new Promise((resolve) => waiters.push(resolve)), left, what).catch(() => {});
    }
  };

  return {
    ws,
    opened,
    closed,
    frames,
    send: (payload) => ws.send(payload),
    sendRecord: (message) => ws.send(record(message)),
    /** The next parsed record, in arrival order. */
    nextRecord: (ms = 5_000) => waitFor(() => records.shift(), ms, 'a record'),
    /** The next record that satisfies `match`, skipping others (pings, welcome, ...). */
    async nextMatching(match, ms = 5_000, what = 'a matching record') {
      return waitFor(() => {
        const index = records.findIndex(match);
        return index < 0 ? undefined : records.splice(index, 1)[0];
      }, ms, what);
    },
    pendingRecords: () => records,
    close: () => { if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate(); },
  };
}

export function webSocketUrl(baseUrl, path, id) {
  return `${baseUrl.replace(/^http/, 'ws')}${path}${id === undefined ? '' : `?id=${encodeURIComponent(id)}`}`;
}

/** Negotiates (v1), opens a raw WebSocket, sends the JSON handshake and consumes the handshake response. */
export async function rawJsonWebSocket(baseUrl, path = HUB) {
  const { connectionToken } = await negotiate(baseUrl, 'negotiateVersion=1', path);
  const socket = openRawWebSocket(webSocketUrl(baseUrl, path, connectionToken));
  await withTimeout(socket.opened, 5_000, 'WebSocket open');
  socket.sendRecord({ protocol: 'json', version: 1 });
  const handshake = await socket.nextRecord();
  if (Object.keys(handshake).length !== 0) throw new Error(`handshake failed: ${JSON.stringify(handshake)}`);
  return socket;
}
