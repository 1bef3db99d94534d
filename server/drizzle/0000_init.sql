CREATE TABLE `figures` (
	`unit_id` integer NOT NULL,
	`kpi_id` integer NOT NULL,
	`period` text NOT NULL,
	`value` real,
	`numerator` real,
	`denominator` real,
	`items` text,
	`recorded_by` integer,
	`recorded_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `kpi_id`, `period`)
);
--> statement-breakpoint
CREATE TABLE `kpi_groups` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_en` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `kpi_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`kpi_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`lead` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`retired_from` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kpi_items_code_uq` ON `kpi_items` (`kpi_id`,`code`);--> statement-breakpoint
CREATE TABLE `kpis` (
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
	`retired_from` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kpis_code_uq` ON `kpis` (`code`);--> statement-breakpoint
CREATE TABLE `reports` (
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`state` text NOT NULL,
	`submitted_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `period`)
);
--> statement-breakpoint
CREATE INDEX `reports_period_idx` ON `reports` (`period`,`state`);--> statement-breakpoint
CREATE TABLE `rollups` (
	`unit_id` integer NOT NULL,
	`kpi_id` integer NOT NULL,
	`period` text NOT NULL,
	`value` real DEFAULT 0 NOT NULL,
	`numerator` real DEFAULT 0 NOT NULL,
	`denominator` real DEFAULT 0 NOT NULL,
	`items` text,
	`contributors` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `kpi_id`, `period`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY NOT NULL,
	`kpi_id` integer NOT NULL,
	`unit_id` integer,
	`level` integer,
	`value` real NOT NULL,
	`deadline` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `targets_kpi_idx` ON `targets` (`kpi_id`);--> statement-breakpoint
CREATE TABLE `units` (
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
	`predecessors` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_code_uq` ON `units` (`code`);--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);--> statement-breakpoint
CREATE INDEX `units_path_idx` ON `units` (`path`);