import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { smallWorld } from '@tiendo/seed/factories';
import type { FiguresReply, ReportReply, ReportValue } from '@tiendo/shared';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_OPEN } from './constants.ts';
import { createTestApp, type Session, type TestContext } from './helpers.ts';

/**
 * A submitted report taken back by its sender before the level above acts: back to draft, its
 * figures out of the submitted basis exactly as they were before, every step audited.
 */
let t: TestContext;
let team: Session;
/** Phường Hồng Hà: the level above Tổ dân phố số 1 (`00001-01`) in the open period. */
let commune: Session;
let leader: Session;
let otherTeam: Session;
beforeAll(async () => {
  t = await createTestApp({ world: smallWorld() });
  team = await t.login('to1.phucxa');
  commune = await t.login('hongha');
  leader = await t.login('lanhdao');
  otherTeam = await t.login('phuongbadinh');
});
afterAll(() => t.close());

const TEAM = '00001-01';
const url = (code: string, action = '', period = TEST_OPEN) => `/api/units/${code}/reports/${period}${action ? `/${action}` : ''}`;
const send = async <T = ReportReply>(s: Session, method: 'PUT' | 'POST', path: string, payload: unknown = {}) => {
  const r = await t.app.inject({ method, url: path, payload: payload as object, headers: s.headers });
  return { status: r.statusCode, body: r.json() as T };
};
const report = async (s: Session, code = TEAM) => (await t.get<ReportReply>(s, url(code))).body;

/** Every stored figure from the open period on, both bases: own rows and every aggregate. */
function basis() {
  const out: Record<string, unknown[]> = {};
  for (const table of ['figures', 'figures_approved']) {
    out[table] = t.db.sqlite
      .prepare(
        `SELECT unit_id, kpi_id, period, value, numerator, denominator, items, cum_value, cum_numerator, cum_denominator
         FROM ${table} WHERE period >= ? ORDER BY unit_id, kpi_id, period`,
      )
      .all(TEST_OPEN);
  }
  for (const table of ['rollups', 'rollups_approved']) {
    // The roll-up leaves an emptied month's aggregate as a row of zeros from no contributor: it
    // reads as no aggregate at all (the dashboards' figures are compared below too).
    out[table] = t.db.sqlite
      .prepare(
        `SELECT unit_id, kpi_id, period, value, numerator, denominator, items, contributors, cum_value, cum_numerator, cum_denominator
         FROM ${table} WHERE period >= ? AND NOT (contributors = 0 AND value = 0 AND numerator = 0 AND denominator = 0 AND items IS NULL)
         ORDER BY unit_id, kpi_id, period`,
      )
      .all(TEST_OPEN);
  }
  return out;
}

/** What the dashboards show for the commune and the city, as submitted and approved only. */
async function shown() {
  const out: Record<string, unknown> = {};
  for (const unit of ['00097', '01'])
    for (const b of ['submitted', 'approved']) {
      const r = await t.get<FiguresReply>(leader, `/api/units/${unit}/figures?period=${TEST_OPEN}&basis=${b}`);
      expect(r.status).toBe(200);
      out[`${unit}/${b}`] = r.body.figures.map((f) => ({ kpi: f.kpi, value: f.value, cumulative: f.cumulative }));
    }
  return out;
}

/** Last month's own figures again: a value the rules never flag as unusual. */
function lastMonth(r: ReportReply, bump = 0): Record<string, ReportValue> {
  const values: Record<string, ReportValue> = {};
  for (const k of r.kpis) {
    if (k.previous === null) continue;
    values[k.code] = typeof k.previous === 'number' ? k.previous + bump : k.previous;
  }
  return values;
}

async function saveAndSubmit(s: Session, values: Record<string, ReportValue>) {
  const current = await report(s);
  const saved = await send(s, 'PUT', url(TEAM), { version: current.version, values });
  expect(saved.status).toBe(200);
  const submitted = await send(s, 'POST', url(TEAM, 'submit'), { version: saved.body.version });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  expect(submitted.body.state).toBe('submitted');
  return submitted.body;
}

/** What the report keeps of the state before its submission while it waits (null otherwise). */
const priorSubmission = () =>
  (t.db.sqlite
    .prepare(
      `SELECT prior_submission FROM reports WHERE unit_id = (SELECT unit_id FROM unit_versions WHERE code = ? LIMIT 1) AND period = ?`,
    )
    .pluck()
    .get(TEAM, TEST_OPEN) as string | null | undefined) ?? null;

const auditRows = (action: string) =>
  t.db.sqlite
    .prepare(`SELECT actor, before, after FROM audit_log WHERE action = ? AND target = ? ORDER BY id`)
    .all(action, `${TEAM}/${TEST_OPEN}`) as { actor: string; before: string | null; after: string | null }[];

describe('recalling a submitted report', () => {
  it('takes a first submission back to draft and its figures out of both bases exactly', async () => {
    const before = basis();
    const dashboards = await shown();
    const start = await report(team);
    expect(start.state).toBe('not_started');
    expect(start.canRecall).toBe(false);
    const values = lastMonth(start);
    expect(Object.keys(values).length).toBeGreaterThan(0);

    const sent = await saveAndSubmit(team, values);
    expect(sent.canRecall).toBe(true);
    expect(basis().figures).not.toEqual(before.figures);
    // the submission keeps what the basis held before it, as its audit entry records it
    expect(JSON.parse(priorSubmission() ?? 'null')).toEqual({ state: 'draft', submittedAt: null, basis: {} });
    // the commune's approver sees it waiting, and the city sees it among Hồng Hà's waiting units
    expect((await report(commune)).canDecide).toBe(true);

    const recalled = await send(team, 'POST', url(TEAM, 'recall'));
    expect(recalled.status).toBe(200);
    expect(recalled.body.state).toBe('draft');
    expect(recalled.body.editable).toBe(true);
    expect(recalled.body.canRecall).toBe(false);
    expect(recalled.body.submittedAt).toBeNull();
    // the draft keeps what was sent, so the reporter fixes it rather than typing it again
    expect(recalled.body.values).toEqual(values);
    expect(recalled.body.history.at(-1)).toMatchObject({ action: 'recall', from: 'submitted', to: 'draft', actor: 'to1.phucxa' });

    expect(basis()).toEqual(before);
    expect(await shown()).toEqual(dashboards);

    // approvers no longer see it waiting
    const seen = await report(commune);
    expect(seen.state).toBe('draft');
    expect(seen.canDecide).toBe(false);

    expect(priorSubmission()).toBeNull();
    const recalls = auditRows('report.recall');
    expect(recalls).toHaveLength(1);
    expect(recalls[0]?.actor).toBe('to1.phucxa');
    expect(JSON.parse(recalls[0]?.after ?? 'null')).toMatchObject({ state: 'draft' });
    expect(JSON.parse(auditRows('report.submit')[0]?.before ?? 'null')).toEqual({ state: 'draft', submittedAt: null, basis: {} });
  });

  it('after a return and a resubmission, puts back the figures sent the first time', async () => {
    const first = await saveAndSubmit(team, lastMonth(await report(team)));
    const returned = await send(commune, 'POST', url(TEAM, 'return'), { comment: 'Kiểm tra lại số CCCD' });
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('returned');
    expect(priorSubmission()).toBeNull();
    // a returned report's figures stay where they were sent: this is "before" the resubmission
    const afterReturn = basis();
    const dashboards = await shown();

    const second = await saveAndSubmit(team, lastMonth(first, 7));
    expect(second.state).toBe('submitted');
    expect(basis().figures).not.toEqual(afterReturn.figures);

    const recalled = await send(team, 'POST', url(TEAM, 'recall'));
    expect(recalled.status).toBe(200);
    expect(recalled.body.state).toBe('draft');
    expect(recalled.body.values).toEqual(lastMonth(first, 7));
    expect(basis()).toEqual(afterReturn);
    expect(await shown()).toEqual(dashboards);
  });

  it('is refused once the level above has acted, and to anyone but the sending unit', async () => {
    const sent = await saveAndSubmit(team, lastMonth(await report(team), 3));
    expect(sent.canRecall).toBe(true);

    // the approver above may decide, not take it back for the team
    const byApprover = await send<{ error: { code: string; message: string } }>(commune, 'POST', url(TEAM, 'recall'));
    expect(byApprover.status).toBe(403);
    expect((await report(commune)).canRecall).toBe(false);
    // a unit elsewhere does not even learn that it exists
    const byOther = await send<{ error: { code: string } }>(otherTeam, 'POST', url(TEAM, 'recall'));
    expect(byOther.status).toBe(404);

    const approved = await send(commune, 'POST', url(TEAM, 'approve'));
    expect(approved.body.state).toBe('approved');
    expect(priorSubmission()).toBeNull();
    expect((await report(team)).canRecall).toBe(false);
    const late = await send<{ error: { code: string; message: string } }>(team, 'POST', url(TEAM, 'recall'));
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('approved');
    expect((await report(team)).state).toBe('approved');
    // nothing recorded for the refused attempts
    expect(auditRows('report.recall')).toHaveLength(2);
  });
});

describe('recalling from the report’s own snapshot', () => {
  it('puts the basis back even when the submission’s audit entry is gone', async () => {
    // the earlier test left the report approved: the secretariat reopens it (returned), so the
    // resubmission's "before" holds figures, not nothing
    const secretariat = await t.login('thuky');
    const reopened = await send(secretariat, 'POST', url(TEAM, 'reopen'), { reason: 'Sửa số liệu' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body.state).toBe('returned');
    expect(priorSubmission()).toBeNull();
    const afterReopen = basis();
    const dashboards = await shown();

    const values = lastMonth(await report(team), 11);
    await saveAndSubmit(team, values);
    const snapshot = JSON.parse(priorSubmission() ?? 'null') as { state: string; basis: Record<string, ReportValue> };
    expect(snapshot.state).toBe('returned');
    expect(Object.keys(snapshot.basis).length).toBeGreaterThan(0);
    // The audit log is not where a recall looks: with the submission's entry gone it still works.
    // The log is append-only (a trigger refuses deletes), so the entry is taken out as an
    // archival would, with the trigger lifted for that one statement.
    const trigger = t.db.sqlite
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_delete'`)
      .pluck()
      .get() as string;
    t.db.sqlite.exec('DROP TRIGGER audit_log_no_delete');
    const gone = t.db.sqlite
      .prepare(`DELETE FROM audit_log WHERE action = 'report.submit' AND target = ?`)
      .run(`${TEAM}/${TEST_OPEN}`).changes;
    t.db.sqlite.exec(trigger);
    expect(gone).toBeGreaterThan(0);

    const recalled = await send(team, 'POST', url(TEAM, 'recall'));
    expect(recalled.status, JSON.stringify(recalled.body)).toBe(200);
    expect(recalled.body.state).toBe('draft');
    expect(recalled.body.values).toEqual(values);
    expect(basis()).toEqual(afterReopen);
    expect(await shown()).toEqual(dashboards);
    expect(priorSubmission()).toBeNull();
  });
});

describe('migration 0013', () => {
  it('gives the reports waiting at the time the snapshot of their latest submission', () => {
    const folder = resolve(import.meta.dirname, '../drizzle');
    const dir = mkdtempSync(join(tmpdir(), 'tiendo-0013-'));
    try {
      // The migrations up to 0012 only: the database as it stood before the column.
      const upTo12 = join(dir, 'migrations');
      mkdirSync(join(upTo12, 'meta'), { recursive: true });
      const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.idx <= 12);
      expect(journal.entries.at(-1)?.tag).toMatch(/^0012_/);
      for (const e of journal.entries) copyFileSync(join(folder, `${e.tag}.sql`), join(upTo12, `${e.tag}.sql`));
      writeFileSync(join(upTo12, 'meta/_journal.json'), JSON.stringify(journal));

      const sqlite = new Database(join(dir, 'db.sqlite'));
      migrate(drizzle(sqlite), { migrationsFolder: upTo12 });
      const columns = () => (sqlite.prepare('PRAGMA table_info(reports)').all() as { name: string }[]).map((c) => c.name);
      expect(columns()).not.toContain('prior_submission');
      const report = sqlite.prepare(
        `INSERT INTO reports (unit_id, period, state, submitted_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)`,
      );
      report.run(7, '2026-12', 'submitted', '2026-12-03T01:00:00.000Z', '2026-12-03T01:00:00.000Z');
      report.run(8, '2026-12', 'approved', '2026-12-02T01:00:00.000Z', '2026-12-04T01:00:00.000Z');
      const audit = sqlite.prepare(
        `INSERT INTO audit_log (at, actor, action, unit_id, target, before, after) VALUES ('2026-12-03T01:00:00.000Z', 'to1', ?, ?, ?, ?, '{}')`,
      );
      const first = { state: 'draft', submittedAt: null, basis: {} };
      const latest = { state: 'returned', submittedAt: '2026-12-01T02:00:00.000Z', basis: { cccd: 12 } };
      audit.run('report.submit', 7, '00001-01/2026-12', JSON.stringify(first));
      audit.run('report.submit', 7, '00001-01/2026-12', JSON.stringify(latest));
      // another month's submission and another action are not this report's snapshot
      audit.run('report.submit', 7, '00001-01/2026-11', JSON.stringify({ state: 'draft', submittedAt: null, basis: { x: 1 } }));
      audit.run('report.save', 7, '00001-01/2026-12', JSON.stringify({ cccd: 1 }));
      audit.run('report.submit', 8, '00001-02/2026-12', JSON.stringify(first));

      // Up to 0013 itself: 0014 declares foreign keys, which these bare rows (units 7 and 8 that
      // do not exist) would fail; foreign-keys.test.ts covers that migration.
      const upTo13 = join(dir, 'migrations-0013');
      mkdirSync(join(upTo13, 'meta'), { recursive: true });
      const all = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as typeof journal;
      const through13 = { ...all, entries: all.entries.filter((e) => e.idx <= 13) };
      expect(through13.entries.at(-1)?.tag).toMatch(/^0013_/);
      for (const e of through13.entries) copyFileSync(join(folder, `${e.tag}.sql`), join(upTo13, `${e.tag}.sql`));
      writeFileSync(join(upTo13, 'meta/_journal.json'), JSON.stringify(through13));
      migrate(drizzle(sqlite), { migrationsFolder: upTo13 });
      expect(columns()).toContain('prior_submission');
      const prior = (unit: number) =>
        sqlite.prepare('SELECT prior_submission FROM reports WHERE unit_id = ? AND period = ?').pluck().get(unit, '2026-12') as
          | string
          | null;
      expect(JSON.parse(prior(7) ?? 'null')).toEqual(latest);
      // only a report waiting for review gets one: a decided report has nothing to recall
      expect(prior(8)).toBeNull();
      sqlite.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
