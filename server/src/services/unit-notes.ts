/**
 * What units wrote beside their figures in a period's report: the explanation of a value flagged as
 * unusual (by KPI), and their difficulties (khó khăn, vướng mắc). Leaders read these where the
 * figures are, so a number that is behind comes with the unit's own reason.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ormOf, type Sqlite } from '../db/client.ts';
import { reports } from '../db/schema.ts';

export interface UnitNote {
  text: string;
  source: 'flag' | 'difficulties';
}

/** One unit's report text: explanations by KPI code, and its difficulties. */
export interface ReportNotes {
  flags: Map<string, string>;
  difficulties: string | null;
}

/** Whitespace folded, so a note typed on a phone with stray line breaks reads as one line. */
function clean(text: string | null | undefined): string | null {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? null : t;
}

/**
 * The flags column holds KPI code → explanation; an entry may also be `{ reason, explanation }`
 * (the shape the meeting contracts describe), so both are read. A broken cell reads as no flags
 * rather than failing the leader's dashboard.
 */
function parseFlags(json: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!json) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return out;
  }
  if (!parsed || typeof parsed !== 'object') return out;
  for (const [kpi, v] of Object.entries(parsed as Record<string, unknown>)) {
    const raw =
      typeof v === 'string'
        ? v
        : v && typeof v === 'object'
          ? ((v as { explanation?: unknown }).explanation ?? (v as { reason?: unknown }).reason)
          : null;
    const text = typeof raw === 'string' ? clean(raw) : null;
    if (text) out.set(kpi, text);
  }
  return out;
}

/** The note a unit's report gives a KPI's figure: its flag's explanation, else its difficulties. */
export function noteFor(notes: ReportNotes | undefined, kpiCode: string): UnitNote | undefined {
  if (!notes) return undefined;
  const flag = notes.flags.get(kpiCode);
  if (flag) return { text: flag, source: 'flag' };
  return notes.difficulties ? { text: notes.difficulties, source: 'difficulties' } : undefined;
}

export class UnitNotesService {
  private readonly stmt;

  /**
   * Only reports sent up count (submitted or approved; approved only for the approved basis): a
   * draft is not yet what the unit said, and a sent report's text changes only with its state,
   * which bumps the data version that the figure replies are cached under.
   */
  constructor(sqlite: Sqlite, approvedOnly: boolean) {
    const states: (typeof reports.$inferSelect.state)[] = approvedOnly ? ['approved'] : ['submitted', 'approved'];
    // The units as one JSON list, so one prepared statement serves any number of them, and the
    // list drives (CROSS JOIN fixes the order): a primary-key probe per unit. Filtered from the
    // period's side instead, the planner walks every report of the period (50 ms against 0.02).
    const units = sql`json_each(${sql.placeholder('unitIds')})`;
    this.stmt = ormOf(sqlite)
      .select({ unitId: reports.unitId, difficulties: reports.difficulties, flags: reports.flags })
      .from(units)
      .crossJoin(reports)
      .where(and(eq(reports.unitId, sql`json_each.value`), eq(reports.period, sql.placeholder('period')), inArray(reports.state, states)))
      .prepare();
  }

  /** The report notes of several units in one period: one query, whatever the number of units. */
  of(unitIds: readonly number[], period: string): Map<number, ReportNotes> {
    const out = new Map<number, ReportNotes>();
    if (unitIds.length === 0) return out;
    for (const r of this.stmt.all({ period, unitIds: JSON.stringify(unitIds) })) {
      const notes = { flags: parseFlags(r.flags), difficulties: clean(r.difficulties) };
      if (notes.flags.size > 0 || notes.difficulties) out.set(r.unitId, notes);
    }
    return out;
  }
}
