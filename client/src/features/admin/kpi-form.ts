/** The KPI form's draft and its checks, as i18n keys, kept pure so they are tested without a DOM. */
import { type KpiCreateBody, type KpiDetail, type KpiKind, kpiCodeSchema, type PeriodInfo, type RatioMode } from '@tiendo/shared';

export interface KpiDraft {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  kind: KpiKind;
  ratioMode: RatioMode;
  group: string;
  order: string;
  reportLevels: number[];
  higherIsBetter: boolean;
}

export function draftOf(k: KpiDetail | null, group: string): KpiDraft {
  return {
    code: k?.code ?? '',
    name: k?.name ?? '',
    nameEn: k?.nameEn ?? '',
    unit: k?.unit ?? '',
    unitEn: k?.unitEn ?? '',
    kind: k?.kind ?? 'count',
    ratioMode: k?.ratioMode ?? 'level',
    group: k?.group ?? group,
    order: k ? String(k.order) : '',
    reportLevels: k?.reportLevels ?? [],
    higherIsBetter: k?.higherIsBetter ?? true,
  };
}

export type KpiProblems = Partial<Record<keyof KpiDraft, string>>;

export function kpiProblems(d: KpiDraft, creating: boolean): KpiProblems {
  const out: KpiProblems = {};
  if (creating && !kpiCodeSchema.safeParse(d.code).success) out.code = 'admin.kpis.codeRule';
  for (const k of ['name', 'nameEn', 'unit', 'unitEn'] as const) if (!d[k].trim()) out[k] = 'admin.kpis.required';
  if (d.reportLevels.length === 0) out.reportLevels = 'admin.kpis.levelsRequired';
  if (d.order.trim() && !/^\d{1,5}$/.test(d.order.trim())) out.order = 'admin.targets.valueRule';
  return out;
}

export function bodyOf(d: KpiDraft): KpiCreateBody {
  return {
    code: d.code.trim(),
    name: d.name.trim(),
    nameEn: d.nameEn.trim(),
    unit: d.unit.trim(),
    unitEn: d.unitEn.trim(),
    kind: d.kind,
    ratioMode: d.kind === 'ratio' ? d.ratioMode : null,
    reportLevels: [...d.reportLevels].sort((a, b) => a - b),
    higherIsBetter: d.higherIsBetter,
    group: d.group,
    ...(d.order.trim() ? { order: Number(d.order) } : {}),
  };
}

/** The first period not yet open: where a retirement normally starts. */
export function nextNewPeriod(periods: readonly PeriodInfo[]): string | null {
  return periods.find((p) => p.state === 'upcoming')?.period ?? periods.at(-1)?.period ?? null;
}
