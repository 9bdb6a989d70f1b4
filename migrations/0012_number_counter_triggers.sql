-- Issue 12: number_counters follows every document and customer number written, whichever
-- code writes it (API, estimate conversion, renewals, demo seed), in the same statement:
-- it holds the highest number in the tenant's format (prefix + 1..15 digits) and its width,
-- so the next automatic number (computed inside the INSERT) continues from it and never
-- collides with a merchant-chosen one. Existing numbers are read once here.
INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
  SELECT `tenant_id`, 'invoice', MAX(CAST(substr(`number`, 5) AS INTEGER)), length(`number`) - 4
  FROM `invoices` WHERE `number` GLOB 'INV-[0-9]*' AND length(`number`) <= 19 AND substr(`number`, 5) NOT GLOB '*[^0-9]*' GROUP BY `tenant_id`;
--> statement-breakpoint
CREATE TRIGGER `number_counters_invoice_insert` AFTER INSERT ON `invoices`
WHEN NEW.`number` GLOB 'INV-[0-9]*' AND length(NEW.`number`) <= 19 AND substr(NEW.`number`, 5) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
    VALUES (NEW.`tenant_id`, 'invoice', CAST(substr(NEW.`number`, 5) AS INTEGER), length(NEW.`number`) - 4)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET
      `width` = CASE WHEN excluded.`last` > `last` THEN excluded.`width` ELSE `width` END,
      `last` = MAX(`last`, excluded.`last`);
END;
--> statement-breakpoint
CREATE TRIGGER `number_counters_invoice_renumber` AFTER UPDATE OF `number` ON `invoices`
WHEN NEW.`number` GLOB 'INV-[0-9]*' AND length(NEW.`number`) <= 19 AND substr(NEW.`number`, 5) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
    VALUES (NEW.`tenant_id`, 'invoice', CAST(substr(NEW.`number`, 5) AS INTEGER), length(NEW.`number`) - 4)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET
      `width` = CASE WHEN excluded.`last` > `last` THEN excluded.`width` ELSE `width` END,
      `last` = MAX(`last`, excluded.`last`);
END;
--> statement-breakpoint
INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
  SELECT `tenant_id`, 'estimate', MAX(CAST(substr(`number`, 5) AS INTEGER)), length(`number`) - 4
  FROM `estimates` WHERE `number` GLOB 'EST-[0-9]*' AND length(`number`) <= 19 AND substr(`number`, 5) NOT GLOB '*[^0-9]*' GROUP BY `tenant_id`;
--> statement-breakpoint
CREATE TRIGGER `number_counters_estimate_insert` AFTER INSERT ON `estimates`
WHEN NEW.`number` GLOB 'EST-[0-9]*' AND length(NEW.`number`) <= 19 AND substr(NEW.`number`, 5) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
    VALUES (NEW.`tenant_id`, 'estimate', CAST(substr(NEW.`number`, 5) AS INTEGER), length(NEW.`number`) - 4)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET
      `width` = CASE WHEN excluded.`last` > `last` THEN excluded.`width` ELSE `width` END,
      `last` = MAX(`last`, excluded.`last`);
END;
--> statement-breakpoint
CREATE TRIGGER `number_counters_estimate_renumber` AFTER UPDATE OF `number` ON `estimates`
WHEN NEW.`number` GLOB 'EST-[0-9]*' AND length(NEW.`number`) <= 19 AND substr(NEW.`number`, 5) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
    VALUES (NEW.`tenant_id`, 'estimate', CAST(substr(NEW.`number`, 5) AS INTEGER), length(NEW.`number`) - 4)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET
      `width` = CASE WHEN excluded.`last` > `last` THEN excluded.`width` ELSE `width` END,
      `last` = MAX(`last`, excluded.`last`);
END;
--> statement-breakpoint
INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
  SELECT `tenant_id`, 'customer', MAX(CAST(substr(`number`, 6) AS INTEGER)), length(`number`) - 5
  FROM `customers` WHERE `number` GLOB 'CUST-[0-9]*' AND length(`number`) <= 20 AND substr(`number`, 6) NOT GLOB '*[^0-9]*' GROUP BY `tenant_id`;
--> statement-breakpoint
CREATE TRIGGER `number_counters_customer_insert` AFTER INSERT ON `customers`
WHEN NEW.`number` GLOB 'CUST-[0-9]*' AND length(NEW.`number`) <= 20 AND substr(NEW.`number`, 6) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
    VALUES (NEW.`tenant_id`, 'customer', CAST(substr(NEW.`number`, 6) AS INTEGER), length(NEW.`number`) - 5)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET
      `width` = CASE WHEN excluded.`last` > `last` THEN excluded.`width` ELSE `width` END,
      `last` = MAX(`last`, excluded.`last`);
END;
--> statement-breakpoint
CREATE TRIGGER `number_counters_customer_renumber` AFTER UPDATE OF `number` ON `customers`
WHEN NEW.`number` GLOB 'CUST-[0-9]*' AND length(NEW.`number`) <= 20 AND substr(NEW.`number`, 6) NOT GLOB '*[^0-9]*'
BEGIN
  INSERT INTO `number_counters` (`tenant_id`, `kind`, `last`, `width`)
    VALUES (NEW.`tenant_id`, 'customer', CAST(substr(NEW.`number`, 6) AS INTEGER), length(NEW.`number`) - 5)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET
      `width` = CASE WHEN excluded.`last` > `last` THEN excluded.`width` ELSE `width` END,
      `last` = MAX(`last`, excluded.`last`);
END;
