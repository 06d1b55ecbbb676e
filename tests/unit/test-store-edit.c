/* test-store-edit.c — lists and templates renamed, duplicated, deleted:
 * every table they touch, the other list untouched, past campaigns
 * keeping their names, refusals while something still sends
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-campaign.h"
#include "herald-progress.h"
#include "herald-store-edit.h"
#include "herald-templates.h"
#include "herald-test-fixture.h"

/* The customers (ann, bob, bounced, left, cid), and a second list
 * "friends" sharing ann, with a segment and an import record each. */
static void
set_up (HeraldTestFixture *f,
        gconstpointer      data)
{
  herald_test_fixture_init (f, HERALD_TEST_CUSTOMERS);
  herald_test_exec (f->store,
                    "INSERT INTO lists (name, fields) VALUES ('friends', '[\"name\"]');"
                    "INSERT INTO list_members (list_id, contact_id)"
                    "  SELECT l.id, c.id FROM lists l, contacts c WHERE l.name = 'friends' AND c.email = 'ann@example.jp';"
                    "INSERT INTO segments (name, list_id) SELECT 'vip', id FROM lists WHERE name = 'customers';"
                    "INSERT INTO segments (name, list_id) SELECT 'close', id FROM lists WHERE name = 'friends';"
                    "INSERT INTO imports (list_id, list_created, list_fields, first_member, last_member,"
                    "  first_contact, last_contact, created_at) SELECT id, 1, '[]', 1, 5, 1, 5, 0 FROM lists;"
                    "INSERT INTO template_parts (template_id, kind, cid, filename, content_type, data)"
                    "  SELECT id, 'inline', 'logo', 'logo.png', 'image/png', x'89504e47' FROM templates;"
                    "INSERT INTO template_attachments (template_id, path) SELECT id, '/tmp/price.pdf' FROM templates;");
}

static gint64
count (HeraldTestFixture *f,
       const char        *sql)
{
  return herald_test_query_int (f->store, sql);
}

static gint64
friends_members (HeraldTestFixture *f)
{
  return count (f, "SELECT count(*) FROM list_members m JOIN lists l ON l.id = m.list_id WHERE l.name = 'friends'");
}

static gint64
template_id (HeraldTestFixture *f)
{
  return count (f, "SELECT id FROM templates WHERE name = 'news'");
}

static void
test_rename_list (HeraldTestFixture *f,
                  gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  gint64 campaign = herald_test_create_campaign (f, "spring");
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autofree char *shown = NULL;

  g_assert_true (herald_store_rename_list (f->store, f->list_id, "  Kunden ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (herald_store_find_list (f->store, "Kunden", &error), ==, f->list_id);
  g_assert_cmpint (herald_store_find_list (f->store, "customers", &error), ==, -1);
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Nothing else moved: members, contacts, segments, imports, the other list. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM segments"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM imports"), ==, 2);
  g_assert_cmpint (friends_members (f), ==, 1);
  /* The campaign shows the new name. */
  info = herald_campaign_find (f->store, "spring", &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->id, ==, campaign);
  shown = herald_store_dup_list_name (f->store, info->list_id, &error);
  g_assert_cmpstr (shown, ==, "Kunden");

  /* Refused: another list's name, an empty one. */
  g_assert_false (herald_store_rename_list (f->store, f->list_id, "friends", &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (herald_store_rename_list (f->store, f->list_id, "   ", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (herald_store_find_list (f->store, "Kunden", NULL), ==, f->list_id);
  g_assert_cmpint (herald_store_find_list (f->store, "friends", NULL), >, 0);
}

static void
test_duplicate_list (HeraldTestFixture *f,
                     gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = herald_store_dup_copy_name (f->store, FALSE, "customers");
  gint64 copy;

  g_assert_cmpstr (name, ==, "customers (copy)");
  copy = herald_store_duplicate_list (f->store, f->list_id, name, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copy, >, 0);
  g_assert_cmpint (copy, !=, f->list_id);
  /* The same fields and members, in order, with their status. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM lists a, lists b WHERE a.name = 'customers'"
                             " AND b.name = 'customers (copy)' AND a.fields = b.fields"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members m JOIN lists l ON l.id = m.list_id"
                             " WHERE l.name = 'customers (copy)'"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM (SELECT contact_id, status FROM list_members m JOIN lists l"
                             " ON l.id = m.list_id WHERE l.name = 'customers' EXCEPT SELECT contact_id, status"
                             " FROM list_members m JOIN lists l ON l.id = m.list_id WHERE l.name = 'customers (copy)')"),
                   ==, 0);
  g_assert_cmpint (count (f, "SELECT group_concat(contact_id) = (SELECT group_concat(contact_id) FROM"
                             " (SELECT contact_id FROM list_members WHERE list_id = 1 ORDER BY id))"
                             " FROM (SELECT m.contact_id FROM list_members m JOIN lists l ON l.id = m.list_id"
                             " WHERE l.name = 'customers (copy)' ORDER BY m.id)"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members m JOIN lists l ON l.id = m.list_id"
                             " WHERE l.name = 'customers (copy)' AND m.status = 'unsubscribed'"), ==, 1);
  /* The people are the same contacts; the original and the other list unchanged;
   * segments and import records stay with the original. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE list_id = 1"), ==, 5);
  g_assert_cmpint (friends_members (f), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM segments"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM imports"), ==, 2);
  /* A second copy gets another name; a taken name is refused. */
  g_free (name);
  name = herald_store_dup_copy_name (f->store, FALSE, "customers");
  g_assert_cmpstr (name, ==, "customers (copy 2)");
  g_assert_cmpint (herald_store_duplicate_list (f->store, f->list_id, "friends", &error), ==, -1);
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_EXISTS);
  g_assert_cmpint (count (f, "SELECT count(*) FROM lists"), ==, 3);
}

static void
test_delete_list_unused (HeraldTestFixture *f,
                         gconstpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (herald_store_delete_list (f->store, f->list_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM lists WHERE id = 1"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE list_id = 1"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM segments WHERE name = 'vip'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM imports WHERE list_id = 1"), ==, 0);
  /* The people stay known (one person across lists), and so do their
   * suppressions; the other list keeps its member, segment and import. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions"), ==, 1);
  g_assert_cmpint (friends_members (f), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM segments WHERE name = 'close'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM imports"), ==, 1);
  g_assert_cmpint (herald_store_find_list (f->store, "customers", NULL), ==, -1);
  /* Deleted twice: said plainly. */
  g_assert_false (herald_store_delete_list (f->store, f->list_id, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
}

static void
test_delete_list_history (HeraldTestFixture *f,
                          gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autofree char *shown = NULL;
  gint64 again;

  herald_test_create_campaign (f, "spring");
  herald_test_exec (f->store, "UPDATE campaigns SET state = 'done';"
                              "UPDATE deliveries SET state = 'sent';");
  g_assert_true (herald_store_delete_list (f->store, f->list_id, &error));
  g_assert_no_error (error);
  /* Gone from the lists, its members, segment and import record gone… */
  lists = herald_store_dup_lists (f->store, &error);
  g_assert_cmpuint (lists->len, ==, 1);
  g_assert_cmpstr (((HeraldListInfo *) lists->pdata[0])->name, ==, "friends");
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE list_id = 1"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM segments WHERE name = 'vip'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM imports WHERE list_id = 1"), ==, 0);
  /* …but the campaign and every delivery stay, and it still names the list. */
  info = herald_campaign_find (f->store, "spring", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deliveries WHERE state = 'sent'"), ==, 3);
  shown = herald_store_dup_list_name (f->store, info->list_id, &error);
  g_assert_cmpstr (shown, ==, "customers");
  /* The other list, the contacts and suppressions untouched. */
  g_assert_cmpint (friends_members (f), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM suppressions"), ==, 1);
  /* The name is free: a new list of that name is a new list. */
  again = herald_store_ensure_list (f->store, "customers", &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, !=, f->list_id);
  g_clear_pointer (&shown, g_free);
  shown = herald_store_dup_list_name (f->store, info->list_id, &error);
  g_assert_cmpstr (shown, ==, "customers");
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE list_id = 1"), ==, 0);
}

static void
test_delete_list_refused (HeraldTestFixture *f,
                          gconstpointer      data)
{
  g_autoptr(GError) error = NULL;

  herald_test_create_campaign (f, "spring");   /* a draft: still to send */
  g_assert_false (herald_store_delete_list (f->store, f->list_id, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "spring"));
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE list_id = 1"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM segments"), ==, 2);

  herald_test_exec (f->store, "UPDATE campaigns SET state = 'cancelled';"
                              "INSERT INTO sequences (name, list_id, account_id, starts_at, members_before, created_at)"
                              "  SELECT 'welcome', 1, id, 0, 0, 0 FROM accounts LIMIT 1;");
  g_assert_false (herald_store_delete_list (f->store, f->list_id, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "welcome"));
  g_assert_cmpint (herald_store_find_list (f->store, "customers", NULL), ==, f->list_id);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members WHERE list_id = 1"), ==, 5);
}

static void
test_rename_template (HeraldTestFixture *f,
                      gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) found = NULL;
  HeraldTemplateRecord other = { .name = (char *) "other", .subject = (char *) "s", .html = (char *) "<p>x</p>" };
  gint64 id = template_id (f);

  g_assert_cmpint (herald_templates_save (f->store, &other, &error), >, 0);
  g_assert_true (herald_templates_rename (f->store, id, "Newsletter", &error));
  g_assert_no_error (error);
  found = herald_templates_find (f->store, "Newsletter", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  g_assert_cmpstr (found->html, ==, "<p>Hi {{ name }}</p>");
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_parts"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_attachments"), ==, 1);
  g_assert_false (herald_templates_rename (f->store, id, "other", &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_EXISTS);
}

static void
test_duplicate_template (HeraldTestFixture *f,
                         gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) copy = NULL;
  gint64 id = template_id (f);
  gint64 copy_id;

  herald_test_exec (f->store, "UPDATE templates SET reply_to = 'reply@example.jp', allow_remote = 1,"
                              " charset = 'iso-2022-jp'");
  herald_test_exec (f->store, "INSERT INTO template_field_map (template_id, field, list_column)"
                              "  SELECT id, 'name', '氏名' FROM templates WHERE name = 'news'");
  copy_id = herald_templates_duplicate (f->store, id, "news (copy)", &error);
  g_assert_no_error (error);
  copy = herald_templates_find_by_id (f->store, copy_id, &error);
  g_assert_cmpstr (copy->name, ==, "news (copy)");
  g_assert_cmpstr (copy->subject, ==, "Hello {{ name }}");
  g_assert_cmpstr (copy->html, ==, "<p>Hi {{ name }}</p>");
  g_assert_cmpstr (copy->reply_to, ==, "reply@example.jp");
  g_assert_true (copy->allow_remote);
  g_assert_cmpstr (copy->charset, ==, "iso-2022-jp");
  /* Its own field matches too. */
  g_assert_nonnull (copy->field_map);
  g_assert_cmpstr (g_hash_table_lookup (copy->field_map, "name"), ==, "氏名");
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_field_map"), ==, 2);
  /* Its own images and attachments; the original keeps its own. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_parts p JOIN templates t ON t.id = p.template_id"
                             " WHERE t.name = 'news (copy)' AND p.cid = 'logo' AND p.data = x'89504e47'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_attachments a JOIN templates t ON t.id = a.template_id"
                             " WHERE t.name = 'news (copy)' AND a.path = '/tmp/price.pdf'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_parts"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_attachments"), ==, 2);
}

static void
test_delete_template (HeraldTestFixture *f,
                      gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(HeraldTemplateRecord) kept = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  HeraldTemplateRecord unused = { .name = (char *) "unused", .subject = (char *) "s", .html = (char *) "<p>x</p>" };
  gint64 unused_id = herald_templates_save (f->store, &unused, &error);
  gint64 id = template_id (f);

  /* Unfinished: refused. */
  herald_test_create_campaign (f, "spring");
  g_assert_false (herald_templates_delete (f->store, id, &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Nobody names it: gone with its parts. */
  herald_test_exec (f->store, "INSERT INTO template_parts (template_id, kind, filename, content_type, data)"
                              "  SELECT id, 'attachment', 'a.txt', 'text/plain', x'41' FROM templates WHERE name = 'unused'");
  g_assert_true (herald_templates_delete (f->store, unused_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM templates WHERE name = 'unused'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_parts WHERE filename = 'a.txt'"), ==, 0);

  /* Sent: hidden, kept for the campaign, which still names it. */
  herald_test_exec (f->store, "UPDATE campaigns SET state = 'done'");
  g_assert_true (herald_templates_delete (f->store, id, &error));
  g_assert_no_error (error);
  templates = herald_templates_list (f->store, &error);
  g_assert_cmpuint (templates->len, ==, 0);
  info = herald_campaign_find (f->store, "spring", &error);
  kept = herald_templates_find_by_id (f->store, info->template_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept->name, ==, "news");
  g_assert_cmpint (count (f, "SELECT count(*) FROM deliveries"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM template_parts WHERE cid = 'logo'"), ==, 1);
  /* The name is free again; the lists are untouched. */
  g_assert_cmpint (herald_templates_save (f->store, &(HeraldTemplateRecord) { .name = (char *) "news",
                                            .subject = (char *) "s", .html = (char *) "<p>y</p>" }, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM list_members"), ==, 6);
}

static void
test_progress (HeraldTestFixture *f,
               gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  HeraldProgress progress;

  /* The fixture's own list "friends" counts; with it taken for the sample, nothing does. */
  herald_test_exec (f->store, "DELETE FROM lists WHERE name = 'friends'");
  g_assert_true (herald_store_get_progress (f->store, "customers", "news", &progress, &error));
  g_assert_false (progress.has_list || progress.has_template || progress.has_sent);
  g_assert_null (progress.newest_list);
  herald_progress_clear (&progress);

  herald_test_exec (f->store, "INSERT INTO lists (name) VALUES ('mine'), ('newer');"
                              "INSERT INTO templates (name, subject, html) VALUES ('letter', 's', 'h')");
  herald_test_create_campaign (f, "spring");
  g_assert_true (herald_store_get_progress (f->store, "customers", "news", &progress, &error));
  g_assert_true (progress.has_list && progress.has_template);
  g_assert_cmpstr (progress.newest_list, ==, "newer");
  g_assert_cmpstr (progress.newest_template, ==, "letter");
  g_assert_false (progress.has_sent);   /* a draft was never sent */
  herald_progress_clear (&progress);

  herald_test_exec (f->store, "UPDATE campaigns SET state = 'done', started_at = 1");
  herald_test_exec (f->store, "UPDATE lists SET deleted_name = name, name = 'x' WHERE name = 'newer'");
  g_assert_true (herald_store_get_progress (f->store, "customers", "news", &progress, &error));
  g_assert_true (progress.has_sent);
  g_assert_cmpstr (progress.newest_list, ==, "mine");   /* a deleted list is not theirs any more */
  herald_progress_clear (&progress);
}

int
main (int    argc,
      char **argv)
{
  herald_test_init (&argc, &argv);
#define ADD(path, func) g_test_add (path, HeraldTestFixture, NULL, set_up, func, herald_test_tear_down)
  ADD ("/store-edit/rename-list", test_rename_list);
  ADD ("/store-edit/duplicate-list", test_duplicate_list);
  ADD ("/store-edit/delete-list-unused", test_delete_list_unused);
  ADD ("/store-edit/delete-list-history", test_delete_list_history);
  ADD ("/store-edit/delete-list-refused", test_delete_list_refused);
  ADD ("/store-edit/rename-template", test_rename_template);
  ADD ("/store-edit/duplicate-template", test_duplicate_template);
  ADD ("/store-edit/delete-template", test_delete_template);
  ADD ("/store-edit/progress", test_progress);
  return g_test_run ();
}
