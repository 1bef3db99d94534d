/**
 * What the server writes into the SPA's page for the app to read before its first request. Its
 * own module (`@tiendo/shared/page`), so that the page's first script does not import the API's
 * schemas with it.
 */

/**
 * The cookie that tells the server the reader's language (`en`; anything else is Vietnamese), so
 * that the first frame it renders into the page is in the language the app will show. The app
 * keeps the choice in its own storage and writes this beside it.
 */
export const LANG_COOKIE = 'tiendo_lang';

/** The id of the page's JSON data block that carries what /api/auth/session would answer. */
export const SESSION_BLOCK_ID = 'tiendo-session';

const OPEN = `<script id="${SESSION_BLOCK_ID}" type="application/json">`;
const CLOSE = '</script>';

/**
 * The block, for the server: a JSON data block is not run as a script (so no CSP exception), and
 * `<` is written as `\u003c` so that nothing in it (a name with `</script>` in it) can end it early.
 */
export function sessionBlock(value: unknown): string {
  return `${OPEN}${JSON.stringify(value).replace(/</g, '\\u003c')}${CLOSE}`;
}

/** What a page's block says, for a client that reads the page as text (the load test); null: no block. */
export function sessionInPage(html: string): unknown {
  const at = html.indexOf(OPEN);
  if (at < 0) return null;
  return JSON.parse(html.slice(at + OPEN.length, html.indexOf(CLOSE, at)));
}
