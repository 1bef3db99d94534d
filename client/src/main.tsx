import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { createQueryClient } from './app/query-client.ts';
import { pageSession, sessionQuery, setSession } from './features/auth/queries.ts';
import { unitQuery } from './features/units/queries.ts';
import { initI18n } from './i18n/index.ts';
import { parseUrlState } from './routing/url-state.ts';
import './app/styles.css';

initI18n();
const queryClient = createQueryClient();

// The first paint needs the session, the catalogue and the unit. The page carries the session and
// its catalogue (features/auth/queries.ts puts them in the cache; without them they are asked
// for); a shared link's unit is asked for as soon as the session is known to be signed in, so the
// login page makes no request that is refused (a 401 in the console reads as a fault to whoever
// opens it).
const inPage = pageSession(queryClient);
if (inPage) setSession(queryClient, inPage);
const linked = parseUrlState(window.location.search);
void queryClient.fetchQuery(sessionQuery()).then(
  (session) => {
    if (session.state === 'signed-out') return;
    // A shared link names its period; without one the dashboard's default period is not known yet.
    if (linked.unit && linked.period) void queryClient.prefetchQuery(unitQuery(linked.unit, linked.period, linked.map ?? 'period'));
  },
  // the app shows the session's error itself
  () => undefined,
);

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
