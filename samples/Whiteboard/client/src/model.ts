// A board as this client sees it: the server-confirmed state (numbered changes applied in order) with this client's
// own operations that the server has not confirmed yet drawn on top. A change that arrives twice, or an operation the
// server already applied, changes nothing: items are keyed by id and moves carry absolute offsets.
import type { BoardChange, BoardItem, BoardOperation } from './protocol';

export type ChangeOutcome = 'applied' | 'stale' | 'gap';

export function applyOperation(items: Map<string, BoardItem>, op: BoardOperation): void {
  switch (op.kind) {
    case 'add':
      for (const item of op.items ?? []) {
        items.delete(item.id); // the server moves a re-added item to the top as well
        items.set(item.id, item);
      }
      break;
    case 'remove':
    case 'clear':
      for (const id of op.ids ?? []) items.delete(id);
      break;
    case 'move':
      for (const move of op.moves ?? []) {
        const item = items.get(move.id);
        if (item) items.set(move.id, { ...item, dx: move.dx, dy: move.dy });
      }
      break;
  }
}

interface Pending { op: BoardOperation; confirmedAt?: number; sending: boolean }

export class BoardModel {
  version = 0;
  private confirmed = new Map<string, BoardItem>();
  private pending: Pending[] = [];
  private view: BoardItem[] | null = null;
  private viewMap: Map<string, BoardItem> | null = null;

  /** Items in drawing order, own unconfirmed operations included. */
  items(): BoardItem[] {
    if (!this.view) {
      const map = new Map(this.confirmed);
      for (const p of this.pending) applyOperation(map, p.op);
      this.viewMap = map;
      this.view = [...map.values()];
    }
    return this.view;
  }

  get(id: string): BoardItem | undefined {
    this.items();
    return this.viewMap!.get(id);
  }

  get pendingCount(): number { return this.pending.length; }

  reset(version: number, items: BoardItem[]): void {
    this.version = version;
    this.confirmed = new Map(items.map((i) => [i.id, i]));
    this.settle();
    this.invalidate();
  }

  applyChange(change: BoardChange): ChangeOutcome {
    if (change.version <= this.version) return 'stale';
    if (change.version !== this.version + 1) return 'gap';
    applyOperation(this.confirmed, change);
    this.version = change.version;
    this.pending = this.pending.filter((p) => p.op.opId !== change.opId);
    this.settle();
    this.invalidate();
    return 'applied';
  }

  /** Adds an own operation, shown at once; returns false when nothing would change. */
  addPending(op: BoardOperation): void {
    this.pending.push({ op, sending: false });
    this.invalidate();
  }

  /** The server applied `opId` at `version`; it leaves the pending list once this client has that version. */
  confirm(opId: string, version: number): void {
    const p = this.pending.find((x) => x.op.opId === opId);
    if (p) p.confirmedAt = version;
    this.settle();
  }

  /** The server refused `opId`: it is no longer shown. */
  drop(opId: string): void {
    this.pending = this.pending.filter((p) => p.op.opId !== opId);
    this.invalidate();
  }

  /** Operations to (re)send: every unconfirmed one not in flight. */
  takeUnsent(): BoardOperation[] {
    const unsent = this.pending.filter((p) => !p.sending && p.confirmedAt === undefined);
    for (const p of unsent) p.sending = true;
    return unsent.map((p) => p.op);
  }

  /** After a lost connection every unconfirmed operation is sent again (the server recognises repeats). */
  markUnsent(opId?: string): void {
    for (const p of this.pending) if (opId === undefined || p.op.opId === opId) p.sending = false;
  }

  private settle(): void {
    const before = this.pending.length;
    this.pending = this.pending.filter((p) => p.confirmedAt === undefined || p.confirmedAt > this.version);
    if (this.pending.length !== before) this.invalidate();
  }

  private invalidate(): void {
    this.view = null;
    this.viewMap = null;
  }
}
