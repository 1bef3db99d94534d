/**
 * The mail copy of a notice, for a person with an address: queued in the outbox in the transaction
 * that rang the bell, so the two never disagree (the outbox sends it later, see mail-outbox.ts).
 */
import type { MailOutbox } from './mail-outbox.ts';
import type { NewNotification } from './notification-bell.ts';
import { SUBJECTS } from './notification-text.ts';

export function queueMailCopy(outbox: MailOutbox, to: string, notice: NewNotification): void {
  outbox.enqueue({
    to,
    subject: `[Tiến độ 06] ${SUBJECTS[notice.kind]}`,
    body: `${notice.message}\n\n— Tiến độ 06 (thư tự động, xin đừng trả lời)`,
  });
}
