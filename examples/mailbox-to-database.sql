-- Tables for examples/mailbox-to-database.json (PostgreSQL 12 or newer).
-- Every table has one key the workflow writes with "Insert or Update", so processing a mail twice
-- (after a crash, or because the trigger fetched it again) changes nothing.

-- One row per invoice, whichever mail or file it came in.
CREATE TABLE IF NOT EXISTS invoices (
  dedup_key          text PRIMARY KEY,          -- Normalize Invoice's dedupKey: invoiceCode-invoiceNumber, or invoiceNumber
  invoice_type       text,
  invoice_code       text,
  invoice_number     text NOT NULL,
  issue_date         date,
  buyer_name         text,
  buyer_tax_id       text,
  seller_name        text,
  seller_tax_id      text,
  amount_without_tax numeric(16, 2),
  tax_amount         numeric(16, 2),
  total_amount       numeric(16, 2),
  source             text,                      -- which reader produced it: pdf-local, ofd-local, xml-local, tencent-vat, ...
  warnings           text,
  stored_at          timestamptz NOT NULL DEFAULT now()
);

-- The printed item rows of each invoice.
CREATE TABLE IF NOT EXISTS invoice_lines (
  line_key      text PRIMARY KEY,               -- dedup_key#line_no
  dedup_key     text NOT NULL,
  line_no       integer NOT NULL,
  name          text,
  specification text,
  unit          text,
  quantity      numeric,
  unit_price    numeric,
  amount        numeric(16, 2),
  tax_rate_text text,
  tax_amount    numeric(16, 2)
);

-- Which mail brought which invoice: a forwarded duplicate adds a row here, not to invoices.
CREATE TABLE IF NOT EXISTS invoice_sources (
  source_key text PRIMARY KEY,                  -- message_id/dedup_key
  message_id text NOT NULL,
  dedup_key  text NOT NULL,
  file_name  text,
  seen_at    timestamptz NOT NULL DEFAULT now()
);

-- Attachments that could not be read (not an invoice, broken file, provider error), to look at by hand.
CREATE TABLE IF NOT EXISTS problems (
  problem_key text PRIMARY KEY,                 -- message_id/attachment
  message_id  text NOT NULL,
  file_name   text,
  code        text,
  error       text,
  reported_at timestamptz NOT NULL DEFAULT now()
);

-- The ledger of handled mails, written after everything of the mail is stored. A mail in here is
-- skipped before any OCR when the trigger delivers it again.
CREATE TABLE IF NOT EXISTS mails (
  message_id  text PRIMARY KEY,
  subject     text,
  sender      text,
  attachments integer,
  handled_at  timestamptz NOT NULL DEFAULT now()
);
