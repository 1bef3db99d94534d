/**
 * The app: started by main.tsx (the page's entry) once the page can show something. Its own chunk,
 * which the page preloads (vite.config.ts) so it is read and compiled while the page is parsed.
 */
import { createRoot, hydrateRoot } from 'react-dom/client';
import { AppRoot } from './app/AppRoot.tsx';
import { createQueryClient } from './app/query-client.ts';
import { pageSession, sessionQuery, setSession } from './features/auth/queries.ts';
import { getBasis } from './features/units/basis.ts';
import { getMap } from './features/units/map-view.ts';
import { unitQuery } from './features/units/queries.ts';
import { initI18n, storedLang } from './i18n/index.ts';
import { parseUrlState } from './routing/url-state.ts';

const root = document.getElementById('root');
// The server renders the dashboard's first frame into the page (first-frame.tsx) in the language of
// the reader's cookie, which it writes on the page, and with the basis and the map at their
// defaults. When this browser agrees, the app takes that frame over as it is (hydration: the same
// elements, nothing drawn again); when it remembers another choice, it draws its own in its place.
const framed = root?.hasAttribute('inert') === true;
const hydrate = framed && document.documentElement.lang === storedLang() && getBasis() === 'submitted' && getMap() === 'period';

initI18n();
const queryClient = createQueryClient();

// The first paint needs the session, the catalogue and the unit. The page carries the session and
// its catalogue (features/auth/queries.ts puts them in the cache; without them they are asked
// for); a shared link's unit is asked for as soon as the session is known to be signed in, so the
// login page makes no request that is refused (a 401 in the console reads as a fault to whoever
// opens it). Not while taking over the server's frame: that frame has no unit yet, and an answer
// arriving during the takeover would make the app's frame differ from it.
const inPage = pageSession(queryClient);
if (inPage) setSession(queryClient, inPage);
const linked = parseUrlState(window.location.search);
void queryClient.fetchQuery(sessionQuery()).then(
  (session) => {
    if (session.state === 'signed-out' || hydrate) return;
    // A shared link names its period; without one the dashboard's default period is not known yet.
    if (linked.unit && linked.period) void queryClient.prefetchQuery(unitQuery(linked.unit, linked.period, linked.map ?? 'period'));
  },
  // the app shows the session's error itself
  () => undefined,
);

if (root && hydrate) hydrateRoot(root, <AppRoot client={queryClient} />);
else if (root) createRoot(root).render(<AppRoot client={queryClient} />);
