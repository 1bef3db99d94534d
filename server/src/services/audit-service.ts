/** The append-only audit log: logins and every write, who, when, what, before and after. */
import { and, count, desc, eq, gte, isNull, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { auditLog, units, users } from '../db/schema.ts';

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
 * Raw SQL: the builder has no words for json_each and CASE.
 */
function aboutPeriod(period: string): SQL {
  const { target, after, before } = auditLog;
  return sql`(${target} = ${period} OR ${target} LIKE '%/' || ${period}
  OR (json_valid(${after}) AND (
    CASE json_type(${after})
      WHEN 'object' THEN json_extract(${after}, '$.period') = ${period} OR json_extract(${after}, '$.from') = ${period}
      WHEN 'array' THEN EXISTS (SELECT 1 FROM json_each(${after}) j
        WHERE CASE WHEN j.type = 'object' THEN json_extract(j.value, '$.from') = ${period} OR json_extract(j.value, '$.period') = ${period} END)
    END))
  OR (json_valid(${before}) AND json_type(${before}) = 'object' AND json_extract(${before}, '$.period') = ${period}))`;
}

/** `LIKE 'prefix%'` over a path: the units of a subtree. */
const under = (path: string) => like(units.path, sql`${path} || '%'`);

export class AuditService {
  private readonly orm;
  private readonly insert;

  constructor(sqlite: Sqlite) {
    this.orm = ormOf(sqlite);
    const p = (name: string) => sql.placeholder(name);
    this.insert = this.orm
      .insert(auditLog)
      .values({
        at: p('at'),
        actorId: p('actorId'),
        actor: p('actor'),
        action: p('action'),
        unitId: p('unitId'),
        target: p('target'),
        before: p('before'),
        after: p('after'),
        ip: p('ip'),
      })
      .prepare();
  }

  /** Call inside the transaction of the write it records. */
  record(e: AuditEntry): void {
    this.insert.run({
      at: new Date().toISOString(),
      actorId: e.actor?.id ?? null,
      actor: e.actor?.username ?? null,
      action: e.action,
      unitId: e.unitId ?? null,
      target: e.target ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      ip: e.ip ?? null,
    });
  }

  /** Filters vary per request, so the query is built per request (one count, one page). */
  query(q: AuditQuery) {
    const a = auditLog;
    const where: (SQL | undefined)[] = [];
    if (q.scope) where.push(or(under(q.scope.path), eq(a.actorId, q.scope.actorId), q.scope.programmeWide ? isNull(a.unitId) : undefined));
    if (q.unitPath) where.push(under(q.unitPath));
    if (q.actor) where.push(eq(a.actor, q.actor));
    if (q.action) {
      if (q.action.endsWith('.*')) {
        const prefix = q.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
        where.push(sql`${a.action} LIKE ${`${prefix}%`} ESCAPE '\\'`);
      } else {
        where.push(eq(a.action, q.action));
      }
    }
    if (q.period) where.push(aboutPeriod(q.period));
    if (q.from) where.push(gte(a.at, hanoiDayStart(q.from)));
    if (q.to) where.push(lt(a.at, hanoiDayStart(q.to, 1)));
    const total =
      this.orm
        .select({ n: count() })
        .from(a)
        .leftJoin(units, eq(units.id, a.unitId))
        .where(and(...where))
        .get()?.n ?? 0;
    if (q.cursor) where.push(lt(a.id, q.cursor));
    const rows = this.orm
      .select({
        id: a.id,
        at: a.at,
        actor: a.actor,
        actorName: users.displayName,
        action: a.action,
        unit: units.code,
        unitName: units.name,
        target: a.target,
        before: a.before,
        after: a.after,
        ip: a.ip,
      })
      .from(a)
      .leftJoin(units, eq(units.id, a.unitId))
      .leftJoin(users, eq(users.id, a.actorId))
      .where(and(...where))
      .orderBy(desc(a.id))
      .limit(q.limit + 1)
      .offset(q.cursor ? 0 : q.offset)
      .all();
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
