/* herald-parts-attach.c — attaching a file to a stored template, and
 * checking a list's own files before any campaign is made
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-parts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-contacts.h"
#include "herald-parts.h"
#include "herald-template-attach.h"
#include "herald-templates.h"

/**
 * herald_templates_attach_file:
 * @path: the file to attach for everyone
 *
 * Reads @path (herald_parts_attach_file(): the size limit, the type) into
 * the store as an attachment of every message of the template, replacing
 * one of the same file name. The file is not read again afterwards.
 *
 * Returns: (transfer full) (nullable): the attachment as stored, or %NULL
 *   with @error set
 */
HeraldTemplatePart *
herald_templates_attach_file (HeraldStore  *store,
                              gint64        template_id,
                              const char   *path,
                              GError      **error)
{
  g_autoptr(HeraldTemplatePart) part = herald_parts_attach_file (path, error);

  if (part == NULL || !herald_templates_add_attachment (store, template_id, part, error))
    return NULL;
  return g_steal_pointer (&part);
}

void
herald_attachment_check_free (HeraldAttachmentCheck *check)
{
  if (check == NULL)
    return;
  g_clear_pointer (&check->problems, g_ptr_array_unref);
  g_free (check);
}

/* The list's columns the template's attachment fields are read from. */
static GPtrArray *
dup_columns (const HeraldTemplateRecord  *record,
             const HeraldTemplateParts   *parts)
{
  GPtrArray *columns = g_ptr_array_new ();

  for (guint i = 0; i < parts->attach_fields->len; i++)
    {
      const char *field = g_ptr_array_index (parts->attach_fields, i);
      const char *column = record->field_map != NULL ? g_hash_table_lookup (record->field_map, field) : NULL;

      g_ptr_array_add (columns, (gpointer) (column != NULL ? column : field));
    }
  return columns;
}

/* One contact: TRUE when it has at least one file and all can be read. */
static void
check_contact (HeraldAttachmentCheck      *check,
               HeraldContactCursor        *cursor,
               const HeraldContactRow     *row,
               GPtrArray                  *columns,
               const char                 *folder)
{
  gboolean any = FALSE, bad = FALSE;

  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);
      const char *value = herald_contact_row_lookup (cursor, row, column);
      g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
      g_autoptr(GError) local = NULL;

      if (*trimmed == '\0')
        continue;
      any = TRUE;
      if (!herald_parts_check_recipient_file_in (trimmed, folder, &local))
        {
          bad = TRUE;
          g_ptr_array_add (check->problems, herald_attachment_problem_new (row->email, column, trimmed, local->message));
        }
    }
  if (!any)
    check->without++;
  else if (!bad)
    check->with_files++;
}

/**
 * herald_list_check_attachments:
 *
 * What herald_campaign_check_attachments() would find if the template
 * went to the list now: for each subscribed contact not suppressed, whether the files its
 * attachment fields name (relative ones in the template's folder) can be
 * attached. A column the list lacks is one problem with an empty email.
 * Reads files' metadata only; call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the counts and problems, or %NULL
 *   with @error set
 */
HeraldAttachmentCheck *
herald_list_check_attachments (HeraldStore   *store,
                               gint64         template_id,
                               gint64         list_id,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(HeraldAttachmentCheck) check = g_new0 (HeraldAttachmentCheck, 1);
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autoptr(HeraldTemplateParts) parts = NULL;
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  const char * const *fields;
  const HeraldContactRow *row;
  g_autoptr(GError) local = NULL;

  check->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_attachment_problem_free);
  if ((record = herald_templates_find_by_id (store, template_id, error)) == NULL ||
      (parts = herald_templates_load_parts (store, template_id, error)) == NULL ||
      (cursor = herald_contact_cursor_new (store, list_id, error)) == NULL)
    return NULL;
  columns = dup_columns (record, parts);
  fields = herald_contact_cursor_get_fields (cursor);
  for (guint i = 0; i < columns->len; i++)
    {
      const char *column = g_ptr_array_index (columns, i);
      g_autofree char *words = NULL;

      if (g_strv_contains (fields, column))
        continue;
      /* TRANSLATORS: %s is a field name */
      words = g_strdup_printf (_("The list has no field “%s”, which the template attaches files from."), column);
      g_ptr_array_add (check->problems, herald_attachment_problem_new ("", column, "", words));
      g_ptr_array_add (missing, (gpointer) column);
    }
  for (guint i = 0; i < missing->len; i++)
    g_ptr_array_remove (columns, g_ptr_array_index (missing, i));

  while ((row = herald_contact_cursor_next (cursor, &local)) != NULL)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      /* Those a campaign would leave out are not counted. */
      if (g_strcmp0 (row->status, "subscribed") != 0 || herald_store_is_suppressed (store, row->email))
        continue;
      check->recipients++;
      if (columns->len > 0)
        check_contact (check, cursor, row, columns, parts->attach_folder);
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (parts->attach_fields->len == 0 || missing->len > 0)
    check->with_files = check->without = 0;
  return g_steal_pointer (&check);
}

/**
 * herald_attachment_check_describe:
 *
 * The check's result in one sentence for people: how many recipients have
 * their file, or which ones' are missing (the first few, then a count).
 *
 * Returns: (transfer full): the sentence
 */
char *
herald_attachment_check_describe (const HeraldAttachmentCheck *check)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint shown = 0, with_email = 0;

  for (guint i = 0; i < check->problems->len; i++)
    {
      const HeraldAttachmentProblem *problem = g_ptr_array_index (check->problems, i);

      /* A column the list lacks says it all. */
      if (*problem->email == '\0')
        return g_strdup (problem->problem);
    }
  for (guint i = 0; i < check->problems->len; i++)
    {
      const HeraldAttachmentProblem *problem = g_ptr_array_index (check->problems, i);

      with_email++;
      if (shown >= 3)
        continue;
      if (names->len > 0)
        g_string_append (names, _(", "));
      /* TRANSLATORS: an address, then the path its field holds */
      g_string_append_printf (names, _("%s (%s)"), problem->email, problem->value);
      shown++;
    }
  if (with_email > shown)
    g_string_append (names, _("…"));
  if (with_email > 0)
    /* TRANSLATORS: a number, then addresses with paths such as "a@example.com (1.pdf)" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u recipient’s file is missing or unreadable: %s. Put it in the folder, or correct the field.",
                                         "%u recipients’ files are missing or unreadable: %s. Put them in the folder, or correct the field.",
                                         with_email),
                            with_email, names->str);
  if (check->recipients == 0)
    return g_strdup (_("The list has no recipients to check."));
  /* TRANSLATORS: "12 of 12 recipients have their own file" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u recipient has their own file.",
                                       "%u of %u recipients have their own file.", check->recipients),
                          check->with_files, check->recipients);
}
