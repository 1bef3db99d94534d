DROP INDEX `figures_period_idx`;--> statement-breakpoint
CREATE INDEX `figures_period_idx` ON `figures` (`period`,`kpi_id`,`unit_id`);--> statement-breakpoint
DROP INDEX `figures_approved_period_idx`;--> statement-breakpoint
CREATE INDEX `figures_approved_period_idx` ON `figures_approved` (`period`,`kpi_id`,`unit_id`);