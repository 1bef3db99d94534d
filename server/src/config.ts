import { z } from 'zod';

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
  /** Behind a reverse proxy: trust X-Forwarded-* (so the session cookie is Secure over HTTPS). */
  TRUST_PROXY: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  /** Start in production even though the published demo accounts exist. */
  ALLOW_DEMO_ACCOUNTS: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
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
  trustProxy: boolean;
  allowDemoAccounts: boolean;
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
    allowDemoAccounts: e.ALLOW_DEMO_ACCOUNTS,
    today: () => fixedToday ?? vietnamToday(),
  };
}
