ALTER TABLE `reports` ADD `prior_submission` text;--> statement-breakpoint
-- Reports waiting for review keep the snapshot their submission's audit entry recorded.
UPDATE `reports` SET `prior_submission` = (
  SELECT a.`before` FROM `audit_log` a
  WHERE a.`action` = 'report.submit' AND a.`unit_id` = `reports`.`unit_id`
    AND substr(a.`target`, -length(`reports`.`period`) - 1) = '/' || `reports`.`period`
  ORDER BY a.`id` DESC LIMIT 1
) WHERE `state` = 'submitted';
