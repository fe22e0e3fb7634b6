// Shared fixture for the interop suites: starts the interop server process, builds official-client
// connections for every transport/protocol pair, and bounds every wait.
//
// Target: INTEROP_TARGET=ours (default, tests/Hub.InteropServer) or reference (tests/Hub.ReferenceServer,
// Microsoft's SignalR: the oracle every test is validated against first).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after, afterEach } from 'node:test';
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import WebSocket from 'ws';
import EventSource from 'eventsource';

export { signalR, WebSocket, EventSource };

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = process.env.HUB_REPO_ROOT ?? path.resolve(here, '../..');
export const buildConfiguration = process.env.HUB_BUILD_CONFIGURATION || 'Release';

const projects = { ours: 'Hub.InteropServer', reference: 'Hub.ReferenceServer' };
export const target = process.env.INTEROP_TARGET || 'ours';
if (!projects[target]) {
  throw new Error(`INTEROP_TARGET must be one of ${Object.keys(projects).join(', ')}; got '${target}'.`);
}
export const isReference = target === 'reference';

export const TEST_TIMEOUT_MS = 15_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
export const TOKEN = 'interop-token';
export const USER = 'interop-user';
export const HUB = '/hubs/interop';
export const SECURE_HUB = '/hubs/interop-secure';

/** Every transport/protocol pair: MessagePack is binary, so Server-Sent Events carries JSON only (on both servers). */
export const transports = ['WebSockets', 'ServerSentEvents', 'LongPolling'];
export const matrix = transports.flatMap((transport) =>
  ['json', 'messagepack']
    .filter((protocol) => protocol === 'json' || transport !== 'ServerSentEvents')
    .map((protocol) => ({ transport, protocol, name: `${transport}/${protocol}` })));

/**
 * The contract's EchoObject value as a protocol carries it: JSON with camelCase keys; MessagePack with the .NET
 * member names, which is what Microsoft's MessagePack protocol writes and binds (the contract: "in MessagePack the
 * values are what counts").
 */
export function contractObject(protocol, { name, value, tags }) {
  return protocol === 'messagepack' ? { Name: name, Value: value, Tags: tags } : { name, value, tags };
}

/** Rejects with a clear message if `promise` does not settle within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const runningServers = new Set();
process.on('exit', () => {
  for (const server of runningServers) server.child.kill('SIGKILL');
});

/**
 * Starts the target server on a kernel-chosen loopback port and resolves once it printed `READY <url>`.
 * Returns { url, child, output(), stop() }; stop() sends SIGTERM, waits, then SIGKILL.
 */
export async function startServer({ env = {} } = {}) {
  const project = projects[target];
  const dll = path.join(repoRoot, 'tests', project, 'bin', buildConfiguration, 'net10.0', `${project}.dll`);
  if (!existsSync(dll)) {
    throw new Error(`${dll} not found: build first (dotnet build HubFramework.sln -c ${buildConfiguration}).`);
  }
  const child = spawn('dotnet', [dll, '--urls', 'http://127.0.0.1:0'], {
    env: { ...process.env, DOTNET_NOLOGO: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const server = { child, url: undefined, output: () => output, stop: () => stopServer(server) };
  runningServers.add(server);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  server.exited = exited;
  const ready = new Promise((resolve, reject) => {
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        const match = /^READY (\S+)/.exec(line);
        if (match) resolve(match[1]);
      }
    });
    child.once('error', reject);
    exited.then(({ code, signal }) =>
      reject(new Error(`${project} exited (code ${code}, signal ${signal}) before READY:\n${output}`)));
  });
  try {
    server.url = (await withTimeout(ready, READY_TIMEOUT_MS, `${project} to print READY`)).replace(/\/$/, '');
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return server;
}

async function stopServer(server) {
  runningServers.delete(server);
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGTERM');
  try {
    return await withTimeout(server.exited, STOP_TIMEOUT_MS, 'the server to exit after SIGTERM');
  } catch {
    server.child.kill('SIGKILL');
    return server.exited;
  }
}

const openConnections = new Set();

/**
 * Registers before/after hooks for one server per test file, and closes every connection a test opened
 * after that test. Returns an object whose `url` is set once the server is ready. A server that fails to
 * start does not fail the hook (node:test would then cancel, not fail, the tests in suites): reading `url`
 * throws the start-up error instead, so every test of the file fails with it.
 */
let serverFactory;

/** Makes useServer start something else with the same shape ({ url, output(), stop() }), e.g. nodes behind nginx. */
export function useServerFactory(factory) {
  serverFactory = factory;
}

export function useServer(options) {
  let server;
  let startError;
  const fixture = {
    get url() {
      if (startError) throw startError;
      if (!server) throw new Error('the server is not started (useServer must be called at the top level of a test file)');
      return server.url;
    },
    get server() {
      return server;
    },
  };
  before(async () => {
    try {
      server = await (serverFactory ?? startServer)(options);
    } catch (error) {
      startError = error;
    }
  }, { timeout: READY_TIMEOUT_MS + STOP_TIMEOUT_MS });
  afterEach(closeAllConnections, { timeout: TEST_TIMEOUT_MS });
  after(async () => {
    await closeAllConnections();
    if (server) await server.stop();
  }, { timeout: TEST_TIMEOUT_MS });
  return fixture;
}

export async function closeAllConnections() {
  const connections = [...openConnections];
  openConnections.clear();
  await Promise.allSettled(connections.map((c) => withTimeout(c.stop(), 5_000, 'connection.stop()')));
}

/** Protocol instance by name. */
export function hubProtocol(protocol) {
  if (protocol === 'json') return new signalR.JsonHubProtocol();
  if (protocol === 'messagepack') return new MessagePackHubProtocol();
  throw new Error(`unknown protocol ${protocol}`);
}

/** Client log level: silent unless INTEROP_CLIENT_LOG names a level (Trace, Debug, Information, Warning, Error). */
const clientLogLevel = process.env.INTEROP_CLIENT_LOG ? signalR.LogLevel[process.env.INTEROP_CLIENT_LOG] : signalR.LogLevel.None;

/**
 * Builds an official-client HubConnection (not started). `WebSocket` and `EventSource` are passed explicitly:
 * the client's ESM build cannot load them itself under Node.
 */
export function buildConnection(baseUrl, {
  transport = 'WebSockets', protocol = 'json', path: hubPath = HUB, accessTokenFactory, skipNegotiation = false,
  statefulReconnect = false, webSocket = WebSocket, headers,
} = {}) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(baseUrl + hubPath, {
      transport: signalR.HttpTransportType[transport],
      WebSocket: webSocket,
      EventSource,
      skipNegotiation,
      accessTokenFactory,
      headers,
    })
    .withHubProtocol(hubProtocol(protocol))
    .configureLogging(clientLogLevel);
  if (statefulReconnect) builder.withStatefulReconnect();
  const connection = builder.build();
  openConnections.add(connection);
  return connection;
}

/**
 * Builds and starts a connection; `on` maps client method names to handlers registered before start
 * (so nothing sent from OnConnectedAsync is missed). Every connection records its `welcome` argument.
 */
export async function connect(baseUrl, options = {}) {
  const connection = buildConnection(baseUrl, options);
  connection.inbox = inbox(connection, ['welcome', 'broadcast', 'groupMessage', 'direct', ...(options.record ?? [])]);
  for (const [method, handler] of Object.entries(options.on ?? {})) connection.on(method, handler);
  await withTimeout(connection.start(), 10_000, `start() over ${options.transport ?? 'WebSockets'}`);
  return connection;
}

/**
 * Records every call of the given client methods. `next(method)` resolves with the arguments of the next
 * call not yet taken (bounded wait); `count(method)` says how many arrived so far.
 */
export function inbox(connection, methods) {
  const queues = new Map(methods.map((m) => [m, []]));
  const waiters = new Map(methods.map((m) => [m, []]));
  for (const method of methods) {
    connection.on(method, (...args) => {
      const waiting = waiters.get(method).shift();
      if (waiting) waiting(args);
      else queues.get(method).push(args);
    });
  }
  return {
    next(method, ms = 5_000, label = '') {
      const queued = queues.get(method).shift();
      if (queued) return Promise.resolve(queued);
      const what = `client method '${method}'${label ? ` on ${label}` : ''} (connection ${connection.connectionId})`;
      return withTimeout(new Promise((resolve) => waiters.get(method).push(resolve)), ms, what);
    },
    pending(method) {
      return queues.get(method).length;
    },
  };
}

/** Resolves with the error passed to onclose (undefined for a clean close). */
export function closed(connection) {
  return new Promise((resolve) => connection.onclose((error) => resolve(error)));
}

/** Collects a whole server-to-client stream. */
export function collectStream(connection, method, ...args) {
  return new Promise((resolve, reject) => {
    const items = [];
    connection.stream(method, ...args).subscribe({
      next: (item) => items.push(item),
      complete: () => resolve(items),
      error: reject,
    });
  });
}

/** A fresh name, so tests sharing one server never see each other's groups. */
export function unique(prefix) {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}
