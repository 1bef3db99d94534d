export const KPI_KINDS = ['count', 'stock', 'ratio', 'checklist'] as const;
export type KpiKind = (typeof KPI_KINDS)[number];

/** A ratio is either a level (cleaned to date / records) or a monthly flow (paid electronically / paid this month). */
export const RATIO_MODES = ['level', 'flow'] as const;
export type RatioMode = (typeof RATIO_MODES)[number];

export interface KpiRule {
  code: string;
  kind: KpiKind;
  ratioMode: RatioMode | null;
  /** Hierarchy levels (1 = top) whose units report this KPI themselves. */
  reportLevels: number[];
  higherIsBetter: boolean;
}

/**
 * Levels (stocks, level ratios, checklists) describe a state at period end: a unit that did not
 * report keeps its last value. Flows (counts, flow ratios) describe one month: a missing report
 * adds nothing.
 */
export function isCarriedForward(kpi: Pick<KpiRule, 'kind' | 'ratioMode'>): boolean {
  if (kpi.kind === 'stock' || kpi.kind === 'checklist') return true;
  if (kpi.kind === 'ratio') return kpi.ratioMode !== 'flow';
  return false;
}

export function reportsAtLevel(kpi: Pick<KpiRule, 'reportLevels'>, level: number): boolean {
  return kpi.reportLevels.includes(level);
}
