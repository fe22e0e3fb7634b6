// The official JS client against a 3-node cluster (3 interop servers on one nats-server): every contract method that
// addresses other connections, across nodes, transports and protocols; ordering; a node killed with SIGKILL.
// Only for our server: Microsoft's interop server has no NATS backplane (tests/Interop/addressing.test.mjs validates
// the same methods on one node against it).
import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  signalR, WebSocket, EventSource, connect as connectClient, closeAllConnections, hubProtocol, delay, unique, withTimeout, isReference,
  TOKEN, USER, HUB, SECURE_HUB,
} from './harness.mjs';
import { startCluster, startProxy } from './cluster.mjs';

const CONTRACT_MS = 15_000;

// The handshake answer comes before the hub registers a connection, its `welcome` after: only then can another
// connection address it by id.
async function connect(url, options) {
  const connection = await connectClient(url, options);
  await connection.inbox.next('welcome', 10_000);
  return connection;
}
const QUIET_MS = 300;
const t = { timeout: 60_000 };

describe('cluster of 3 nodes', { skip: isReference && 'Microsoft\'s interop server has no NATS backplane' }, () => {
  let cluster;
  before(async () => { cluster = await startCluster({ nodes: 3 }); }, { timeout: 60_000 });
  afterEach(closeAllConnections, { timeout: 15_000 });
  after(async () => { await closeAllConnections(); await cluster?.stop(); }, { timeout: 30_000 });
  const node = (i) => cluster.nodes[i].url;

  test('Broadcast, BroadcastOthers, groups, AddToGroup/RemoveFromGroup across nodes', t, async () => {
    const a = await connect(node(0), { transport: 'WebSockets', protocol: 'json' });
    const b = await connect(node(1), { transport: 'ServerSentEvents', protocol: 'json' });
    const c = await connect(node(2), { transport: 'LongPolling', protocol: 'messagepack' });
    const d = await connect(node(1), { transport: 'WebSockets', protocol: 'messagepack' });
    const text = unique('all');
    await a.invoke('Broadcast', text);
    for (const x of [a, b, c, d]) assert.deepEqual(await x.inbox.next('broadcast'), [text]);

    await b.invoke('BroadcastOthers', 'others');
    for (const x of [a, c, d]) assert.deepEqual(await x.inbox.next('broadcast'), ['others']);
    await delay(QUIET_MS);
    assert.equal(b.inbox.pending('broadcast'), 0, 'the caller got its own BroadcastOthers');

    const group = unique('g');
    await d.invoke('JoinGroup', group);
    await a.invoke('SendToGroup', group, 'one');
    assert.deepEqual(await d.inbox.next('groupMessage'), [group, 'one']);

    // a (node 0) adds c (node 2); in effect on every node once it returns.
    assert.equal(await withTimeout(a.invoke('AddToGroup', c.connectionId, group), CONTRACT_MS, 'AddToGroup'), null);
    await b.invoke('SendToGroup', group, 'two');
    assert.deepEqual(await c.inbox.next('groupMessage'), [group, 'two']);
    assert.deepEqual(await d.inbox.next('groupMessage'), [group, 'two']);

    // b (node 1) removes c (node 2).
    await withTimeout(b.invoke('RemoveFromGroup', c.connectionId, group), CONTRACT_MS, 'RemoveFromGroup');
    await a.invoke('SendToGroup', group, 'three');
    assert.deepEqual(await d.inbox.next('groupMessage'), [group, 'three']);
    await delay(QUIET_MS);
    assert.equal(c.inbox.pending('groupMessage'), 0, 'c got a group message after its removal');
    assert.equal(a.inbox.pending('groupMessage') + b.inbox.pending('groupMessage'), 0);
  });

  test('SendToConnection, SendToUser and AskConnection across nodes', t, async () => {
    const a = await connect(node(0), { transport: 'LongPolling', protocol: 'json' });
    let refuse = false;
    const c = await connect(node(2), {
      transport: 'WebSockets', protocol: 'messagepack',
      on: { answer: (q) => { if (refuse) throw new Error('c refused'); return `c says ${q}`; } },
    });
    const u1 = await connect(node(1), { transport: 'ServerSentEvents', protocol: 'json', path: SECURE_HUB, accessTokenFactory: () => TOKEN });
    const u2 = await connect(node(2), { transport: 'WebSockets', protocol: 'messagepack', path: SECURE_HUB, accessTokenFactory: () => TOKEN });

    await a.invoke('SendToConnection', c.connectionId, 'to c');
    assert.deepEqual(await c.inbox.next('direct'), ['to c']);

    // Users belong to a namespace (a mapped path): the sender is on the secure path too, as the second user.
    const sender = await connect(node(0), { transport: 'LongPolling', protocol: 'json', path: SECURE_HUB, accessTokenFactory: () => 'interop-token-2' });
    await sender.invoke('SendToUser', USER, 'to the user');
    assert.deepEqual(await u1.inbox.next('direct'), ['to the user']);
    assert.deepEqual(await u2.inbox.next('direct'), ['to the user']);

    assert.equal(await withTimeout(a.invoke('AskConnection', c.connectionId, 'hi ✓'), CONTRACT_MS, 'AskConnection'), 'c says hi ✓');
    refuse = true;
    await assert.rejects(withTimeout(a.invoke('AskConnection', c.connectionId, 'q'), CONTRACT_MS, 'AskConnection'), /c refused/);

    const gone = await connect(node(1), { transport: 'WebSockets' });
    const goneId = gone.connectionId;
    await gone.stop();
    const started = Date.now();
    await assert.rejects(withTimeout(a.invoke('AskConnection', goneId, 'still there?'), CONTRACT_MS, 'AskConnection'), /not connected/);
    await withTimeout(a.invoke('AddToGroup', goneId, 'g'), CONTRACT_MS, 'AddToGroup');
    await withTimeout(a.invoke('RemoveFromGroup', goneId, 'g'), CONTRACT_MS, 'RemoveFromGroup');
    assert.ok(Date.now() - started < CONTRACT_MS);
  });

  test('1,000 messages from one sender reach a group member on another node in order', t, async () => {
    const sender = await connect(node(0), { transport: 'WebSockets', protocol: 'messagepack' });
    const member = await connect(node(2), { transport: 'WebSockets', protocol: 'json' });
    const group = unique('order');
    const received = [];
    const all = new Promise((resolve) => member.on('groupMessage', (g, m) => {
      if (g === group) {
        received.push(Number(m));
        if (received.length === 1000) resolve();
      }
    }));
    await member.invoke('JoinGroup', group);
    for (let i = 0; i < 1000; i++) sender.send('SendToGroup', group, String(i));
    await withTimeout(all, 45_000, '1,000 group messages');
    assert.deepEqual(received, Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe('a node killed with SIGKILL', { skip: isReference && 'Microsoft\'s interop server has no NATS backplane' }, () => {
  let cluster;
  let proxy;
  before(async () => {
    cluster = await startCluster({ nodes: 3 });
    proxy = await startProxy(cluster.nodes[2].url);
  }, { timeout: 60_000 });
  after(async () => { await closeAllConnections(); await proxy?.close(); await cluster?.stop(); }, { timeout: 30_000 });

  test('requests for its connections fail within 15 s; its JS client reconnects to a survivor', t, async () => {
    const a = await connect(cluster.nodes[0].url, { transport: 'WebSockets', protocol: 'json' });
    const victim = new signalR.HubConnectionBuilder()
      .withUrl(proxy.url + HUB, { transport: signalR.HttpTransportType.WebSockets, WebSocket, EventSource })
      .withHubProtocol(hubProtocol('messagepack'))
      .withAutomaticReconnect([0, 500, 1000, 1000, 2000, 2000, 2000, 2000])
      .configureLogging(signalR.LogLevel.None)
      .build();
    let slow = false;
    victim.on('answer', async (q) => {
      if (slow) await delay(30_000);
      return `victim: ${q}`;
    });
    const direct = [];
    victim.on('direct', (m) => direct.push(m));
    const welcomed = [];
    victim.on('welcome', (id) => welcomed.push(id));
    const welcome = async (id) => {
      const until = Date.now() + 10_000;
      while (!welcomed.includes(id) && Date.now() < until) await delay(20);
      assert.ok(welcomed.includes(id), `the hub never welcomed ${id}`);
    };
    const reconnected = new Promise((resolve) => victim.onreconnected(resolve));
    await withTimeout(victim.start(), 10_000, 'victim start');
    await welcome(victim.connectionId);
    try {
      const oldId = victim.connectionId;
      assert.equal(await a.invoke('AskConnection', oldId, 'hi'), 'victim: hi');

      slow = true;
      const pending = a.invoke('AskConnection', oldId, 'slow');
      pending.catch(() => {});
      await delay(300);
      cluster.nodes[2].child.kill('SIGKILL');
      proxy.retarget(cluster.nodes[1].url);
      const killedAt = Date.now();

      await assert.rejects(withTimeout(pending, CONTRACT_MS, 'the pending AskConnection'), /not connected/);
      await assert.rejects(withTimeout(a.invoke('AskConnection', oldId, 'there?'), CONTRACT_MS, 'AskConnection'), /not connected/);
      await withTimeout(a.invoke('AddToGroup', oldId, 'g'), CONTRACT_MS, 'AddToGroup');
      await withTimeout(a.invoke('RemoveFromGroup', oldId, 'g'), CONTRACT_MS, 'RemoveFromGroup');
      assert.ok(Date.now() - killedAt < CONTRACT_MS, `took ${Date.now() - killedAt} ms`);

      slow = false;
      const newId = await withTimeout(reconnected, 30_000, 'the victim to reconnect');
      assert.notEqual(newId, oldId);
      await welcome(newId);
      await a.invoke('SendToConnection', newId, 'welcome back');
      const deadline = Date.now() + 10_000;
      while (!direct.includes('welcome back') && Date.now() < deadline) await delay(20);
      assert.ok(direct.includes('welcome back'), 'the reconnected victim did not get the direct message');
      assert.equal(await withTimeout(a.invoke('AskConnection', newId, 'back'), CONTRACT_MS, 'AskConnection'), 'victim: back');
    } finally {
      await victim.stop();
    }
  });
});

describe('nats-server restarting under a running cluster', { skip: isReference && 'Microsoft\'s interop server has no NATS backplane' }, () => {
  let cluster;
  before(async () => { cluster = await startCluster({ nodes: 2 }); }, { timeout: 60_000 });
  after(async () => { await closeAllConnections(); await cluster?.stop(); }, { timeout: 30_000 });

  test('local traffic never stops, cross-node traffic resumes, nothing arrives twice', t, async () => {
    const sender = await connect(cluster.nodes[0].url, { transport: 'WebSockets', protocol: 'json' });
    const local = await connect(cluster.nodes[0].url, { transport: 'LongPolling', protocol: 'messagepack' });
    const remote = await connect(cluster.nodes[1].url, { transport: 'ServerSentEvents', protocol: 'json' });
    const group = unique('outage');
    const got = { local: [], remote: [] };
    local.on('groupMessage', (g, m) => { if (g === group) got.local.push(m); });
    remote.on('groupMessage', (g, m) => { if (g === group) got.remote.push(m); });
    await local.invoke('JoinGroup', group);
    await remote.invoke('JoinGroup', group);

    await cluster.nats.stop();
    for (let i = 0; i < 20; i++) await withTimeout(sender.invoke('SendToGroup', group, `during-${i}`), 5_000, 'a send during the outage');
    const until = async (what, condition, ms) => {
      const deadline = Date.now() + ms;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await delay(50);
      }
    };
    await until('the local member got all 20 during the outage', () => got.local.filter((m) => m.startsWith('during-')).length === 20, 10_000);

    await cluster.nats.restart();
    const deadline = Date.now() + 45_000;
    for (let probe = 0; !got.remote.some((m) => m.startsWith('probe-')); probe++) {
      assert.ok(Date.now() < deadline, 'cross-node traffic did not resume');
      await sender.invoke('SendToGroup', group, `probe-${probe}`);
      await delay(200);
    }
    for (let i = 0; i < 50; i++) sender.send('SendToGroup', group, `after-${i}`);
    await until('the remote member got all 50 after the outage', () => got.remote.filter((m) => m.startsWith('after-')).length === 50, 20_000);
    assert.deepEqual(got.remote.filter((m) => m.startsWith('after-')), Array.from({ length: 50 }, (_, i) => `after-${i}`));
    assert.equal(new Set(got.remote).size, got.remote.length, 'a message arrived twice on the remote node');
    assert.equal(new Set(got.local).size, got.local.length, 'a message arrived twice on the local node');
  });
});
