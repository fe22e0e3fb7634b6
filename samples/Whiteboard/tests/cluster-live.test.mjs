// Live traffic between nodes: browser A on node 1 and browser B on node 2 see each other's strokes while drawn and
// once committed, each other's cursors, and each other in the participant list, both ways. These messages are hub
// group sends, so they cross nodes through the NATS hub backplane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardBox, drag, ink, openBoard, participantNames, screenshot, until } from './harness.mjs';
import { useWhiteboardCluster } from './cluster.mjs';

const WAIT = 20_000;
const fixture = useWhiteboardCluster();


const items = (page) => page.getByTestId('board').getAttribute('data-items').then(Number);

test('strokes, cursors and participants flow both ways between a browser on node 1 and one on node 2', { skip: fixture.skip, timeout: 120_000 }, async () => {
  const [node1, node2] = fixture.cluster.nodes;
  const id = `live-${Math.random().toString(36).slice(2, 10)}`;
  const alice = await openBoard(fixture.browser, `${node1.url}/b/${id}`, { name: 'Alice' });
  const bob = await openBoard(fixture.browser, `${node2.url}/b/${id}`, { name: 'Bob' });
  try {
    await until(async () => (await participantNames(alice.page)).some((n) => n.includes('Bob')), WAIT, 'Bob (node 2) in Alice\'s list (node 1)');
    assert.ok((await participantNames(bob.page)).some((n) => n.includes('Alice')), 'Alice in Bob\'s list');

    await drag(alice.page, [200, 300], [500, 340], { hold: true });
    await until(async () => (await ink(bob.page, { x: 190, y: 280, w: 320, h: 80 })) > 150, WAIT, 'Alice\'s live stroke on node 2');
    await alice.page.mouse.up();
    await until(async () => (await items(bob.page)) === 1, WAIT, 'Alice\'s stroke committed on node 2');

    await drag(bob.page, [200, 500], [500, 540], { hold: true });
    await until(async () => (await ink(alice.page, { x: 190, y: 480, w: 320, h: 80 })) > 150, WAIT, 'Bob\'s live stroke on node 1');
    await bob.page.mouse.up();
    await until(async () => (await items(alice.page)) === 2, WAIT, 'Bob\'s stroke committed on node 1');

    const a = await boardBox(alice.page), b = await boardBox(bob.page);
    await bob.page.mouse.move(b.x + 600, b.y + 200);
    await bob.page.mouse.move(b.x + 610, b.y + 210);
    await until(async () => (await alice.page.getByTestId('cursor').count()) === 1, WAIT, 'Bob\'s cursor on node 1');
    await alice.page.mouse.move(a.x + 300, a.y + 600);
    await alice.page.mouse.move(a.x + 310, a.y + 610);
    await until(async () => (await bob.page.getByTestId('cursor').count()) === 1, WAIT, 'Alice\'s cursor on node 2');
    await screenshot(alice.page, 'cluster-live-node1');
    await screenshot(bob.page, 'cluster-live-node2');

    await bob.context.close();
    await until(async () => !(await participantNames(alice.page)).some((n) => n.includes('Bob')), WAIT, 'Bob gone from Alice\'s list');
  } finally {
    await Promise.allSettled([alice.context.close(), bob.context.close()]);
  }
});
