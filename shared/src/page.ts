/**
 * What the server writes into the SPA's page for the app to read before its first request. Its
 * own module (`@tiendo/shared/page`), so that the page's first script does not import the API's
 * schemas with it.
 */

/** The id of the page's JSON data block that carries what /api/auth/session would answer. */
export const SESSION_BLOCK_ID = 'tiendo-session';
