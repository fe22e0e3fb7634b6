// Boards this browser opened, newest first, with a small picture of each (kept in localStorage only).
export interface RecentBoard { id: string; openedAt: number; thumbnail?: string }

const KEY = 'whiteboard.recent';
const MAX = 12;

export function recentBoards(): RecentBoard[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((b) => typeof b?.id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberBoard(id: string, thumbnail?: string): void {
  const previous = recentBoards().find((b) => b.id === id);
  const entry: RecentBoard = { id, openedAt: Date.now(), thumbnail: thumbnail ?? previous?.thumbnail };
  const list = [entry, ...recentBoards().filter((b) => b.id !== id)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list is a convenience only.
  }
}

export function forgetBoard(id: string): void {
  localStorage.setItem(KEY, JSON.stringify(recentBoards().filter((b) => b.id !== id)));
}

export function savedName(): string | null { return localStorage.getItem('whiteboard.name'); }

export function saveName(name: string): void { localStorage.setItem('whiteboard.name', name); }

export function newBoardId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
