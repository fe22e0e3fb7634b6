// Pointer input on the board: the drawing tools, select-and-move, the eraser, pan (hand tool, middle button, space)
// and zoom (wheel with Ctrl, pinch). Mouse, touch and pen all arrive as pointer events.
import type { BoardItem, ItemKind, ItemMove } from './protocol';
import { bounds, distanceTo, hitTest, intersects, union, type Rect } from './render';
import type { Stage } from './stage';
import { font } from './render';

export type Tool = 'pen' | 'eraser' | 'line' | 'arrow' | 'rect' | 'ellipse' | 'text' | 'select' | 'hand';

export interface ToolHost {
  items(): BoardItem[];
  newId(): string;
  color(): string;
  width(): number;
  maxPoints(): number;
  /** The stroke or shape being drawn changed (sent to the others as a preview). */
  drawing(item: BoardItem | null): void;
  add(items: BoardItem[]): void;
  remove(items: BoardItem[]): void;
  move(moves: ItemMove[], previous: ItemMove[]): void;
  cursor(x: number, y: number): void;
  changed(): void;
}

const round = (v: number) => Math.round(v * 10) / 10;

export class Tools {
  tool: Tool = 'pen';
  current: BoardItem | null = null;
  selected = new Set<string>();
  dragOffset: { dx: number; dy: number } | null = null;
  marquee: Rect | undefined;
  erasing = new Set<string>();
  eraserAt: { x: number; y: number } | undefined;
  private pointers = new Map<number, { x: number; y: number }>();
  private gesture: 'draw' | 'pan' | 'drag' | 'marquee' | 'erase' | 'pinch' | null = null;
  private start = { x: 0, y: 0 };
  private last = { x: 0, y: 0 };
  private pinchDistance = 0;
  private spaceDown = false;
  private textEditor: HTMLTextAreaElement | null = null;

  constructor(private readonly stage: Stage, private readonly host: ToolHost) {
    const c = stage.canvas;
    c.addEventListener('pointerdown', (e) => this.down(e));
    c.addEventListener('pointermove', (e) => this.move(e));
    c.addEventListener('pointerup', (e) => this.up(e));
    c.addEventListener('pointercancel', (e) => this.up(e, true));
    c.addEventListener('pointerleave', () => { this.eraserAt = undefined; host.changed(); });
    c.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    c.addEventListener('contextmenu', (e) => e.preventDefault());
    window.addEventListener('keydown', (e) => { if (e.code === 'Space' && !isTyping(e)) { this.spaceDown = true; this.updateCursor(); } });
    window.addEventListener('keyup', (e) => { if (e.code === 'Space') { this.spaceDown = false; this.updateCursor(); } });
    this.updateCursor();
  }

  setTool(tool: Tool): void {
    this.commitText();
    this.tool = tool;
    if (tool !== 'select') this.selected.clear();
    this.updateCursor();
    this.host.changed();
  }

  /** Selected items as currently shown (with the drag offset while dragging). */
  selectionBounds(): Rect[] {
    const items = this.host.items().filter((i) => this.selected.has(i.id));
    const all = union(items.map(bounds));
    if (!all) return [];
    return this.dragOffset ? [{ ...all, x: all.x + this.dragOffset.dx, y: all.y + this.dragOffset.dy }] : [all];
  }

  deleteSelection(): void {
    const items = this.host.items().filter((i) => this.selected.has(i.id));
    if (items.length) this.host.remove(items);
    this.selected.clear();
    this.host.changed();
  }

  cancel(): void {
    if (this.current) { this.current = null; this.host.drawing(null); }
    this.gesture = null;
    this.dragOffset = null;
    this.marquee = undefined;
    this.erasing.clear();
    this.host.changed();
  }

  private updateCursor(): void {
    const c = this.stage.canvas;
    c.style.cursor = this.spaceDown || this.tool === 'hand' ? (this.gesture === 'pan' ? 'grabbing' : 'grab')
      : this.tool === 'select' ? 'default' : this.tool === 'text' ? 'text' : this.tool === 'eraser' ? 'none' : 'crosshair';
  }

  private down(e: PointerEvent): void {
    this.stage.canvas.setPointerCapture(e.pointerId);
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (this.pointers.size === 2) {
      // A second finger: whatever the first one started becomes a pinch (pan and zoom).
      this.cancel();
      this.gesture = 'pinch';
      const [a, b] = [...this.pointers.values()];
      this.pinchDistance = Math.hypot(a.x - b.x, a.y - b.y);
      this.last = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      return;
    }
    if (this.pointers.size > 2 || this.textEditor) { this.commitText(); return; }
    const p = this.stage.toBoard(e.clientX, e.clientY);
    this.start = p;
    this.last = { x: e.clientX, y: e.clientY };
    if (e.button === 1 || e.button === 2 || this.spaceDown || this.tool === 'hand') {
      this.gesture = 'pan';
      this.updateCursor();
      return;
    }
    if (e.button !== 0) return;
    switch (this.tool) {
      case 'pen':
        this.current = this.newItem('pen', [round(p.x), round(p.y), pressure(e)]);
        this.gesture = 'draw';
        break;
      case 'line':
      case 'arrow':
      case 'rect':
      case 'ellipse':
        this.current = this.newItem(this.tool, [round(p.x), round(p.y), round(p.x), round(p.y)]);
        this.gesture = 'draw';
        break;
      case 'text':
        // No mouse-compatibility events: their default action would take the focus away from the new editor.
        e.preventDefault();
        this.openTextEditor(p.x, p.y);
        break;
      case 'eraser':
        this.gesture = 'erase';
        this.erase(p.x, p.y);
        break;
      case 'select': {
        const hit = hitTest(this.host.items(), p.x, p.y, 6 / this.stage.zoom);
        if (hit) {
          if (e.shiftKey) {
            if (this.selected.has(hit.id)) this.selected.delete(hit.id); else this.selected.add(hit.id);
          } else if (!this.selected.has(hit.id)) {
            this.selected = new Set([hit.id]);
          }
          this.gesture = 'drag';
          this.dragOffset = { dx: 0, dy: 0 };
        } else {
          if (!e.shiftKey) this.selected.clear();
          this.gesture = 'marquee';
          this.marquee = { x: p.x, y: p.y, w: 0, h: 0 };
        }
        break;
      }
    }
    this.host.changed();
  }

  private move(e: PointerEvent): void {
    const p = this.stage.toBoard(e.clientX, e.clientY);
    this.host.cursor(p.x, p.y);
    if (this.tool === 'eraser') { this.eraserAt = p; this.host.changed(); }
    if (!this.pointers.has(e.pointerId)) return;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    switch (this.gesture) {
      case 'pinch': {
        const [a, b] = [...this.pointers.values()];
        const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
        const distance = Math.hypot(a.x - b.x, a.y - b.y);
        this.stage.panBy(mid.x - this.last.x, mid.y - this.last.y);
        if (this.pinchDistance > 0) this.stage.zoomAt(distance / this.pinchDistance, mid.x, mid.y);
        this.pinchDistance = distance;
        this.last = mid;
        return;
      }
      case 'pan':
        this.stage.panBy(e.clientX - this.last.x, e.clientY - this.last.y);
        this.last = { x: e.clientX, y: e.clientY };
        return;
      case 'draw':
        this.extend(e, p);
        break;
      case 'erase':
        this.erase(p.x, p.y);
        break;
      case 'drag':
        this.dragOffset = { dx: round(p.x - this.start.x), dy: round(p.y - this.start.y) };
        break;
      case 'marquee':
        this.marquee = { x: Math.min(this.start.x, p.x), y: Math.min(this.start.y, p.y), w: Math.abs(p.x - this.start.x), h: Math.abs(p.y - this.start.y) };
        break;
      default:
        return;
    }
    this.host.changed();
  }

  private up(e: PointerEvent, cancelled = false): void {
    this.pointers.delete(e.pointerId);
    const gesture = this.gesture;
    if (gesture === 'pinch') {
      if (this.pointers.size === 0) this.gesture = null;
      return;
    }
    this.gesture = null;
    this.updateCursor();
    if (cancelled && gesture !== 'pan') { this.cancel(); return; }
    switch (gesture) {
      case 'draw':
        if (this.current) {
          const item = this.current;
          this.current = null;
          if (isWorthKeeping(item, this.stage.zoom)) this.host.add([item]);
          else this.host.drawing(null);
        }
        break;
      case 'erase': {
        const items = this.host.items().filter((i) => this.erasing.has(i.id));
        this.erasing.clear();
        if (items.length) this.host.remove(items);
        break;
      }
      case 'drag': {
        const offset = this.dragOffset;
        this.dragOffset = null;
        if (offset && (offset.dx !== 0 || offset.dy !== 0)) {
          const items = this.host.items().filter((i) => this.selected.has(i.id));
          this.host.move(
            items.map((i) => ({ id: i.id, dx: round(i.dx + offset.dx), dy: round(i.dy + offset.dy) })),
            items.map((i) => ({ id: i.id, dx: i.dx, dy: i.dy })));
        }
        break;
      }
      case 'marquee': {
        const m = this.marquee;
        this.marquee = undefined;
        if (m) for (const i of this.host.items()) if (intersects(bounds(i), m)) this.selected.add(i.id);
        break;
      }
    }
    this.host.changed();
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) this.stage.zoomAt(Math.exp(-e.deltaY * 0.01), e.clientX, e.clientY);
    else this.stage.panBy(-e.deltaX, -e.deltaY);
  }

  private newItem(kind: ItemKind, points: number[]): BoardItem {
    const width = kind === 'text' ? textSize(this.host.width()) : this.host.width();
    return { id: this.host.newId(), kind, color: this.host.color(), width, points, dx: 0, dy: 0 };
  }

  private extend(e: PointerEvent, p: { x: number; y: number }): void {
    const item = this.current!;
    if (item.kind === 'pen') {
      const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      const points = [...item.points];
      for (const ev of events.length ? events : [e]) {
        const q = this.stage.toBoard(ev.clientX, ev.clientY);
        const n = points.length;
        if (Math.hypot(q.x - points[n - 3], q.y - points[n - 2]) * this.stage.zoom < 1.5) continue;
        points.push(round(q.x), round(q.y), pressure(ev));
      }
      this.current = { ...item, points };
      if (points.length / 3 >= this.host.maxPoints()) {
        // A very long stroke is stored as several, continuing where the last one ended.
        this.host.add([this.current]);
        const n = points.length;
        this.current = this.newItem('pen', points.slice(n - 3));
      }
    } else {
      let x = p.x, y = p.y;
      if (e.shiftKey && item.kind !== 'line' && item.kind !== 'arrow') {
        const size = Math.max(Math.abs(x - this.start.x), Math.abs(y - this.start.y));
        x = this.start.x + Math.sign(x - this.start.x || 1) * size;
        y = this.start.y + Math.sign(y - this.start.y || 1) * size;
      }
      this.current = { ...item, points: [item.points[0], item.points[1], round(x), round(y)] };
    }
    this.host.drawing(this.current);
  }

  private erase(x: number, y: number): void {
    const r = 8 / this.stage.zoom;
    for (const item of this.host.items()) {
      if (this.erasing.has(item.id)) continue;
      const b = bounds(item);
      if (x < b.x - r || x > b.x + b.w + r || y < b.y - r || y > b.y + b.h + r) continue;
      if (distanceTo(item, x, y) <= r + item.width / 2) this.erasing.add(item.id);
    }
  }

  private openTextEditor(x: number, y: number): void {
    const size = textSize(this.host.width());
    const screen = this.stage.toScreen(x, y);
    const editor = document.createElement('textarea');
    editor.className = 'text-editor';
    editor.rows = 1;
    editor.maxLength = 500;
    editor.placeholder = 'Type, then Enter';
    Object.assign(editor.style, {
      left: `${screen.x}px`, top: `${screen.y}px`, font: font(size * this.stage.zoom), color: this.host.color(),
    });
    editor.dataset.x = String(round(x));
    editor.dataset.y = String(round(y));
    editor.addEventListener('keydown', (ev) => {
      ev.stopPropagation();
      if (ev.key === 'Enter' && !ev.shiftKey) { ev.preventDefault(); this.commitText(); }
      if (ev.key === 'Escape') { editor.value = ''; this.commitText(); }
    });
    editor.addEventListener('input', () => { editor.style.height = 'auto'; editor.style.height = `${editor.scrollHeight}px`; });
    editor.addEventListener('blur', () => this.commitText());
    this.stage.host.append(editor);
    this.textEditor = editor;
    editor.focus();
  }

  private commitText(): void {
    const editor = this.textEditor;
    if (!editor) return;
    this.textEditor = null;
    const text = editor.value.replace(/\s+$/, '');
    editor.remove();
    if (text.trim()) {
      const item = this.newItem('text', [Number(editor.dataset.x), Number(editor.dataset.y)]);
      item.text = text;
      this.host.add([item]);
    }
  }
}

export function textSize(width: number): number { return Math.round(14 + width * 2.5); }

function pressure(e: PointerEvent): number {
  // Mice report 0.5 while a button is down; pens and some touch screens report real pressure.
  return e.pointerType === 'pen' && e.pressure > 0 ? Math.round(e.pressure * 100) / 100 : 0.5;
}

function isWorthKeeping(item: BoardItem, zoom: number): boolean {
  if (item.kind === 'pen') return true;
  const [x1, y1, x2, y2] = item.points;
  return Math.hypot(x2 - x1, y2 - y1) * zoom >= 3;
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
}
