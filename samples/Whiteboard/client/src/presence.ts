// Who else is on the board: the participant list, their live cursors over the board, the strokes they are drawing,
// and "X is drawing". Joins and leaves are announced. The board is a room of the hub: the list starts from the room's
// members as `Join` returned them and follows the room's presence events from then on.
import type * as signalR from '@microsoft/signalr';
import type { BoardConnection } from './connection';
import type { BoardChange, BoardItem, Participant, PresenceEvent } from './protocol';
import { PRESENCE_METHOD, participantOf } from './protocol';
import type { Stage } from './stage';
import { el, toast } from './ui';

interface Remote {
  participant: Participant;
  cursor?: { x: number; y: number; at: number; node: HTMLElement };
  preview?: { item: BoardItem; at: number };
}

const DRAWING_SHOWN_MS = 1_500;
const PREVIEW_STALE_MS = 30_000;
const CURSOR_IDLE_MS = 8_000;
/** Presence events held while a join is in flight; a board with more changes than this in that time is rare. */
const MAX_PENDING_EVENTS = 1_000;

export class Presence {
  private readonly remotes = new Map<string, Remote>();
  private members: Participant[] = [];
  private selfId?: string;
  private list!: HTMLElement;
  private activity!: HTMLElement;
  private nameInput?: HTMLInputElement;
  /** Events that arrived while a join was in flight, applied over the member list it returns. */
  private pending?: PresenceEvent[];

  constructor(
    _connection: BoardConnection,
    private readonly stage: Stage,
    private readonly surface: HTMLElement,
    private readonly selfIdOf: () => string | undefined,
    private readonly redraw: () => void,
  ) {
    stage.onView(() => this.placeCursors());
    window.setInterval(() => this.tick(), 500);
  }

  bind(hub: signalR.HubConnection, boardId: string): void {
    hub.on(PRESENCE_METHOD, (room: string, event: PresenceEvent) => {
      if (room !== boardId || !event?.connectionId) return;
      if (this.pending) {
        if (this.pending.length >= MAX_PENDING_EVENTS) this.pending.shift();
        this.pending.push(event);
      } else {
        this.apply(event, true);
      }
    });
    hub.on('cursor', (connectionId: string, x: number, y: number) => this.moveCursor(connectionId, x, y));
    hub.on('preview', (connectionId: string, item: BoardItem) => {
      const remote = this.remotes.get(connectionId);
      if (!remote) return;
      remote.preview = { item, at: performance.now() };
      this.redraw();
      this.renderActivity();
    });
    hub.on('previewEnded', (connectionId: string) => {
      const remote = this.remotes.get(connectionId);
      if (remote) { remote.preview = undefined; this.redraw(); this.renderActivity(); }
    });
  }

  /** A join is about to be sent: presence events wait for its member list (they may describe changes after it). */
  beginJoin(): void { this.pending = []; }

  /** Everyone on the board, as the server listed them when this client (re)joined, then what changed since. */
  reset(participants: Participant[], self: Participant): void {
    this.selfId = self.connectionId;
    for (const [id, remote] of this.remotes) if (!participants.some((p) => p.connectionId === id)) { remote.cursor?.node.remove(); this.remotes.delete(id); }
    this.members = [];
    for (const p of participants) this.upsert(p);
    if (!participants.some((p) => p.connectionId === self.connectionId)) this.upsert(self);
    if (this.nameInput) this.nameInput.value = self.name;
    // Replaying is safe either way: a join or update is an upsert, a leave of someone not listed does nothing.
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const event of pending) this.apply(event, false);
  }

  /** This client's own name or colour changed (the room tells only the others). */
  updateSelf(self: Participant): void { this.upsert(self); }

  private apply(event: PresenceEvent, announce: boolean): void {
    if (event.connectionId === (this.selfId ?? this.selfIdOf())) return;
    if (event.kind === 'leave') {
      const left = this.members.find((m) => m.connectionId === event.connectionId);
      this.remove(event.connectionId);
      if (left && announce) toast(`${left.name} left`);
    } else if (event.kind === 'join' || event.kind === 'update') {
      const p = participantOf(event.connectionId, event.state);
      const known = this.members.some((m) => m.connectionId === p.connectionId);
      this.upsert(p);
      if (!known && announce) toast(`${p.name} joined`);
    }
  }

  /** The change that ends a live stroke arrived: the stroke is part of the board now. */
  committed(change: BoardChange): void {
    const remote = change.connectionId ? this.remotes.get(change.connectionId) : undefined;
    if (remote?.preview && change.items?.some((i) => i.id === remote.preview!.item.id)) {
      remote.preview = undefined;
      this.renderActivity();
    }
  }

  liveItems(): BoardItem[] {
    const items: BoardItem[] = [];
    for (const r of this.remotes.values()) if (r.preview) items.push(r.preview.item);
    return items;
  }

  element(name: string, rename: (name: string) => void): HTMLElement {
    this.list = el('div', { className: 'participants' });
    this.list.dataset.testid = 'participants';
    this.list.title = 'On this board';
    this.nameInput = el('input', { className: 'name-input', value: name, maxLength: 40, placeholder: 'Your name', title: 'Your name (others see it)' }) as HTMLInputElement;
    this.nameInput.addEventListener('change', () => { const n = this.nameInput!.value.trim(); if (n) rename(n); });
    this.nameInput.addEventListener('keydown', (e) => { e.stopPropagation(); if (e.key === 'Enter') this.nameInput!.blur(); });
    return el('div', { className: 'people' }, this.list, this.nameInput);
  }

  activityElement(): HTMLElement {
    this.activity = el('div', { className: 'activity' });
    this.activity.setAttribute('aria-live', 'polite');
    return this.activity;
  }

  private upsert(p: Participant): void {
    const i = this.members.findIndex((m) => m.connectionId === p.connectionId);
    if (i >= 0) this.members[i] = p; else this.members.push(p);
    if (p.connectionId !== (this.selfId ?? this.selfIdOf())) {
      const remote = this.remotes.get(p.connectionId);
      if (remote) {
        remote.participant = p;
        if (remote.cursor) this.styleCursor(remote.cursor.node, p);
      } else {
        this.remotes.set(p.connectionId, { participant: p });
      }
    }
    this.renderList();
  }

  private remove(connectionId: string): void {
    this.members = this.members.filter((m) => m.connectionId !== connectionId);
    const remote = this.remotes.get(connectionId);
    remote?.cursor?.node.remove();
    this.remotes.delete(connectionId);
    this.renderList();
    this.renderActivity();
    this.redraw();
  }

  private renderList(): void {
    const selfId = this.selfId ?? this.selfIdOf();
    const people = this.members.map((m) => {
      const isSelf = m.connectionId === selfId;
      const initials = m.name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]!.toUpperCase()).join('') || '?';
      const node = el('div', { className: `participant${isSelf ? ' self' : ''}`, title: isSelf ? `${m.name} (you)` : m.name },
        el('span', { className: 'avatar', textContent: initials }), el('span', { className: 'pname', textContent: isSelf ? `${m.name} (you)` : m.name }));
      node.dataset.testid = 'participant';
      node.dataset.connectionId = m.connectionId;
      (node.firstElementChild as HTMLElement).style.background = m.color;
      return node;
    });
    this.list.replaceChildren(...people);
  }

  private moveCursor(connectionId: string, x: number, y: number): void {
    const remote = this.remotes.get(connectionId);
    if (!remote) return;
    if (!remote.cursor) {
      const node = el('div', { className: 'cursor' });
      node.dataset.testid = 'cursor';
      node.innerHTML = '<svg width="18" height="18" viewBox="0 0 18 18"><path d="M2 1l13 6.5-5.6 1.6L7 15z" stroke="#fff" stroke-width="1.4" stroke-linejoin="round"/></svg><span class="cursor-label"></span>';
      this.surface.append(node);
      remote.cursor = { x, y, at: performance.now(), node };
      this.styleCursor(node, remote.participant);
    }
    Object.assign(remote.cursor, { x, y, at: performance.now() });
    remote.cursor.node.classList.remove('idle');
    this.placeCursor(remote);
  }

  private styleCursor(node: HTMLElement, p: Participant): void {
    node.style.setProperty('--cursor-color', p.color);
    node.querySelector('.cursor-label')!.textContent = p.name;
    node.dataset.name = p.name;
  }

  private placeCursor(remote: Remote): void {
    if (!remote.cursor) return;
    const s = this.stage.toScreen(remote.cursor.x, remote.cursor.y);
    remote.cursor.node.style.transform = `translate(${s.x}px, ${s.y}px)`;
    const outside = s.x < -20 || s.y < -20 || s.x > this.stage.width + 20 || s.y > this.stage.height + 20;
    remote.cursor.node.hidden = outside;
  }

  private placeCursors(): void { for (const r of this.remotes.values()) this.placeCursor(r); }

  private renderActivity(): void {
    const now = performance.now();
    const drawing = [...this.remotes.values()].filter((r) => r.preview && now - r.preview.at < DRAWING_SHOWN_MS).map((r) => r.participant.name);
    this.activity.textContent = drawing.length === 0 ? '' : drawing.length === 1 ? `${drawing[0]} is drawing…` : `${drawing.slice(0, -1).join(', ')} and ${drawing.at(-1)} are drawing…`;
    for (const r of this.remotes.values()) r.cursor?.node.classList.toggle('drawing', !!r.preview && now - r.preview.at < DRAWING_SHOWN_MS);
  }

  private tick(): void {
    const now = performance.now();
    let changed = false;
    for (const r of this.remotes.values()) {
      if (r.preview && now - r.preview.at > PREVIEW_STALE_MS) { r.preview = undefined; changed = true; }
      if (r.cursor) r.cursor.node.classList.toggle('idle', now - r.cursor.at > CURSOR_IDLE_MS);
    }
    if (changed) this.redraw();
    this.renderActivity();
  }
}
