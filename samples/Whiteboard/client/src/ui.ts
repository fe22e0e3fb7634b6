// Small DOM helpers: elements, icons, toasts and the confirmation dialog.

type Props = Record<string, unknown>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

const ICONS: Record<string, string> = {
  pen: '<path d="M4 20l4-1 11-11-3-3L5 16l-1 4z"/><path d="M14 6l3 3"/>',
  eraser: '<path d="M7 20h12"/><path d="M4.5 14.5l8-8a2 2 0 012.8 0l3.2 3.2a2 2 0 010 2.8L13 18H8.5l-4-4a1 1 0 010-1.4z" transform="translate(0 -1)"/>',
  line: '<path d="M5 19L19 5"/>',
  arrow: '<path d="M5 19L19 5M10 5h9v9"/>',
  rect: '<rect x="4" y="6" width="16" height="12" rx="2"/>',
  ellipse: '<ellipse cx="12" cy="12" rx="8" ry="6"/>',
  text: '<path d="M5 6V5h14v1M12 5v14M9 19h6"/>',
  select: '<path d="M5 4l6 15 2-6 6-2z"/>',
  hand: '<path d="M8 13V6a1.5 1.5 0 013 0v6M11 11V4.5a1.5 1.5 0 013 0V11M14 11V6a1.5 1.5 0 013 0v8a6 6 0 01-6 6h-1a6 6 0 01-5-2.7L3.5 14a1.5 1.5 0 012.4-1.8L8 14"/>',
  undo: '<path d="M9 14L4 9l5-5"/><path d="M4 9h10a6 6 0 010 12h-3"/>',
  redo: '<path d="M15 14l5-5-5-5"/><path d="M20 9H10a6 6 0 000 12h3"/>',
  trash: '<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3"/>',
  download: '<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>',
  plus: '<path d="M12 5v14M5 12h14"/>',
  minus: '<path d="M5 12h14"/>',
  close: '<path d="M6 6l12 12M18 6L6 18"/>',
  link: '<path d="M10 14a4 4 0 005.7 0l3-3a4 4 0 00-5.7-5.7l-1 1"/><path d="M14 10a4 4 0 00-5.7 0l-3 3a4 4 0 005.7 5.7l1-1"/>',
  fit: '<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/>',
};

export function icon(name: string): SVGSVGElement {
  const wrapper = document.createElement('span');
  wrapper.innerHTML = `<svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.9" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${ICONS[name] ?? ''}</svg>`;
  return wrapper.firstElementChild as SVGSVGElement;
}

let toastHost: HTMLElement | undefined;

export function toast(message: string, kind: 'info' | 'error' = 'info', ms = 3_500): void {
  if (!toastHost) {
    toastHost = el('div', { className: 'toasts' });
    toastHost.setAttribute('role', 'status');
    document.body.append(toastHost);
  }
  const node = el('div', { className: `toast ${kind}`, textContent: message });
  toastHost.append(node);
  while (toastHost.children.length > 4) toastHost.firstElementChild!.remove();
  setTimeout(() => { node.classList.add('leaving'); setTimeout(() => node.remove(), 300); }, ms);
}

/** A modal question; resolves true when confirmed (the button carries data-testid="confirm"). */
export function ask(title: string, body: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = el('button', { className: 'secondary', textContent: 'Cancel' });
    const ok = el('button', { className: 'danger', textContent: confirmLabel });
    ok.dataset.testid = 'confirm';
    const dialog = el('div', { className: 'modal-backdrop' },
      el('div', { className: 'modal', role: 'dialog' }, el('h3', { textContent: title }), el('p', { textContent: body }), el('div', { className: 'modal-actions' }, cancel, ok)));
    const done = (answer: boolean) => { dialog.remove(); document.removeEventListener('keydown', onKey, true); resolve(answer); };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') { e.stopPropagation(); done(false); }
      if (e.key === 'Enter') { e.stopPropagation(); done(true); }
    };
    cancel.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    dialog.addEventListener('pointerdown', (e) => { if (e.target === dialog) done(false); });
    document.addEventListener('keydown', onKey, true);
    document.body.append(dialog);
    ok.focus();
  });
}

/** The text after "HubException: " in a hub error: the server's message meant for people. */
export function hubErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const marker = 'HubException: ';
  const at = text.indexOf(marker);
  return at >= 0 ? text.slice(at + marker.length) : text;
}

export function isRefusal(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return text.includes('HubException: ') || text.includes('Rate limit exceeded') || text.includes('due to an error on the server');
}
