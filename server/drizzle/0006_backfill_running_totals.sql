-- Running totals for rows written before they were kept on write (databases older than 0004).
UPDATE `figures` SET cum_value = t.cv, cum_numerator = t.cn, cum_denominator = t.cd
FROM (
  SELECT unit_id, kpi_id, period,
         SUM(COALESCE(value, 0)) OVER w AS cv,
         SUM(COALESCE(numerator, 0)) OVER w AS cn,
         SUM(COALESCE(denominator, 0)) OVER w AS cd
  FROM `figures`
  WINDOW w AS (PARTITION BY unit_id, kpi_id ORDER BY period)
) AS t
WHERE `figures`.unit_id = t.unit_id AND `figures`.kpi_id = t.kpi_id AND `figures`.period = t.period;
--> statement-breakpoint
UPDATE `rollups` SET cum_value = t.cv, cum_numerator = t.cn, cum_denominator = t.cd
FROM (
  SELECT unit_id, kpi_id, period,
         SUM(COALESCE(value, 0)) OVER w AS cv,
         SUM(COALESCE(numerator, 0)) OVER w AS cn,
         SUM(COALESCE(denominator, 0)) OVER w AS cd
  FROM `rollups`
  WINDOW w AS (PARTITION BY unit_id, kpi_id ORDER BY period)
) AS t
WHERE `rollups`.unit_id = t.unit_id AND `rollups`.kpi_id = t.kpi_id AND `rollups`.period = t.period;
--> statement-breakpoint
UPDATE `figures_approved` SET cum_value = t.cv, cum_numerator = t.cn, cum_denominator = t.cd
FROM (
  SELECT unit_id, kpi_id, period,
         SUM(COALESCE(value, 0)) OVER w AS cv,
         SUM(COALESCE(numerator, 0)) OVER w AS cn,
         SUM(COALESCE(denominator, 0)) OVER w AS cd
  FROM `figures_approved`
  WINDOW w AS (PARTITION BY unit_id, kpi_id ORDER BY period)
) AS t
WHERE `figures_approved`.unit_id = t.unit_id AND `figures_approved`.kpi_id = t.kpi_id AND `figures_approved`.period = t.period;
--> statement-breakpoint
UPDATE `rollups_approved` SET cum_value = t.cv, cum_numerator = t.cn, cum_denominator = t.cd
FROM (
  SELECT unit_id, kpi_id, period,
         SUM(COALESCE(value, 0)) OVER w AS cv,
         SUM(COALESCE(numerator, 0)) OVER w AS cn,
         SUM(COALESCE(denominator, 0)) OVER w AS cd
  FROM `rollups_approved`
  WINDOW w AS (PARTITION BY unit_id, kpi_id ORDER BY period)
) AS t
WHERE `rollups_approved`.unit_id = t.unit_id AND `rollups_approved`.kpi_id = t.kpi_id AND `rollups_approved`.period = t.period;
