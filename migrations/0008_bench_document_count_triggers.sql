-- Issue 7: document_counts follows every insert and delete of invoices and estimates,
-- whichever code sends it, in the same statement (so in the same batch: it cannot drift).
-- Existing documents are counted once here, before the triggers exist.
INSERT INTO `document_counts` (`tenant_id`, `kind`, `n`)
  SELECT `tenant_id`, 'invoice', count(*) FROM `invoices` GROUP BY `tenant_id`;
--> statement-breakpoint
INSERT INTO `document_counts` (`tenant_id`, `kind`, `n`)
  SELECT `tenant_id`, 'estimate', count(*) FROM `estimates` GROUP BY `tenant_id`;
--> statement-breakpoint
CREATE TRIGGER `document_counts_invoice_insert` AFTER INSERT ON `invoices`
BEGIN
  INSERT INTO `document_counts` (`tenant_id`, `kind`, `n`) VALUES (NEW.`tenant_id`, 'invoice', 1)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `document_counts_invoice_delete` AFTER DELETE ON `invoices`
BEGIN
  UPDATE `document_counts` SET `n` = `n` - 1 WHERE `tenant_id` = OLD.`tenant_id` AND `kind` = 'invoice';
END;
--> statement-breakpoint
CREATE TRIGGER `document_counts_invoice_move` AFTER UPDATE OF `tenant_id` ON `invoices`
WHEN OLD.`tenant_id` <> NEW.`tenant_id`
BEGIN
  UPDATE `document_counts` SET `n` = `n` - 1 WHERE `tenant_id` = OLD.`tenant_id` AND `kind` = 'invoice';
  INSERT INTO `document_counts` (`tenant_id`, `kind`, `n`) VALUES (NEW.`tenant_id`, 'invoice', 1)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `document_counts_estimate_insert` AFTER INSERT ON `estimates`
BEGIN
  INSERT INTO `document_counts` (`tenant_id`, `kind`, `n`) VALUES (NEW.`tenant_id`, 'estimate', 1)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `document_counts_estimate_delete` AFTER DELETE ON `estimates`
BEGIN
  UPDATE `document_counts` SET `n` = `n` - 1 WHERE `tenant_id` = OLD.`tenant_id` AND `kind` = 'estimate';
END;
--> statement-breakpoint
CREATE TRIGGER `document_counts_estimate_move` AFTER UPDATE OF `tenant_id` ON `estimates`
WHEN OLD.`tenant_id` <> NEW.`tenant_id`
BEGIN
  UPDATE `document_counts` SET `n` = `n` - 1 WHERE `tenant_id` = OLD.`tenant_id` AND `kind` = 'estimate';
  INSERT INTO `document_counts` (`tenant_id`, `kind`, `n`) VALUES (NEW.`tenant_id`, 'estimate', 1)
    ON CONFLICT (`tenant_id`, `kind`) DO UPDATE SET `n` = `n` + 1;
END;
