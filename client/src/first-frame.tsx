/**
 * The app's first frame as HTML, for the server to put in the page it sends (built apart by
 * `vite build --ssr`, see package.json; the server loads it if the build has it).
 *
 * What the browser shows before the app's script has been read, run and painted: the same
 * components, with the session the page carries, at the address asked for, in the reader's
 * language, before any figure has come (the panels say they are loading), with the basis and the
 * map at their defaults. Under load the app's script takes most of a second to be read and run;
 * the heading and the page's frame are on screen from the page itself. The app then takes this
 * markup over as it is (start.tsx hydrates it: the same tree, `AppRoot`), or, in a browser that
 * remembers another language, basis or map, draws its own frame in its place.
 */
import type { SessionReply } from '@tiendo/shared';
import { renderToString } from 'react-dom/server';
import { AppRoot } from './app/AppRoot.tsx';
import { createQueryClient } from './app/query-client.ts';
import { sessionOf, setSession } from './features/auth/queries.ts';
import type { Lang } from './i18n/format.ts';
import { initI18n } from './i18n/index.ts';
import { renderingAt } from './routing/location.ts';

const i18n = initI18n('vi');

/** React's mark of a Suspense boundary the server could not render (`<!--$!-->`). */
const CLIENT_RENDERED = '<!--$!-->';

/**
 * The markup of the dashboard's first frame (the page at `/`, with or without a query) for a
 * signed-in reader, or null: other pages and the login page are left to the app. A form that
 * works only once the script runs must not be on screen before it: typed into and sent, the
 * sign-in or a password change would put the password in the address.
 */
export function renderFirstFrame(session: SessionReply, url: string, lang: Lang): string | null {
  if (session.state !== 'signed-in' || session.mustChangePassword) return null;
  if (new URL(url, 'http://page.invalid').pathname !== '/') return null;
  const qc = createQueryClient();
  setSession(qc, sessionOf(session, qc));
  // synchronous: the resources are in the bundle (initAsync false)
  void i18n.changeLanguage(lang);
  try {
    const html = renderingAt(url, () => renderToString(<AppRoot client={qc} />));
    // A part that only the browser can draw (a lazily loaded screen, such as meeting mode) leaves a
    // boundary for the browser to render instead, which the app would report as it takes the frame
    // over: no frame then, the app draws its own.
    return html.includes(CLIENT_RENDERED) ? null : html;
  } finally {
    qc.clear();
  }
}
