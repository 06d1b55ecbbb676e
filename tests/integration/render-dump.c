/* render-dump.c — what the window's preview shows, for every recipient
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders a stored template for each contact of a list the way the
 * template editor's preview thread does (ui/herald-preview-render.c: the
 * Outbox account's sender details, the list's fields, herald_merge_render())
 * and writes, for contact number N (from 1), OUT/N/email, subject, html,
 * text, or error; and each inline image the preview would resolve for a
 * "cid:" URL (herald_merge_get_part()) as OUT/cid/NAME.
 *
 * Usage: render-dump DB TEMPLATE LIST OUT
 */
#include "config.h"

#include <glib/gstdio.h>

#include "herald-account.h"
#include "herald-contacts.h"
#include "herald-engine.h"
#include "herald-merge.h"
#include "herald-templates.h"

static void
put (const char *dir,
     const char *name,
     const char *data,
     gssize      len)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, data, len, &error))
    g_error ("%s", error->message);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldStore) store = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autofree char *cid_dir = NULL;
  const HeraldTemplateParts *parts;
  HeraldMergeRow r = { 0 };
  gint64 list_id;
  int n = 0;

  if (argc != 5)
    {
      g_printerr ("Usage: render-dump DB TEMPLATE LIST OUT\n");
      return 2;
    }
  herald_engine_init ();
  if ((store = herald_store_open (argv[1], &error)) == NULL ||
      (record = herald_templates_find (store, argv[2], &error)) == NULL ||
      (account = herald_account_load (store, HERALD_OUTBOX_ACCOUNT, &error)) == NULL ||
      (list_id = herald_store_find_list (store, argv[3], &error)) < 0 ||
      (cursor = herald_contact_cursor_new (store, list_id, &error)) == NULL ||
      (merge = herald_merge_new_for_account (record, account, herald_contact_cursor_get_fields (cursor), &error)) == NULL ||
      !herald_merge_load_list (merge, store, list_id, &error) ||
      !herald_merge_load_parts (merge, store, record->id, &error))
    {
      g_printerr ("render-dump: %s\n", error->message);
      return 1;
    }

  cid_dir = g_build_filename (argv[4], "cid", NULL);
  g_mkdir_with_parents (cid_dir, 0700);
  parts = herald_merge_get_parts (merge);
  for (guint i = 0; parts != NULL && i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);
      g_autoptr(GBytes) bytes = NULL;

      if (part->kind != HERALD_PART_INLINE)
        continue;
      bytes = herald_merge_get_part (merge, part->cid, NULL);
      put (cid_dir, part->cid, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }

  r.cursor = cursor;
  while ((r.row = herald_contact_cursor_next (cursor, &error)) != NULL)
    {
      g_autofree char *number = g_strdup_printf ("%d", ++n);
      g_autofree char *dir = g_build_filename (argv[4], number, NULL);
      g_autoptr(GError) local = NULL;
      HeraldRendered out = { 0 };
      const HeraldMergeRecipient to = herald_merge_row_recipient (&r);

      g_mkdir_with_parents (dir, 0700);
      put (dir, "email", r.row->email, -1);
      if (herald_merge_render (merge, &to, &out, &local))
        {
          put (dir, "subject", out.subject, -1);
          put (dir, "html", out.html, -1);
          put (dir, "text", out.text, -1);
        }
      else
        put (dir, "error", local->message, -1);
      herald_rendered_clear (&out);
    }
  if (error != NULL)
    {
      g_printerr ("render-dump: %s\n", error->message);
      return 1;
    }
  return 0;
}
