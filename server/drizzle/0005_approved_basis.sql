CREATE TABLE `figures_approved` (
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
	PRIMARY KEY(`unit_id`, `kpi_id`, `period`)
);
--> statement-breakpoint
CREATE TABLE `rollups_approved` (
	`unit_id` integer NOT NULL,
	`kpi_id` integer NOT NULL,
	`period` text NOT NULL,
	`value` real DEFAULT 0 NOT NULL,
	`numerator` real DEFAULT 0 NOT NULL,
	`denominator` real DEFAULT 0 NOT NULL,
	`items` text,
	`contributors` integer DEFAULT 0 NOT NULL,
	`cum_value` real DEFAULT 0 NOT NULL,
	`cum_numerator` real DEFAULT 0 NOT NULL,
	`cum_denominator` real DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `kpi_id`, `period`)
);
