/**
 * Who may do what, for which unit and period: the one statement of the rules, read by the
 * server's routes and services (which refuse) and by the SPA (which shows or hides an action).
 * Pure: the caller looks the units up on the map of the period asked and passes plain ids, so the
 * same answer comes out on both sides. Nothing here reads a database or the clock.
 *
 * A role says what kind of work an account does; a unit says where. The two combine:
 * - scope: an account works on its home unit and everything below it on the map of the period
 *   asked; a unit made by a reorganisation also keeps the archives of the units it was made from;
 * - own unit or below: the unit's own accounts enter its report, the level above decides on it;
 * - the programme's shared settings (catalogue, targets, calendar) belong to the top of the tree.
 */
import type { Role } from './auth-api.ts';
import type { ReportState } from './report-api.ts';

// ——— roles ———

/**
 * "No higher than the creator's": a secretariat may open reporter, approver, leader and
 * secretariat accounts within its subtree, never an admin.
 */
export const ROLE_RANK: Record<Role, number> = { reporter: 1, approver: 2, leader: 2, secretariat: 3, admin: 4 };

const ROLE_LIST = Object.keys(ROLE_RANK) as Role[];

/** The roles an account of `role` may grant, and so may manage (rank no higher than its own). */
export function rolesGrantableBy(role: Role): Role[] {
  return ROLE_LIST.filter((r) => mayGrant(role, r));
}

export function mayGrant(by: Role, role: Role): boolean {
  return ROLE_RANK[role] <= ROLE_RANK[by];
}

/**
 * Roles an account may hold on a unit of a tier: a task team (tier 4) has no committee, so
 * nothing to approve, lead or run there, only its own report; an administrator belongs to the
 * top of the programme (tier 1). Committees (city, district, commune) take every other role.
 */
export function rolesForTier(level: number): Role[] {
  if (level >= 4) return ['reporter'];
  return ROLE_LIST.filter((r) => r !== 'admin' || level === 1);
}

/**
 * What a role may do at all, wherever: each route is gated by one of these before scope, state
 * and period are looked at (a service then asks the finer question below).
 */
const ENTERERS: readonly Role[] = ['reporter', 'approver', 'secretariat', 'admin'];
const DECIDERS: readonly Role[] = ['approver', 'secretariat', 'admin'];
const SECRETARIAT: readonly Role[] = ['secretariat', 'admin'];
const EVERYONE: readonly Role[] = ROLE_LIST;

export const ACTION_ROLES = {
  /** Figures, series, reports, lists, late units, meeting reports, tasks and proposals of a unit in scope. */
  read: EVERYONE,
  /** Save, submit and recall a unit's monthly report (leaders only read). */
  'report.enter': ENTERERS,
  /** Approve or return the reports of the units below, one or many. */
  'report.decide': DECIDERS,
  /** Fill the units below from a spreadsheet (and fetch its template): the approver's bulk entry. */
  'report.import': DECIDERS,
  /** Reopen a submitted or approved report: the standing agency's remedy. */
  'report.reopen': SECRETARIAT,
  /** Go on entering (and importing) figures once the period is closed: the same remedy. */
  'report.enter-locked': SECRETARIAT,
  /** Remind the late units below: whoever may read the late list may chase it. */
  'late.remind': EVERYONE,
  /** Issue the meeting report of a committee and name who signs it. */
  'meeting-report.issue': SECRETARIAT,
  /** Record a meeting's conclusions and the tasks they assign. */
  'conclusions.record': SECRETARIAT,
  /** Report progress on a task assigned to the unit. */
  'task.progress': ENTERERS,
  /** Raise a proposal to the level above (and withdraw it). */
  'proposal.raise': ENTERERS,
  /** Answer, forward or close a proposal waiting on the unit. */
  'proposal.answer': ['approver', 'leader', 'secretariat', 'admin'],
  /** Accounts within the subtree: open, change, disable, reset passwords, import. */
  'users.administer': SECRETARIAT,
  /** The audit log of the subtree. */
  'audit.read': SECRETARIAT,
  /** The catalogue, targets, calendar and units the whole programme shares (see administersProgramme). */
  'programme.administer': SECRETARIAT,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTION_ROLES;
export const ACTIONS = Object.keys(ACTION_ROLES) as Action[];

/** Whether `role` may do any of `actions` somewhere: the route's gate. */
export function roleMay(role: Role, actions: Action | readonly Action[]): boolean {
  const list: readonly Action[] = typeof actions === 'string' ? [actions] : actions;
  return list.some((a) => (ACTION_ROLES[a] as readonly Role[]).includes(role));
}

// ——— units ———

/** A unit where it sits on the map of one period: its id and its ancestors' ids, parent first. */
export interface Place {
  id: number;
  ancestors: readonly number[];
}

/** Who asks, looked at on the map of the period asked. */
export interface Actor {
  role: Role;
  /** The account's home unit. */
  home: number;
  /** The home unit and every unit it was made from, through the lineage. */
  homes: readonly number[];
  /** The home unit exists in the period: an account whose unit ended reads its past and changes nothing after it. */
  alive: boolean;
}

/**
 * Whether `place` is the caller's home unit (or one it was made from) or below it. Admins see
 * everything. Monotone: what is in scope has everything below it in scope.
 */
export function inScope(actor: Pick<Actor, 'role' | 'homes'>, place: Place): boolean {
  if (actor.role === 'admin') return true;
  if (actor.homes.includes(place.id)) return true;
  return place.ancestors.some((a) => actor.homes.includes(a));
}

/** In scope and not the home unit itself: a unit the caller's level is "above". */
export function isBelow(actor: Pick<Actor, 'role' | 'homes' | 'home'>, place: Place): boolean {
  return place.id !== actor.home && inScope(actor, place);
}

/**
 * Accounts and the audit log are managed on today's map from the home unit alone: a successor
 * unit reads its predecessors' figures, not their people.
 */
export function inSubtreeToday(actor: Pick<Actor, 'role' | 'home'>, place: Place): boolean {
  return actor.role === 'admin' || place.id === actor.home || place.ancestors.includes(actor.home);
}

/**
 * On one map, whether the caller can know that the unit exists: it is in the caller's scope, above
 * a home unit (the breadcrumb names it), or a peer, directly below a unit above a home unit (the
 * meeting of the level above names every unit below it). `homes` are the home units' places on
 * that map. Of any other unit the caller learns nothing, not even that its code is taken.
 */
export function knowsOn(homes: readonly Place[], place: Place): boolean {
  const parent = place.ancestors[0];
  return homes.some(
    (h) =>
      h.id === place.id ||
      place.ancestors.includes(h.id) ||
      h.ancestors.includes(place.id) ||
      (parent !== undefined && h.ancestors.includes(parent)),
  );
}

/** The top of the programme: the home unit has no unit above it and is still in use. */
export interface ProgrammeSeat {
  role: Role;
  /** The home unit is the root of today's map (no parent) and has not ended. */
  atTop: boolean;
}

/**
 * Who may change what the whole programme shares (the catalogue, targets, the calendar, units):
 * an admin, or the secretariat of the top unit; a district's or commune's secretariat runs only
 * its accounts. The audit log of programme-wide changes (those of no unit) is theirs too.
 */
export function administersProgramme(p: ProgrammeSeat): boolean {
  return p.role === 'admin' || (roleMay(p.role, 'programme.administer') && p.atTop);
}

// ——— the monthly report ———

/** Where a period stands in the calendar: not yet, open for reports, or closed (locked after its grace days). */
export type PeriodPhase = 'upcoming' | 'open' | 'closed';

export interface ReportSituation {
  state: ReportState;
  phase: PeriodPhase;
  /** The unit reports in this period: the period is on or after the programme's start and the unit exists then. */
  reportable: boolean;
  /** The caller sent the report now waiting (its sender may take it back). */
  sentByCaller: boolean;
}

export interface ReportRights {
  /** The caller enters this unit's figures at all (its own unit, or a unit below for a decider). */
  enters: boolean;
  /** The form takes changes now. */
  editable: boolean;
  canDecide: boolean;
  canReopen: boolean;
  canRecall: boolean;
  /** The period is closed: only the secretariat still writes. */
  locked: boolean;
  /** The period is open to this unit's report (started, in the programme, the unit exists). */
  open: boolean;
  /** The caller is shown the units below whose reports wait for their own approver. */
  seesWaitingBelow: boolean;
}

const EDITABLE_STATES: readonly ReportState[] = ['not_started', 'draft', 'returned'];

/**
 * What the caller may do with one unit's report of one period. The unit's own accounts fill it;
 * an approver or the secretariat above fills and decides on it; leaders read. A closed period
 * takes changes from the secretariat only; a report waiting for the level above can be recalled
 * by its sender's unit until it is decided.
 */
export function reportRights(actor: Actor, place: Place, s: ReportSituation): ReportRights {
  const admin = actor.role === 'admin';
  const privileged = roleMay(actor.role, 'report.reopen');
  const entersLocked = roleMay(actor.role, 'report.enter-locked');
  const decider = roleMay(actor.role, 'report.decide');
  const within = inScope(actor, place);
  const own = place.id === actor.home;
  const below = !own && within;
  const enters = admin || (own && roleMay(actor.role, 'report.enter')) || (below && decider);
  const locked = s.phase === 'closed';
  const open = s.phase !== 'upcoming' && s.reportable;
  const writable = actor.alive && open && (!locked || entersLocked);
  const editable = enters && writable && EDITABLE_STATES.includes(s.state);
  const canDecide = s.state === 'submitted' && (admin || (actor.alive && below && decider));
  const canReopen = (s.state === 'submitted' || s.state === 'approved') && privileged && within;
  // Its sender's unit takes a report back while it waits: once the level above approves or
  // returns it, the state is no longer "submitted" and the decision stands.
  const sends = admin || (enters && (s.sentByCaller || own));
  const canRecall = s.state === 'submitted' && sends && writable;
  return { enters, editable, canDecide, canReopen, canRecall, locked, open, seesWaitingBelow: canDecide || (enters && decider) };
}

// ——— meetings, tasks, proposals ———

/** Whether the caller may do `action` for the unit at `place` (role and scope, on the period's map). */
export function mayAt(actor: Pick<Actor, 'role' | 'homes'>, action: Action, place: Place): boolean {
  return roleMay(actor.role, action) && inScope(actor, place);
}
