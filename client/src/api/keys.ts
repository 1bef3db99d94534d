/**
 * Every query key of the app, built in one place. A key holds every parameter that changes the
 * answer (the period, the map it is read on, the basis, filters), so two different answers never
 * share a cache entry; and one resource has one key prefix, so whoever changes it can invalidate
 * every screen that shows it.
 */
import type { Basis, MapView } from '@tiendo/shared';
import type { AuditFilters } from '../features/admin/audit-queries.ts';
import type { UnitFilters, UserFilters } from '../features/admin/queries.ts';

/**
 * How a unit's figures are read: the period, the map it is read on and the basis. Every one of
 * them changes the answer, so every one is in the key (the dashboard's view is one).
 */
export interface Reading {
  period: string;
  map: MapView;
  basis: Basis;
}

export const authKeys = { me: ['me'] as const };

export const catalogKeys = {
  periods: ['periods'] as const,
  kpis: ['kpis'] as const,
};

/** A unit's replies; the figures that reports move all sit under `unitKeys.all`. */
export const unitKeys = {
  all: ['unit'] as const,
  unit: (code: string) => ['unit', code] as const,
  info: (code: string, period: string | null, map: MapView) => ['unit', code, 'info', period, map] as const,
  lineage: (code: string, period: string | null) => ['unit', code, 'lineage', period] as const,
  figures: (code: string, r: Reading) => ['unit', code, 'figures', r.period, r.map, r.basis] as const,
  series: (code: string, kpi: string, from: string, r: Reading) => ['unit', code, 'series', kpi, from, r.period, r.map, r.basis] as const,
  /** Every KPI's series at once (the series queries read theirs from it). */
  trends: (code: string, from: string, r: Reading) => ['unit', code, 'trends', from, r.period, r.map, r.basis] as const,
  breakdown: (code: string, kpi: string, r: Reading) => ['unit', code, 'breakdown', kpi, r.period, r.map, r.basis] as const,
  /** Every KPI's breakdown at once (the breakdown queries read theirs from it). */
  breakdowns: (code: string, r: Reading) => ['unit', code, 'breakdowns', r.period, r.map, r.basis] as const,
  /** Who reported counts reports, not figures: the basis does not change it, the map does. */
  completeness: (code: string, period: string, map: MapView, limit: number) => ['unit', code, 'completeness', period, map, limit] as const,
};

/** A code names one unit in a period (00097 is Tứ Liên until 2025-06 and Hồng Hà after): every key carries the period. */
export const reportKeys = {
  all: ['report'] as const,
  report: (unit: string, period: string) => ['report', unit, period] as const,
  /** Every late list: a report saved anywhere may take a unit off one. */
  lateAll: ['report', 'late'] as const,
  late: (unit: string, period: string) => ['report', 'late', unit, period] as const,
};

/** Proposals, tasks and conclusions of a unit: keys carry the period (a code names one unit in a period). */
export const followupKeys = {
  all: ['followup'] as const,
  proposals: (unit: string, period: string, state: 'open' | 'all') => ['followup', 'proposals', unit, period, state] as const,
  tasks: (unit: string, period: string) => ['followup', 'tasks', unit, period] as const,
  conclusions: (unit: string, period: string | null) => ['followup', 'conclusions', unit, period] as const,
};

/**
 * The meeting slides' and the home page's reads of the same resources: under the follow-up
 * prefix, so a progress report or an answer refreshes them too; apart from the follow-up page's
 * own entries because a server without the routes answers them with "nothing recorded" (null).
 */
export const meetingKeys = {
  tasks: (code: string, period: string) => [...followupKeys.tasks(code, period), 'or-none'] as const,
  proposals: (code: string, period: string) => [...followupKeys.proposals(code, period, 'open'), 'or-none'] as const,
};

export const meetingReportKeys = {
  all: ['meeting-reports'] as const,
  unit: (code: string) => ['meeting-reports', code] as const,
  list: (code: string, period: string) => ['meeting-reports', code, 'list', period] as const,
  changes: (code: string, id: number) => ['meeting-reports', code, 'changes', id] as const,
  signer: (code: string) => ['meeting-reports', code, 'signer'] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
};

export const tokenKeys = { all: ['tokens'] as const };

export const adminKeys = {
  all: ['admin'] as const,
  users: ['admin', 'users'] as const,
  usersPage: (f: UserFilters) => ['admin', 'users', f] as const,
  units: (f: UnitFilters) => ['admin', 'units', f] as const,
  kpi: (code: string) => ['admin', 'kpi', code] as const,
  targets: (code: string) => ['admin', 'kpi', code, 'targets'] as const,
  reporting: ['admin', 'settings', 'reporting'] as const,
  audit: (f: AuditFilters) => ['admin', 'audit', f] as const,
};
