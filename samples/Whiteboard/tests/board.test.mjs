// Two (or three) independent browser contexts on one board, driven with real mouse and keyboard events; what each
// sees is checked on the rendered canvas pixels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  boardBox, drag, ink, launchBrowser, newBoardUrl, openBoard, participantNames, removeDir, runBot, screenshot, skipBrowser,
  startWhiteboard, tempDir, transports, until,
} from './harness.mjs';

const WAIT = 15_000;
let server, browser, data;
const contexts = [];

before(async () => {
  if (skipBrowser) return;
  data = tempDir('whiteboard-test-');
  server = await startWhiteboard({ data });
  browser = await launchBrowser();
}, { timeout: 90_000 });

after(async () => {
  await Promise.allSettled(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.stop();
  if (data) removeDir(data);
}, { timeout: 30_000 });

async function participant(url, options) {
  const p = await openBoard(browser, url, options);
  contexts.push(p.context);
  return p;
}

const items = (page) => page.getByTestId('board').getAttribute('data-items').then(Number);
const strokeArea = { x: 190, y: 280, w: 320, h: 80 };

for (const transport of transports) {
  test(`a stroke drawn in one browser appears in the other while it is drawn and once released, over ${transport}`, { skip: skipBrowser, timeout: 90_000 }, async () => {
    const url = newBoardUrl(server, transport.toLowerCase());
    const alice = await participant(url, { name: 'Alice', transport });
    const bob = await participant(url, { name: 'Bob', transport });
    assert.match(await bob.page.getByTestId('status').textContent(), new RegExp(transport));
    await until(async () => (await participantNames(alice.page)).length === 2, WAIT, 'Alice to see Bob');

    assert.equal(await ink(bob.page, strokeArea), 0, 'the board starts empty');
    await drag(alice.page, [200, 300], [500, 340], { hold: true });
    await until(async () => (await ink(bob.page, strokeArea)) > 150, WAIT, 'the live stroke on Bob\'s board during the drag');
    assert.equal(await items(bob.page), 0, 'during the drag the stroke is a preview, not yet on the board');
    await until(async () => (await bob.page.locator('.activity').textContent()).includes('Alice is drawing'), WAIT, '"Alice is drawing" for Bob');
    await screenshot(bob.page, `stroke-during-drag-${transport}`);

    await alice.page.mouse.up();
    await until(async () => (await items(bob.page)) === 1, WAIT, 'the stroke to be committed on Bob\'s board');
    assert.ok((await ink(bob.page, strokeArea)) > 150, 'the committed stroke is drawn');
    assert.ok((await ink(alice.page, strokeArea)) > 150, 'and on Alice\'s own board');
    await screenshot(bob.page, `stroke-after-release-${transport}`);

    // And the other way round.
    await drag(bob.page, [200, 500], [500, 540]);
    await until(async () => (await items(alice.page)) === 2, WAIT, 'Bob\'s stroke on Alice\'s board');
    assert.ok((await ink(alice.page, { x: 190, y: 480, w: 320, h: 80 })) > 150);
    await Promise.all([alice.context.close(), bob.context.close()]);
  });
}

test('cursors and the participant list follow who comes and goes', { skip: skipBrowser, timeout: 90_000 }, async () => {
  const url = newBoardUrl(server, 'presence');
  const alice = await participant(url, { name: 'Alice' });
  const bob = await participant(url, { name: 'Bob' });
  await until(async () => (await participantNames(alice.page)).join() .includes('Bob'), WAIT, 'Bob in Alice\'s list');
  const box = await boardBox(bob.page);
  for (let i = 0; i < 5; i++) await bob.page.mouse.move(box.x + 400 + i * 10, box.y + 300);
  const cursor = alice.page.getByTestId('cursor');
  await until(async () => (await cursor.count()) === 1 && (await cursor.textContent()).includes('Bob'), WAIT, 'Bob\'s cursor on Alice\'s board');
  const aliceBoard = await boardBox(alice.page);
  // The cursor glides (a short CSS transition), so its place is checked once it settles.
  await until(async () => {
    const at = await cursor.boundingBox();
    return Math.abs(at.x - aliceBoard.x - 440) < 12 && Math.abs(at.y - aliceBoard.y - 300) < 12;
  }, WAIT, 'the cursor where Bob points');
  await bob.page.mouse.move(box.x + 700, box.y + 500);
  await until(async () => { const b = await cursor.boundingBox(); return Math.abs(b.x - aliceBoard.x - 700) < 12; }, WAIT, 'the cursor to follow');

  const carol = await participant(url, { name: 'Carol' });
  await until(async () => (await participantNames(alice.page)).length === 3, WAIT, 'Carol in Alice\'s list');
  const carolSees = await participantNames(carol.page);
  assert.ok(['Alice', 'Bob', 'Carol'].every((n) => carolSees.some((t) => t.includes(n))), `Carol sees everyone: ${carolSees}`);
  await screenshot(alice.page, 'presence-three-participants');

  await bob.context.close();
  await until(async () => (await participantNames(alice.page)).length === 2, WAIT, 'Bob gone from Alice\'s list');
  await until(async () => (await cursor.count()) === 0, WAIT, 'Bob\'s cursor gone');
  assert.ok(!(await participantNames(carol.page)).some((t) => t.includes('Bob')));
  await Promise.all([alice.context.close(), carol.context.close()]);
});

test('a late joiner sees everything drawn before', { skip: skipBrowser, timeout: 90_000 }, async () => {
  const url = newBoardUrl(server, 'late');
  const alice = await participant(url, { name: 'Alice' });
  await drag(alice.page, [200, 300], [500, 340]);
  await alice.page.getByTestId('tool-rect').click();
  await drag(alice.page, [700, 250], [900, 450]);
  await until(async () => (await alice.page.getByTestId('board').getAttribute('data-pending')) === '0', WAIT, 'Alice\'s changes to be confirmed');

  const dave = await participant(url, { name: 'Dave' });
  await until(async () => (await items(dave.page)) === 2, WAIT, 'both items on Dave\'s board');
  assert.ok((await ink(dave.page, strokeArea)) > 150, 'the stroke');
  assert.ok((await ink(dave.page, { x: 690, y: 240, w: 220, h: 20 })) > 150, 'the rectangle\'s top edge');
  await screenshot(dave.page, 'late-joiner');
  await Promise.all([alice.context.close(), dave.context.close()]);
});

test('undo (Ctrl+Z and the button) and clear (after confirming) reach the others', { skip: skipBrowser, timeout: 90_000 }, async () => {
  const url = newBoardUrl(server, 'undo');
  const alice = await participant(url, { name: 'Alice' });
  const bob = await participant(url, { name: 'Bob' });
  const second = { x: 190, y: 480, w: 320, h: 80 };
  await drag(alice.page, [200, 300], [500, 340]);
  await drag(alice.page, [200, 500], [500, 540]);
  await until(async () => (await items(bob.page)) === 2, WAIT, 'two strokes on Bob\'s board');

  await alice.page.keyboard.press('Control+z');
  await until(async () => (await ink(bob.page, second)) === 0, WAIT, 'the second stroke undone on Bob\'s board');
  assert.ok((await ink(bob.page, strokeArea)) > 150, 'the first stroke stays');
  await alice.page.getByTestId('undo').click();
  await until(async () => (await ink(bob.page, strokeArea)) === 0, WAIT, 'the first stroke undone on Bob\'s board');
  await alice.page.getByTestId('redo').click();
  await until(async () => (await ink(bob.page, strokeArea)) > 150, WAIT, 'redo brings it back');

  // Bob's own stroke: Alice's undo never touches it; her clear removes everything.
  await drag(bob.page, [700, 300], [900, 340]);
  await until(async () => (await items(alice.page)) === 2, WAIT, 'Bob\'s stroke on Alice\'s board');
  await alice.page.keyboard.press('Control+z');
  await until(async () => (await items(bob.page)) === 1, WAIT, 'Alice\'s undo on Bob\'s board');
  assert.ok((await ink(bob.page, { x: 690, y: 280, w: 220, h: 80 })) > 150, 'Bob\'s stroke is not Alice\'s to undo');

  await alice.page.getByTestId('clear').click();
  alice.page.once('dialog', (d) => d.accept());
  const confirm = alice.page.getByTestId('confirm');
  if (await confirm.count()) {
    await screenshot(alice.page, 'clear-confirmation');
    await confirm.click();
  }
  await until(async () => (await items(bob.page)) === 0, WAIT, 'the board cleared on Bob\'s side');
  assert.equal(await ink(bob.page, { x: 0, y: 120, w: 1200, h: 500 }), 0, 'nothing left on Bob\'s board');
  await alice.page.keyboard.press('Control+z');
  await until(async () => (await items(bob.page)) === 1, WAIT, 'undoing the clear restores the board for Bob');
  await Promise.all([alice.context.close(), bob.context.close()]);
});

test('export downloads a PNG of the board', { skip: skipBrowser, timeout: 60_000 }, async () => {
  const url = newBoardUrl(server, 'export');
  const alice = await participant(url, { name: 'Alice' });
  await drag(alice.page, [200, 300], [500, 340]);
  const [download] = await Promise.all([alice.page.waitForEvent('download', { timeout: WAIT }), alice.page.getByTestId('export-png').click()]);
  assert.match(download.suggestedFilename(), /\.png$/);
  const png = await readFile(await download.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  assert.ok(width > 300 && height > 40, `a picture of the stroke (${width}×${height})`);
  // The browser decodes it: the stroke is in it.
  const dark = await alice.page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 300) n++;
    return n;
  }, png.toString('base64'));
  assert.ok(dark > 300, `the exported picture shows the stroke (${dark} dark pixels)`);
  await alice.context.close();
});

test('the .NET bot joins, names who is there, and its rectangle appears in the browser', { skip: skipBrowser, timeout: 90_000 }, async () => {
  const url = newBoardUrl(server, 'bot');
  const alice = await participant(url, { name: 'Alice' });
  const box = await boardBox(alice.page);
  const result = await runBot(['--board', url, '--name', 'Bot', '--draw', 'rectangle']);
  assert.equal(result.code, 0, `the bot exits 0\n${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /Present: .*Alice/);
  await until(async () => (await items(alice.page)) === 1, WAIT, 'the bot\'s rectangle on Alice\'s board');
  // The rectangle spans board (-120, -80)…(120, 80): its top edge, in the bot's red, around the middle of the view.
  const red = [224, 49, 49];
  const top = await ink(alice.page, { x: box.width / 2 - 100, y: box.height / 2 - 86, w: 200, h: 12 }, red);
  const inside = await ink(alice.page, { x: box.width / 2 - 90, y: box.height / 2 - 60, w: 180, h: 120 }, red);
  assert.ok(top > 300, `the top edge is drawn (${top} red pixels)`);
  assert.equal(inside, 0, 'the rectangle is an outline');
  await screenshot(alice.page, 'bot-rectangle');
  await until(async () => (await participantNames(alice.page)).length === 1, WAIT, 'the bot to have left');
  await alice.context.close();
});

test('line, ellipse, arrow, text, select-and-move, eraser and zoom work and reach the others', { skip: skipBrowser, timeout: 90_000 }, async () => {
  const url = newBoardUrl(server, 'tools');
  const alice = await participant(url, { name: 'Alice' });
  const bob = await participant(url, { name: 'Bob' });
  const a = alice.page;
  await a.getByTestId('tool-line').click();
  await drag(a, [100, 200], [300, 200]);
  await a.getByTestId('tool-ellipse').click();
  await drag(a, [400, 150], [600, 250]);
  await a.getByTestId('tool-arrow').click();
  await drag(a, [900, 600], [1100, 600]);
  await a.getByTestId('tool-text').click();
  const box = await boardBox(a);
  await a.mouse.click(box.x + 700, box.y + 180);
  await a.locator('.text-editor:focus').waitFor({ timeout: WAIT });
  await a.keyboard.type('Ship it');
  await a.keyboard.press('Enter');
  await until(async () => (await items(bob.page)) === 4, WAIT, 'line, ellipse, arrow and text on Bob\'s board');
  assert.ok((await ink(bob.page, { x: 1070, y: 580, w: 25, h: 15 })) > 20, 'the arrow\'s head');
  assert.ok((await ink(bob.page, { x: 100, y: 195, w: 200, h: 10 })) > 100, 'the line');
  assert.ok((await ink(bob.page, { x: 395, y: 145, w: 210, h: 15 })) > 50, 'the ellipse\'s top');
  assert.ok((await ink(bob.page, { x: 700, y: 180, w: 120, h: 40 })) > 50, 'the text');

  // Select the line and move it down by 200: it leaves its place and arrives at the new one, for Bob too.
  await a.getByTestId('tool-select').click();
  await drag(a, [200, 200], [200, 400], { steps: 10, hold: true });
  assert.ok((await ink(a, { x: 100, y: 395, w: 200, h: 10 })) > 100, 'the line follows the pointer while it is dragged');
  await a.mouse.up();
  await until(async () => (await ink(bob.page, { x: 100, y: 395, w: 200, h: 10 })) > 100, WAIT, 'the moved line on Bob\'s board');
  assert.equal(await ink(bob.page, { x: 100, y: 195, w: 200, h: 10 }), 0, 'nothing left where it was');
  await a.keyboard.press('Escape');

  // The eraser removes what it passes over.
  await a.getByTestId('tool-eraser').click();
  await drag(a, [500, 130], [500, 170], { steps: 5 });
  await until(async () => (await items(bob.page)) === 3, WAIT, 'the erased ellipse gone from Bob\'s board');
  assert.equal(await ink(bob.page, { x: 395, y: 145, w: 210, h: 110 }), 0);

  // Zooming Alice's view changes only her view: Bob's board is as it was, and her drawing lands in board units.
  const before = await ink(bob.page, { x: 0, y: 120, w: 1280, h: 560 });
  await a.getByRole('button', { name: 'Zoom in' }).click();
  await a.getByTestId('tool-pen').click();
  await drag(a, [640, 372], [700, 372], { steps: 5 });
  await until(async () => (await items(bob.page)) === 4, WAIT, 'a stroke drawn zoomed in');
  // At 125 % around the centre (640, 372), the 60 px stroke is 48 board units long, starting at the centre.
  assert.ok((await ink(bob.page, { x: 640, y: 365, w: 46, h: 14 })) > 40, 'where it is on the board');
  assert.equal(await ink(bob.page, { x: 700, y: 360, w: 30, h: 24 }), 0, 'and not beyond');
  assert.ok((await ink(bob.page, { x: 0, y: 120, w: 1280, h: 560 })) > before);
  await screenshot(bob.page, 'tools');
  await Promise.all([alice.context.close(), bob.context.close()]);
});

test('the landing page opens a new board and lists it among the recent ones', { skip: skipBrowser, timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.getByPlaceholder('Your name').fill('Erin');
  await page.getByTestId('new-board').click();
  await page.waitForURL(/\/b\/[a-z0-9]{10}$/, { timeout: WAIT });
  const id = new URL(page.url()).pathname.split('/').pop();
  const board = await page.getByTestId('board').boundingBox();
  assert.ok(board.width >= 600 && board.height >= 400, `the board is big enough (${board.width}×${board.height})`);
  await until(async () => (await participantNames(page)).some((n) => n.includes('Erin')), WAIT, 'Erin on her new board');
  await drag(page, [200, 300], [500, 340]);
  await until(async () => (await page.getByTestId('board').getAttribute('data-pending')) === '0', WAIT, 'the stroke stored');
  await page.goto(`${server.url}/`);
  const recent = page.locator('.recent-card');
  await until(async () => (await recent.count()) === 1 && (await recent.first().textContent()).includes(id), WAIT, 'the board in the recent list');
  await screenshot(page, 'landing-with-recent-board');
  await context.close();
});

test('touch: one finger draws, two fingers pinch to zoom', { skip: skipBrowser, timeout: 60_000 }, async () => {
  const url = newBoardUrl(server, 'touch');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${url}?name=Tia`);
  await until(async () => (await participantNames(page)).length === 1, WAIT, 'Tia on the board');
  const box = await boardBox(page);
  // Real touch input through the browser's input pipeline (it becomes pointer events of type "touch").
  const cdp = await context.newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: points.map(([x, y], id) => ({ x: box.x + x, y: box.y + y, id })),
  });
  await touch('touchStart', [[200, 300]]);
  for (let i = 1; i <= 15; i++) await touch('touchMove', [[200 + i * 20, 300 + i * 2]]);
  await touch('touchEnd', []);
  await until(async () => (await page.getByTestId('board').getAttribute('data-items')) === '1', WAIT, 'the stroke drawn by touch');
  assert.ok((await ink(page, strokeArea)) > 150);

  const zoom = () => page.locator('.zoom-label').textContent();
  assert.equal(await zoom(), '100%');
  await touch('touchStart', [[500, 400], [700, 400]]);
  for (let i = 1; i <= 10; i++) await touch('touchMove', [[500 - i * 10, 400], [700 + i * 10, 400]]);
  await touch('touchEnd', []);
  await until(async () => parseInt(await zoom(), 10) > 150, WAIT, 'the pinch to zoom in');
  assert.equal(await page.getByTestId('board').getAttribute('data-items'), '1', 'a pinch draws nothing');
  await context.close();
});

test('the bot explains a bad command line (exit 2) and an unreachable board (exit 1)', { timeout: 60_000 }, async () => {
  const usage = await runBot(['--board', 'not-a-url']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--board needs the board's address/);
  assert.match(usage.stderr, /usage: Whiteboard.Bot --board/);
  const notBoard = await runBot(['--board', 'http://127.0.0.1:1/x/y']);
  assert.equal(notBoard.code, 2);
  assert.match(notBoard.stderr, /should end in \/b\/\{id\}/);
  const unreachable = await runBot(['--board', 'http://127.0.0.1:1/b/nowhere', '--timeout', '5']);
  assert.equal(unreachable.code, 1, unreachable.stdout + unreachable.stderr);
  assert.match(unreachable.stderr, /^Whiteboard.Bot: /);
});
