CREATE TABLE `conclusions` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`meeting_date` text NOT NULL,
	`year` integer NOT NULL,
	`number` integer NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`recorded_at` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conclusions_number_uq` ON `conclusions` (`unit_id`,`year`,`number`);--> statement-breakpoint
CREATE INDEX `conclusions_unit_period_idx` ON `conclusions` (`unit_id`,`period`);--> statement-breakpoint
CREATE TABLE `proposal_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`proposal_id` integer NOT NULL,
	`action` text NOT NULL,
	`unit_id` integer NOT NULL,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	`text` text,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposal_events_proposal_idx` ON `proposal_events` (`proposal_id`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`text` text NOT NULL,
	`state` text NOT NULL,
	`waiting_on_id` integer,
	`raised_at` text NOT NULL,
	`raised_by` text NOT NULL,
	`answer` text,
	`answer_unit_id` integer,
	`answered_at` text,
	`answered_by` text,
	`closed_at` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`waiting_on_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answer_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposals_unit_idx` ON `proposals` (`unit_id`,`period`);--> statement-breakpoint
CREATE INDEX `proposals_waiting_idx` ON `proposals` (`waiting_on_id`,`state`);--> statement-breakpoint
CREATE TABLE `task_assignees` (
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`task_id`, `unit_id`),
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_assignees_unit_idx` ON `task_assignees` (`unit_id`);--> statement-breakpoint
CREATE TABLE `task_progress` (
	`id` integer PRIMARY KEY NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`period` text NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_progress_task_idx` ON `task_progress` (`task_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY NOT NULL,
	`conclusion_id` integer NOT NULL,
	`content` text NOT NULL,
	`deadline` text NOT NULL,
	`kpi_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`conclusion_id`) REFERENCES `conclusions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kpi_id`) REFERENCES `kpis`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tasks_conclusion_idx` ON `tasks` (`conclusion_id`);