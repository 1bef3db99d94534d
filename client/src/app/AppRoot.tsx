import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useLayoutEffect } from 'react';
import { App } from './App.tsx';

/**
 * The whole tree, the same in the browser and on the server (first-frame.tsx), so that the app
 * can take over the frame the server rendered into the page without drawing it again.
 */
export function AppRoot({ client }: { client: QueryClient }) {
  return (
    <StrictMode>
      <QueryClientProvider client={client}>
        <Live />
      </QueryClientProvider>
    </StrictMode>
  );
}

/**
 * The server's frame is inert until the app runs (server/src/plugins/spa.ts): a click on it would
 * reach no handler. The app's first commit makes the root live, before its frame is painted.
 */
function Live() {
  useLayoutEffect(() => {
    document.getElementById('root')?.removeAttribute('inert');
  }, []);
  return <App />;
}
