/**
 * The bulk-entry template's shape and how an upload is read against it: a column per KPI (two for
 * a ratio), a cell read as blank, a number (the vi-VN way, template-number.ts) or a list of items,
 * compared with what is stored; and the error list of a reply, capped, echoing only the start of
 * what the file held.
 */
import type { ImportRefusal, ReportValue } from '@tiendo/shared';
import type { KpiDef } from './catalog-service.ts';
import type { UploadLimits } from './render-pool.ts';
import { readFigure } from './template-number.ts';
import type { UploadCell } from './upload-reader.ts';

export interface Column {
  header: string;
  /** The column's label in the template's second row. */
  label: string;
  /** What an error calls the cell, Vietnamese and English. */
  name: { vi: string; en: string };
  kpi: KpiDef;
  part: 'value' | 'numerator' | 'denominator' | 'items';
}

/**
 * One refused row or header: its `code` and `params` say it in either language (an `at` param
 * names the cell a rule's sentence is about), the message says it in both.
 */
export type ImportError = ImportRefusal['errors'][number];

/**
 * What an upload may hold. A template has a row per unit below (a few hundred at most) and two
 * columns per KPI; these leave room for notes and blank lines, not for a sheet of a million rows.
 */
export const UPLOAD_LIMITS: UploadLimits = { maxRows: 5_000, maxColumns: 100, maxCellChars: 1_000, maxSheets: 20 };
/** Errors listed in a reply; the rest are counted. */
export const MAX_LISTED_ERRORS = 200;
/** Characters of a cell or header echoed back in an error. */
const ECHO_CHARS = 60;
/** What the first cell of the label row says (the template writes the Vietnamese one). */
export const LABEL_ROW_MARKS = new Set(['mã đơn vị', 'unit code']);

/** What of a value from the file goes back in an error message: its start. */
export function clip(s: string, max = ECHO_CHARS): string {
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** "Vietnamese / English" → the two halves (a message without the separator is both). */
export function halves(message: string): { vi: string; en: string } {
  const at = message.indexOf(' / ');
  return at === -1 ? { vi: message, en: message } : { vi: message.slice(0, at), en: message.slice(at + 3) };
}

/** Collects an import's errors: the first MAX_LISTED_ERRORS are kept, the rest only counted. */
export class ErrorList {
  readonly listed: ImportError[] = [];
  total = 0;
  /** Rows with at least one error. */
  readonly rows = new Set<number>();

  push(e: ImportError): void {
    this.total++;
    this.rows.add(e.row);
    if (this.listed.length < MAX_LISTED_ERRORS)
      this.listed.push({ ...e, unit: e.unit === null ? null : clip(e.unit), kpi: e.kpi === null ? null : clip(e.kpi) });
  }

  get length(): number {
    return this.total;
  }

  details(skipped = 0) {
    return { errors: this.listed, total: this.total, omitted: this.total - this.listed.length, refused: this.rows.size, skipped };
  }
}

/** A cell as read against its column: blank, a number or a list of items, or unreadable. */
export type Reading =
  | { kind: 'blank' }
  | { kind: 'number'; n: number }
  | { kind: 'items'; items: string[] }
  | { kind: 'bad'; text: string };

export function readCell(col: Column, cell: UploadCell | undefined): Reading {
  if (typeof cell === 'number') return col.part === 'items' ? { kind: 'items', items: [String(cell)] } : { kind: 'number', n: cell };
  const text = (cell ?? '').trim();
  if (text === '') return { kind: 'blank' };
  if (col.part === 'items') {
    const items = [
      ...new Set(
        text
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    return { kind: 'items', items: items.sort() };
  }
  const n = readFigure(text);
  return n === null ? { kind: 'bad', text } : { kind: 'number', n };
}

/** The part of a stored value a column shows; undefined where the template leaves it blank. */
export function storedPart(col: Column, v: ReportValue | undefined): number | string[] | undefined {
  if (v === undefined) return undefined;
  if (col.part === 'value') return typeof v === 'number' ? v : undefined;
  if (typeof v !== 'object') return undefined;
  if (col.part === 'items') return 'items' in v ? v.items : undefined;
  return col.part in v ? (v as Record<string, number>)[col.part] : undefined;
}

/**
 * Whether a cell says what is stored: blank where nothing is stored, the same number, or the
 * same items in any order. A blank cell where a figure is stored is a change (to "missing").
 */
export function sameAsStored(r: Reading, stored: number | string[] | undefined): boolean {
  if (r.kind === 'blank') return stored === undefined;
  if (r.kind === 'number') return typeof stored === 'number' && stored === r.n;
  if (r.kind === 'items') return Array.isArray(stored) && [...new Set(stored)].sort().join('\n') === r.items.join('\n');
  return false;
}

/** The template's columns for the KPIs the units below report: two for a ratio, one otherwise. */
export function templateColumns(kpis: readonly KpiDef[]): Column[] {
  return kpis.flatMap((k): Column[] =>
    k.kind === 'ratio'
      ? [
          {
            header: `${k.code}_numerator`,
            label: `${k.name} — tử số`,
            name: { vi: `${k.name} — tử số`, en: `${k.nameEn} — numerator` },
            kpi: k,
            part: 'numerator',
          },
          {
            header: `${k.code}_denominator`,
            label: `${k.name} — mẫu số`,
            name: { vi: `${k.name} — mẫu số`, en: `${k.nameEn} — denominator` },
            kpi: k,
            part: 'denominator',
          },
        ]
      : [
          {
            header: k.code,
            label: k.kind === 'checklist' ? `${k.name} (mã mục, cách nhau bởi ;)` : `${k.name} (${k.unit})`,
            name: { vi: k.name, en: k.nameEn },
            kpi: k,
            part: k.kind === 'checklist' ? 'items' : 'value',
          },
        ],
  );
}
