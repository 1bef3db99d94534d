ALTER TABLE `figures` ADD `cum_value` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `figures` ADD `cum_numerator` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `figures` ADD `cum_denominator` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollups` ADD `cum_value` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollups` ADD `cum_numerator` real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `rollups` ADD `cum_denominator` real DEFAULT 0 NOT NULL;