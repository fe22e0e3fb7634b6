// Makes docs/whiteboard.png for the README: two browsers (two independent contexts) drawing on one board, side by side.
// Run after building: node scripts/readme-screenshot.mjs
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { boardBox, delay, drag, launchBrowser, openBoard, removeDir, repoRoot, startWhiteboard, tempDir } from '../tests/harness.mjs';

const data = tempDir('whiteboard-shot-');
const server = await startWhiteboard({ data });
const browser = await launchBrowser();
try {
  const url = `${server.url}/b/team-sketch`;
  const alice = await openBoard(browser, url, { name: 'Alice Martin' });
  const bob = await openBoard(browser, url, { name: 'Bob Chen', transport: 'LongPolling' });
  const a = alice.page, b = bob.page;
  const tool = (page, name) => page.getByTestId(`tool-${name}`).click();
  const color = (page, hex) => page.getByTestId(`color-${hex}`).click();
  const text = async (page, x, y, value) => {
    await tool(page, 'text');
    const box = await boardBox(page);
    await page.mouse.click(box.x + x, box.y + y);
    await page.locator('.text-editor:focus').waitFor();
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  };
  // Alice: three boxes and arrows.
  await color(a, '1971c2');
  await tool(a, 'rect');
  await drag(a, [160, 240], [360, 340]);
  await drag(a, [540, 240], [740, 340]);
  await drag(a, [920, 240], [1120, 340]);
  await tool(a, 'arrow');
  await drag(a, [370, 290], [530, 290]);
  await drag(a, [750, 290], [910, 290]);
  await color(a, '1f2937');
  await text(a, 205, 272, 'Browser');
  await text(a, 610, 272, 'Hub');
  await text(a, 985, 272, 'NATS');
  // Bob: a circled note and a freehand check mark.
  await color(b, 'e03131');
  await tool(b, 'ellipse');
  await drag(b, [520, 420], [780, 540]);
  await text(b, 570, 462, 'no sticky sessions!');
  await color(b, '2f9e44');
  await tool(b, 'pen');
  const box = await boardBox(b);
  await b.mouse.move(box.x + 830, box.y + 480);
  await b.mouse.down();
  for (const [x, y] of [[850, 505], [865, 520], [880, 495], [905, 455], [930, 420]]) { await b.mouse.move(box.x + x, box.y + y, { steps: 6 }); await delay(15); }
  await b.mouse.up();
  // Cursors where each one is looking, and Alice mid-stroke so that Bob sees a live stroke.
  await b.mouse.move(box.x + 940, box.y + 430);
  await color(a, '7048e8');
  await tool(a, 'pen');
  const abox = await boardBox(a);
  await a.mouse.move(abox.x + 200, abox.y + 460);
  await a.mouse.down();
  for (const [x, y] of [[240, 500], [300, 470], [340, 520], [400, 480]]) { await a.mouse.move(abox.x + x, abox.y + y, { steps: 6 }); await delay(15); }
  await delay(800);
  const shots = [await a.screenshot(), await b.screenshot()];
  await a.mouse.up();

  const page = await (await browser.newContext({ viewport: { width: 1400, height: 480 } })).newPage();
  await page.setContent(`<body style="margin:0;background:#e5e7eb;display:flex;gap:16px;padding:16px;box-sizing:border-box">
    ${shots.map((s, i) => `<figure style="margin:0;flex:1"><img style="width:100%;border-radius:10px;box-shadow:0 4px 18px rgba(0,0,0,.18)" src="data:image/png;base64,${s.toString('base64')}">
    <figcaption style="font:600 14px system-ui;color:#374151;margin-top:8px;text-align:center">${i === 0 ? 'Alice · WebSockets' : 'Bob · long polling'}</figcaption></figure>`).join('')}</body>`);
  await delay(300);
  const out = path.join(repoRoot, 'docs', 'whiteboard.png');
  await writeFile(out, await page.screenshot({ fullPage: true }));
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.stop();
  removeDir(data);
}
