/**
 * Issued meeting reports: the secretariat issues a unit's report of a period, numbered within the
 * unit's year of issue, dated the day it is issued and signed by the unit's signer. The PDF, DOCX
 * and XLSX are stored exactly as rendered, with their SHA-256 and the figures as presented, and
 * are served as stored for ever: later reports, targets, calendar or map changes never reach them.
 * Re-issuing a period makes a new report and marks the old one as replaced; nothing is edited.
 *
 * Longer than 300 lines on purpose: issuing (queue, render, number, store) and serving what was
 * issued are one life cycle over one table, and the pure parts are already in meeting-report-fns.ts.
 */
import type { FiguresReply, MeetingReport, MeetingReportChangesReply, MeetingReportFormat } from '@tiendo/shared';
import { and, desc, eq, gt, isNull, max, ne, sql } from 'drizzle-orm';
import { ormOf } from '../db/client.ts';
import { meetingReports, reportEvents } from '../db/schema.ts';
import { ConflictError, NoAccessError, NotFoundError, ValidationError } from '../errors.ts';
import { CONTENT_TYPES, renderModel, reportFilenames } from '../reports/index.ts';
import { buildReportModel, type ReportIssue, type ReportSources } from '../reports/report-data.ts';
import type { Lang } from '../reports/text.ts';
import { actorOf } from './admin-user-service.ts';
import type { AuditService } from './audit-service.ts';
import type { Principal } from './auth-service.ts';
import { descendantsAt, type UnitNode, unitAtView, unitByCodeAt } from './catalog-service.ts';
import { changedFigures, numberSuffix, sha256 } from './meeting-report-fns.ts';
import { asBuffer, databaseFile, pools, ServerBusyError, WorkerFailure } from './render-pool.ts';
import { isInScopeAt, mayAt } from './scope.ts';
import type { SignerService } from './signer-service.ts';

/** How many of the workflow's events after the issue the changes reply lists. */
export const CHANGE_EVENTS_LIMIT = 20;

/** What the `snapshot` column holds: the date printed on the report and the figures presented. */
interface Snapshot {
  issueDate: string;
  figures: FiguresReply;
}

/** The columns of a meeting report but its files. */
const META = {
  id: meetingReports.id,
  unitId: meetingReports.unitId,
  period: meetingReports.period,
  year: meetingReports.year,
  number: meetingReports.number,
  issuedAt: meetingReports.issuedAt,
  issuedBy: meetingReports.issuedBy,
  signerTitle: meetingReports.signerTitle,
  signerName: meetingReports.signerName,
  lang: meetingReports.lang,
  replacedBy: meetingReports.replacedBy,
  sha256Pdf: meetingReports.sha256Pdf,
  sha256Docx: meetingReports.sha256Docx,
  sha256Xlsx: meetingReports.sha256Xlsx,
  issueDate: sql<string>`json_extract(${meetingReports.snapshot}, '$.issueDate')`,
};
type MetaRow = { [K in Exclude<keyof typeof META, 'issueDate'>]: (typeof meetingReports.$inferSelect)[K] } & { issueDate: string };

export interface StoredFile {
  data: Buffer;
  contentType: string;
  filename: string;
  asciiFilename: string;
}

export class MeetingReportService {
  private readonly orm;
  /** Issues run one at a time: the number is printed before the files are stored. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly sources: ReportSources,
    private readonly signers: SignerService,
    private readonly audit: AuditService,
    private readonly today: () => string,
  ) {
    this.orm = ormOf(sources.db.sqlite);
  }

  // ——— issuing ———

  /** Issues the report of `period` for the unit `code` names on that period's map. */
  issue(p: Principal, code: string, period: string, lang: Lang, ip: string | null): Promise<MeetingReport> {
    const { catalog, settings } = this.sources;
    const unit = catalog.unitAt(code, period);
    if (!mayAt(catalog.get(), p, 'meeting-report.issue', unit, period)) {
      throw new NoAccessError(`Bạn không có quyền với đơn vị "${unit.name}" (${code}) / you have no access to unit ${code}`, {
        unit: code,
      });
    }
    if (settings.phase(period) === 'upcoming') {
      throw new ValidationError(`Kỳ ${period} chưa bắt đầu / period ${period} has not started`, { period }, 'period_not_started');
    }
    const signer = this.signers.of(unit);
    if (!signer) {
      throw new ValidationError(
        `Chưa có người ký báo cáo của ${unit.name} (${code}): đặt trong Quản trị › Người ký / no signer is set for ${code}: set one in Administration › Signers`,
        { unit: code, name: unit.name },
        'no_signer',
      );
    }
    const run = this.queue.then(() => this.issueNow(p, unit, code, period, lang, signer, ip));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async issueNow(
    p: Principal,
    unit: UnitNode,
    code: string,
    period: string,
    lang: Lang,
    signer: { title: string; name: string },
    ip: string | null,
  ): Promise<MeetingReport> {
    const issueDate = this.today();
    const year = Number(issueDate.slice(0, 4));
    const last = this.orm
      .select({ n: max(meetingReports.number) })
      .from(meetingReports)
      .where(and(eq(meetingReports.unitId, unit.id), eq(meetingReports.year, year)))
      .get();
    const number = (last?.n ?? 0) + 1;
    const issue = { number, issuedAt: issueDate, signer: { title: signer.title, name: signer.name } };
    // Drawn in a worker (render-pool.ts), which reads the model and the snapshot in one read
    // transaction: the files and the snapshot see the same state of the database.
    const { pdf, docx, xlsx, figures } = await this.render(code, period, lang, issue);
    const snapshot: Snapshot = { issueDate, figures };
    const snapshotJson = JSON.stringify(snapshot);
    const hashes = { pdf: sha256(pdf), docx: sha256(docx), xlsx: sha256(xlsx) };
    const issuedAt = new Date().toISOString();
    let id = 0;
    try {
      this.sources.db.sqlite.transaction(() => {
        const inserted = this.orm
          .insert(meetingReports)
          .values({
            unitId: unit.id,
            period,
            year,
            number,
            issuedAt,
            issuedBy: p.username,
            signerTitle: signer.title,
            signerName: signer.name,
            lang,
            pdf,
            docx,
            xlsx,
            sha256Pdf: hashes.pdf,
            sha256Docx: hashes.docx,
            sha256Xlsx: hashes.xlsx,
            snapshot: snapshotJson,
          })
          .returning({ id: meetingReports.id })
          .get();
        id = inserted.id;
        const replaced = this.orm
          .update(meetingReports)
          .set({ replacedBy: id })
          .where(
            and(
              eq(meetingReports.unitId, unit.id),
              eq(meetingReports.period, period),
              isNull(meetingReports.replacedBy),
              ne(meetingReports.id, id),
            ),
          )
          .returning({ id: meetingReports.id })
          .all();
        this.audit.record({
          actor: actorOf(p),
          action: 'meeting_report.issue',
          unitId: unit.id,
          target: `${code}/${period}`,
          after: {
            id,
            number: `${number}/${numberSuffix(unit.level)}`,
            year,
            period,
            issueDate,
            lang,
            signer: { title: signer.title, name: signer.name },
            sha256: hashes,
            replaces: replaced.map((r) => r.id),
          },
          ip,
        });
      })();
    } catch (err) {
      // Another server process on the same database took the number while this one rendered.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new ConflictError(
          `Số ${number}/${year} vừa được cấp cho báo cáo khác; hãy ban hành lại / number ${number} was just taken; issue again`,
          { number, year },
          'number_taken',
        );
      }
      throw err;
    }
    return this.toReply(this.meta(id) as MetaRow, unit);
  }

  /** The three files and the figures they present, rendered off the event loop. */
  private async render(code: string, period: string, lang: Lang, issue: ReportIssue) {
    const db = databaseFile(this.sources.db.sqlite);
    if (db === null) {
      // An in-memory database has no file a worker could open: drawn here, as before.
      const model = buildReportModel(this.sources, code, period, lang, 'period', issue);
      const files = Promise.all([renderModel(model, 'pdf'), renderModel(model, 'docx'), renderModel(model, 'xlsx')]);
      const figures = this.sources.figures.figures(code, period, { basis: 'submitted', map: 'period' });
      const [pdf, docx, xlsx] = await files;
      return { pdf, docx, xlsx, figures };
    }
    try {
      const r = await pools.reports.run<{ pdf: Uint8Array; docx: Uint8Array; xlsx: Uint8Array; figures: FiguresReply }>({
        kind: 'issue',
        db,
        today: this.today(),
        code,
        period,
        lang,
        issue,
      });
      return { pdf: asBuffer(r.pdf), docx: asBuffer(r.docx), xlsx: asBuffer(r.xlsx), figures: r.figures };
    } catch (err) {
      if (err instanceof WorkerFailure) throw new ServerBusyError();
      throw err;
    }
  }

  // ——— reading ———

  /** A unit's issued reports, newest first: on today's map, or on the map of `period` when given. */
  list(code: string, period?: string): MeetingReport[] {
    const unit = this.sources.catalog.unitAt(code, period ?? this.sources.settings.currentPeriod());
    const where = period ? and(eq(meetingReports.unitId, unit.id), eq(meetingReports.period, period)) : eq(meetingReports.unitId, unit.id);
    return this.orm
      .select(META)
      .from(meetingReports)
      .where(where)
      .orderBy(desc(meetingReports.id))
      .all()
      .map((r) => this.toReply(r, unit));
  }

  /** The file as issued, byte for byte. */
  file(p: Principal, code: string, id: number, format: MeetingReportFormat): StoredFile {
    const { row, unit } = this.find(p, code, id);
    const blob = this.orm.select({ data: meetingReports[format] }).from(meetingReports).where(eq(meetingReports.id, id)).get() as {
      data: Buffer;
    };
    const names = reportFilenames(
      { unit: { ...unitAtView(unit, row.period) }, period: row.period, lang: row.lang === 'en' ? 'en' : 'vi' },
      format,
    );
    const tag = (sep: string, word: string) => `${sep}${word}-${row.number}-${row.year}.${format}`;
    return {
      data: Buffer.from(blob.data),
      contentType: CONTENT_TYPES[format],
      filename: names.filename.replace(`.${format}`, tag(' - ', row.lang === 'en' ? 'No' : 'Số')),
      asciiFilename: names.asciiFilename.replace(`.${format}`, tag('_', row.lang === 'en' ? 'No' : 'So')),
    };
  }

  /**
   * What changed since the report was issued: the KPIs whose figure now differs from the one
   * presented, and the workflow's steps for that period in the unit's subtree since the issue.
   */
  changes(p: Principal, code: string, id: number): MeetingReportChangesReply {
    const { row, unit } = this.find(p, code, id);
    const { catalog, figures } = this.sources;
    const stored = this.orm.select({ snapshot: meetingReports.snapshot }).from(meetingReports).where(eq(meetingReports.id, id)).get();
    const snapshot = JSON.parse(stored?.snapshot ?? '{}') as Snapshot;
    const current = figures.figures(unitAtView(unit, row.period).code, row.period, { basis: 'submitted', map: 'period' });
    const cat = catalog.get();
    const inTree = new Map<number, UnitNode>([[unit.id, unit], ...descendantsAt(cat, unit, row.period).map((u) => [u.id, u] as const)]);
    const events = this.orm
      .select({
        unitId: reportEvents.unitId,
        action: reportEvents.action,
        from: reportEvents.fromState,
        to: reportEvents.toState,
        actor: reportEvents.actor,
        at: reportEvents.at,
      })
      .from(reportEvents)
      .where(and(eq(reportEvents.period, row.period), gt(reportEvents.at, row.issuedAt)))
      .orderBy(desc(reportEvents.at), desc(reportEvents.id))
      .all()
      .filter((e) => inTree.has(e.unitId));
    return {
      report: this.toReply(row, unit),
      presented: snapshot.figures,
      changed: changedFigures(snapshot.figures, current),
      events: events.slice(0, CHANGE_EVENTS_LIMIT).map(({ unitId, ...e }) => {
        const v = unitAtView(inTree.get(unitId) as UnitNode, row.period);
        return { unit: { code: v.code, name: v.name }, ...e };
      }),
      eventsTotal: events.length,
    };
  }

  private meta(id: number): MetaRow | undefined {
    return this.orm.select(META).from(meetingReports).where(eq(meetingReports.id, id)).get();
  }

  /**
   * The report `id` of the unit `code` names in the report's own period (a code can name another
   * unit today), in the caller's scope on that period's map.
   */
  private find(p: Principal, code: string, id: number): { row: MetaRow; unit: UnitNode } {
    const row = this.meta(id);
    const cat = this.sources.catalog.get();
    const unit = row ? unitByCodeAt(cat, code, row.period) : null;
    if (!row || !unit || unit.id !== row.unitId) {
      throw new NotFoundError(`Không có báo cáo số ${id} của đơn vị ${code} / no meeting report ${id} for unit ${code}`);
    }
    if (!isInScopeAt(cat, p, unit, row.period)) {
      throw new NoAccessError(`Bạn không có quyền với đơn vị "${unit.name}" (${code}) / you have no access to unit ${code}`, {
        unit: code,
      });
    }
    return { row, unit };
  }

  private toReply(r: MetaRow, unit: UnitNode): MeetingReport {
    return {
      id: r.id,
      number: r.number,
      year: r.year,
      reference: `${r.number}/${numberSuffix(unit.level)}`,
      period: r.period,
      issuedAt: r.issuedAt,
      issueDate: r.issueDate,
      issuedBy: r.issuedBy,
      lang: r.lang === 'en' ? 'en' : 'vi',
      signer: { title: r.signerTitle, name: r.signerName },
      replacedBy: r.replacedBy,
      sha256: { pdf: r.sha256Pdf, docx: r.sha256Docx, xlsx: r.sha256Xlsx },
    };
  }
}
