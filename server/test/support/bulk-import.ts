/** Shared by the bulk-import tests: uploads as the browser sends them, and what an import may change. */
import type { ReportReply } from '@tiendo/shared';
import { parseCsv } from '../../src/services/csv.ts';
import { type Session, type TestContext, uploadFile } from '../helpers.ts';

/** Phường Hồng Hà: from 2025-07 the level above the teams of Phúc Xá (`00001-01`…) and others. */
export const COMMUNE = '00097';

export function importer(t: TestContext, period: string) {
  const base = `/api/units/${COMMUNE}/reports/${period}`;
  const upload = (session: Session, name: string, body: Buffer) => uploadFile(t, session, `${base}/import`, name, body);
  const template = async (session: Session, format: 'csv' | 'xlsx') => {
    const r = await t.app.inject({ url: `${base}/template?format=${format}`, headers: session.headers });
    if (r.statusCode !== 200) throw new Error(`template ${format}: ${r.statusCode} ${r.body}`);
    return r.rawPayload;
  };
  const templateRows = async (session: Session) => parseCsv(await template(session, 'csv'));
  /** A team's report as its approver sees it: last month's figures to build plausible new ones. */
  const report = async (session: Session, code: string) => (await t.get<ReportReply>(session, `/api/units/${code}/reports/${period}`)).body;
  return { base, upload, template, templateRows, report };
}

/** Everything an import writes, for the units of the period: equal before and after means nothing was written. */
export function snapshot(t: TestContext, period: string) {
  const all = (sql: string, ...args: unknown[]) => t.db.sqlite.prepare(sql).all(...args);
  return {
    figures: all('SELECT * FROM figures WHERE period = ? ORDER BY unit_id, kpi_id', period),
    reports: all('SELECT * FROM reports WHERE period = ? ORDER BY unit_id', period),
    events: all('SELECT COUNT(*) AS n FROM report_events'),
    audit: all('SELECT COUNT(*) AS n FROM audit_log'),
    rollups: all('SELECT COUNT(*) AS n, SUM(value) AS s, SUM(cum_value) AS c FROM rollups WHERE period = ?', period),
  };
}

export interface Refusal {
  error: {
    code: string;
    message: string;
    details: {
      errors: { row: number; unit: string | null; kpi: string | null; message: string }[];
      total: number;
      omitted: number;
      refused: number;
      skipped: number;
    };
  };
}
