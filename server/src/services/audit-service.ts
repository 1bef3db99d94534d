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
  /** Only entries about units in this subtree (path prefix). */
  scopePath: string | null;
  unitPath?: string | null;
  user?: string | null;
  from?: string | null;
  to?: string | null;
  limit: number;
  offset: number;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  unit: string | null;
  target: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

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
    const args: unknown[] = [];
    if (q.scopePath) {
      where.push(`u.path LIKE ? || '%'`);
      args.push(q.scopePath);
    }
    if (q.unitPath) {
      where.push(`u.path LIKE ? || '%'`);
      args.push(q.unitPath);
    }
    if (q.user) {
      where.push('a.actor = ?');
      args.push(q.user);
    }
    if (q.from) {
      where.push('a.at >= ?');
      args.push(q.from);
    }
    if (q.to) {
      where.push('a.at < ?');
      args.push(`${q.to}T99`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id';
    const total = this.sqlite
      .prepare(`SELECT COUNT(*) ${from} ${clause}`)
      .pluck()
      .get(...args) as number;
    const rows = this.sqlite
      .prepare(
        `SELECT a.id, a.at, a.actor, a.action, u.code AS unit, a.target, a.before, a.after, a.ip
         ${from} ${clause} ORDER BY a.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit, q.offset) as AuditRow[];
    return {
      total,
      entries: rows.map((r) => ({
        ...r,
        before: r.before === null ? null : (JSON.parse(r.before) as unknown),
        after: r.after === null ? null : (JSON.parse(r.after) as unknown),
      })),
    };
  }
}
