CREATE TABLE `meeting_reports` (
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
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_reports_number_uq` ON `meeting_reports` (`unit_id`,`year`,`number`);--> statement-breakpoint
CREATE INDEX `meeting_reports_unit_period_idx` ON `meeting_reports` (`unit_id`,`period`);--> statement-breakpoint
CREATE TABLE `reporting_calendar` (
	`id` integer PRIMARY KEY NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`cutoff_day` integer NOT NULL,
	`deadline_days` integer NOT NULL,
	`grace_days` integer NOT NULL,
	`one_off` integer DEFAULT false NOT NULL,
	`correction` integer DEFAULT false NOT NULL,
	`reason` text,
	`created_at` text NOT NULL,
	`created_by` text
);
--> statement-breakpoint
CREATE INDEX `reporting_calendar_from_idx` ON `reporting_calendar` (`valid_from`);--> statement-breakpoint
CREATE TABLE `unit_signers` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`name` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `targets` ADD `valid_from` text;--> statement-breakpoint
ALTER TABLE `targets` ADD `valid_to` text;--> statement-breakpoint
ALTER TABLE `targets` ADD `removed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `targets` ADD `correction` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `targets` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `targets` ADD `created_by` text;--> statement-breakpoint
-- Backfill: the calendar in force so far becomes the row that holds since the programme began.
INSERT INTO `reporting_calendar` (`valid_from`, `valid_to`, `cutoff_day`, `deadline_days`, `grace_days`, `created_at`, `created_by`)
SELECT NULL, NULL, json_extract(`value`, '$.cutoffDay'), json_extract(`value`, '$.deadlineDays'), json_extract(`value`, '$.graceDays'),
       strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL
FROM `settings` WHERE `key` = 'reporting' AND json_valid(`value`);
