/** The append-only audit log: logins and every write, who, when, what, before and after. */
import type { Sqlite } from '../db/client.ts';

export interface AuditActor {
  id: number | null;
  username: string | null;
}

export interface AuditEntry {
  actor: AuditActor | null;
  action: string;
  unitId?: number | null;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

export interface AuditQuery {
  /**
   * What the reader may see: null for everything (admin); otherwise the entries about units in
   * this subtree (path prefix), the reader's own actions whatever they are about, and, for
   * `programmeWide` readers (the top level), the entries about no unit at all (KPIs, targets,
   * the calendar) — which is how a city secretariat sees its own target change.
   */
  scope: { path: string; actorId: number; programmeWide: boolean } | null;
  unitPath?: string | null;
  actor?: string | null;
  /** A code (`report.approve`) or a family (`report.*`). */
  action?: string | null;
  /** Entries about this reporting period (`YYYY-MM`), by their target or before/after. */
  period?: string | null;
  /** Inclusive dates of Hà Nội (`YYYY-MM-DD`). */
  from?: string | null;
  to?: string | null;
  /** Keyset paging: entries older than this id. */
  cursor?: number | null;
  limit: number;
  offset: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  actorName: string | null;
  action: string;
  unit: string | null;
  unitName: string | null;
  target: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

/** Hà Nội is UTC+7 all year: a local date's first instant, as the ISO text `at` is stored in. */
function hanoiDayStart(date: string, addDays = 0): string {
  const d = new Date(`${date}T00:00:00+07:00`);
  d.setUTCDate(d.getUTCDate() + addDays);
  return d.toISOString();
}

/**
 * An entry is about a period when its target names it (`00097/2026-11`, or the period itself for a
 * reorganisation or an opened month) or its before/after says so (`period`, or `from` for target
 * rows, also inside a list of them). `CASE` guards json_extract from list items that are not objects.
 */
const PERIOD_CLAUSE = `(a.target = @period OR a.target LIKE '%/' || @period
  OR (json_valid(a.after) AND (
    CASE json_type(a.after)
      WHEN 'object' THEN json_extract(a.after, '$.period') = @period OR json_extract(a.after, '$.from') = @period
      WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each(a.after) j
        WHERE CASE WHEN j.type = 'object' THEN json_extract(j.value, '$.from') = @period OR json_extract(j.value, '$.period') = @period END)
    END))
  OR (json_valid(a.before) AND json_type(a.before) = 'object' AND json_extract(a.before, '$.period') = @period))`;

export class AuditService {
  private readonly insert;

  constructor(private readonly sqlite: Sqlite) {
    this.insert = sqlite.prepare(
      `INSERT INTO audit_log (at, actor_id, actor, action, unit_id, target, before, after, ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Call inside the transaction of the write it records. */
  record(e: AuditEntry): void {
    this.insert.run(
      new Date().toISOString(),
      e.actor?.id ?? null,
      e.actor?.username ?? null,
      e.action,
      e.unitId ?? null,
      e.target ?? null,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
      e.ip ?? null,
    );
  }

  query(q: AuditQuery) {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (q.scope) {
      where.push(`(u.path LIKE @scopePath || '%' OR a.actor_id = @me${q.scope.programmeWide ? ' OR a.unit_id IS NULL' : ''})`);
      args.scopePath = q.scope.path;
      args.me = q.scope.actorId;
    }
    if (q.unitPath) {
      where.push(`u.path LIKE @unitPath || '%'`);
      args.unitPath = q.unitPath;
    }
    if (q.actor) {
      where.push('a.actor = @actor');
      args.actor = q.actor;
    }
    if (q.action) {
      if (q.action.endsWith('.*')) {
        where.push(`a.action LIKE @action ESCAPE '\\'`);
        args.action = `${q.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      } else {
        where.push('a.action = @action');
        args.action = q.action;
      }
    }
    if (q.period) {
      where.push(PERIOD_CLAUSE);
      args.period = q.period;
    }
    if (q.from) {
      where.push('a.at >= @from');
      args.from = hanoiDayStart(q.from);
    }
    if (q.to) {
      where.push('a.at < @to');
      args.to = hanoiDayStart(q.to, 1);
    }
    const filtered = where.join(' AND ');
    const from = 'FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id';
    const total = this.sqlite
      .prepare(`SELECT COUNT(*) ${from} ${filtered ? `WHERE ${filtered}` : ''}`)
      .pluck()
      .get(args) as number;
    const page = q.cursor ? [...where, 'a.id < @cursor'] : where;
    if (q.cursor) args.cursor = q.cursor;
    const rows = this.sqlite
      .prepare(
        `SELECT a.id, a.at, a.actor, us.display_name AS actorName, a.action, u.code AS unit, u.name AS unitName,
                a.target, a.before, a.after, a.ip
         ${from} LEFT JOIN users us ON us.id = a.actor_id
         ${page.length ? `WHERE ${page.join(' AND ')}` : ''}
         ORDER BY a.id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...args, limit: q.limit + 1, offset: q.cursor ? 0 : q.offset }) as AuditRow[];
    const more = rows.length > q.limit;
    const shown = more ? rows.slice(0, q.limit) : rows;
    return {
      total,
      nextCursor: more ? (shown.at(-1)?.id ?? null) : null,
      entries: shown.map((r) => ({
        ...r,
        before: r.before === null ? null : (JSON.parse(r.before) as unknown),
        after: r.after === null ? null : (JSON.parse(r.after) as unknown),
      })),
    };
  }
}
