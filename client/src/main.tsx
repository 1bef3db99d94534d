/**
 * The page's entry: the style sheet (a link in the page, so the page is never drawn without it)
 * and the start of the app (start.tsx, its own chunk, preloaded by the page).
 *
 * With the server's first frame in the page (server/src/plugins/spa.ts), the app starts only
 * after the browser has drawn that frame: its script, read from the cache, would otherwise be
 * evaluated as soon as the page is parsed, before any frame, and with its first render (most of a
 * second on a busy machine) hold the page blank. The app's requests go out a frame later.
 */
import './app/styles.css';

const start = () => import('./start.tsx');

if (document.getElementById('root')?.hasAttribute('inert')) requestAnimationFrame(() => setTimeout(start, 0));
else void start();
