CREATE TABLE `report_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor_id` integer,
	`actor` text,
	`at` text NOT NULL,
	`comment` text
);
--> statement-breakpoint
CREATE INDEX `report_events_unit_idx` ON `report_events` (`unit_id`,`period`);--> statement-breakpoint
ALTER TABLE `reports` ADD `draft` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `difficulties` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `recommendations` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `flags` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `updated_by` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `submitted_by` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `decided_by` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `decided_at` text;--> statement-breakpoint
ALTER TABLE `reports` ADD `comment` text;