/**
 * Where the app is: the browser's address, or, while the server renders a page's first frame
 * (`first-frame.tsx`), the address the page was asked for. The hooks that read the address take
 * it from here for the server's snapshot; a render on the server is synchronous, so the address
 * set for it is the only one in use until it ends.
 */
let rendering: { pathname: string; search: string } | null = null;

export function currentPathname(): string {
  return rendering ? rendering.pathname : window.location.pathname;
}

export function currentSearch(): string {
  return rendering ? rendering.search : window.location.search;
}

/** Runs `render` as if the browser were at `url` (a path with its query). */
export function renderingAt<T>(url: string, render: () => T): T {
  const u = new URL(url, 'http://page.invalid');
  rendering = { pathname: u.pathname, search: u.search };
  try {
    return render();
  } finally {
    rendering = null;
  }
}
