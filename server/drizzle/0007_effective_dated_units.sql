CREATE TABLE `unit_lineage` (
	`predecessor_id` integer NOT NULL,
	`successor_id` integer NOT NULL,
	`share` real NOT NULL,
	`period` text NOT NULL,
	PRIMARY KEY(`predecessor_id`, `successor_id`),
	FOREIGN KEY (`predecessor_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`successor_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unit_lineage_successor_idx` ON `unit_lineage` (`successor_id`);--> statement-breakpoint
CREATE TABLE `unit_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`valid_from` text,
	`valid_to` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`parent_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unit_versions_unit_idx` ON `unit_versions` (`unit_id`,`valid_from`);--> statement-breakpoint
CREATE INDEX `unit_versions_code_idx` ON `unit_versions` (`code`);--> statement-breakpoint
CREATE INDEX `unit_versions_parent_idx` ON `unit_versions` (`parent_id`);--> statement-breakpoint
DROP INDEX `units_code_uq`;--> statement-breakpoint
CREATE INDEX `units_code_idx` ON `units` (`code`);--> statement-breakpoint
-- Backfill: every existing unit becomes one version covering its life; merges recorded in
-- `units.predecessors` become lineage rows taking the whole of each predecessor.
INSERT INTO `unit_versions` (`unit_id`, `valid_from`, `valid_to`, `code`, `name`, `type`, `parent_id`, `sort_order`)
SELECT `id`, `valid_from`, `valid_to`, `code`, `name`, `type`, `parent_id`, `sort_order` FROM `units`;--> statement-breakpoint
INSERT OR IGNORE INTO `unit_lineage` (`predecessor_id`, `successor_id`, `share`, `period`)
SELECT p.`id`, s.`id`, 1, COALESCE(s.`valid_from`, '0000-01')
FROM `units` s, json_each(s.`predecessors`) j
JOIN `units` p ON p.`code` = j.`value` AND (p.`valid_to` IS NULL OR s.`valid_from` IS NULL OR p.`valid_to` < s.`valid_from`)
WHERE s.`predecessors` IS NOT NULL;
