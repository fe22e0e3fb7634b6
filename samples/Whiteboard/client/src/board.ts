// The board page: connection and synchronisation, presence, undo/redo and the toolbar around the drawing surface.
import { BoardConnection, type ConnectionStatus } from './connection';
import { BoardModel } from './model';
import type { BoardChange, BoardItem, BoardLimits, BoardOperation, BoardSync, ItemMove, JoinResult, Participant } from './protocol';
import { rememberBoard, saveName, savedName } from './recent';
import { Stage } from './stage';
import { Tools, type Tool } from './tools';
import { ask, el, hubErrorMessage, icon, isRefusal, toast } from './ui';
import { Presence } from './presence';

const COLORS = ['#1f2937', '#e03131', '#f08c00', '#2f9e44', '#1971c2', '#7048e8', '#c2255c', '#ffffff'];
const WIDTHS = [2, 4, 8, 16];
const PREVIEW_INTERVAL_MS = 33;
const CURSOR_INTERVAL_MS = 33;

interface UndoEntry { undo: BoardOperation; redo: BoardOperation }

export class BoardPage {
  private readonly model = new BoardModel();
  private readonly connection: BoardConnection;
  private readonly stage: Stage;
  private readonly tools: Tools;
  private readonly presence: Presence;
  private self?: Participant;
  private limits?: BoardLimits;
  private joined = false;
  private buffered: BoardChange[] = [];
  private syncing = false;
  private undoStack: UndoEntry[] = [];
  private redoStack: UndoEntry[] = [];
  private color = COLORS[0];
  private width = WIDTHS[1];
  private counter = 0;
  private readonly clientId = Math.random().toString(36).slice(2, 10);
  private previewTimer?: number;
  private previewPending: BoardItem | null | undefined;
  private cursorPending?: { x: number; y: number };
  private cursorTimer?: number;
  private thumbnailTimer?: number;
  private readonly toolButtons = new Map<Tool, HTMLButtonElement>();
  private undoButton!: HTMLButtonElement;
  private redoButton!: HTMLButtonElement;
  private statusEl!: HTMLElement;
  private zoomLabel!: HTMLElement;
  private surface!: HTMLElement;

  constructor(root: HTMLElement, private readonly boardId: string, params: URLSearchParams) {
    document.title = `${boardId} · Whiteboard`;
    const name = params.get('name')?.trim() || savedName() || '';
    if (params.get('name')) saveName(name);
    this.connection = new BoardConnection(params.get('transport'));

    const surface = el('div', { className: 'board' });
    surface.dataset.testid = 'board';
    this.surface = surface;
    this.stage = new Stage(surface, () => this.displayItems(), () => ({
      live: [...this.presence.liveItems().map((item) => ({ item, opacity: 0.85 })), ...(this.tools.current ? [{ item: this.tools.current, opacity: 1 }] : [])],
      selection: this.tools.selectionBounds(),
      marquee: this.tools.marquee,
      eraser: this.tools.tool === 'eraser' && this.tools.eraserAt ? { ...this.tools.eraserAt, r: 8 / this.stage.zoom } : undefined,
      fadedIds: this.tools.erasing,
    }));
    this.presence = new Presence(this.connection, this.stage, surface, () => this.self?.connectionId, () => this.stage.invalidate());
    this.tools = new Tools(this.stage, {
      items: () => this.displayItems(),
      newId: () => this.nextId(),
      color: () => this.color,
      width: () => this.width,
      maxPoints: () => this.limits?.maxPointsPerItem ?? 4000,
      drawing: (item) => this.queuePreview(item),
      add: (items) => this.act({ kind: 'add', items }, { kind: 'remove', ids: items.map((i) => i.id) }),
      remove: (items) => this.act({ kind: 'remove', ids: items.map((i) => i.id) }, { kind: 'add', items }),
      move: (moves, previous) => this.act({ kind: 'move', moves }, { kind: 'move', moves: previous }),
      cursor: (x, y) => this.queueCursor(x, y),
      changed: () => this.stage.invalidate(),
    });
    root.replaceChildren(this.buildChrome(surface, name));
    this.stage.onView(() => { this.zoomLabel.textContent = `${Math.round(this.stage.zoom * 100)}%`; });
    this.zoomLabel.textContent = '100%';
    this.bindKeys();
    this.bindHub(name);
    rememberBoard(boardId);
  }

  /** Items with the selection dragged along while a move is in progress. */
  private displayItems(): BoardItem[] {
    const items = this.model.items();
    const offset = this.tools.dragOffset;
    if (!offset || this.tools.selected.size === 0) return items;
    return items.map((i) => (this.tools.selected.has(i.id) ? { ...i, dx: i.dx + offset.dx, dy: i.dy + offset.dy } : i));
  }

  private nextId(): string { return `${this.clientId}-${Date.now().toString(36)}-${(this.counter++).toString(36)}`; }

  // ---- connection and synchronisation ----

  private bindHub(name: string): void {
    const hub = this.connection.hub;
    hub.on('changed', (change: BoardChange) => this.onChange(change));
    hub.on('notice', (message: string) => toast(message, 'error'));
    this.presence.bind(hub, this.boardId);
    this.connection.onStatus((s) => this.showStatus(s));
    this.connection.onReconnected(() => void this.join(this.self?.name ?? name));
    window.addEventListener('beforeunload', () => this.saveThumbnail());
    void this.connection.start().then(() => this.join(name));
  }

  private async join(name: string): Promise<void> {
    this.joined = false;
    this.buffered = [];
    this.model.markUnsent();
    this.presence.beginJoin();
    try {
      const result = await this.connection.hub.invoke<JoinResult>('Join', this.boardId, name, this.self?.color ?? null, this.model.version);
      this.self = result.self;
      this.limits = result.limits;
      this.applySync(result.board);
      this.presence.reset(result.participants, result.self);
      this.joined = true;
      for (const change of this.buffered.splice(0)) this.onChange(change);
      this.flush();
    } catch (error) {
      // The board's store may be briefly unreachable: say so, and keep trying while connected.
      toast(`Could not join the board: ${hubErrorMessage(error)} Retrying…`, 'error', 6_000);
      window.setTimeout(() => { if (!this.joined && this.connection.connected) void this.join(this.self?.name ?? name); }, 3_000);
    }
  }

  private applySync(sync: BoardSync): void {
    if (sync.items) {
      this.model.reset(sync.version, sync.items);
    } else {
      for (const change of sync.changes ?? []) this.model.applyChange(change);
    }
    this.stage.invalidate();
    this.scheduleThumbnail();
    this.describe();
  }

  /** The confirmed version and item count on the board element: for people debugging, and for tests. */
  private describe(): void {
    this.surface.dataset.version = String(this.model.version);
    this.surface.dataset.items = String(this.model.items().length);
    this.surface.dataset.pending = String(this.model.pendingCount);
  }

  private onChange(change: BoardChange): void {
    if (!this.joined || this.syncing) { this.buffered.push(change); return; }
    const outcome = this.model.applyChange(change);
    if (outcome === 'gap') {
      this.buffered.push(change);
      void this.resync();
      return;
    }
    if (outcome === 'applied') {
      this.presence.committed(change);
      if (change.kind === 'clear' && change.connectionId !== this.self?.connectionId) toast(`${change.by ?? 'Someone'} cleared the board`);
      this.stage.invalidate();
      this.scheduleThumbnail();
      this.describe();
    }
  }

  /** A change went missing (it happens across a reconnect): fetch what is missing, then carry on. */
  private async resync(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    try {
      this.applySync(await this.connection.hub.invoke<BoardSync>('Sync', this.model.version));
    } catch (error) {
      console.warn('Sync failed', error);
    } finally {
      this.syncing = false;
    }
    for (const change of this.buffered.splice(0)) this.onChange(change);
  }

  /** Shows an own operation at once and sends it; undo records its inverse. */
  private act(redo: Omit<BoardOperation, 'opId'>, undo: Omit<BoardOperation, 'opId'>, record = true): void {
    if (redo.kind === 'add') this.queuePreview(null, true);
    for (const part of split(redo)) this.model.addPending({ ...part, opId: this.nextId() } as BoardOperation);
    if (record) {
      this.undoStack.push({ redo: redo as BoardOperation, undo: undo as BoardOperation });
      if (this.undoStack.length > 200) this.undoStack.shift();
      this.redoStack = [];
    }
    this.updateUndoButtons();
    this.stage.invalidate();
    this.describe();
    this.flush();
  }

  private flush(): void {
    if (!this.joined || !this.connection.connected) return;
    for (const op of this.model.takeUnsent()) {
      this.connection.hub.invoke<number>('Commit', op).then(
        (version) => { this.model.confirm(op.opId, version); this.stage.invalidate(); this.describe(); },
        (error) => {
          if (isRefusal(error)) {
            this.model.drop(op.opId);
            this.forgetUndo(op);
            toast(hubErrorMessage(error), 'error', 6_000);
            this.stage.invalidate();
            this.describe();
          } else {
            // The connection went away mid-call: the operation is sent again after rejoining.
            this.model.markUnsent(op.opId);
          }
        });
    }
  }

  private forgetUndo(op: BoardOperation): void {
    const same = (o: BoardOperation) => o.kind === op.kind && JSON.stringify(o.items ?? o.ids ?? o.moves) === JSON.stringify(op.items ?? op.ids ?? op.moves);
    this.undoStack = this.undoStack.filter((e) => !same(e.redo));
    this.updateUndoButtons();
  }

  undo(): void {
    const entry = this.undoStack.pop();
    if (!entry) return;
    this.redoStack.push(entry);
    this.act(entry.undo, entry.redo, false);
  }

  redo(): void {
    const entry = this.redoStack.pop();
    if (!entry) return;
    this.undoStack.push(entry);
    this.act(entry.redo, entry.undo, false);
  }

  async clear(): Promise<void> {
    const items = this.model.items();
    if (items.length === 0) { toast('The board is already empty.'); return; }
    if (!(await ask('Clear the board?', `This removes ${items.length === 1 ? 'the one item' : `all ${items.length} items`} for everyone on the board. You can undo it.`, 'Clear board'))) return;
    this.tools.selected.clear();
    this.act({ kind: 'clear', ids: items.map((i) => i.id) }, { kind: 'add', items });
  }

  private async exportPng(): Promise<void> {
    const blob = await this.stage.exportPng();
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `whiteboard-${this.boardId}.png` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  // ---- live updates ----

  private queuePreview(item: BoardItem | null, immediate = false): void {
    this.previewPending = item;
    if (immediate) { window.clearTimeout(this.previewTimer); this.previewTimer = undefined; this.sendPreview(); return; }
    this.stage.invalidate();
    // A preview carries the whole stroke so far (so that a newer one can replace an older one for a slow client):
    // long strokes are sent less often to keep the bytes per second bounded.
    const points = item?.points.length ?? 0;
    const interval = PREVIEW_INTERVAL_MS * Math.max(1, points / 1_500);
    this.previewTimer ??= window.setTimeout(() => { this.previewTimer = undefined; this.sendPreview(); }, interval);
  }

  private sendPreview(): void {
    const item = this.previewPending;
    this.previewPending = undefined;
    if (item === undefined || !this.joined || !this.connection.connected) return;
    if (item) void this.connection.hub.send('Preview', item).catch(() => {});
  }

  private queueCursor(x: number, y: number): void {
    this.cursorPending = { x: Math.round(x), y: Math.round(y) };
    this.cursorTimer ??= window.setTimeout(() => {
      this.cursorTimer = undefined;
      const c = this.cursorPending;
      this.cursorPending = undefined;
      if (c && this.joined && this.connection.connected) void this.connection.hub.send('Cursor', c.x, c.y).catch(() => {});
    }, CURSOR_INTERVAL_MS);
  }

  private scheduleThumbnail(): void {
    window.clearTimeout(this.thumbnailTimer);
    this.thumbnailTimer = window.setTimeout(() => this.saveThumbnail(), 2_000);
  }

  private saveThumbnail(): void { rememberBoard(this.boardId, this.stage.thumbnail()); }

  // ---- chrome ----

  private buildChrome(surface: HTMLElement, name: string): HTMLElement {
    const button = (label: string, iconName: string, onClick: () => void, testid?: string) => {
      const b = el('button', { className: 'tool', title: label, type: 'button' }, icon(iconName));
      b.setAttribute('aria-label', label);
      if (testid) b.dataset.testid = testid;
      b.addEventListener('click', onClick);
      return b;
    };
    const toolDefs: [Tool, string, string][] = [
      ['select', 'select', 'Select and move (V)'], ['hand', 'hand', 'Pan (H, or hold Space)'], ['pen', 'pen', 'Pen (P)'],
      ['eraser', 'eraser', 'Eraser (E)'], ['line', 'line', 'Line (L)'], ['arrow', 'arrow', 'Arrow (A)'], ['rect', 'rect', 'Rectangle (R)'],
      ['ellipse', 'ellipse', 'Ellipse (O)'], ['text', 'text', 'Text (T)'],
    ];
    const toolGroup = el('div', { className: 'group' });
    for (const [tool, iconName, label] of toolDefs) {
      const b = button(label, iconName, () => this.selectTool(tool), `tool-${tool}`);
      this.toolButtons.set(tool, b);
      toolGroup.append(b);
    }
    const colors = el('div', { className: 'group swatches' });
    for (const color of COLORS) {
      const s = el('button', { className: 'swatch', title: color, type: 'button' });
      s.style.setProperty('--swatch', color);
      s.dataset.testid = `color-${color.slice(1)}`;
      s.addEventListener('click', () => { this.color = color; colors.querySelectorAll('.swatch').forEach((n) => n.classList.toggle('active', n === s)); });
      if (color === this.color) s.classList.add('active');
      colors.append(s);
    }
    const widths = el('div', { className: 'group widths' });
    for (const w of WIDTHS) {
      const b = el('button', { className: 'width', title: `Width ${w}`, type: 'button' }, el('span', { className: 'dot' }));
      (b.firstElementChild as HTMLElement).style.setProperty('--size', `${Math.min(18, w + 2)}px`);
      b.addEventListener('click', () => { this.width = w; widths.querySelectorAll('.width').forEach((n) => n.classList.toggle('active', n === b)); });
      if (w === this.width) b.classList.add('active');
      widths.append(b);
    }
    this.undoButton = button('Undo (Ctrl+Z)', 'undo', () => this.undo(), 'undo');
    this.redoButton = button('Redo (Ctrl+Shift+Z)', 'redo', () => this.redo(), 'redo');
    const actions = el('div', { className: 'group' }, this.undoButton, this.redoButton,
      button('Clear the board', 'trash', () => void this.clear(), 'clear'),
      button('Export as PNG', 'download', () => void this.exportPng(), 'export-png'));
    this.updateUndoButtons();
    this.selectTool('pen');

    const share = el('button', { className: 'secondary share', type: 'button' }, icon('link'), 'Share');
    share.addEventListener('click', async () => {
      const link = `${location.origin}/b/${this.boardId}`;
      try { await navigator.clipboard.writeText(link); toast('Link copied: send it to whoever should join.'); } catch { toast(link, 'info', 8_000); }
    });
    this.statusEl = el('div', { className: 'status' });
    this.statusEl.dataset.testid = 'status';
    this.zoomLabel = el('span', { className: 'zoom-label' });
    const zoom = el('div', { className: 'zoom panel' },
      button('Zoom out', 'minus', () => this.stage.zoomAt(1 / 1.25)), this.zoomLabel,
      button('Zoom in', 'plus', () => this.stage.zoomAt(1.25)), button('Show everything', 'fit', () => this.stage.fit()));
    this.zoomLabel.addEventListener('click', () => this.stage.reset());
    this.zoomLabel.title = 'Back to 100%';

    const top = el('header', { className: 'topbar' },
      el('a', { className: 'brand small', href: '/' }, el('img', { src: '/favicon.svg', alt: '' }), el('span', { textContent: 'Whiteboard' })),
      el('div', { className: 'board-name', textContent: this.boardId, title: 'Board id' }),
      el('div', { className: 'spacer' }),
      this.presence.element(name, (n) => void this.rename(n)),
      share);
    const toolbar = el('nav', { className: 'toolbar panel' }, toolGroup, el('div', { className: 'sep' }), colors, el('div', { className: 'sep' }), widths, el('div', { className: 'sep' }), actions);
    const footer = el('div', { className: 'footer' }, this.statusEl, this.presence.activityElement(), el('div', { className: 'spacer' }), zoom);
    return el('div', { className: 'board-page' }, top, el('div', { className: 'board-wrap' }, surface, toolbar, footer));
  }

  private async rename(name: string): Promise<void> {
    saveName(name);
    try {
      this.self = await this.connection.hub.invoke<Participant>('Rename', name, this.self?.color ?? null);
      this.presence.updateSelf(this.self);
    } catch (error) {
      toast(hubErrorMessage(error), 'error');
    }
  }

  private selectTool(tool: Tool): void {
    this.tools.setTool(tool);
    for (const [t, b] of this.toolButtons) b.classList.toggle('active', t === tool);
  }

  private updateUndoButtons(): void {
    this.undoButton.disabled = this.undoStack.length === 0;
    this.redoButton.disabled = this.redoStack.length === 0;
  }

  private showStatus(s: ConnectionStatus): void {
    const el2 = this.statusEl;
    el2.className = `status ${s.state}`;
    const text = s.state === 'connected'
      ? `${s.transport ?? 'Connected'}${s.protocol ? ` · ${s.protocol}` : ''}${s.latencyMs !== undefined ? ` · ${s.latencyMs} ms` : ''}`
      : s.state === 'connecting' ? 'Connecting…' : s.state === 'reconnecting' ? 'Reconnecting…' : 'Offline';
    el2.replaceChildren(el('span', { className: 'led' }), el('span', { textContent: text }));
    el2.title = s.detail ?? (s.state === 'connected' ? 'Connected: transport, protocol and round-trip time' : '');
    if (s.state === 'offline' && this.connection.hub.state === 'Disconnected') {
      const retry = el('button', { className: 'link-button', textContent: 'Reconnect', type: 'button' });
      retry.addEventListener('click', () => void this.connection.restart());
      el2.append(retry);
    }
  }

  private bindKeys(): void {
    const keys: Record<string, Tool> = { v: 'select', h: 'hand', p: 'pen', e: 'eraser', l: 'line', a: 'arrow', r: 'rect', o: 'ellipse', t: 'text' };
    window.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA') return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && key === 'z') { e.preventDefault(); if (e.shiftKey) this.redo(); else this.undo(); return; }
      if ((e.ctrlKey || e.metaKey) && key === 'y') { e.preventDefault(); this.redo(); return; }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if ((key === 'delete' || key === 'backspace') && this.tools.selected.size) { e.preventDefault(); this.tools.deleteSelection(); return; }
      if (key === 'escape') { this.tools.cancel(); this.tools.selected.clear(); this.stage.invalidate(); return; }
      if (keys[key]) this.selectTool(keys[key]);
    });
  }
}

export type { ItemMove };

// Well below the hub's 256 KB message bound: an undone clear of a big board is sent in several parts.
const MAX_OPERATION_CHARS = 150_000;

/** Splits an operation whose items or ids would make too large a message. */
function split(op: Omit<BoardOperation, 'opId'>): Omit<BoardOperation, 'opId'>[] {
  const list: unknown[] = op.items ?? op.ids ?? op.moves ?? [];
  const key = op.items ? 'items' : op.ids ? 'ids' : 'moves';
  const parts: Omit<BoardOperation, 'opId'>[] = [];
  let current: unknown[] = [];
  let size = 0;
  for (const entry of list) {
    const length = JSON.stringify(entry).length + 1;
    if (current.length > 0 && size + length > MAX_OPERATION_CHARS) {
      parts.push({ ...op, [key]: current });
      current = [];
      size = 0;
    }
    current.push(entry);
    size += length;
  }
  parts.push({ ...op, [key]: current });
  return parts;
}
