// The hub's wire shapes; the server's twin is Boards/BoardContracts.cs.

export type ItemKind = 'pen' | 'line' | 'arrow' | 'rect' | 'ellipse' | 'text';

export interface BoardItem {
  id: string;
  kind: ItemKind;
  color: string;
  width: number;
  /** pen: x, y, pressure triples; line/arrow (from, to), rect/ellipse: x1, y1, x2, y2; text: x, y. */
  points: number[];
  text?: string | null;
  dx: number;
  dy: number;
  author?: string | null;
}

export interface ItemMove { id: string; dx: number; dy: number }

export type OperationKind = 'add' | 'remove' | 'move' | 'clear';

export interface BoardOperation {
  opId: string;
  kind: OperationKind;
  items?: BoardItem[];
  ids?: string[];
  moves?: ItemMove[];
}

export interface BoardChange extends BoardOperation {
  version: number;
  by?: string | null;
  connectionId?: string | null;
}

export interface BoardSync {
  version: number;
  items?: BoardItem[] | null;
  changes?: BoardChange[] | null;
}

export interface Participant { connectionId: string; name: string; color: string }

export interface BoardLimits {
  maxItems: number;
  maxBoardBytes: number;
  maxPointsPerItem: number;
  maxTextLength: number;
  operationsPerSecond: number;
}

export interface JoinResult {
  self: Participant;
  participants: Participant[];
  board: BoardSync;
  limits: BoardLimits;
}

export const HUB_PATH = '/hubs/whiteboard';
