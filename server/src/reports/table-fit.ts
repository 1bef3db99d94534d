/**
 * Column widths from the content, as a browser lays out an automatic table: every column is at
 * least as wide as its longest unbreakable token (a date "12/2026", a percentage "99,9 %" held
 * together by a no-break space, a word), then the room left goes to the columns whose text would
 * wrap, in proportion to how much they would need. A table whose tokens cannot all fit is set
 * smaller, never with a token broken across lines.
 */

export interface TableColumn {
  header: string;
  align?: 'left' | 'center' | 'right';
}

export interface TableSpec {
  cols: TableColumn[];
  rows: string[][];
  /** Rows set in bold (a group's first row). */
  boldRows?: ReadonlySet<number>;
}

/** Measures a line of text at the table's size; `bold` for the header and bold rows. */
export type Measure = (text: string, bold: boolean) => number;

/** The tokens a renderer may not break: runs between regular spaces and line breaks (U+00A0 joins). */
export function tokensOf(cell: string): string[] {
  return cell.split(/[ \n\t]+/).filter(Boolean);
}

export interface ColumnNeeds {
  /** The widest token, plus padding: below this a token would break. */
  min: number;
  /** The widest line without wrapping, plus padding. */
  max: number;
}

export function columnNeeds(spec: TableSpec, measure: Measure, pad: number): ColumnNeeds[] {
  return spec.cols.map((c, i) => {
    let min = 0;
    let max = 0;
    const cells: [string, boolean][] = [
      [c.header, true],
      ...spec.rows.map((r, j): [string, boolean] => [r[i] ?? '', spec.boldRows?.has(j) ?? false]),
    ];
    for (const [text, bold] of cells) {
      for (const t of tokensOf(text)) min = Math.max(min, measure(t, bold));
      for (const line of text.split('\n')) max = Math.max(max, measure(line, bold));
    }
    return { min: min + 2 * pad, max: Math.max(min, max) + 2 * pad };
  });
}

/**
 * Widths summing to `total`, or null when even the tokens alone do not fit (the caller then sets
 * the table smaller). A column gets its natural width when all fit; otherwise its minimum plus a
 * share of what is left, in proportion to what it lacks.
 */
export function fitColumns(needs: ColumnNeeds[], total: number): number[] | null {
  const minSum = needs.reduce((s, n) => s + n.min, 0);
  if (minSum > total + 1e-6) return null;
  const maxSum = needs.reduce((s, n) => s + n.max, 0);
  if (maxSum <= total) {
    // All fit on one line: the room to spare goes to every column alike, in proportion to its width.
    return needs.map((n) => n.max + ((total - maxSum) * n.max) / maxSum);
  }
  const want = maxSum - minSum;
  return needs.map((n) => n.min + ((total - minSum) * (n.max - n.min)) / want);
}

/** The font sizes tried, largest first, until a table's tokens fit. */
export function fitTable(
  spec: TableSpec,
  total: number,
  sizes: readonly number[],
  measureAt: (size: number) => Measure,
  pad: number,
): { widths: number[]; size: number } {
  for (const size of sizes) {
    const widths = fitColumns(columnNeeds(spec, measureAt(size), pad), total);
    if (widths) return { widths, size };
  }
  const size = sizes.at(-1) as number;
  // Nothing fits: share the width by need, the least bad layout (not expected with the report's tables).
  const needs = columnNeeds(spec, measureAt(size), pad);
  const sum = needs.reduce((s, n) => s + n.min, 0);
  return { widths: needs.map((n) => (n.min / sum) * total), size };
}
