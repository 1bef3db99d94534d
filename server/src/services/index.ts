import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { AdminKpiService } from './admin-kpi-service.ts';
import { AdminSettingsService } from './admin-settings-service.ts';
import { AdminTargetService } from './admin-target-service.ts';
import { AdminUnitService } from './admin-unit-service.ts';
import { AdminUserService } from './admin-user-service.ts';
import { AuditService } from './audit-service.ts';
import { AuthService } from './auth-service.ts';
import { BulkService } from './bulk-service.ts';
import { CatalogService } from './catalog-service.ts';
import { DemoService } from './demo-service.ts';
import { FigureService } from './figure-service.ts';
import { HierarchyService } from './hierarchy-service.ts';
import { LateService } from './late-service.ts';
import { MailOutbox } from './mail-outbox.ts';
import { MeetingReportService } from './meeting-report-service.ts';
import { NotificationService } from './notification-service.ts';
import { ProposalService } from './proposal-service.ts';
import { ReportStateService } from './report-state-service.ts';
import { RollupService } from './rollup-service.ts';
import { SettingsService } from './settings-service.ts';
import { SignerService } from './signer-service.ts';
import { SubmissionService } from './submission-service.ts';
import { TaskService } from './task-service.ts';
import { UserImportService } from './user-import-service.ts';
import { UserService } from './user-service.ts';

export interface Services {
  db: Db;
  catalog: CatalogService;
  settings: SettingsService;
  reportStates: ReportStateService;
  /** Figures of either basis (as submitted, approved only): the basis is a parameter of each read. */
  figures: FigureService;
  /** Keeps both bases' roll-ups: the basis is a parameter of each write. */
  rollups: RollupService;
  hierarchy: HierarchyService;
  demo: DemoService;
  audit: AuditService;
  auth: AuthService;
  users: UserService;
  submissions: SubmissionService;
  bulk: BulkService;
  late: LateService;
  /** The bell, and mail through the outbox when SMTP is configured. */
  notifications: NotificationService;
  /** Who signs each unit's meeting reports. */
  signers: SignerService;
  proposals: ProposalService;
  tasks: TaskService;
  /** Issued meeting reports, kept as issued. */
  meetingReports: MeetingReportService;
  admin: {
    users: AdminUserService;
    userImport: UserImportService;
    kpis: AdminKpiService;
    targets: AdminTargetService;
    settings: AdminSettingsService;
    units: AdminUnitService;
  };
}

export function createServices(db: Db, config: Pick<Config, 'today'> & Pick<Partial<Config>, 'smtpUrl'>): Services {
  const catalog = new CatalogService(db.sqlite);
  const settings = new SettingsService(db.sqlite, config.today);
  const reportStates = new ReportStateService(db.sqlite, catalog, settings);
  const figures = new FigureService(db.sqlite, catalog, reportStates, settings);
  const rollups = new RollupService(db.sqlite);
  const audit = new AuditService(db.sqlite);
  const auth = new AuthService(db.sqlite, catalog, audit);
  const users = new UserService(db.sqlite, catalog, audit);
  const hierarchy = new HierarchyService(db.sqlite, catalog, rollups, audit);
  const demo = new DemoService(db.sqlite, catalog, settings, rollups, hierarchy, config.today);
  const submissions = new SubmissionService({
    sqlite: db.sqlite,
    catalog,
    rollups,
    figures,
    settings,
    audit,
    today: config.today,
  });
  const bulk = new BulkService(db.sqlite, catalog, submissions);
  const notifications = new NotificationService(
    db.sqlite,
    catalog,
    settings,
    reportStates,
    new MailOutbox(db.sqlite, Boolean(config.smtpUrl)),
    config.today,
  );
  submissions.onTransition = (e) => notifications.reportTransition(e);
  const late = new LateService(db.sqlite, catalog, reportStates, settings, config.today, notifications, audit);
  const signers = new SignerService(db.sqlite, catalog, settings, audit);
  const proposals = new ProposalService(db.sqlite, catalog, settings, audit, config.today);
  const tasks = new TaskService(db.sqlite, catalog, settings, audit, config.today);
  tasks.onAssigned = (period, number, assigned) => notifications.tasksAssigned(period, number, assigned);
  const meetingReports = new MeetingReportService(
    { db, catalog, settings, figures, reportStates, tasks, proposals },
    signers,
    audit,
    config.today,
  );
  const adminUsers = new AdminUserService(db.sqlite, catalog, users, audit, settings);
  const admin = {
    users: adminUsers,
    userImport: new UserImportService(db.sqlite, users, adminUsers),
    kpis: new AdminKpiService(db.sqlite, catalog, rollups, audit),
    targets: new AdminTargetService(db.sqlite, catalog, audit, settings),
    settings: new AdminSettingsService(db.sqlite, settings, audit),
    units: new AdminUnitService(catalog, settings),
  };
  return {
    db,
    catalog,
    settings,
    reportStates,
    figures,
    rollups,
    hierarchy,
    demo,
    audit,
    auth,
    users,
    submissions,
    bulk,
    late,
    notifications,
    signers,
    proposals,
    tasks,
    meetingReports,
    admin,
  };
}
