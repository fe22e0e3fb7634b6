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

/** A participant's presence state in the board's room, as the hub sets it. */
export interface ParticipantState { name?: string; color?: string }

/** The framework's room presence event: `presence(board, event)` to the room's other members. */
export interface PresenceEvent {
  kind: 'join' | 'update' | 'leave';
  connectionId: string;
  user?: string | null;
  state?: ParticipantState | null;
}

export const PRESENCE_METHOD = 'presence';

/** The participant a room member stands for (a state that is not ours shows as a guest). */
export function participantOf(connectionId: string, state: ParticipantState | null | undefined): Participant {
  return {
    connectionId,
    name: typeof state?.name === 'string' && state.name ? state.name : 'Guest',
    color: typeof state?.color === 'string' && state.color ? state.color : '#757575',
  };
}

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
