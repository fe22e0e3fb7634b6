// The drawing surface: a canvas filling the board element, the view (pan and zoom, board point (cx, cy) at the
// centre), and a render loop that redraws only when something changed.
import type { BoardItem } from './protocol';
import { bounds, drawItem, union, type Rect } from './render';

export interface Overlay {
  /** Items drawn above the board: live strokes of others, the one being drawn here. */
  live: { item: BoardItem; opacity: number }[];
  selection: Rect[];
  marquee?: Rect;
  eraser?: { x: number; y: number; r: number };
  fadedIds: Set<string>;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 8;

export class Stage {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  cx = 0;
  cy = 0;
  zoom = 1;
  width = 0;
  height = 0;
  private dirty = true;
  private viewListeners: (() => void)[] = [];

  constructor(readonly host: HTMLElement, private readonly items: () => BoardItem[], private readonly overlay: () => Overlay) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'board-canvas';
    host.append(this.canvas);
    this.ctx = this.canvas.getContext('2d')!;
    new ResizeObserver(() => this.resize()).observe(host);
    this.resize();
    const frame = () => {
      if (this.dirty) {
        this.dirty = false;
        this.draw();
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  onView(listener: () => void): void { this.viewListeners.push(listener); }

  invalidate(): void { this.dirty = true; }

  toBoard(clientX: number, clientY: number): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: (clientX - r.left - this.width / 2) / this.zoom + this.cx, y: (clientY - r.top - this.height / 2) / this.zoom + this.cy };
  }

  /** A board point in CSS pixels relative to the board element. */
  toScreen(x: number, y: number): { x: number; y: number } {
    return { x: (x - this.cx) * this.zoom + this.width / 2, y: (y - this.cy) * this.zoom + this.height / 2 };
  }

  panBy(dxScreen: number, dyScreen: number): void {
    this.cx -= dxScreen / this.zoom;
    this.cy -= dyScreen / this.zoom;
    this.viewChanged();
  }

  /** Zooms by `factor` keeping the board point under (clientX, clientY) where it is. */
  zoomAt(factor: number, clientX?: number, clientY?: number): void {
    const r = this.canvas.getBoundingClientRect();
    const sx = clientX ?? r.left + this.width / 2, sy = clientY ?? r.top + this.height / 2;
    const before = this.toBoard(sx, sy);
    this.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.zoom * factor));
    const after = this.toBoard(sx, sy);
    this.cx += before.x - after.x;
    this.cy += before.y - after.y;
    this.viewChanged();
  }

  reset(): void {
    this.cx = 0; this.cy = 0; this.zoom = 1;
    this.viewChanged();
  }

  /** Shows every item (or the origin when the board is empty). */
  fit(): void {
    const all = union(this.items().map(bounds));
    if (!all) { this.reset(); return; }
    this.cx = all.x + all.w / 2;
    this.cy = all.y + all.h / 2;
    this.zoom = Math.min(2, Math.max(MIN_ZOOM, Math.min((this.width - 80) / Math.max(all.w, 1), (this.height - 80) / Math.max(all.h, 1))));
    this.viewChanged();
  }

  /** The board as a PNG: every item on white, 2 device pixels per unit where size allows. */
  async exportPng(): Promise<Blob> {
    const items = this.items();
    const margin = 32;
    const area = union(items.map(bounds)) ?? { x: this.cx - this.width / 2, y: this.cy - this.height / 2, w: this.width, h: this.height };
    const w = area.w + margin * 2, h = area.h + margin * 2;
    const scale = Math.min(2, 8192 / w, 8192 / h);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(w * scale));
    canvas.height = Math.max(1, Math.round(h * scale));
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(scale, 0, 0, scale, (margin - area.x) * scale, (margin - area.y) * scale);
    for (const item of items) drawItem(ctx, item);
    return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  }

  /** A small picture of the board for the recent list. */
  thumbnail(): string {
    const items = this.items();
    const area = union(items.map(bounds));
    const canvas = document.createElement('canvas');
    canvas.width = 240; canvas.height = 150;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (area) {
      const scale = Math.min((canvas.width - 16) / Math.max(area.w, 1), (canvas.height - 16) / Math.max(area.h, 1), 1);
      ctx.setTransform(scale, 0, 0, scale, canvas.width / 2 - (area.x + area.w / 2) * scale, canvas.height / 2 - (area.y + area.h / 2) * scale);
      for (const item of items) drawItem(ctx, item);
    }
    return canvas.toDataURL('image/png');
  }

  private viewChanged(): void {
    this.invalidate();
    for (const l of this.viewListeners) l();
  }

  private resize(): void {
    const rect = this.host.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.width = rect.width;
    this.height = rect.height;
    this.canvas.width = Math.max(1, Math.round(rect.width * dpr));
    this.canvas.height = Math.max(1, Math.round(rect.height * dpr));
    this.canvas.style.width = `${rect.width}px`;
    this.canvas.style.height = `${rect.height}px`;
    this.viewChanged();
  }

  private draw(): void {
    const ctx = this.ctx;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#fbfbfd';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    const k = this.zoom * dpr;
    ctx.setTransform(k, 0, 0, k, (this.width / 2 - this.cx * this.zoom) * dpr, (this.height / 2 - this.cy * this.zoom) * dpr);
    this.drawGrid(ctx);
    const overlay = this.overlay();
    const view: Rect = { x: this.cx - this.width / 2 / this.zoom, y: this.cy - this.height / 2 / this.zoom, w: this.width / this.zoom, h: this.height / this.zoom };
    for (const item of this.items()) {
      const b = bounds(item);
      if (b.x > view.x + view.w || b.y > view.y + view.h || b.x + b.w < view.x || b.y + b.h < view.y) continue;
      drawItem(ctx, item, overlay.fadedIds.has(item.id) ? 0.25 : 1);
    }
    for (const { item, opacity } of overlay.live) drawItem(ctx, item, opacity);
    ctx.lineWidth = 1.5 / this.zoom;
    ctx.strokeStyle = '#4f46e5';
    ctx.setLineDash([6 / this.zoom, 4 / this.zoom]);
    for (const r of overlay.selection) ctx.strokeRect(r.x - 4 / this.zoom, r.y - 4 / this.zoom, r.w + 8 / this.zoom, r.h + 8 / this.zoom);
    ctx.setLineDash([]);
    if (overlay.marquee) {
      const m = overlay.marquee;
      ctx.fillStyle = 'rgba(79, 70, 229, 0.08)';
      ctx.fillRect(m.x, m.y, m.w, m.h);
      ctx.strokeRect(m.x, m.y, m.w, m.h);
    }
    if (overlay.eraser) {
      ctx.beginPath();
      ctx.arc(overlay.eraser.x, overlay.eraser.y, overlay.eraser.r, 0, Math.PI * 2);
      ctx.strokeStyle = '#64748b';
      ctx.stroke();
    }
  }

  private drawGrid(ctx: CanvasRenderingContext2D): void {
    let step = 32;
    while (step * this.zoom < 16) step *= 2;
    const left = this.cx - this.width / 2 / this.zoom, top = this.cy - this.height / 2 / this.zoom;
    const right = left + this.width / this.zoom, bottom = top + this.height / this.zoom;
    ctx.fillStyle = '#dcdfe6';
    const r = 1.1 / this.zoom;
    for (let x = Math.floor(left / step) * step; x <= right; x += step) {
      for (let y = Math.floor(top / step) * step; y <= bottom; y += step) ctx.fillRect(x - r / 2, y - r / 2, r, r);
    }
  }
}
