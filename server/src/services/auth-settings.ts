/**
 * How long sessions last and how hard failed sign-ins are throttled, and the secrets handed out
 * (session cookies, CSRF tokens, API tokens), of which only a SHA-256 hash is stored: a copy of
 * the database opens no session and holds no usable token.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface AuthSettings {
  idleMinutes: number;
  absoluteHours: number;
  /** Failed sign-ins for one username from one address within the window before 429. */
  maxFailuresPerUser: number;
  /** Failed sign-ins from one address within the window (a commune office shares one address). */
  maxFailuresPerIp: number;
  windowMinutes: number;
  /** Failures of a username from every address within the window after which attempts wait. */
  backoffAfter: number;
  /** The longest wait between attempts on one username. */
  backoffMaxSeconds: number;
  /** An address where the user signed in within these days is theirs: the username's wait spares it. */
  usualAddressDays: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  idleMinutes: 120,
  absoluteHours: 12,
  maxFailuresPerUser: 10,
  maxFailuresPerIp: 100,
  windowMinutes: 15,
  backoffAfter: 10,
  backoffMaxSeconds: 300,
  usualAddressDays: 30,
};

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** 256 random bits, URL-safe: a cookie, a CSRF token or the body of an API token. */
export const newSecret = () => randomBytes(32).toString('base64url');
