PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`message` text NOT NULL,
	`link` text,
	`dedupe_key` text,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "user_id", "kind", "message", "link", "dedupe_key", "created_at", "read_at") SELECT "id", "user_id", "kind", "message", "link", "dedupe_key", "created_at", "read_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_uq` ON `notifications` (`user_id`,`dedupe_key`);--> statement-breakpoint
CREATE TABLE `__new_api_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_api_tokens`("id", "user_id", "name", "token_hash", "created_at", "last_used_at", "revoked_at") SELECT "id", "user_id", "name", "token_hash", "created_at", "last_used_at", "revoked_at" FROM `api_tokens`;--> statement-breakpoint
DROP TABLE `api_tokens`;--> statement-breakpoint
ALTER TABLE `__new_api_tokens` RENAME TO `api_tokens`;--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_figures` (
	`unit_id` integer NOT NULL,
	`kpi_id` integer NOT NULL,
	`period` text NOT NULL,
	`value` real,
	`numerator` real,
	`denominator` real,
	`items` text,
	`cum_value` real DEFAULT 0 NOT NULL,
	`cum_numerator` real DEFAULT 0 NOT NULL,
	`cum_denominator` real DEFAULT 0 NOT NULL,
	`recorded_by` integer,
	`recorded_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `kpi_id`, `period`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kpi_id`) REFERENCES `kpis`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_figures`("unit_id", "kpi_id", "period", "value", "numerator", "denominator", "items", "cum_value", "cum_numerator", "cum_denominator", "recorded_by", "recorded_at") SELECT "unit_id", "kpi_id", "period", "value", "numerator", "denominator", "items", "cum_value", "cum_numerator", "cum_denominator", "recorded_by", "recorded_at" FROM `figures`;--> statement-breakpoint
DROP TABLE `figures`;--> statement-breakpoint
ALTER TABLE `__new_figures` RENAME TO `figures`;--> statement-breakpoint
CREATE INDEX `figures_period_idx` ON `figures` (`period`,`kpi_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `__new_figures_approved` (
	`unit_id` integer NOT NULL,
	`kpi_id` integer NOT NULL,
	`period` text NOT NULL,
	`value` real,
	`numerator` real,
	`denominator` real,
	`items` text,
	`cum_value` real DEFAULT 0 NOT NULL,
	`cum_numerator` real DEFAULT 0 NOT NULL,
	`cum_denominator` real DEFAULT 0 NOT NULL,
	`recorded_by` integer,
	`recorded_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `kpi_id`, `period`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kpi_id`) REFERENCES `kpis`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_figures_approved`("unit_id", "kpi_id", "period", "value", "numerator", "denominator", "items", "cum_value", "cum_numerator", "cum_denominator", "recorded_by", "recorded_at") SELECT "unit_id", "kpi_id", "period", "value", "numerator", "denominator", "items", "cum_value", "cum_numerator", "cum_denominator", "recorded_by", "recorded_at" FROM `figures_approved`;--> statement-breakpoint
DROP TABLE `figures_approved`;--> statement-breakpoint
ALTER TABLE `__new_figures_approved` RENAME TO `figures_approved`;--> statement-breakpoint
CREATE INDEX `figures_approved_period_idx` ON `figures_approved` (`period`,`kpi_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `__new_kpi_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`kpi_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`lead` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`retired_from` text,
	FOREIGN KEY (`kpi_id`) REFERENCES `kpis`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_kpi_items`("id", "kpi_id", "code", "name", "name_en", "lead", "sort_order", "retired_from") SELECT "id", "kpi_id", "code", "name", "name_en", "lead", "sort_order", "retired_from" FROM `kpi_items`;--> statement-breakpoint
DROP TABLE `kpi_items`;--> statement-breakpoint
ALTER TABLE `__new_kpi_items` RENAME TO `kpi_items`;--> statement-breakpoint
CREATE UNIQUE INDEX `kpi_items_code_uq` ON `kpi_items` (`kpi_id`,`code`);--> statement-breakpoint
CREATE TABLE `__new_kpis` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`unit` text NOT NULL,
	`unit_en` text NOT NULL,
	`kind` text NOT NULL,
	`ratio_mode` text,
	`report_levels` text NOT NULL,
	`higher_is_better` integer DEFAULT true NOT NULL,
	`group_code` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`retired_from` text,
	`at_most` text,
	FOREIGN KEY (`group_code`) REFERENCES `kpi_groups`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`at_most`) REFERENCES `kpis`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_kpis`("id", "code", "name", "name_en", "unit", "unit_en", "kind", "ratio_mode", "report_levels", "higher_is_better", "group_code", "sort_order", "retired_from", "at_most") SELECT "id", "code", "name", "name_en", "unit", "unit_en", "kind", "ratio_mode", "report_levels", "higher_is_better", "group_code", "sort_order", "retired_from", "at_most" FROM `kpis`;--> statement-breakpoint
DROP TABLE `kpis`;--> statement-breakpoint
ALTER TABLE `__new_kpis` RENAME TO `kpis`;--> statement-breakpoint
CREATE UNIQUE INDEX `kpis_code_uq` ON `kpis` (`code`);--> statement-breakpoint
CREATE TABLE `__new_meeting_reports` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`issued_at` text NOT NULL,
	`issued_by` text NOT NULL,
	`signer_title` text NOT NULL,
	`signer_name` text NOT NULL,
	`lang` text DEFAULT 'vi' NOT NULL,
	`replaced_by` integer,
	`pdf` blob NOT NULL,
	`docx` blob NOT NULL,
	`xlsx` blob NOT NULL,
	`sha256_pdf` text NOT NULL,
	`sha256_docx` text NOT NULL,
	`sha256_xlsx` text NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replaced_by`) REFERENCES `meeting_reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_meeting_reports`("id", "unit_id", "period", "year", "number", "issued_at", "issued_by", "signer_title", "signer_name", "lang", "replaced_by", "pdf", "docx", "xlsx", "sha256_pdf", "sha256_docx", "sha256_xlsx", "snapshot") SELECT "id", "unit_id", "period", "year", "number", "issued_at", "issued_by", "signer_title", "signer_name", "lang", "replaced_by", "pdf", "docx", "xlsx", "sha256_pdf", "sha256_docx", "sha256_xlsx", "snapshot" FROM `meeting_reports`;--> statement-breakpoint
DROP TABLE `meeting_reports`;--> statement-breakpoint
ALTER TABLE `__new_meeting_reports` RENAME TO `meeting_reports`;--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_reports_number_uq` ON `meeting_reports` (`unit_id`,`year`,`number`);--> statement-breakpoint
CREATE INDEX `meeting_reports_unit_period_idx` ON `meeting_reports` (`unit_id`,`period`);--> statement-breakpoint
CREATE TABLE `__new_report_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor_id` integer,
	`actor` text,
	`at` text NOT NULL,
	`comment` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_report_events`("id", "unit_id", "period", "action", "from_state", "to_state", "actor_id", "actor", "at", "comment") SELECT "id", "unit_id", "period", "action", "from_state", "to_state", "actor_id", "actor", "at", "comment" FROM `report_events`;--> statement-breakpoint
DROP TABLE `report_events`;--> statement-breakpoint
ALTER TABLE `__new_report_events` RENAME TO `report_events`;--> statement-breakpoint
CREATE INDEX `report_events_unit_idx` ON `report_events` (`unit_id`,`period`);--> statement-breakpoint
CREATE TABLE `__new_reports` (
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`state` text NOT NULL,
	`submitted_at` text,
	`updated_at` text NOT NULL,
	`draft` text,
	`difficulties` text,
	`recommendations` text,
	`flags` text,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_by` integer,
	`submitted_by` integer,
	`decided_by` integer,
	`decided_at` text,
	`comment` text,
	`prior_submission` text,
	PRIMARY KEY(`unit_id`, `period`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_reports`("unit_id", "period", "state", "submitted_at", "updated_at", "draft", "difficulties", "recommendations", "flags", "version", "updated_by", "submitted_by", "decided_by", "decided_at", "comment", "prior_submission") SELECT "unit_id", "period", "state", "submitted_at", "updated_at", "draft", "difficulties", "recommendations", "flags", "version", "updated_by", "submitted_by", "decided_by", "decided_at", "comment", "prior_submission" FROM `reports`;--> statement-breakpoint
DROP TABLE `reports`;--> statement-breakpoint
ALTER TABLE `__new_reports` RENAME TO `reports`;--> statement-breakpoint
CREATE INDEX `reports_period_idx` ON `reports` (`period`,`state`);--> statement-breakpoint
CREATE TABLE `__new_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_sessions`("id", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "ip", "user_agent") SELECT "id", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "ip", "user_agent" FROM `sessions`;--> statement-breakpoint
DROP TABLE `sessions`;--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `__new_targets` (
	`id` integer PRIMARY KEY NOT NULL,
	`kpi_id` integer NOT NULL,
	`unit_id` integer,
	`level` integer,
	`value` real NOT NULL,
	`deadline` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`removed` integer DEFAULT false NOT NULL,
	`correction` integer DEFAULT false NOT NULL,
	`reason` text,
	`created_by` text,
	FOREIGN KEY (`kpi_id`) REFERENCES `kpis`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_targets`("id", "kpi_id", "unit_id", "level", "value", "deadline", "created_at", "valid_from", "valid_to", "removed", "correction", "reason", "created_by") SELECT "id", "kpi_id", "unit_id", "level", "value", "deadline", "created_at", "valid_from", "valid_to", "removed", "correction", "reason", "created_by" FROM `targets`;--> statement-breakpoint
DROP TABLE `targets`;--> statement-breakpoint
ALTER TABLE `__new_targets` RENAME TO `targets`;--> statement-breakpoint
CREATE INDEX `targets_kpi_idx` ON `targets` (`kpi_id`);--> statement-breakpoint
CREATE TABLE `__new_units` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`level` integer NOT NULL,
	`type` text NOT NULL,
	`parent_id` integer,
	`path` text NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`predecessors` text,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_units`("id", "code", "name", "level", "type", "parent_id", "path", "valid_from", "valid_to", "sort_order", "predecessors") SELECT "id", "code", "name", "level", "type", "parent_id", "path", "valid_from", "valid_to", "sort_order", "predecessors" FROM `units`;--> statement-breakpoint
DROP TABLE `units`;--> statement-breakpoint
ALTER TABLE `__new_units` RENAME TO `units`;--> statement-breakpoint
CREATE INDEX `units_code_idx` ON `units` (`code`);--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);--> statement-breakpoint
CREATE INDEX `units_path_idx` ON `units` (`path`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`unit_id` integer NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`phone` text,
	`email` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "username", "display_name", "unit_id", "role", "active", "password_hash", "must_change_password", "demo", "phone", "email", "created_at", "updated_at") SELECT "id", "username", "display_name", "unit_id", "role", "active", "password_hash", "must_change_password", "demo", "phone", "email", "created_at", "updated_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_unit_idx` ON `users` (`unit_id`);