import type { KpiKind, RatioMode } from '@tiendo/shared';

export interface SeedUnit {
  code: string;
  name: string;
  level: number;
  type: string;
  parentCode: string | null;
  sortOrder: number;
  validFrom?: string | null;
  validTo?: string | null;
}

export interface SeedKpiGroup {
  code: string;
  name: string;
  nameEn: string;
  order: number;
}

export interface SeedKpiItem {
  code: string;
  name: string;
  nameEn?: string | null;
  lead?: string | null;
}

export interface SeedKpi {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  kind: KpiKind;
  ratioMode: RatioMode | null;
  reportLevels: number[];
  higherIsBetter: boolean;
  group: string;
  order: number;
  items?: SeedKpiItem[];
  /** A count whose running total this KPI may not exceed, for the same unit. */
  atMost?: string;
}

export interface SeedTarget {
  kpi: string;
  unit?: string;
  level?: number;
  value: number;
  deadline: string;
}

export interface SeedFigure {
  unit: string;
  kpi: string;
  period: string;
  value?: number;
  numerator?: number;
  denominator?: number;
  items?: string[];
}

export interface SeedReport {
  unit: string;
  period: string;
  state: 'submitted' | 'approved';
  submittedAt: string;
  difficulties?: string;
  recommendations?: string;
}
