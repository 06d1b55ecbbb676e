/* herald-store-schema.c — the database's schema, one migration a version
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald_store_open() (herald-store.c) runs the steps from the file's
 * version to HERALD_STORE_SCHEMA_VERSION in one transaction.
 */
#include "config.h"

#include "herald-store-private.h"

/* Each step takes the schema from version N-1 to N; index 0 is version 1.
 * Never edit a step that has shipped: append a new one. */
const char * const herald_store_migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE lists ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  fields      TEXT NOT NULL DEFAULT '[]',"   /* JSON array: field names in order */
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
  ");"
  "CREATE TABLE contacts ("
  "  id          INTEGER PRIMARY KEY,"
  "  email       TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  fields      TEXT NOT NULL DEFAULT '{}',"   /* JSON object: field → value */
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),"
  "  updated_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
  ");"
  "CREATE TABLE list_members ("
  "  id          INTEGER PRIMARY KEY,"          /* import order */
  "  list_id     INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,"
  "  contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
  "  status      TEXT NOT NULL DEFAULT 'subscribed'"
  "              CHECK (status IN ('subscribed','unsubscribed')),"
  "  added_at    INTEGER NOT NULL DEFAULT (strftime('%s','now')),"
  "  UNIQUE (list_id, contact_id)"
  ");"
  "CREATE INDEX list_members_contact ON list_members(contact_id);"
  "CREATE TABLE suppressions ("
  "  email       TEXT PRIMARY KEY COLLATE NOCASE,"
  "  reason      TEXT NOT NULL,"                /* bounced, unsubscribed, complaint, manual */
  "  source      TEXT,"
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
  ");"
  "CREATE TABLE templates ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  subject     TEXT NOT NULL,"
  "  html        TEXT NOT NULL,"
  "  text        TEXT,"                         /* NULL: generated from html */
  "  text_edited INTEGER NOT NULL DEFAULT 0,"
  "  from_addr   TEXT,"                         /* NULL: the account's */
  "  reply_to    TEXT,"
  "  name_field  TEXT,"                         /* field holding the display name */
  "  allow_remote INTEGER NOT NULL DEFAULT 0,"
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),"
  "  updated_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
  ");"
  "CREATE TABLE template_attachments ("
  "  id          INTEGER PRIMARY KEY,"
  "  template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,"
  "  path        TEXT,"                         /* a file for everyone */
  "  field       TEXT,"                         /* or a field holding a path */
  "  CHECK ((path IS NULL) != (field IS NULL))"
  ");"
  /* Never a password here: it lives in the Secret Service. */
  "CREATE TABLE accounts ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  kind        TEXT NOT NULL DEFAULT 'smtp' CHECK (kind IN ('smtp','outbox')),"
  "  host        TEXT,"
  "  port        INTEGER,"
  "  security    TEXT CHECK (security IN ('tls','starttls','none')),"
  "  username    TEXT,"
  "  from_addr   TEXT NOT NULL,"
  "  reply_to    TEXT,"
  "  ca_file     TEXT,"
  "  unsubscribe_mailto TEXT,"
  "  unsubscribe_url    TEXT,"
  "  rate_per_second REAL,"
  "  rate_per_minute INTEGER,"
  "  rate_per_hour   INTEGER,"
  "  daily_cap       INTEGER,"
  "  connections     INTEGER NOT NULL DEFAULT 1,"
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
  ");"
  "CREATE TABLE campaigns ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  template_id INTEGER NOT NULL REFERENCES templates(id),"
  "  list_id     INTEGER NOT NULL REFERENCES lists(id),"
  "  account_id  INTEGER NOT NULL REFERENCES accounts(id),"
  "  segment     TEXT,"
  "  state       TEXT NOT NULL DEFAULT 'draft'"
  "              CHECK (state IN ('draft','scheduled','sending','paused','done','cancelled')),"
  "  pause_reason TEXT,"
  "  scheduled_at INTEGER,"
  "  n_suppressed INTEGER NOT NULL DEFAULT 0,"
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),"
  "  started_at  INTEGER,"
  "  finished_at INTEGER"
  ");"
  "CREATE TABLE deliveries ("
  "  id          INTEGER PRIMARY KEY,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,"
  "  contact_id  INTEGER REFERENCES contacts(id) ON DELETE SET NULL,"
  "  email       TEXT NOT NULL,"
  "  state       TEXT NOT NULL DEFAULT 'queued'"
  "              CHECK (state IN ('queued','sending','sent','deferred','failed','uncertain','skipped')),"
  "  attempts    INTEGER NOT NULL DEFAULT 0,"
  "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
  "  last_code   INTEGER,"
  "  last_enhanced TEXT,"
  "  last_reply  TEXT,"
  "  message_id  TEXT NOT NULL,"
  "  claimed_by  TEXT,"
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),"
  "  updated_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),"
  "  sent_at     INTEGER,"
  "  first_attempt_at INTEGER,"                /* first try that did not succeed: retries give up from here */
  "  UNIQUE (campaign_id, email)"
  ");"
  "CREATE INDEX deliveries_due ON deliveries(campaign_id, state, next_attempt_at);"
  "CREATE INDEX deliveries_sent_at ON deliveries(sent_at) WHERE sent_at IS NOT NULL;"
  "CREATE INDEX deliveries_claimed ON deliveries(claimed_by) WHERE claimed_by IS NOT NULL;"
  /* One row per running sender (herald-journal.c): deliveries.claimed_by
   * names one. A lease is alive while its process is (same boot and pid
   * namespace: pid + start time) or while its heartbeat is recent. */
  "CREATE TABLE sender_leases ("
  "  id          TEXT PRIMARY KEY,"
  "  campaign_id INTEGER REFERENCES campaigns(id) ON DELETE CASCADE,"
  "  boot_id     TEXT NOT NULL,"
  "  pid_ns      TEXT NOT NULL,"
  "  pid         INTEGER NOT NULL,"
  "  pid_start   INTEGER NOT NULL,"               /* clock ticks after boot: guards against pid reuse */
  "  created_at  INTEGER NOT NULL,"
  "  heartbeat_at INTEGER NOT NULL"
  ");",
  /* 2: a template's images and attachments, kept as bytes (herald-parts.h) */
  "CREATE TABLE template_parts ("
  "  id          INTEGER PRIMARY KEY,"
  "  template_id INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,"
  "  kind        TEXT NOT NULL CHECK (kind IN ('inline','attachment')),"
  "  cid         TEXT,"                         /* inline: the Content-ID */
  "  filename    TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  data        BLOB NOT NULL,"
  "  source      TEXT,"                         /* the path or URL it was read from */
  "  CHECK ((kind = 'inline') = (cid IS NOT NULL)),"
  "  UNIQUE (template_id, cid)"
  ");"
  "CREATE INDEX template_parts_template ON template_parts(template_id);"
  "CREATE INDEX template_attachments_template ON template_attachments(template_id);",
  /* 3: saved segments (herald-segment.c) */
  "CREATE TABLE segments ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  list_id     INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,"
  "  match_any   INTEGER NOT NULL DEFAULT 0,"
  "  conditions  TEXT NOT NULL DEFAULT '[]',"     /* JSON: [{field, op, value}] */
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
  ");",
  /* 4: the account's mailbox, what was read of it and what that did
   * (herald-mailbox-store.c); deliveries found by Message-ID (a bounce)
   * and by contact (a bounce without the original; a contact deleted) */
  "CREATE TABLE account_mailboxes ("
  "  account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
  "  host        TEXT NOT NULL,"
  "  port        INTEGER,"
  "  security    TEXT NOT NULL CHECK (security IN ('tls','starttls')),"
  "  username    TEXT,"                         /* NULL: the account's */
  "  folder      TEXT"                          /* NULL: INBOX */
  ");"
  "CREATE TABLE mailbox_positions ("
  "  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
  "  folder      TEXT NOT NULL,"
  "  uidvalidity INTEGER NOT NULL,"
  "  last_uid    INTEGER NOT NULL,"
  "  checked_at  INTEGER NOT NULL,"
  "  PRIMARY KEY (account_id, folder)"
  ");"
  "CREATE TABLE mailbox_events ("
  "  id          INTEGER PRIMARY KEY,"
  "  account_id  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,"
  "  uidvalidity INTEGER,"
  "  uid         INTEGER,"
  "  kind        TEXT NOT NULL,"                /* herald_reply_kind_to_string() */
  "  email       TEXT,"
  "  action      TEXT NOT NULL,"                /* suppressed, unsubscribed, counted, review */
  "  from_addr   TEXT,"
  "  subject     TEXT,"
  "  original_message_id TEXT,"
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now'))"
  ");"
  "CREATE TABLE soft_bounces ("
  "  email       TEXT NOT NULL COLLATE NOCASE,"
  "  message_id  TEXT NOT NULL,"
  "  created_at  INTEGER NOT NULL DEFAULT (strftime('%s','now')),"
  "  PRIMARY KEY (email, message_id)"
  ");"
  "CREATE INDEX deliveries_message_id ON deliveries(message_id);"
  "CREATE INDEX deliveries_contact ON deliveries(contact_id);",
  /* 5: secrets made once per database (herald-unsubscribe.c: the key of
   * the unsubscribe tokens), and where an account's unsubscribe address
   * carries the token: its subject, or a "+TOKEN" sub-address. */
  "CREATE TABLE secrets ("
  "  name        TEXT PRIMARY KEY,"
  "  value       BLOB NOT NULL"
  ");"
  "ALTER TABLE accounts ADD COLUMN unsubscribe_token_in TEXT NOT NULL DEFAULT 'subject'"
  "  CHECK (unsubscribe_token_in IN ('subject','address'));"
  /* The Outbox keeps messages on this computer and cannot be edited: an
   * example unsubscribe link (HERALD_OUTBOX_UNSUBSCRIBE_URL) lets templates
   * that show one send through it. */
  "UPDATE accounts SET unsubscribe_url = 'https://example.com/unsubscribe'"
  " WHERE kind = 'outbox' AND unsubscribe_url IS NULL AND unsubscribe_mailto IS NULL;",
  /* 6: what an import changed, so that it can be undone
   * (herald-import-writer.c writes it, herald-import-undo.c reads it): the
   * last imports into each list, the ranges of the list members and
   * contacts they added, and each known contact's fields before and the
   * values written, for the contacts whose values changed. */
  "CREATE TABLE imports ("
  "  id            INTEGER PRIMARY KEY,"
  "  list_id       INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,"
  "  list_created  INTEGER NOT NULL,"          /* the import created the list */
  "  list_fields   TEXT NOT NULL,"             /* lists.fields before it */
  "  first_member  INTEGER NOT NULL,"          /* list_members ids it added */
  "  last_member   INTEGER NOT NULL,"
  "  first_contact INTEGER NOT NULL,"          /* contacts ids it created */
  "  last_contact  INTEGER NOT NULL,"
  "  created_at    INTEGER NOT NULL"
  ");"
  "CREATE INDEX imports_list ON imports(list_id);"
  "CREATE TABLE import_changes ("
  "  import_id      INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,"
  "  contact_id     INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
  "  old_fields     TEXT NOT NULL,"
  "  old_updated_at INTEGER NOT NULL,"
  "  changes        TEXT NOT NULL,"             /* the values it wrote: fields ="
                                                 * json_patch (old_fields, changes) */
  "  PRIMARY KEY (import_id, contact_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX import_changes_contact ON import_changes(contact_id);",
  /* 7: when the end of a message's data was handed to the connection
   * (herald-journal.c): a 'sending' row without it never reached the
   * server whole, and goes back to the queue after a crash */
  "ALTER TABLE deliveries ADD COLUMN data_end_at INTEGER;",
  /* 8: the charset an account's messages are written in
   * (herald-message-jis.c), and plain-text-only messages for addresses at
   * Japanese mobile carriers */
  "ALTER TABLE accounts ADD COLUMN charset TEXT NOT NULL DEFAULT 'utf-8'"
  "  CHECK (charset IN ('utf-8','iso-2022-jp'));"
  "ALTER TABLE accounts ADD COLUMN mobile_text_only INTEGER NOT NULL DEFAULT 0;",
  /* 9: the DKIM selector the account's From domain signs with, for the
   * pre-send check (app/send/herald-checks-dns.c); NULL: try the common
   * providers' */
  "ALTER TABLE accounts ADD COLUMN dkim_selector TEXT;",
  /* 10: consent records (herald-consent.c): when and how each person
   * agreed to marketing mail (NULL: unknown), and whether they said no
   * (never mailed until the user changes it). An import that changes a
   * known contact's consent keeps the values before and after in its
   * import_changes row, for its undo. */
  "ALTER TABLE contacts ADD COLUMN consent_at INTEGER;"
  "ALTER TABLE contacts ADD COLUMN consent_source TEXT;"
  "ALTER TABLE contacts ADD COLUMN consent_declined INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE import_changes ADD COLUMN old_consent_at INTEGER;"
  "ALTER TABLE import_changes ADD COLUMN old_consent_source TEXT;"
  "ALTER TABLE import_changes ADD COLUMN old_consent_declined INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE import_changes ADD COLUMN consent_changed INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE import_changes ADD COLUMN new_consent_at INTEGER;"
  "ALTER TABLE import_changes ADD COLUMN new_consent_source TEXT;"
  "ALTER TABLE import_changes ADD COLUMN new_consent_declined INTEGER NOT NULL DEFAULT 0;",
  /* 11: step mail (herald-sequence.c). A sequence sends its steps to each
   * contact who joins its list (list_members.added_at) after it was made;
   * each step is backed by a campaign of its own (hidden from the
   * campaign list) whose deliveries the usual sender sends. A
   * sequence_sends row is "this step, this contact": made once, in the
   * transaction that makes its delivery, so the primary key is what makes
   * a step go at most once to a contact. sequence_exits records who left
   * (unsubscribed, suppressed, bounced) before the last step. */
  "CREATE TABLE sequences ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE,"
  "  list_id     INTEGER NOT NULL REFERENCES lists(id) ON DELETE CASCADE,"
  "  account_id  INTEGER NOT NULL REFERENCES accounts(id),"
  "  catch_up    TEXT NOT NULL DEFAULT 'send' CHECK (catch_up IN ('send','skip')),"
  "  starts_at   INTEGER NOT NULL,"              /* who joined after then enters, */
  "  members_before INTEGER NOT NULL,"           /* or whose list_members.id is above this */
  "  created_at  INTEGER NOT NULL"
  ");"
  "CREATE TABLE sequence_steps ("
  "  id          INTEGER PRIMARY KEY,"
  "  sequence_id INTEGER NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,"
  "  position    INTEGER NOT NULL,"              /* 1, 2, … in sending order */
  "  template_id INTEGER NOT NULL REFERENCES templates(id),"
  "  day         INTEGER NOT NULL CHECK (day BETWEEN 0 AND 3650),"
  "  at_minute   INTEGER CHECK (at_minute BETWEEN 0 AND 1439),"   /* local time; NULL: the time of joining */
  "  campaign_id INTEGER NOT NULL UNIQUE REFERENCES campaigns(id),"
  "  created_at  INTEGER NOT NULL,"
  "  UNIQUE (sequence_id, position)"
  ");"
  "CREATE TABLE sequence_sends ("
  "  step_id     INTEGER NOT NULL REFERENCES sequence_steps(id) ON DELETE CASCADE,"
  "  contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
  "  outcome     TEXT NOT NULL CHECK (outcome IN ('queued','skipped')),"  /* skipped: by the catch-up rule */
  "  delivery_id INTEGER REFERENCES deliveries(id) ON DELETE SET NULL,"
  "  due_at      INTEGER NOT NULL,"
  "  created_at  INTEGER NOT NULL,"
  "  PRIMARY KEY (step_id, contact_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE sequence_exits ("
  "  sequence_id INTEGER NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,"
  "  contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,"
  "  reason      TEXT NOT NULL,"                 /* unsubscribed, or the suppression's reason */
  "  left_at     INTEGER NOT NULL,"
  "  PRIMARY KEY (sequence_id, contact_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX list_members_joined ON list_members(list_id, added_at);",
  /* 12: accounts that send through a provider's HTTP API
   * (herald-account-api.c): a row here makes the account one (its
   * accounts.kind stays 'smtp': that column's CHECK cannot change without
   * rebuilding the table); its secret is in the keyring like a password.
   * And the id the provider gave each message it accepted. */
  "CREATE TABLE account_apis ("
  "  account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
  "  provider    TEXT NOT NULL CHECK (provider IN ('ses','mailgun','sendgrid')),"
  "  region      TEXT,"                      /* SES: eu-west-1…; Mailgun: us or eu */
  "  key_id      TEXT,"                      /* SES: the access key id (not secret) */
  "  domain      TEXT,"                      /* Mailgun: the sending domain */
  "  endpoint    TEXT"                       /* another base URL: compatible services, tests */
  ");"
  "ALTER TABLE deliveries ADD COLUMN provider_message_id TEXT;",
  /* 13: scheduled campaigns and quiet hours (herald-due.c). What a
   * scheduled campaign does when its time passed while nothing ran it
   * (NULL: ask the user), and when it was skipped for that; an account's
   * quiet hours in minutes after midnight, local time (NULL: none, which
   * existing accounts keep: their sending does not change behind the
   * user's back). */
  "ALTER TABLE campaigns ADD COLUMN if_late TEXT CHECK (if_late IN ('send','skip'));"
  "ALTER TABLE campaigns ADD COLUMN late_skipped_at INTEGER;"
  "ALTER TABLE accounts ADD COLUMN quiet_start INTEGER CHECK (quiet_start BETWEEN 0 AND 1439);"
  "ALTER TABLE accounts ADD COLUMN quiet_end INTEGER CHECK (quiet_end BETWEEN 0 AND 1439);"
  "CREATE INDEX campaigns_scheduled ON campaigns(state, scheduled_at) WHERE scheduled_at IS NOT NULL;",
  /* 14: the sender's business details (herald-business.c), one row that
   * the footers of newsletters show: {{ sender_name }},
   * {{ sender_address }}, {{ sender_contact }} */
  "CREATE TABLE business_details ("
  "  id          INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name        TEXT NOT NULL DEFAULT '',"
  "  address     TEXT NOT NULL DEFAULT '',"
  "  contact     TEXT NOT NULL DEFAULT ''"
  ");",
  /* 15: a campaign sent through several accounts, each with a weight
   * (herald-campaign-accounts.c); campaigns.account_id stays the first of
   * them, so a campaign made before keeps its one account. And the account
   * that took each delivery onto the wire (NULL before: the campaign's). */
  "CREATE TABLE campaign_accounts ("
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,"
  "  account_id  INTEGER NOT NULL REFERENCES accounts(id),"
  "  weight      INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 1000),"
  "  position    INTEGER NOT NULL,"
  "  pause_reason TEXT,"                     /* why this account stopped in the last run */
  "  PRIMARY KEY (campaign_id, account_id)"
  ") WITHOUT ROWID;"
  "INSERT INTO campaign_accounts (campaign_id, account_id, weight, position)"
  "  SELECT id, account_id, 1, 0 FROM campaigns;"
  "ALTER TABLE deliveries ADD COLUMN account_id INTEGER;",   /* no REFERENCES: campaign_accounts keeps the account */
  /* 16: measurement without a tracking server: a campaign's UTM tagging
   * (utm_source; NULL: links are not tagged) and the campaign whose failed
   * recipients it sends to again (herald_campaign_create() with retry_of). */
  "ALTER TABLE campaigns ADD COLUMN utm_source TEXT;"
  "ALTER TABLE campaigns ADD COLUMN retry_of INTEGER;"
  "CREATE INDEX mailbox_events_original ON mailbox_events(original_message_id)"
  " WHERE original_message_id IS NOT NULL;",
  /* 17: SMTP accounts that sign in with Google or Microsoft (OAuth 2.0,
   * XOAUTH2) instead of a password (herald-oauth.c): a row here makes the
   * account one; its refresh token is in the keyring like a password. */
  "CREATE TABLE account_oauth ("
  "  account_id     INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,"
  "  oauth_provider TEXT NOT NULL CHECK (oauth_provider IN ('google','microsoft'))"
  ");",
  /* 18: a template's fields matched to a list's columns (herald-templates.c:
   * "name" written from the column "氏名"), kept with the template. */
  "CREATE TABLE template_field_map ("
  "  template_id  INTEGER NOT NULL REFERENCES templates(id) ON DELETE CASCADE,"
  "  field        TEXT NOT NULL,"
  "  list_column  TEXT NOT NULL,"
  "  PRIMARY KEY (template_id, field)"
  ");",
  /* 19: a signed-in account whose tokens come from GNOME Online Accounts
   * (herald-goa.c): the GOA account's Id (NULL: Herald's own sign-in, the
   * refresh token in the keyring; set: nothing in the keyring). */
  "ALTER TABLE account_oauth ADD COLUMN goa_id TEXT;",
  /* 20: the provider preset an account was made from (herald-provider-preset.c:
   * "gmail", "xserver" …; NULL: none, or made before Herald kept it), so
   * the editor shows it and its limits' sources again. */
  "ALTER TABLE accounts ADD COLUMN preset TEXT;",
  /* 21: a template's own charset, whatever its account writes
   * (herald_merge_new_for_account()); NULL: the account's. */
  "ALTER TABLE templates ADD COLUMN charset TEXT CHECK (charset IN ('utf-8','iso-2022-jp'));",
  /* 22: opens and clicks a sending provider tracked and lets be read back
   * (Mailgun's events API; herald-engagement.c), one row an event, matched
   * to its delivery by the provider's message id; the provider's own id
   * of the event makes a second pull add nothing. */
  "CREATE TABLE delivery_events ("
  "  id          INTEGER PRIMARY KEY,"
  "  delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,"
  "  provider_event_id TEXT NOT NULL UNIQUE,"
  "  kind        TEXT NOT NULL CHECK (kind IN ('opened','clicked')),"
  "  occurred_at INTEGER NOT NULL,"
  "  url         TEXT"                        /* clicked: the link */
  ");"
  "CREATE INDEX delivery_events_delivery ON delivery_events(delivery_id, kind);",
  /* 23: templates made with the block editor (herald-blocks.c): the block
   * document as JSON ({"version":1,"blocks":[…]}); NULL for a template
   * written as HTML. The engine renders a block template's HTML from it. */
  "ALTER TABLE templates ADD COLUMN blocks TEXT;",
  /* 24: lists and templates deleted while campaigns still name them keep
   * their row for those campaigns' history, their name moved here and a
   * hidden one in its place (herald-store-edit.c) */
  "ALTER TABLE lists ADD COLUMN deleted_name TEXT;"
  "ALTER TABLE templates ADD COLUMN deleted_name TEXT;",
  /* 25: the folder relative paths in a template's per-recipient
   * attachment fields are read from (herald-template-attach.c); NULL:
   * absolute paths only. */
  "ALTER TABLE templates ADD COLUMN attach_folder TEXT;",
  /* 26: opens and clicks through the user's own tracking addresses
   * (herald-tracking.c): the campaign's click and open patterns, and each
   * delivery's random token; what the user's server logged becomes
   * delivery_events (provider_event_id "log:…"). */
  "ALTER TABLE campaigns ADD COLUMN track_click TEXT;"
  "ALTER TABLE campaigns ADD COLUMN track_open TEXT;"
  "ALTER TABLE deliveries ADD COLUMN track_token TEXT;"
  "CREATE UNIQUE INDEX deliveries_track_token ON deliveries(track_token);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (herald_store_migrations) == HERALD_STORE_SCHEMA_VERSION);
