/**
 * An audit entry's before and after as rows a person reads: which field, what it was, what it
 * became. The log stores whatever each write recorded (a report's values by KPI code, a list of
 * target rows, an account's fields), so the rows are built by walking both sides together; the
 * screen only names the fields (KPI names, words for field codes) and writes the values.
 */

export type AuditValue = string | number | boolean | null;

/** One field of the path: a key of an object, or an item of a list named by what it is about. */
export type PathPart = { key: string } | { item: number; unit?: string | null; level?: number | null; period?: string | null };

export interface DiffRow {
  path: PathPart[];
  before: AuditValue | undefined;
  after: AuditValue | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const scalar = (v: unknown): AuditValue => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
};

/** A list of plain values (checklist items, unit codes) reads as one value: `a, b, c`. */
const isPlainList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => !isObject(x) && !Array.isArray(x));

function itemPart(i: number, b: unknown, a: unknown): PathPart {
  const o = isObject(a) ? a : isObject(b) ? b : null;
  if (!o) return { item: i };
  return {
    item: i,
    unit: typeof o.unit === 'string' ? o.unit : null,
    level: typeof o.level === 'number' ? o.level : null,
    period: typeof o.from === 'string' ? o.from : typeof o.period === 'string' ? o.period : null,
  };
}

function walk(before: unknown, after: unknown, path: PathPart[], out: DiffRow[], onlyChanged: boolean): void {
  if (isObject(before) || isObject(after)) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    for (const k of keys) walk(b[k], a[k], [...path, { key: k }], out, onlyChanged);
    return;
  }
  if ((Array.isArray(before) && !isPlainList(before)) || (Array.isArray(after) && !isPlainList(after))) {
    const b = Array.isArray(before) ? before : [];
    const a = Array.isArray(after) ? after : [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(b[i], a[i], [...path, itemPart(i, b[i], a[i])], out, onlyChanged);
    return;
  }
  const b = isPlainList(before) ? before.join(', ') : before === undefined ? undefined : scalar(before);
  const a = isPlainList(after) ? after.join(', ') : after === undefined ? undefined : scalar(after);
  if (onlyChanged && b === a) return;
  // A row of a list (a target row) records bookkeeping on one side only (`since` before, `removed`
  // after): not a change of the row. Outside lists a key on one side is one (a KPI first entered).
  const inItem = path.some((p) => 'item' in p);
  if (onlyChanged && inItem && (b === undefined || a === undefined)) return;
  out.push({ path, before: b, after: a });
}

/**
 * The rows of an entry. Where both sides were recorded only what changed is listed (a saved draft
 * lists the KPIs whose value moved); where one side is missing (a creation, a sign-in) every
 * field of the other is.
 */
export function auditDiff(before: unknown, after: unknown): DiffRow[] {
  const out: DiffRow[] = [];
  if ((before === null || before === undefined) && (after === null || after === undefined)) return out;
  const both = before !== null && before !== undefined && after !== null && after !== undefined;
  walk(before ?? undefined, after ?? undefined, [], out, both);
  return out;
}

/** `00097/2026-11` → the period it is about. */
export function targetPeriod(target: string | null): string | null {
  const m = target ? /(?:^|\/)(\d{4}-(?:0[1-9]|1[0-2]))$/.exec(target) : null;
  return m?.[1] ?? null;
}
