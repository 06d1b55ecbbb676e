/* test-template-attach.c — a stored template's attachments changed one at
 * a time (herald-template-attach.c, herald-parts-attach.c): files for
 * everyone added and removed, the per-recipient field and its folder, and
 * the check of a list's own files
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "herald-merge.h"
#include "herald-parts.h"
#include "herald-template-attach.h"
#include "herald-templates.h"
#include "herald-test-fixture.h"

static gint64
news_id (HeraldTestFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateRecord) record = herald_templates_find (f->store, "news", &error);

  g_assert_no_error (error);
  return record->id;
}

static guint
count_attachments (HeraldTestFixture *f,
                   const char        *filename)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateParts) parts = herald_templates_load_parts (f->store, news_id (f), &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);

      if (part->kind == HERALD_PART_ATTACHMENT && (filename == NULL || g_str_equal (part->filename, filename)))
        n++;
    }
  return n;
}

static void
test_add_remove (HeraldTestFixture *f,
                 gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *menu = g_build_filename (f->dir, "menu.pdf", NULL);
  g_autofree char *gone = g_build_filename (f->dir, "gone.pdf", NULL);
  g_autoptr(HeraldTemplatePart) added = NULL, removed = NULL, again = NULL;
  g_autoptr(HeraldTemplateParts) parts = NULL;
  gint64 id = news_id (f);

  herald_test_write_file (f->dir, "menu.pdf", "%PDF-1.4 menu\n", -1);
  added = herald_templates_attach_file (f->store, id, menu, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added->filename, ==, "menu.pdf");
  g_assert_cmpuint (count_attachments (f, "menu.pdf"), ==, 1);

  /* Read into the store: changing or removing the file changes nothing. */
  g_assert_cmpint (g_unlink (menu), ==, 0);
  parts = herald_templates_load_parts (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (((HeraldTemplatePart *) g_ptr_array_index (parts->parts, 0))->data, NULL),
                   14, "%PDF-1.4 menu\n", 14);

  /* The same name again replaces it rather than attaching it twice. */
  herald_test_write_file (f->dir, "menu.pdf", "%PDF-1.4 new menu\n", -1);
  again = herald_templates_attach_file (f->store, id, menu, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_attachments (f, NULL), ==, 1);

  /* A missing file: an error naming it, nothing stored. */
  g_assert_null (herald_templates_attach_file (f->store, id, gone, &error));
  g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, gone));
  g_clear_error (&error);
  g_assert_cmpuint (count_attachments (f, NULL), ==, 1);

  removed = herald_templates_remove_attachment (f->store, id, "menu.pdf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (removed->data), ==, strlen ("%PDF-1.4 new menu\n"));
  g_assert_cmpuint (count_attachments (f, NULL), ==, 0);
  g_assert_null (herald_templates_remove_attachment (f->store, id, "menu.pdf", &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The undo: what was removed goes back as it was. */
  g_assert_true (herald_templates_add_attachment (f->store, id, removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_attachments (f, "menu.pdf"), ==, 1);
}

static void
add_with_file (HeraldTestFixture *f,
               const char        *email,
               const char        *file)
{
  g_autoptr(GError) error = NULL;
  const char *names[] = { "name", "file", NULL };
  const char *values[] = { "x", file, NULL };

  g_assert_cmpint (herald_store_upsert_contact (f->store, f->list_id, email, names, values, NULL, &error), >, 0);
  g_assert_no_error (error);
}

static const char *
lookup_table (const char *field,
              gpointer    user_data)
{
  return g_hash_table_lookup (user_data, field);
}

static void
test_fields_and_folder (HeraldTestFixture *f,
                        gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldTemplateParts) parts = NULL;
  g_autoptr(HeraldAttachmentCheck) check = NULL, after = NULL, none = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "invoices", NULL);
  g_autofree char *absolute = g_build_filename (f->dir, "abs.pdf", NULL);
  g_autofree char *words = NULL, *fixed = NULL;
  const char *fields[] = { "name", "file", NULL };
  const char *attach[] = { "file", NULL };
  gint64 id = news_id (f);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  herald_test_write_file (folder, "ann.pdf", "%PDF ann\n", -1);
  herald_test_write_file (f->dir, "abs.pdf", "%PDF abs\n", -1);
  herald_store_set_list_fields (f->store, f->list_id, fields, &error);
  g_assert_no_error (error);
  add_with_file (f, "ann@example.jp", "ann.pdf");             /* relative: in the folder */
  add_with_file (f, "bob@example.jp", absolute);              /* absolute paths keep working */
  add_with_file (f, "cid@docomo.ne.jp", "cid.pdf");           /* missing */
  add_with_file (f, "bounced@example.jp", "");                /* suppressed: not counted */
  add_with_file (f, "left@example.jp", "left.pdf");           /* unsubscribed: not counted */
  add_with_file (f, "none@example.jp", "  ");                 /* no file of their own */

  /* Only a full path may be the folder. */
  g_assert_false (herald_templates_set_attach_fields (f->store, id, attach, "invoices", &error));
  g_assert_error (error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (herald_templates_set_attach_fields (f->store, id, attach, folder, &error));
  g_assert_no_error (error);
  parts = herald_templates_load_parts (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parts->attach_fields->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (parts->attach_fields, 0), ==, "file");
  g_assert_cmpstr (parts->attach_folder, ==, folder);

  /* The list's check: those a campaign leaves out are not counted. */
  check = herald_list_check_attachments (f->store, id, f->list_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->recipients, ==, 4);
  g_assert_cmpuint (check->with_files, ==, 2);
  g_assert_cmpuint (check->without, ==, 1);
  g_assert_cmpuint (check->problems->len, ==, 1);
  g_assert_cmpstr (((HeraldAttachmentProblem *) g_ptr_array_index (check->problems, 0))->email, ==, "cid@docomo.ne.jp");
  words = herald_attachment_check_describe (check);
  g_assert_nonnull (strstr (words, "cid@docomo.ne.jp (cid.pdf)"));
  g_assert_nonnull (strstr (words, "1 recipient"));

  herald_test_write_file (folder, "cid.pdf", "%PDF cid\n", -1);
  after = herald_list_check_attachments (f->store, id, f->list_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->with_files, ==, 3);
  g_assert_cmpuint (after->without, ==, 1);
  g_assert_cmpuint (after->problems->len, ==, 0);
  fixed = herald_attachment_check_describe (after);
  g_assert_cmpstr (fixed, ==, "3 of 4 recipients have their own file.");

  /* The composer reads a relative path from the folder. */
  {
    g_autoptr(HeraldTemplateRecord) record = herald_templates_find_by_id (f->store, id, &error);
    HeraldMergeSender sender = { .from = "shop@example.com" };
    g_autoptr(HeraldMerge) merge = herald_merge_new (record, &sender, fields, &error);
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    herald_merge_set_parts (merge, parts);
    g_hash_table_insert (values, "name", "Ann");
    g_hash_table_insert (values, "file", "ann.pdf");
    bytes = herald_merge_compose (merge, &(HeraldMergeRecipient) { "ann@example.jp", 0, lookup_table, values }, "<1@example.com>", 1700000000, &error);
    g_assert_no_error (error);
    text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_assert_nonnull (strstr (text, "filename=ann.pdf"));
  }

  /* Cleared: no field, no folder; the check has nothing to count. */
  g_assert_true (herald_templates_set_attach_fields (f->store, id, NULL, NULL, &error));
  g_assert_no_error (error);
  none = herald_list_check_attachments (f->store, id, f->list_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->problems->len, ==, 0);
  g_assert_cmpuint (none->with_files, ==, 0);
  g_clear_pointer (&parts, herald_template_parts_free);
  parts = herald_templates_load_parts (f->store, id, &error);
  g_assert_cmpuint (parts->attach_fields->len, ==, 0);
  g_assert_null (parts->attach_folder);
}

/* A relative path stays in the folder: "../" cannot lead out of it (the
 * check names the recipient, the composer refuses to read the file); a
 * full path outside it is read as written. */
static void
test_folder_escape (HeraldTestFixture *f,
                    gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAttachmentCheck) check = NULL;
  g_autoptr(HeraldTemplateParts) parts = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "invoices", NULL);
  g_autofree char *outside = g_build_filename (f->dir, "secret.pdf", NULL);
  g_autofree char *inside = g_build_filename (folder, "ann.pdf", NULL);
  g_autofree char *sub = g_build_filename (folder, "sub", NULL);
  const char *fields[] = { "name", "file", NULL };
  const char *attach[] = { "file", NULL };
  const HeraldAttachmentProblem *problem;
  gint64 id = news_id (f);

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  herald_test_write_file (folder, "ann.pdf", "%PDF ann\n", -1);
  herald_test_write_file (f->dir, "secret.pdf", "%PDF secret\n", -1);

  /* The path on its own. */
  {
    g_autofree char *ok = herald_parts_recipient_path_in ("sub/../ann.pdf", folder, &error);
    g_autofree char *up = NULL, *deep = NULL, *full = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (ok, ==, inside);
    up = herald_parts_recipient_path_in ("../secret.pdf", folder, &error);
    g_assert_null (up);
    g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "../secret.pdf"));
    g_assert_nonnull (strstr (error->message, folder));
    g_clear_error (&error);
    deep = herald_parts_recipient_path_in ("sub/../../secret.pdf", folder, &error);
    g_assert_null (deep);
    g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
    g_clear_error (&error);
    /* "invoices-old" only begins like "invoices" */
    deep = herald_parts_recipient_path_in ("../invoices-old/x.pdf", folder, &error);
    g_assert_null (deep);
    g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
    g_clear_error (&error);
    full = herald_parts_recipient_path_in (outside, folder, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (full, ==, outside);
  }

  herald_store_set_list_fields (f->store, f->list_id, fields, &error);
  g_assert_no_error (error);
  add_with_file (f, "ann@example.jp", "sub/../ann.pdf");        /* stays in the folder */
  add_with_file (f, "eve@example.jp", "../secret.pdf");         /* leads out of it */
  add_with_file (f, "bob@example.jp", outside);                 /* a full path: as written */
  g_assert_true (herald_templates_set_attach_fields (f->store, id, attach, folder, &error));
  g_assert_no_error (error);

  check = herald_list_check_attachments (f->store, id, f->list_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->with_files, ==, 2);
  g_assert_cmpuint (check->problems->len, ==, 1);
  problem = g_ptr_array_index (check->problems, 0);
  g_assert_cmpstr (problem->email, ==, "eve@example.jp");
  g_assert_cmpstr (problem->value, ==, "../secret.pdf");
  g_assert_nonnull (strstr (problem->problem, "leads out of the folder"));

  /* The composer does not read it either. */
  {
    g_autoptr(HeraldTemplateRecord) record = herald_templates_find_by_id (f->store, id, &error);
    HeraldMergeSender sender = { .from = "shop@example.com" };
    g_autoptr(HeraldMerge) merge = herald_merge_new (record, &sender, fields, &error);
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GBytes) bytes = NULL;

    g_assert_no_error (error);
    parts = herald_templates_load_parts (f->store, id, &error);
    g_assert_no_error (error);
    herald_merge_set_parts (merge, parts);
    g_hash_table_insert (values, "name", "Eve");
    g_hash_table_insert (values, "file", "../secret.pdf");
    bytes = herald_merge_compose (merge, &(HeraldMergeRecipient) { "eve@example.jp", 0, lookup_table, values }, "<2@example.com>", 1700000000, &error);
    g_assert_null (bytes);
    g_assert_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID);
  }
}

static void
test_missing_column (HeraldTestFixture *f,
                     gconstpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldAttachmentCheck) check = NULL;
  g_autofree char *words = NULL;
  const char *attach[] = { "請求書", NULL };
  gint64 id = news_id (f);

  g_assert_true (herald_templates_set_attach_fields (f->store, id, attach, NULL, &error));
  check = herald_list_check_attachments (f->store, id, f->list_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check->problems->len, ==, 1);
  words = herald_attachment_check_describe (check);
  g_assert_nonnull (strstr (words, "請求書"));
}

int
main (int   argc,
      char *argv[])
{
  herald_test_init (&argc, &argv);
#define ADD(path, func) \
  g_test_add (path, HeraldTestFixture, NULL, herald_test_set_up_customers, func, herald_test_tear_down)
  ADD ("/template-attach/add-remove", test_add_remove);
  ADD ("/template-attach/fields-and-folder", test_fields_and_folder);
  ADD ("/template-attach/missing-column", test_missing_column);
  ADD ("/template-attach/folder-escape", test_folder_escape);
  return g_test_run ();
}
