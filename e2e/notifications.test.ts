/**
 * Reminders and the bell in headless Chromium against the seeded demo: the secretariat (thuky)
 * reminds one late team of Phường Ba Đình from the late list, where the team's phone is a `tel:`
 * link; the team's reporter signs in, sees the bell's count and the reminder, and follows it to
 * the report. At a phone's width nothing scrolls sideways.
 */
import type { LateReply, NotificationsReply, PeriodInfo } from '@tiendo/shared';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPeriod } from '../client/src/features/reporting/report-view.ts';
import { launchSession, type Session } from './browser.ts';
import { api, expectAccessible, expectNoSideScroll, screenshots, settle, signIn } from './helpers.ts';

const hasChromium = inject('chromium');
const base = inject('baseUrl');
if (!hasChromium) console.warn('[e2e] Chromium missing: skipping the notifications browser tests.');

const COMMUNE = '00004';
const USERNAME = 'e2e.nhacnho';
const PASSWORD = 'Nhac-nho-2026-an-toan';
const PHONE = '0912345678';

describe.skipIf(!hasChromium)('reminders and notifications', () => {
  let secretariat: Session;
  let reporter: Session;
  let page: Page;
  let period = '';
  let team = '';

  beforeAll(async () => {
    secretariat = await launchSession();
    page = await secretariat.context.newPage();
    await signIn(page, base, 'thuky');
    period = openPeriod(await api<PeriodInfo[]>(page, base, '/periods')) ?? '';
    const late = await api<LateReply>(page, base, `/units/${COMMUNE}/late?period=${period}`);
    const unit = late.units.find((u) => u.level === 4 && u.remindedAt === null);
    if (!unit) throw new Error(`no late team under ${COMMUNE} in ${period}`);
    team = unit.code;
    // The team's reporter, with a phone, made here (the demo's own accounts may have none).
    const req = page.context().request;
    const me = (await (await req.get(`${base}/api/me`)).json()) as { csrfToken: string };
    const created = await req.post(`${base}/api/users`, {
      data: { username: USERNAME, displayName: `Tổ trưởng ${unit.name}`, unit: team, role: 'reporter', phone: PHONE },
      headers: { 'x-csrf-token': me.csrfToken },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { temporaryPassword } = (await created.json()) as { temporaryPassword: string };
    reporter = await launchSession();
    const r = reporter.context.request;
    const login = await r.post(`${base}/api/auth/login`, { data: { username: USERNAME, password: temporaryPassword } });
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const changed = await r.post(`${base}/api/me/password`, {
      data: { currentPassword: temporaryPassword, newPassword: PASSWORD },
      headers: { 'x-csrf-token': csrf },
    });
    expect(changed.status(), await changed.text()).toBe(200);
    await reporter.context.clearCookies();
  });
  afterAll(async () => {
    await secretariat?.close();
    await reporter?.close();
  });

  it('the secretariat reminds one late team from the late list, whose phone is a tel: link', async () => {
    await page.goto(`${base}/late?unit=${COMMUNE}&period=${period}`);
    await page.locator('[data-testid=late-list]').waitFor();
    await settle(page);
    const tel = page.locator(`[data-testid="tel-${USERNAME}"]`);
    expect(await tel.getAttribute('href')).toBe(`tel:${PHONE}`);
    await page.locator(`[data-testid="remind-${team}"]`).click();
    await expect.poll(() => page.locator('[data-testid=remind-result]').textContent()).toContain('Đã nhắc 1 đơn vị');
    // Not twice within the hour: the button is off and says when it was, and when it may be again.
    await expect.poll(() => page.locator(`[data-testid="remind-${team}"]`).isDisabled()).toBe(true);
    expect(await page.locator(`[data-testid="reminded-${team}"]`).textContent()).toMatch(
      /Đã nhắc lúc \d\d\/\d\d\/\d{4} \d\d:\d\d; nhắc lại được sau/,
    );
    await expectAccessible(page, 'late list with reminders');
    await screenshots(page, 'late-remind', `[data-unit="${team}"]`);
    await expectNoSideScroll(page, 'late list');
  });

  it('the reporter sees the bell count and the reminder, and follows it to the report', async () => {
    const p = await reporter.context.newPage();
    await p.goto(`${base}/`);
    await p.locator('#login-username').fill(USERNAME);
    await p.locator('#login-password').fill(PASSWORD);
    await p.locator('button[type=submit]').click();
    await p.locator('[data-testid=notif-bell]').waitFor();
    await settle(p);
    const mine = await api<NotificationsReply>(p, base, '/notifications');
    expect(mine.items.filter((n) => n.kind === 'late_reminder')).toHaveLength(1);
    await expect.poll(() => p.locator('[data-testid=notif-count]').textContent()).toBe(String(mine.unread));
    await expectNoSideScroll(p, 'dashboard with the bell');

    await p.locator('[data-testid=notif-bell] summary').click();
    const reminder = p.locator('[data-testid=notif-late_reminder]');
    expect(await reminder.textContent()).toMatch(/Nhắc nhở từ .*: báo cáo tháng 12\/2026 của Tổ dân phố .* chưa được gửi/);
    await expectAccessible(p, 'notifications list');
    await screenshots(p, 'notifications-open');
    // Opened at a phone's width, the list still fits the screen.
    await expectNoSideScroll(p, 'dashboard with the notifications open');
    await p.locator('[data-testid=notif-late_reminder]').click();
    await p.waitForURL((u) => u.pathname === '/report' && u.searchParams.get('unit') === team && u.searchParams.get('period') === period);
    await expect.poll(async () => (await api<NotificationsReply>(p, base, '/notifications')).unread).toBe(mine.unread - 1);
  });
});
