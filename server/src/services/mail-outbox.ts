/**
 * The mail outbox: mail is written to `mail_outbox` in the same transaction as what causes it
 * (a returned report, a reminder), and a sender loop delivers it later through SMTP. A crash of
 * the server therefore never loses a message: either the cause and its mail are both committed,
 * or neither is.
 *
 * Delivery, row by row: claim (pending → sending, with who and when, in one UPDATE so two
 * processes never claim the same row), send with nodemailer, mark sent. A failure puts the row
 * back to pending with a later `not_before` (backoff); after MAX_ATTEMPTS it stays failed. A row
 * left in `sending` by a process that died is claimed again after RECLAIM_AFTER_MS.
 *
 * The one window left, stated honestly: if the process dies after the SMTP server accepted the
 * message (its 250 reply to DATA) but before the row is marked sent, the row is sent again after
 * the reclaim timeout. The second copy carries the same Message-ID (the row's own, fixed when the
 * row was written), so mail servers and clients that deduplicate by Message-ID show it once; no
 * SMTP exchange can close that window entirely (SMTP has no idempotent submit). A process killed
 * at any point before the 250 reply loses nothing and doubles nothing: the server discards a
 * message whose DATA never finished. RECLAIM_AFTER_MS is far longer than the SMTP timeouts below,
 * so a sender that is slow but alive is never overtaken by another.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, asc, eq, lte, or, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import { ormOf, type Sqlite } from '../db/client.ts';
import { mailOutbox } from '../db/schema.ts';

export const MAX_ATTEMPTS = 8;
/** Longer than the whole SMTP exchange can take (connection + greeting + socket timeouts). */
export const RECLAIM_AFTER_MS = 10 * 60_000;
const SMTP_TIMEOUT_MS = 60_000;

/** 1 min, 2, 4 … capped at 2 h: a mail server down for the night is retried, not hammered. */
export function backoffMs(attempts: number): number {
  return Math.min(2 * 3600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

export interface OutboxMail {
  to: string;
  subject: string;
  body: string;
}

/** Writes mail into the outbox; call it inside the transaction of what causes the mail. */
export class MailOutbox {
  private readonly insert;

  constructor(
    sqlite: Sqlite,
    /** False when no SMTP server is configured: nothing is written, the notifications stay in-app. */
    readonly enabled: boolean,
    private readonly domain = 'tiendo06.local',
  ) {
    const p = (name: string) => sql.placeholder(name);
    this.insert = ormOf(sqlite)
      .insert(mailOutbox)
      .values({
        toAddress: p('to'),
        subject: p('subject'),
        body: p('body'),
        messageId: p('messageId'),
        state: 'pending',
        attempts: 0,
        notBefore: p('now'),
        createdAt: p('now'),
      })
      .prepare();
  }

  enqueue(mail: OutboxMail): void {
    if (!this.enabled) return;
    const now = new Date().toISOString();
    this.insert.run({ to: mail.to, subject: mail.subject, body: mail.body, messageId: `<${randomUUID()}@${this.domain}>`, now });
  }
}

export interface SenderOptions {
  smtpUrl: string;
  from: string;
  /** Who claims rows, so a reclaimed row says whose send was cut short. */
  name?: string;
  reclaimAfterMs?: number;
  /** Extra nodemailer SMTP options (tests: no TLS upgrade against a local server). */
  transport?: Record<string, unknown>;
  /** The clock, in ms: what is due and what is stale is read against it. */
  now?: () => number;
}

/** Sends what the outbox holds. Several processes may run one each over the same database. */
export class MailSender {
  readonly name: string;
  private readonly transporter: Transporter;
  private readonly reclaimAfterMs: number;
  private readonly s;

  constructor(
    sqlite: Sqlite,
    private readonly opts: SenderOptions,
  ) {
    this.name = opts.name ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.reclaimAfterMs = opts.reclaimAfterMs ?? RECLAIM_AFTER_MS;
    this.transporter = nodemailer.createTransport({
      url: opts.smtpUrl,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
      ...opts.transport,
    } as Parameters<typeof nodemailer.createTransport>[0]);
    const orm = ormOf(sqlite);
    const p = (name: string) => sql.placeholder(name);
    const t = mailOutbox;
    const due = orm
      .select({ id: t.id })
      .from(t)
      .where(or(and(eq(t.state, 'pending'), lte(t.notBefore, p('now'))), and(eq(t.state, 'sending'), lte(t.claimedAt, p('stale')))))
      .orderBy(asc(t.notBefore), asc(t.id))
      .limit(1);
    this.s = {
      // One statement: SQLite runs writes one at a time, so exactly one process gets each row.
      claim: orm
        .update(t)
        .set({ state: 'sending', claimedAt: sql`${p('now')}`, claimedBy: sql`${p('by')}`, attempts: sql`${t.attempts} + 1` })
        .where(eq(t.id, sql`(${due})`))
        .returning({ id: t.id, toAddress: t.toAddress, subject: t.subject, body: t.body, messageId: t.messageId, attempts: t.attempts })
        .prepare(),
      sent: orm
        .update(t)
        .set({ state: 'sent', sentAt: sql`${p('at')}`, lastError: null })
        .where(eq(t.id, p('id')))
        .prepare(),
      failed: orm
        .update(t)
        .set({
          state: sql`${p('state')}`,
          notBefore: sql`${p('notBefore')}`,
          lastError: sql`${p('error')}`,
          claimedAt: null,
          claimedBy: null,
        })
        .where(eq(t.id, p('id')))
        .prepare(),
    };
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  private claim() {
    const now = this.now();
    return this.s.claim.get({
      now: new Date(now).toISOString(),
      stale: new Date(now - this.reclaimAfterMs).toISOString(),
      by: this.name,
    });
  }

  /** Sends what is due now, one row at a time; returns how many were sent and how many failed. */
  async drain(max = 100): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (let i = 0; i < max; i++) {
      const row = this.claim();
      if (!row) break;
      try {
        await this.transporter.sendMail({
          from: this.opts.from,
          to: row.toAddress,
          subject: row.subject,
          text: row.body,
          messageId: row.messageId,
        });
        this.s.sent.run({ at: new Date(this.now()).toISOString(), id: row.id });
        sent++;
      } catch (err) {
        failed++;
        const giveUp = row.attempts >= MAX_ATTEMPTS;
        this.s.failed.run({
          state: giveUp ? 'failed' : 'pending',
          notBefore: new Date(this.now() + backoffMs(row.attempts)).toISOString(),
          error: String((err as Error).message ?? err).slice(0, 500),
          id: row.id,
        });
        // Most failures are the server's (down, refusing): the rest of the queue waits for the next round.
        break;
      }
    }
    return { sent, failed };
  }

  close(): void {
    this.transporter.close();
  }
}
