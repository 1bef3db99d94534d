import { z } from 'zod';

/**
 * Fastify's `trustProxy`: false, the number of proxies in front (the client is then the address
 * that many hops from the right of X-Forwarded-For), or the proxies' addresses.
 */
export type TrustProxy = false | number | string[];

/** Names proxy-addr understands in place of addresses. */
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().default('file:./data/tiendo.sqlite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Pretend today is this date (YYYY-MM-DD): demos and tests that must not depend on the clock. */
  TIENDO_TODAY: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  /**
   * Behind a reverse proxy: which proxies to believe about X-Forwarded-For/-Proto. `0` (the
   * default) believes none; a number is how many proxies stand in front of the server; otherwise a
   * comma-separated list of the proxies' addresses or subnets. Never "all": the left-most
   * X-Forwarded-For entry is written by the client itself.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('0')
    .transform((v, ctx): TrustProxy => {
      if (/^\d+$/.test(v)) return Number(v) === 0 ? false : Number(v);
      const list = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (list.length === 0 || !list.every((a) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(a) || PROXY_PRESETS.has(a))) {
        ctx.addIssue({
          code: 'custom',
          message: 'TRUST_PROXY: 0, a number of proxies, or a comma-separated list of addresses (e.g. 10.0.0.5,loopback)',
        });
        return z.NEVER;
      }
      return list;
    }),
  /** Worker threads that render meeting reports (a CPU each); default: the cores less one, 1 to 4. */
  RENDER_WORKERS: z.coerce.number().int().min(1).max(16).optional(),
  /** Start in production even though the published demo accounts exist. */
  ALLOW_DEMO_ACCOUNTS: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  /**
   * Where mail goes (smtp://user:pass@host:587, smtps://… for TLS from the start). Unset: the
   * notifications stay in the app and nothing is written to the mail outbox.
   */
  SMTP_URL: z.string().url().optional(),
  /** The sender of every mail. */
  MAIL_FROM: z.string().default('Tiến độ 06 <no-reply@tiendo06.local>'),
  /** Seed the Hanoi demo into an empty database at start. */
  SEED_DEMO: z
    .enum(['0', '1'])
    .default('1')
    .transform((v) => v === '1'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  logLevel: string;
  seedDemo: boolean;
  trustProxy: TrustProxy;
  /** Report-rendering worker threads; unset: chosen from the number of cores. */
  renderWorkers?: number | undefined;
  allowDemoAccounts: boolean;
  /** SMTP server of the mail outbox; undefined: notifications are in-app only. */
  smtpUrl?: string | undefined;
  mailFrom?: string | undefined;
  /** Today's date, `YYYY-MM-DD`, in Vietnam's time zone. */
  today(): string;
}

/** Vietnam is UTC+7 all year: the date in Hà Nội, not the server's zone. */
export function vietnamToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${issues}`);
  }
  const e = parsed.data;
  const fixedToday = e.TIENDO_TODAY;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO,
    trustProxy: e.TRUST_PROXY,
    renderWorkers: e.RENDER_WORKERS,
    allowDemoAccounts: e.ALLOW_DEMO_ACCOUNTS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    today: () => fixedToday ?? vietnamToday(),
  };
}
