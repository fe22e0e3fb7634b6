// Load-balancer fixture: a real nginx (Debian's) in round-robin mode in front of several nodes, with its own config in
// a temp folder (`nginx -p <dir> -c <dir>/nginx.conf -g 'daemon off;'`) on a free loopback port. No ip_hash, no
// sticky cookie: consecutive requests of one client go to different nodes, which is what the relay must cope with.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { withTimeout, delay, useServerFactory } from './harness.mjs';
import { startCluster } from './cluster.mjs';

const READY_TIMEOUT_MS = 10_000;
const running = new Set();
process.on('exit', () => {
  for (const nginx of running) nginx.child.kill('SIGKILL');
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** The config: HTTP/1.1 and Upgrade headers to the upstreams (WebSockets), no buffering (SSE, polls), long reads. */
export function nginxConfig({ dir, port, upstreams }) {
  return `
worker_processes 1;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 1024; }
http {
  log_format upstream '$request_method $uri $status upstream=$upstream_addr';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream hub_nodes {
${upstreams.map((u) => `    server ${u};`).join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 0;
    location / {
      proxy_pass http://hub_nodes;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_cache off;
      proxy_read_timeout 300s;
      proxy_send_timeout 300s;
    }
  }
}
`;
}

/**
 * Starts nginx round-robin over `upstreams` ('127.0.0.1:port' each). Returns { url, port, accessLog(), stop() }.
 */
export async function startNginx({ upstreams }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-nginx-'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig({ dir, port, upstreams }));
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.setEncoding('utf8').on('data', (c) => { log += c; });
  child.stderr.setEncoding('utf8').on('data', (c) => { log += c; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const nginx = {
    child, port, url: `http://127.0.0.1:${port}`,
    accessLog: () => (existsSync(path.join(dir, 'access.log')) ? readFileSync(path.join(dir, 'access.log'), 'utf8') : ''),
    async stop() {
      running.delete(nginx);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        try {
          await withTimeout(exited, 5_000, 'nginx to exit');
        } catch {
          child.kill('SIGKILL');
          await exited;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(nginx);
  child.once('error', (error) => { log += `nginx could not start (./test.sh installs it): ${error.message}`; });
  const started = Date.now();
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > READY_TIMEOUT_MS) {
      await nginx.stop();
      throw new Error(`nginx did not listen on ${port}:\n${log}`);
    }
    await delay(50);
  }
  return nginx;
}

/** Debug logs of the relay on every node: its event ids show which requests really were relayed. */
export const RELAY_LOG_ENV = { 'Logging__LogLevel__HubFramework.Server.Backplane.Nats.Routing': 'Debug' };

/**
 * nats-server, `nodes` interop servers on it, and nginx round-robin in front. Returns a server-like object for
 * harness.useServer ({ url (nginx), output(), stop() }) plus { cluster, nginx }.
 */
export async function startBalancedCluster({ nodes = 3, env = {} } = {}) {
  const cluster = await startCluster({ nodes, env: { ...RELAY_LOG_ENV, ...env } });
  let nginx;
  try {
    nginx = await startNginx({ upstreams: cluster.nodes.map((n) => new URL(n.url).host) });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return {
    url: nginx.url,
    cluster,
    nginx,
    output: () => cluster.nodes.map((n, i) => `--- node ${i}\n${n.output()}`).join('\n'),
    async stop() {
      // HUB_CLUSTER_LOG=<file> keeps the nodes' output for a look after the run.
      if (process.env.HUB_CLUSTER_LOG) writeFileSync(process.env.HUB_CLUSTER_LOG, this.output());
      await nginx.stop();
      await cluster.stop();
    },
  };
}

/** How many times each relay event id (4500 relaying at the edge, 4501 serving at the owner) appears, per kind. */
export function relayCounts(output) {
  const counts = {};
  for (const match of output.matchAll(/\[(4500|4501)\]\s*\n?\s*(?:Relaying|Serving) a(?: relayed)? (\S+) request/g)) {
    const key = `${match[1]}:${match[2]}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Makes harness.useServer (in the test file imported next) start 3 nodes behind nginx instead of one server.
 * Returns { server } once started, for checks of the nodes' logs.
 */
export function useBalancedServer(options) {
  const holder = {};
  useServerFactory(async () => {
    holder.server = await startBalancedCluster(options);
    return holder.server;
  });
  return holder;
}
