// The landing page: start a new board, join one by link or id, or reopen a recent one.
import { forgetBoard, newBoardId, recentBoards, saveName, savedName } from './recent';
import { el, icon } from './ui';

function ago(ms: number): string {
  const s = Math.round((Date.now() - ms) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

function boardIdFrom(input: string): string | null {
  const text = input.trim();
  const match = /\/b\/([A-Za-z0-9_-]{1,64})/.exec(text) ?? /^([A-Za-z0-9_-]{1,64})$/.exec(text);
  return match ? match[1] : null;
}

export function showLanding(root: HTMLElement): void {
  document.title = 'Whiteboard';
  const name = el('input', { className: 'field', placeholder: 'Your name', maxLength: 40, value: savedName() ?? '' }) as HTMLInputElement;
  name.addEventListener('change', () => saveName(name.value.trim()));
  const open = (id: string) => {
    if (name.value.trim()) saveName(name.value.trim());
    location.href = `/b/${encodeURIComponent(id)}`;
  };
  const create = el('button', { className: 'primary big', textContent: 'New board' });
  create.dataset.testid = 'new-board';
  create.prepend(icon('plus'));
  create.addEventListener('click', () => open(newBoardId()));

  const joinInput = el('input', { className: 'field', placeholder: 'Paste a board link or id' }) as HTMLInputElement;
  const joinError = el('div', { className: 'field-error' });
  const join = el('form', { className: 'join-row' }, joinInput, el('button', { className: 'secondary', type: 'submit', textContent: 'Join' }));
  join.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = boardIdFrom(joinInput.value);
    if (id) open(id);
    else joinError.textContent = 'That is not a board link: board ids are letters, digits, - and _.';
  });

  const recent = recentBoards();
  const list = el('div', { className: 'recent-list' });
  for (const board of recent) {
    const card = el('a', { className: 'recent-card', href: `/b/${board.id}` });
    const thumb = el('div', { className: 'thumb' });
    if (board.thumbnail) thumb.append(el('img', { src: board.thumbnail, alt: '' }));
    const remove = el('button', { className: 'icon-button forget', title: 'Remove from this list' }, icon('close'));
    remove.addEventListener('click', (e) => { e.preventDefault(); forgetBoard(board.id); card.remove(); });
    card.append(thumb, el('div', { className: 'recent-meta' }, el('strong', { textContent: board.id }), el('span', { textContent: ago(board.openedAt) })), remove);
    list.append(card);
  }

  root.replaceChildren(el('main', { className: 'landing' },
    el('section', { className: 'hero' },
      el('div', { className: 'brand' }, el('img', { src: '/favicon.svg', alt: '' }), el('span', { textContent: 'Whiteboard' })),
      el('h1', { textContent: 'Sketch it out, together.' }),
      el('p', { className: 'lead', textContent: 'A shared canvas for your team: everyone sees every stroke as it is drawn, with live cursors and who is here. Send the link, start drawing.' }),
      el('div', { className: 'start' }, name, create),
      join, joinError,
      el('ul', { className: 'features' },
        ...[
          ['Live', 'strokes appear while they are drawn; cursors and who is here'],
          ['Any network', 'WebSockets, Server-Sent Events or long polling, reconnecting by itself'],
          ['Kept', 'boards survive restarts, and several servers share them over NATS'],
        ].map(([title, text]) => el('li', {}, el('strong', { textContent: title }), el('span', { textContent: text }))))),
    el('section', { className: 'recent' },
      el('h2', { textContent: 'Recent boards' }),
      recent.length ? list : el('p', { className: 'muted', textContent: 'Boards you open show up here.' }))));
}
