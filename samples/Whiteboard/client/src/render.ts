// Drawing items on a 2D canvas, their bounds, and hit tests. Coordinates are board units; the caller sets the view
// transform. Pen strokes are outlined by perfect-freehand once per points array and cached.
import { getStroke } from 'perfect-freehand';
import type { BoardItem } from './protocol';

export interface Rect { x: number; y: number; w: number; h: number }

export const FONT_FAMILY = '"Segoe UI", Inter, system-ui, -apple-system, sans-serif';
const outlines = new WeakMap<number[], Path2D>();
const measureCanvas = document.createElement('canvas').getContext('2d')!;

function penOutline(points: number[], width: number): Path2D {
  let path = outlines.get(points);
  if (path) return path;
  const input: number[][] = [];
  let simulated = true;
  for (let i = 0; i + 2 < points.length; i += 3) {
    input.push([points[i], points[i + 1], points[i + 2]]);
    if (points[i + 2] !== 0.5) simulated = false;
  }
  const outline = getStroke(input, {
    size: width, thinning: simulated ? 0.35 : 0.6, smoothing: 0.5, streamline: 0.45, simulatePressure: simulated, last: true,
  });
  path = new Path2D();
  if (outline.length > 0) {
    path.moveTo(outline[0][0], outline[0][1]);
    for (let i = 1; i < outline.length; i++) {
      const [x0, y0] = outline[i];
      const [x1, y1] = outline[(i + 1) % outline.length];
      path.quadraticCurveTo(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2);
    }
    path.closePath();
  }
  outlines.set(points, path);
  return path;
}

function textLines(item: BoardItem): string[] { return (item.text ?? '').split('\n'); }

export function font(size: number): string { return `500 ${size}px ${FONT_FAMILY}`; }

export function drawItem(ctx: CanvasRenderingContext2D, item: BoardItem, opacity = 1): void {
  const p = item.points;
  ctx.save();
  ctx.globalAlpha = opacity;
  ctx.translate(item.dx, item.dy);
  ctx.strokeStyle = ctx.fillStyle = item.color;
  ctx.lineWidth = item.width;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  switch (item.kind) {
    case 'pen':
      ctx.fill(penOutline(p, item.width));
      break;
    case 'line':
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(p[2], p[3]);
      ctx.stroke();
      break;
    case 'arrow': {
      ctx.beginPath();
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(p[2], p[3]);
      const angle = Math.atan2(p[3] - p[1], p[2] - p[0]);
      const head = Math.min(Math.max(10, item.width * 4), Math.hypot(p[2] - p[0], p[3] - p[1]) * 0.6);
      for (const side of [-1, 1]) {
        ctx.moveTo(p[2], p[3]);
        ctx.lineTo(p[2] - head * Math.cos(angle + side * 0.45), p[3] - head * Math.sin(angle + side * 0.45));
      }
      ctx.stroke();
      break;
    }
    case 'rect': {
      ctx.beginPath();
      const x = Math.min(p[0], p[2]), y = Math.min(p[1], p[3]);
      ctx.roundRect(x, y, Math.abs(p[2] - p[0]), Math.abs(p[3] - p[1]), Math.min(6, item.width * 2));
      ctx.stroke();
      break;
    }
    case 'ellipse':
      ctx.beginPath();
      ctx.ellipse((p[0] + p[2]) / 2, (p[1] + p[3]) / 2, Math.abs(p[2] - p[0]) / 2, Math.abs(p[3] - p[1]) / 2, 0, 0, Math.PI * 2);
      ctx.stroke();
      break;
    case 'text': {
      ctx.font = font(item.width);
      ctx.textBaseline = 'top';
      const lines = textLines(item);
      lines.forEach((line, i) => ctx.fillText(line, p[0], p[1] + i * item.width * 1.25));
      break;
    }
  }
  ctx.restore();
}

/** The item's bounds on the board (offset included). */
export function bounds(item: BoardItem): Rect {
  const p = item.points;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  if (item.kind === 'text') {
    measureCanvas.font = font(item.width);
    const lines = textLines(item);
    const w = Math.max(...lines.map((l) => measureCanvas.measureText(l).width), item.width / 2);
    minX = p[0]; minY = p[1]; maxX = p[0] + w; maxY = p[1] + lines.length * item.width * 1.25;
  } else {
    const step = item.kind === 'pen' ? 3 : 2;
    for (let i = 0; i + 1 < p.length; i += step) {
      minX = Math.min(minX, p[i]); maxX = Math.max(maxX, p[i]);
      minY = Math.min(minY, p[i + 1]); maxY = Math.max(maxY, p[i + 1]);
    }
    const pad = item.kind === 'arrow' ? Math.max(10, item.width * 4) : item.width / 2;
    minX -= pad; minY -= pad; maxX += pad; maxY += pad;
  }
  return { x: minX + item.dx, y: minY + item.dy, w: maxX - minX, h: maxY - minY };
}

export function union(rects: Rect[]): Rect | null {
  if (rects.length === 0) return null;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x); minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.w); maxY = Math.max(maxY, r.y + r.h);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

function segmentDistance(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1, dy = y2 - y1;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/** Distance from a board point to the item's drawn outline (0 inside text). */
export function distanceTo(item: BoardItem, x: number, y: number): number {
  const px = x - item.dx, py = y - item.dy, p = item.points;
  switch (item.kind) {
    case 'pen': {
      if (p.length < 6) return Math.hypot(px - p[0], py - p[1]);
      let best = Infinity;
      for (let i = 0; i + 5 < p.length; i += 3) best = Math.min(best, segmentDistance(px, py, p[i], p[i + 1], p[i + 3], p[i + 4]));
      return best;
    }
    case 'line':
    case 'arrow':
      return segmentDistance(px, py, p[0], p[1], p[2], p[3]);
    case 'rect': {
      const [x1, y1, x2, y2] = p;
      return Math.min(
        segmentDistance(px, py, x1, y1, x2, y1), segmentDistance(px, py, x2, y1, x2, y2),
        segmentDistance(px, py, x2, y2, x1, y2), segmentDistance(px, py, x1, y2, x1, y1));
    }
    case 'ellipse': {
      const cx = (p[0] + p[2]) / 2, cy = (p[1] + p[3]) / 2, rx = Math.abs(p[2] - p[0]) / 2, ry = Math.abs(p[3] - p[1]) / 2;
      let best = Infinity, prevX = cx + rx, prevY = cy;
      for (let i = 1; i <= 48; i++) {
        const a = (i / 48) * Math.PI * 2, nx = cx + rx * Math.cos(a), ny = cy + ry * Math.sin(a);
        best = Math.min(best, segmentDistance(px, py, prevX, prevY, nx, ny));
        prevX = nx; prevY = ny;
      }
      return best;
    }
    case 'text': {
      const b = bounds(item);
      const ox = Math.max(b.x - x, 0, x - (b.x + b.w)), oy = Math.max(b.y - y, 0, y - (b.y + b.h));
      return Math.hypot(ox, oy);
    }
  }
}

/** The topmost item under a board point, within `tolerance` board units of its outline (or inside a shape/text). */
export function hitTest(items: BoardItem[], x: number, y: number, tolerance: number): BoardItem | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    const b = bounds(item);
    if (x < b.x - tolerance || x > b.x + b.w + tolerance || y < b.y - tolerance || y > b.y + b.h + tolerance) continue;
    if (item.kind === 'rect' || item.kind === 'ellipse' || item.kind === 'text') return item;
    if (distanceTo(item, x, y) <= tolerance + item.width / 2) return item;
  }
  return undefined;
}
