import './app.css';
import { BoardPage } from './board';
import { showLanding } from './landing';

const root = document.getElementById('app')!;
const match = /^\/b\/([A-Za-z0-9_-]{1,64})\/?$/.exec(location.pathname);
if (match) {
  const page = new BoardPage(root, match[1], new URLSearchParams(location.search));
  (window as unknown as { whiteboard: BoardPage }).whiteboard = page;
} else {
  showLanding(root);
}
