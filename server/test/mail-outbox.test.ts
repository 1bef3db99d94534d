/**
 * The mail outbox against a real SMTP server (npm `smtp-server`) started here: a reminder from the
 * late list is mailed exactly once; a server that is down is retried later; and a sender killed
 * (SIGKILL) in the middle of the SMTP exchange loses nothing and doubles nothing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { smallWorld } from '@tiendo/seed/factories';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../src/services/auth-service.ts';
import { createServices, type Services } from '../src/services/index.ts';
import { MailSender, RECLAIM_AFTER_MS } from '../src/services/mail-outbox.ts';
import { TEST_OPEN, TEST_TODAY } from './constants.ts';
import { createTestApp, DEMO_PASSWORD, type TestContext } from './helpers.ts';

interface Received {
  to: string[];
  messageId: string | undefined;
  subject: string | undefined;
  raw: string;
}

/** A real SMTP server on a free port; `stall` makes it take DATA and never answer it. */
async function startSmtp() {
  const received: Received[] = [];
  const state = { stall: false, onStalled: () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // Stalled: the whole message arrived but the 250 that accepts it is never sent, so it was
        // never delivered; the client waits until it is killed.
        if (state.stall) {
          state.onStalled();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim(),
          subject: /^Subject:\s*(.+)$/im.exec(raw)?.[1]?.trim(),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    state,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

let t: TestContext;
let services: Services;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let thuky: Principal;
const FROM = 'Tiến độ 06 <no-reply@tiendo06.local>';
const sender = (opts: { url?: string; now?: () => number } = {}) =>
  new MailSender(t.db.sqlite, {
    smtpUrl: opts.url ?? smtp.url,
    from: FROM,
    transport: { ignoreTLS: true },
    ...(opts.now ? { now: opts.now } : {}),
  });
const rows = () =>
  t.db.sqlite
    .prepare(
      'SELECT id, to_address AS toAddress, message_id AS messageId, state, attempts, last_error AS lastError FROM mail_outbox ORDER BY id',
    )
    .all() as {
    id: number;
    toAddress: string;
    messageId: string;
    state: string;
    attempts: number;
    lastError: string | null;
  }[];

/** A late team of Ba Đình with a reporter of the test's own who has an email address. */
async function lateTeamWithEmail(n: number): Promise<{ code: string; email: string }> {
  const late = services.late.late('00004', TEST_OPEN).units.filter((u) => u.level === 4 && u.remindedAt === null);
  const unit = late[n];
  if (!unit) throw new Error('not enough late teams under 00004');
  const email = `to.${unit.code}@example.vn`;
  await services.users.create(
    {
      username: `mail.${unit.code}`,
      displayName: `Tổ trưởng ${unit.name}`,
      unitCode: unit.code,
      role: 'reporter',
      password: DEMO_PASSWORD,
      demo: true,
      email,
    },
    null,
  );
  return { code: unit.code, email };
}

beforeAll(async () => {
  // Ba Đình (`00004`) with eight teams, none reported in the open period: each test reminds its own.
  t = await createTestApp({ world: smallWorld({ teams: [2, 8] }) });
  smtp = await startSmtp();
  // The same database with mail on, as a server with SMTP_URL set builds it.
  services = createServices(t.db, { today: () => TEST_TODAY, smtpUrl: smtp.url });
  thuky = (await services.auth.login('thuky', DEMO_PASSWORD, '127.0.0.1', null)).principal;
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

describe('mail outbox', () => {
  it('writes nothing to the outbox when no SMTP server is configured', async () => {
    const { code } = await lateTeamWithEmail(0);
    t.app.services.late.remind(thuky, '01', TEST_OPEN, [code], null);
    expect(rows()).toEqual([]);
  });

  it('mails a reminder from the late list exactly once, with the row’s Message-ID', async () => {
    const { code, email } = await lateTeamWithEmail(1);
    const r = services.late.remind(thuky, '01', TEST_OPEN, [code], '127.0.0.1');
    expect(r.reminded).toEqual([expect.objectContaining({ code })]);
    const [row] = rows();
    expect(row).toMatchObject({ toAddress: email, state: 'pending' });
    const s = sender();
    expect(await s.drain()).toEqual({ sent: 1, failed: 0 });
    expect(await s.drain()).toEqual({ sent: 0, failed: 0 });
    s.close();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual([email]);
    expect(smtp.received[0]?.messageId).toBe(row?.messageId);
    expect(smtp.received[0]?.raw).toContain('=?UTF-8?');
    expect(rows()[0]).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('keeps the mail when the SMTP server is down and sends it once it is back', async () => {
    smtp.received.length = 0;
    const { code, email } = await lateTeamWithEmail(2);
    services.late.remind(thuky, '01', TEST_OPEN, [code], null);
    const row = rows().at(-1);
    expect(row).toMatchObject({ toAddress: email, state: 'pending' });
    // Nothing listens on this one: the connection is refused.
    const down = sender({ url: 'smtp://127.0.0.1:1' });
    expect(await down.drain()).toEqual({ sent: 0, failed: 1 });
    down.close();
    expect(rows().at(-1)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(rows().at(-1)?.lastError).toBeTruthy();
    // Not due again at once: the retry waits for its backoff.
    const soon = sender();
    expect(await soon.drain()).toEqual({ sent: 0, failed: 0 });
    soon.close();
    const later = sender({ now: () => Date.now() + 5 * 60_000 });
    expect(await later.drain()).toEqual({ sent: 1, failed: 0 });
    later.close();
    expect(smtp.received.map((m) => m.messageId)).toEqual([row?.messageId]);
    expect(rows().at(-1)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('delivers exactly once across a sender killed (SIGKILL) in the middle of the SMTP exchange', async () => {
    smtp.received.length = 0;
    const { code, email } = await lateTeamWithEmail(3);
    services.late.remind(thuky, '01', TEST_OPEN, [code], null);
    const row = rows().at(-1);
    expect(row).toMatchObject({ toAddress: email, state: 'pending' });
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');

    smtp.state.stall = true;
    let child: ChildProcess | null = null;
    const stalled = new Promise<void>((ok) => {
      smtp.state.onStalled = ok;
    });
    child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve('server/test/fixtures/killed-sender.ts'), t.db.sqlite.name as string, smtp.url],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((ok) => child?.on('exit', (_code, signal) => ok(signal)));
    await Promise.race([stalled, exited.then(() => Promise.reject(new Error(`the sender ended before sending: ${out}`)))]);
    // The message is on the wire, unanswered: the sender dies here.
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).toContain('sending');
    expect(out).not.toContain('finished');
    expect(smtp.received).toHaveLength(0);
    const claimed = rows().at(-1);
    expect(claimed).toMatchObject({ state: 'sending', attempts: 1 });

    smtp.state.stall = false;
    // Another process (or the restarted one) before the claim is stale leaves it alone …
    const early = sender();
    expect(await early.drain()).toEqual({ sent: 0, failed: 0 });
    early.close();
    // … and sends it once the claim is stale, under the same Message-ID.
    const after = sender({ now: () => Date.now() + RECLAIM_AFTER_MS + 60_000 });
    expect(await after.drain()).toEqual({ sent: 1, failed: 0 });
    expect(await after.drain()).toEqual({ sent: 0, failed: 0 });
    after.close();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.messageId).toBe(row?.messageId);
    expect(rows().at(-1)).toMatchObject({ state: 'sent', attempts: 2 });
  });
});
