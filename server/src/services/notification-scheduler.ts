/**
 * The clock's work in a server process: the notifications tick (deadline reminders, the
 * approvers' digest, the leaders' "month complete") every few minutes, and the mail sender when
 * SMTP is configured. Every server process may run both: the tick is idempotent by dedupe key, and
 * the sender claims each mail row before sending it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Sqlite } from '../db/client.ts';
import { MailSender } from './mail-outbox.ts';
import type { NotificationService } from './notification-service.ts';

const TICK_MS = 5 * 60_000;
const SEND_MS = 15_000;

export interface NotificationJobs {
  stop(): void;
}

export function startNotificationJobs(opts: {
  sqlite: Sqlite;
  notifications: NotificationService;
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  log: FastifyBaseLogger;
}): NotificationJobs {
  const { notifications, log } = opts;
  const tick = () => {
    try {
      const told = notifications.tick();
      if (told.deadline + told.waiting + told.complete > 0) log.info(told, 'notifications tick');
    } catch (err) {
      log.error(err, 'notifications tick failed');
    }
  };
  const sender = opts.smtpUrl
    ? new MailSender(opts.sqlite, { smtpUrl: opts.smtpUrl, from: opts.mailFrom ?? 'Tiến độ 06 <no-reply@tiendo06.local>' })
    : null;
  let sending = false;
  const send = async () => {
    if (!sender || sending) return;
    sending = true;
    try {
      const r = await sender.drain();
      if (r.sent + r.failed > 0) log.info(r, 'mail outbox');
    } catch (err) {
      log.error(err, 'mail outbox failed');
    } finally {
      sending = false;
    }
  };
  const timers = [setInterval(tick, TICK_MS), setInterval(() => void send(), SEND_MS)];
  for (const t of timers) t.unref();
  setImmediate(tick);
  return {
    stop() {
      for (const t of timers) clearInterval(t);
      sender?.close();
    },
  };
}
