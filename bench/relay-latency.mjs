// Echo through the request relay vs direct: nats-server + 2 interop nodes, and nginx (tests/Interop/nginx.mjs) in
// front of either node 0 alone (direct: every request served by the node that negotiated) or both nodes round-robin
// with connections opened one at a time (negotiate → node 0, WebSocket → node 1: every connection relayed). Both
// paths have the same nginx hop; the difference is the relay. Drives bench/Hub.LoadGenerator's echo scenario.
//
//   node bench/relay-latency.mjs            # CONNECTIONS=20 DURATION=10 WARMUP=3 REPEAT=1
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster } from '../tests/Interop/cluster.mjs';
import { startNginx, relayCounts, RELAY_LOG_ENV } from '../tests/Interop/nginx.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generator = path.join(root, 'bench/Hub.LoadGenerator/bin/Release/net10.0/Hub.LoadGenerator');
const { CONNECTIONS = '20', DURATION = '10', WARMUP = '3', REPEAT = '1' } = process.env;

function run(url, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(generator, ['--url', `${url}/hubs/interop`, '--scenario', 'echo', '--label', label,
      '--connections', CONNECTIONS, '--duration', DURATION, '--warmup', WARMUP, '--connect-concurrency', '1']);
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => process.stderr.write(c));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (code !== 0 || !line) reject(new Error(`generator exited ${code}:\n${out}`));
      else resolve(JSON.parse(line));
    });
  });
}

const cluster = await startCluster({ nodes: 2, env: RELAY_LOG_ENV });
const hosts = cluster.nodes.map((n) => new URL(n.url).host);
const results = [];
try {
  for (let i = 0; i < Number(REPEAT); i++) {
    for (const [label, upstreams] of [['direct', [hosts[0]]], ['relayed', hosts]]) {
      const nginx = await startNginx({ upstreams });
      try {
        const before = relayCounts(cluster.nodes[1].output())['4500:websocket'] ?? 0;
        const result = await run(nginx.url, label);
        result.relayed_websockets = (relayCounts(cluster.nodes[1].output())['4500:websocket'] ?? 0) - before;
        results.push(result);
        console.log(JSON.stringify(result));
      } finally {
        await nginx.stop();
      }
    }
  }
} finally {
  await cluster.stop();
}
