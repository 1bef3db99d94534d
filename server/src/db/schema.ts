/**
 * The drizzle schema is the source of truth; `npm run db:generate` writes the migration and the
 * migration is committed, never edited once landed.
 *
 * Periods are stored as `YYYY-MM` text so that they sort and compare as strings.
 *
 * Every column that holds another row's id declares it (`.references()`), enforced on every
 * connection (client.ts turns `foreign_keys` on). Units, KPIs, accounts and the programme's
 * records are never deleted (a unit ends, a KPI retires, an account is disabled), so most
 * references keep SQLite's default NO ACTION: deleting a parent that still has rows pointing at it
 * is refused. What exists only for an account (its sessions, API tokens and notices) follows it
 * with ON DELETE CASCADE. Some tables keep their ids undeclared, each saying why: `audit_log`
 * (history of things that may be gone) and the roll-ups (caches rebuilt from the figures).
 */
import type { Basis } from '@tiendo/shared';
import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * A unit's identity over time. Figures, reports and accounts point at the identity, which keeps
 * existing when its parent, code or name change (a task team keeps its figures when its commune
 * is merged). What holds for an interval of periods lives in `unit_versions`; the code, name,
 * type, parent and path here are a copy of the unit's latest version, kept by the same writer,
 * for the account and audit lists that only ever ask about today.
 */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /**
     * The tier: 1 province/city, 2 district, 3 commune, 4 task team. A tier, never a depth: a
     * commune is at depth 3 before the 2025 reform and at depth 2 after it.
     */
    level: integer('level').notNull(),
    /** Type label: thành phố, quận, huyện, thị xã, phường, xã, thị trấn, tổ dân phố, thôn… */
    type: text('type').notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => units.id),
    /** `/1/2/17/` — ids from the root down to this unit in its latest version. */
    path: text('path').notNull(),
    /** First period the unit exists in; null = since always. */
    validFrom: text('valid_from'),
    /** Last period the unit exists in; null = still exists. */
    validTo: text('valid_to'),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Legacy: codes this unit replaced, as a JSON array. `unit_lineage` is the source of truth. */
    predecessors: text('predecessors'),
  },
  (t) => [index('units_code_idx').on(t.code), index('units_parent_idx').on(t.parentId), index('units_path_idx').on(t.path)],
);

/**
 * What a unit is during an interval of periods: its code (unique within a period, reused over
 * time: `00004` is Trúc Bạch until 2025-06 and Phường Ba Đình from 2025-07), name, type and
 * parent. A unit's versions are contiguous and cover exactly its life.
 */
export const unitVersions = sqliteTable(
  'unit_versions',
  {
    id: integer('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** First period of this version; null = since always. */
    validFrom: text('valid_from'),
    /** Last period of this version; null = still holds. */
    validTo: text('valid_to'),
    code: text('code').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    parentId: integer('parent_id').references(() => units.id),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    index('unit_versions_unit_idx').on(t.unitId, t.validFrom),
    index('unit_versions_code_idx').on(t.code),
    index('unit_versions_parent_idx').on(t.parentId),
  ],
);

/**
 * Where a unit created by a reorganisation came from, with the share of the predecessor it took:
 * 1 for each predecessor of a merge, a fraction for each successor of a split. Queried both ways.
 */
export const unitLineage = sqliteTable(
  'unit_lineage',
  {
    predecessorId: integer('predecessor_id')
      .notNull()
      .references(() => units.id),
    successorId: integer('successor_id')
      .notNull()
      .references(() => units.id),
    share: real('share').notNull(),
    /** First period of the successor's inheritance (the reorganisation's effective period). */
    period: text('period').notNull(),
  },
  (t) => [primaryKey({ columns: [t.predecessorId, t.successorId] }), index('unit_lineage_successor_idx').on(t.successorId)],
);

export const kpiGroups = sqliteTable('kpi_groups', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const kpis = sqliteTable(
  'kpis',
  {
    id: integer('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    unit: text('unit').notNull(),
    unitEn: text('unit_en').notNull(),
    kind: text('kind', { enum: ['count', 'stock', 'ratio', 'checklist'] }).notNull(),
    ratioMode: text('ratio_mode', { enum: ['level', 'flow'] }),
    /** JSON array of the hierarchy levels that report this KPI themselves. */
    reportLevels: text('report_levels').notNull(),
    higherIsBetter: integer('higher_is_better', { mode: 'boolean' }).notNull().default(true),
    groupCode: text('group_code')
      .notNull()
      .references(() => kpiGroups.code),
    sortOrder: integer('sort_order').notNull().default(0),
    /** First period the KPI is no longer asked for; history stays. */
    retiredFrom: text('retired_from'),
    /**
     * Code of a count KPI whose running total this one may not exceed for the same unit
     * (applications processed ≤ applications received).
     */
    atMost: text('at_most').references((): AnySQLiteColumn => kpis.code),
  },
  (t) => [uniqueIndex('kpis_code_uq').on(t.code)],
);

export const kpiItems = sqliteTable(
  'kpi_items',
  {
    id: integer('id').primaryKey(),
    kpiId: integer('kpi_id')
      .notNull()
      .references(() => kpis.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    lead: text('lead'),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredFrom: text('retired_from'),
  },
  (t) => [uniqueIndex('kpi_items_code_uq').on(t.kpiId, t.code)],
);

/**
 * Targets hold from a period on and never rewrite the past: a new value for a unit or a tier is a
 * new row from the period it is set in; every period before it keeps the row that held then. A
 * correction of one past period is its own row for that period only, with its reason.
 */
export const targets = sqliteTable(
  'targets',
  {
    id: integer('id').primaryKey(),
    kpiId: integer('kpi_id')
      .notNull()
      .references(() => kpis.id),
    /** A target for one unit… */
    unitId: integer('unit_id').references(() => units.id),
    /** …or for every unit of a tier. */
    level: integer('level'),
    value: real('value').notNull(),
    deadline: text('deadline').notNull(),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    /** First period the row holds for; null = since the programme began. */
    validFrom: text('valid_from'),
    /** Last period it holds for: set on a correction of one period; otherwise null (until replaced). */
    validTo: text('valid_to'),
    /** From `validFrom` on, this unit or tier has no target (the row ends the one before). */
    removed: integer('removed', { mode: 'boolean' }).notNull().default(false),
    /** A correction of one past period, with its reason. */
    correction: integer('correction', { mode: 'boolean' }).notNull().default(false),
    reason: text('reason'),
    createdBy: text('created_by'),
  },
  (t) => [index('targets_kpi_idx').on(t.kpiId)],
);

/**
 * The reporting calendar (cut-off day, submission deadline, grace days) from a period on; a
 * one-off row changes one period only (a deadline extended over Tết). The past keeps its rows.
 */
export const reportingCalendar = sqliteTable(
  'reporting_calendar',
  {
    id: integer('id').primaryKey(),
    /** First period the row holds for; null = since the programme began. */
    validFrom: text('valid_from'),
    /** Last period: the same as `validFrom` for a one-off or a correction; null otherwise. */
    validTo: text('valid_to'),
    cutoffDay: integer('cutoff_day').notNull(),
    deadlineDays: integer('deadline_days').notNull(),
    graceDays: integer('grace_days').notNull(),
    oneOff: integer('one_off', { mode: 'boolean' }).notNull().default(false),
    correction: integer('correction', { mode: 'boolean' }).notNull().default(false),
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
  },
  (t) => [index('reporting_calendar_from_idx').on(t.validFrom)],
);

/**
 * A meeting report as issued: its number in the unit's year, the issue date, the signer, and the
 * files exactly as issued (never edited; a re-issue is a new row that replaces the old one).
 */
export const meetingReports = sqliteTable(
  'meeting_reports',
  {
    id: integer('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    period: text('period').notNull(),
    /** The year of issue and the number within it: `Số: 12/BC-BCĐ06`. */
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    issuedAt: text('issued_at').notNull(),
    issuedBy: text('issued_by').notNull(),
    signerTitle: text('signer_title').notNull(),
    signerName: text('signer_name').notNull(),
    lang: text('lang').notNull().default('vi'),
    replacedBy: integer('replaced_by').references((): AnySQLiteColumn => meetingReports.id),
    pdf: blob('pdf', { mode: 'buffer' }).notNull(),
    docx: blob('docx', { mode: 'buffer' }).notNull(),
    xlsx: blob('xlsx', { mode: 'buffer' }).notNull(),
    sha256Pdf: text('sha256_pdf').notNull(),
    sha256Docx: text('sha256_docx').notNull(),
    sha256Xlsx: text('sha256_xlsx').notNull(),
    /** JSON: the unit's figures as presented (the figures reply at issue time). */
    snapshot: text('snapshot').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_reports_number_uq').on(t.unitId, t.year, t.number),
    index('meeting_reports_unit_period_idx').on(t.unitId, t.period),
  ],
);

/** Who signs a unit's meeting reports: "TM. BAN CHỈ ĐẠO / PHÓ TRƯỞNG BAN / <name>". */
export const unitSigners = sqliteTable('unit_signers', {
  unitId: integer('unit_id')
    .primaryKey()
    .references(() => units.id),
  title: text('title').notNull(),
  name: text('name').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** A unit's own figure for a KPI and period, as reported. */
const figureTable = (name: string) =>
  sqliteTable(
    name,
    {
      unitId: integer('unit_id')
        .notNull()
        .references(() => units.id),
      kpiId: integer('kpi_id')
        .notNull()
        .references(() => kpis.id),
      period: text('period').notNull(),
      value: real('value'),
      numerator: real('numerator'),
      denominator: real('denominator'),
      /** Checklist: JSON array of the item codes done. */
      items: text('items'),
      /** Running totals of value, numerator and denominator up to this period (flows), kept on write. */
      cumValue: real('cum_value').notNull().default(0),
      cumNumerator: real('cum_numerator').notNull().default(0),
      cumDenominator: real('cum_denominator').notNull().default(0),
      recordedBy: integer('recorded_by').references(() => users.id),
      recordedAt: text('recorded_at').notNull(),
    },
    // By period too: "who reported this month" is asked of a whole period at once, and answered
    // from this index alone (it holds the unit): 14× faster than a table lookup per row.
    (t) => [primaryKey({ columns: [t.unitId, t.kpiId, t.period] }), index(`${name}_period_idx`).on(t.period, t.kpiId, t.unitId)],
  );

/**
 * The aggregate of the units below, per (unit, KPI, period), kept in the same transaction as
 * every figure written. Flows have a row per period with data; levels (carried forward) are a
 * step function: a row where the aggregate changes, read as "the latest row at or before P".
 *
 * `unit_id` and `kpi_id` are deliberately not declared as foreign keys. A roll-up is a cache
 * derived from the figures, whose own ids are declared and checked, and written only by the
 * roll-up code for ancestors it takes from the catalogue; `rebuildRollups` can always rebuild it.
 * A declared reference would check nothing those do not, and costs two parent lookups for every
 * new row. Measured when 0014 was written (in memory, best of several runs on a busy 2-core
 * machine): +0.2 µs a row (+10 %) for rows arriving in key order, +0.9 to +1.8 µs (+20–30 %) for
 * rows in scattered order as a submission's ancestors are, paid by every rebuild (250,000 rows
 * for the demo, millions for the national bench) and by each new roll-up row of a submission; an
 * upsert that updates an existing row pays nothing either way. The 30-value submission itself
 * showed no difference above the machine's noise (medians 1.5–4.4 ms under a load of 12).
 */
const rollupTable = (name: string) =>
  sqliteTable(
    name,
    {
      unitId: integer('unit_id').notNull(),
      kpiId: integer('kpi_id').notNull(),
      period: text('period').notNull(),
      value: real('value').notNull().default(0),
      numerator: real('numerator').notNull().default(0),
      denominator: real('denominator').notNull().default(0),
      /** Checklist: JSON object item code → number of contributing units with it done. */
      items: text('items'),
      contributors: integer('contributors').notNull().default(0),
      /** Running totals up to this period (flows), kept on write so reads never sum the history. */
      cumValue: real('cum_value').notNull().default(0),
      cumNumerator: real('cum_numerator').notNull().default(0),
      cumDenominator: real('cum_denominator').notNull().default(0),
      updatedAt: text('updated_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.unitId, t.kpiId, t.period] })],
  );

/** Figures as submitted: they count on the dashboards from submission. */
export const figures = figureTable('figures');
export const rollups = rollupTable('rollups');
/** The same for approved reports only, for the dashboards' "approved figures only" view. */
export const figuresApproved = figureTable('figures_approved');
export const rollupsApproved = rollupTable('rollups_approved');

/** Either basis's own figures: both tables share one column definition, hence one type. */
export type FigureTable = typeof figures;
/** Either basis's roll-up. */
export type RollupTable = typeof rollups;

/**
 * The tables of each figure basis. Services take the basis as a parameter and look its tables up
 * here, so there is one service per kind of work, never one per basis.
 */
export const basisTables: Readonly<Record<Basis, { figures: FigureTable; rollups: RollupTable }>> = {
  submitted: { figures, rollups },
  approved: { figures: figuresApproved, rollups: rollupsApproved },
};

/**
 * A unit's monthly report: the draft being typed, its state in the workflow (draft → submitted →
 * approved, or returned with a comment → resubmitted), the notes sent up to the meeting, and a
 * version counter so that two people editing at once cannot overwrite each other silently.
 */
export const reports = sqliteTable(
  'reports',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    period: text('period').notNull(),
    state: text('state', { enum: ['draft', 'submitted', 'returned', 'approved'] }).notNull(),
    submittedAt: text('submitted_at'),
    updatedAt: text('updated_at').notNull(),
    /** JSON: KPI code → value | { numerator, denominator } | { items }, as last saved. */
    draft: text('draft'),
    /** Khó khăn, vướng mắc: difficulties and obstacles, collected for the meeting report. */
    difficulties: text('difficulties'),
    /** Kiến nghị: recommendations to the level above. */
    recommendations: text('recommendations'),
    /** JSON: KPI code → { reason, explanation } for values flagged as unusual. */
    flags: text('flags'),
    version: integer('version').notNull().default(0),
    updatedBy: integer('updated_by').references(() => users.id),
    submittedBy: integer('submitted_by').references(() => users.id),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: text('decided_at'),
    /** The approver's comment when returned, or the secretariat's reason when reopened. */
    comment: text('comment'),
    /**
     * JSON, set while submitted: what the submitted basis held for this report before the
     * submission (`{ state, submittedAt, basis }`), so a recall puts exactly that back.
     */
    priorSubmission: text('prior_submission'),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.period] }), index('reports_period_idx').on(t.period, t.state)],
);

/** Every transition of a report: who, when, from which state to which, with the comment. */
export const reportEvents = sqliteTable(
  'report_events',
  {
    id: integer('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    period: text('period').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    actor: text('actor'),
    at: text('at').notNull(),
    comment: text('comment'),
  },
  (t) => [index('report_events_unit_idx').on(t.unitId, t.period)],
);

/** Small JSON settings (reporting calendar, programme start) and version counters of cached data. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role', { enum: ['reporter', 'approver', 'leader', 'secretariat', 'admin'] }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** scrypt$N$r$p$salt$hash — never returned by any route. */
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
    /** Created by the demo seed with the published demo password. */
    demo: integer('demo', { mode: 'boolean' }).notNull().default(false),
    /** Whom to call when the unit is late: shown on the late list as a `tel:` link. */
    phone: text('phone'),
    /** Where reminders and notifications are mailed when SMTP is configured. */
    email: text('email'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_username_uq').on(t.username), index('users_unit_idx').on(t.unitId)],
);

/** Server-side sessions, so several server processes can share them. The id is a hash of the cookie. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal read-only API tokens for other systems; only a hash is kept. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/** Failed logins, for rate limiting per username and per address across processes. */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('login_failures_user_idx').on(t.username, t.at), index('login_failures_ip_idx').on(t.ip, t.at)],
);

/**
 * Append-only: logins and every write, with before and after. `actor_id` and `unit_id` are
 * history, not references: the log must be able to say who did what to a unit or account even if
 * that row were ever removed, and a foreign key would forbid exactly that removal (or, cascading,
 * rewrite the history). Its triggers also make a table rebuild (how SQLite adds a foreign key)
 * something to avoid here.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: text('at').notNull(),
    actorId: integer('actor_id'),
    actor: text('actor'),
    action: text('action').notNull(),
    unitId: integer('unit_id'),
    target: text('target'),
    before: text('before'),
    after: text('after'),
    ip: text('ip'),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_unit_idx').on(t.unitId), index('audit_actor_idx').on(t.actor)],
);

/**
 * A proposal (kiến nghị) a unit sends up the tree: the unit above answers it, forwards it to its
 * own level above, or closes it; `waiting_on_id` is the unit that must answer now. What happened
 * to it is in `proposal_events`.
 */
export const proposals = sqliteTable(
  'proposals',
  {
    id: integer('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** The report period it was raised in. */
    period: text('period').notNull(),
    text: text('text').notNull(),
    state: text('state', { enum: ['open', 'answered', 'closed'] }).notNull(),
    waitingOnId: integer('waiting_on_id').references(() => units.id),
    raisedAt: text('raised_at').notNull(),
    raisedBy: text('raised_by').notNull(),
    answer: text('answer'),
    answerUnitId: integer('answer_unit_id').references(() => units.id),
    answeredAt: text('answered_at'),
    answeredBy: text('answered_by'),
    closedAt: text('closed_at'),
  },
  (t) => [index('proposals_unit_idx').on(t.unitId, t.period), index('proposals_waiting_idx').on(t.waitingOnId, t.state)],
);

export const proposalEvents = sqliteTable(
  'proposal_events',
  {
    id: integer('id').primaryKey(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id),
    action: text('action', { enum: ['raised', 'forwarded', 'answered', 'closed'] }).notNull(),
    /** The unit on whose behalf it was done. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    actor: text('actor').notNull(),
    at: text('at').notNull(),
    text: text('text'),
  },
  (t) => [index('proposal_events_proposal_idx').on(t.proposalId)],
);

/**
 * The conclusions of a unit's meeting on a period (Thông báo kết luận), numbered within the unit's
 * year of the meeting: `Số: 5/TB-BCĐ06`. Its tasks are in `tasks`.
 */
export const conclusions = sqliteTable(
  'conclusions',
  {
    id: integer('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    period: text('period').notNull(),
    meetingDate: text('meeting_date').notNull(),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    summary: text('summary').notNull().default(''),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [uniqueIndex('conclusions_number_uq').on(t.unitId, t.year, t.number), index('conclusions_unit_period_idx').on(t.unitId, t.period)],
);

/** A task a meeting assigned: content, deadline (a day), the KPI it concerns if any. */
export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey(),
    conclusionId: integer('conclusion_id')
      .notNull()
      .references(() => conclusions.id),
    content: text('content').notNull(),
    deadline: text('deadline').notNull(),
    kpiId: integer('kpi_id').references(() => kpis.id),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('tasks_conclusion_idx').on(t.conclusionId)],
);

/** The units in charge of a task (one or several). */
export const taskAssignees = sqliteTable(
  'task_assignees',
  {
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.unitId] }), index('task_assignees_unit_idx').on(t.unitId)],
);

/** Progress a unit in charge reports on a task in a report period; the latest row is its status. */
export const taskProgress = sqliteTable(
  'task_progress',
  {
    id: integer('id').primaryKey(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    period: text('period').notNull(),
    status: text('status', { enum: ['in_progress', 'done', 'blocked'] }).notNull(),
    note: text('note').notNull().default(''),
    at: text('at').notNull(),
    by: text('by').notNull(),
  },
  (t) => [index('task_progress_task_idx').on(t.taskId, t.unitId)],
);

/**
 * What the app tells one person: a returned report, a deadline coming, a task assigned, reports
 * waiting for review, a month complete. `dedupe_key` makes a notice that a scheduler or a second
 * server process might raise twice (the deadline is 3 days away) exist once per person.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    link: text('link'),
    dedupeKey: text('dedupe_key'),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey)],
);

/**
 * Mail waiting to be sent, written in the same transaction as what causes it, so a crash never
 * loses a message; the sender claims a row before it talks to the SMTP server and marks it sent
 * after, and the Message-ID is the row's own, so a message is never sent twice under two names.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    messageId: text('message_id').notNull(),
    /** pending → sending → sent; back to pending with a later `not_before` after a failure. */
    state: text('state', { enum: ['pending', 'sending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: text('not_before').notNull(),
    claimedAt: text('claimed_at'),
    claimedBy: text('claimed_by'),
    sentAt: text('sent_at'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('mail_outbox_message_uq').on(t.messageId), index('mail_outbox_state_idx').on(t.state, t.notBefore)],
);
