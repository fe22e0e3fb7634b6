// Cluster fixture for the interop suites: a real nats-server on a free loopback port (JetStream on, store in a temp
// folder) and several interop server processes that use it as their backplane (HUB_NATS_URL).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, withTimeout } from './harness.mjs';

const NATS_READY_TIMEOUT_MS = 15_000;
const runningNats = new Set();
process.on('exit', () => {
  for (const nats of runningNats) nats.child?.kill('SIGKILL');
});

function spawnNats(nats, port) {
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', nats.storeDir, ...nats.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nats.child = child;
  nats.exited = new Promise((resolve) => child.once('exit', resolve));
  let log = '';
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk;
      nats.log += chunk;
      const match = /Listening for client connections on [^:\s]+:(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('error', (error) => reject(new Error(`nats-server could not start (./test.sh installs it): ${error.message}`)));
    nats.exited.then((code) => reject(new Error(`nats-server exited (${code}) before listening:\n${log}`)));
  });
  return withTimeout(listening, NATS_READY_TIMEOUT_MS, 'nats-server to listen');
}

/**
 * Starts nats-server; `args` are passed on (e.g. ['--max_payload', '4096']). Returns
 * { url, port, log, stop(), restart() }: stop() kills it (an outage), restart() brings it back on the same port.
 */
export async function startNats({ args = [] } = {}) {
  const nats = { args, log: '', storeDir: mkdtempSync(path.join(os.tmpdir(), 'hub-nats-')) };
  runningNats.add(nats);
  nats.stop = async () => {
    if (nats.child && nats.child.exitCode === null && nats.child.signalCode === null) {
      nats.child.kill('SIGKILL');
      await nats.exited;
    }
  };
  nats.restart = async () => {
    await nats.stop();
    await spawnNats(nats, nats.port);
  };
  nats.dispose = async () => {
    await nats.stop();
    runningNats.delete(nats);
    rmSync(nats.storeDir, { recursive: true, force: true });
  };
  try {
    nats.port = await spawnNats(nats, -1);
  } catch (error) {
    await nats.dispose();
    throw error;
  }
  nats.url = `nats://127.0.0.1:${nats.port}`;
  return nats;
}

/**
 * Starts nats-server (unless `nats` is given) and `nodes` interop servers on it. Returns
 * { nats, nodes: [server…], stop() }; each node is what harness.startServer returns (url, child, stop()).
 */
export async function startCluster({ nodes = 3, env = {}, nats } = {}) {
  const ownNats = !nats;
  nats ??= await startNats();
  const started = await Promise.allSettled(
    Array.from({ length: nodes }, () => startServer({ env: { HUB_NATS_URL: nats.url, ...env } })));
  const servers = started.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const stop = async () => {
    await Promise.allSettled(servers.map((s) => s.stop()));
    if (ownNats) await nats.dispose();
  };
  const failure = started.find((s) => s.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return { nats, nodes: servers, stop };
}

/**
 * A TCP relay on a free loopback port in front of one node, so a client's URL stays the same while the node behind
 * it changes: retarget(url) sends new connections elsewhere (open ones stay), close() ends everything.
 */
export async function startProxy(targetUrl) {
  const net = await import('node:net');
  let target = new URL(targetUrl);
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    retarget(url) { target = new URL(url); },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
