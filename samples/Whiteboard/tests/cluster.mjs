// Two (or more) whiteboard nodes on one real nats-server: the server comes from the interop suites' cluster fixture
// (tests/Interop/cluster.mjs), the nodes are whiteboard processes with HUB_NATS_URL set.
import { before, after } from 'node:test';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, repoRoot, skipBrowser, startWhiteboard, tempDir, removeDir } from './harness.mjs';

const interop = path.join(repoRoot, 'tests', 'Interop');
export const skipCluster = existsSync(path.join(interop, 'node_modules'))
  ? false
  : 'tests/Interop/node_modules is missing (npm ci there, as ./test.sh does): the nats-server fixture lives in tests/Interop/cluster.mjs';

/** nats-server plus `nodes` whiteboard nodes on it, each with its own (unused) data folder. */
export async function startWhiteboardCluster({ nodes = 2 } = {}) {
  const { startNats } = await import(path.join(interop, 'cluster.mjs'));
  const nats = await startNats();
  const dirs = [];
  const servers = [];
  const stop = async () => {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await nats.dispose();
    for (const d of dirs) removeDir(d);
  };
  try {
    for (let i = 0; i < nodes; i++) {
      const data = tempDir(`whiteboard-node${i + 1}-`);
      dirs.push(data);
      servers.push(await startWhiteboard({ data, env: { HUB_NATS_URL: nats.url } }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nats, nodes: servers, stop };
}

/**
 * Registers before/after hooks of a test file: a two-node cluster and a browser, both stopped at the end. Returns
 * { skip, cluster, browser } (the last two set once started); `skip` says why the file cannot run here.
 */
export function useWhiteboardCluster() {
  const fixture = { skip: skipBrowser || skipCluster, cluster: undefined, browser: undefined };
  before(async () => {
    if (fixture.skip) return;
    fixture.cluster = await startWhiteboardCluster({ nodes: 2 });
    fixture.browser = await launchBrowser();
  }, { timeout: 120_000 });
  after(async () => {
    await fixture.browser?.close();
    await fixture.cluster?.stop();
  }, { timeout: 30_000 });
  return fixture;
}
