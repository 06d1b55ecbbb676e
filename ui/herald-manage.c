/* herald-manage.c — renaming, duplicating and deleting a list or a template
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Lists and Templates pages share: the question asking for a
 * name, the question before deleting (Cancel is the default, so Enter and
 * Escape delete nothing), and the engine's call in the session's thread
 * (herald-store-edit.c).
 */
#define G_LOG_DOMAIN "herald-manage"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-dialog.h"
#include "herald-manage.h"
#include "herald-store-edit.h"

typedef struct
{
  gboolean        is_template;
  HeraldManageOp  op;
  gint64          id;
  char           *name;
  gint64          copy_id;
} Job;

static void
job_free (Job *job)
{
  g_free (job->name);
  g_free (job);
}

static gboolean
manage_job (HeraldStore   *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Job *job = data;
  g_autofree char *copy = NULL;

  switch (job->op)
    {
    case HERALD_MANAGE_RENAME:
      if (!(job->is_template ? herald_templates_rename (store, job->id, job->name, error)
                             : herald_store_rename_list (store, job->id, job->name, error)))
        return FALSE;
      g_strstrip (job->name);
      return TRUE;
    case HERALD_MANAGE_DUPLICATE:
      copy = herald_store_dup_copy_name (store, job->is_template, job->name);
      job->copy_id = job->is_template ? herald_templates_duplicate (store, job->id, copy, error)
                                      : herald_store_duplicate_list (store, job->id, copy, error);
      if (job->copy_id < 0)
        return FALSE;
      g_free (job->name);
      job->name = g_steal_pointer (&copy);
      return TRUE;
    case HERALD_MANAGE_DELETE:
    default:
      g_free (job->name);
      job->name = g_strdup ("");
      return job->is_template ? herald_templates_delete (store, job->id, error)
                              : herald_store_delete_list (store, job->id, error);
    }
}

void
herald_manage_run_async (HeraldSession             *session,
                         const HeraldManageRequest *request,
                         GCancellable              *cancellable,
                         GAsyncReadyCallback        callback,
                         gpointer                   user_data)
{
  Job *job = g_new0 (Job, 1);

  job->is_template = request->is_template;
  job->op = request->op;
  job->id = request->id;
  job->name = g_strdup (request->name != NULL ? request->name : "");
  herald_session_run_async (session, HERALD_SESSION_JOB_SHARED, manage_job, job, (GDestroyNotify) job_free,
                            cancellable, callback, user_data);
}

char *
herald_manage_run_finish (HeraldSession  *session,
                          GAsyncResult   *result,
                          gint64         *out_id,
                          GError        **error)
{
  Job *job = NULL;

  if (!herald_session_run_finish (session, result, (gpointer *) &job, error))
    return NULL;
  if (out_id != NULL)
    *out_id = job->copy_id;
  return g_strdup (job->name);
}

/* ---- the questions --------------------------------------------------------- */

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                gpointer          user_data)
{
  HeraldManageAnswer answer = (HeraldManageAnswer) g_object_get_data (G_OBJECT (dialog), "answer");
  GtkWidget *page = g_object_get_data (G_OBJECT (dialog), "page");
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "entry");

  if (!g_str_equal (response, "ok") || page == NULL)
    return;
  answer (page, entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL);
}

static GtkWidget *
new_question (GtkWidget          *page,
              const char         *heading,
              const char         *body,
              const char         *ok_label,
              HeraldManageAnswer  answer)
{
  GtkRoot *root = gtk_widget_get_root (page);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "ok", ok_label, NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "page", g_object_ref (page), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "answer", answer);
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), NULL);
  return dialog;
}

/**
 * herald_manage_ask_name:
 *
 * Asks for a new name, @initial selected in the field; @answer gets it
 * when the user presses Rename (or Enter).
 */
void
herald_manage_ask_name (GtkWidget          *page,
                        const char         *heading,
                        const char         *initial,
                        HeraldManageAnswer  answer)
{
  /* TRANSLATORS: button of the dialog asking for a list's or template's new name */
  GtkWidget *dialog = new_question (page, heading, NULL, _("_Rename"), answer);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), initial);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* TRANSLATORS: accessible name of the field holding the new name */
                                  _("New name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/**
 * herald_manage_ask_delete:
 *
 * Asks before deleting; Cancel is the default. @answer is called with
 * %NULL when the user presses Delete.
 */
void
herald_manage_ask_delete (GtkWidget          *page,
                          const char         *heading,
                          const char         *body,
                          HeraldManageAnswer  answer)
{
  /* TRANSLATORS: button deleting a list or template, after asking */
  GtkWidget *dialog = new_question (page, heading, body, _("_Delete"), answer);

  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_DESTRUCTIVE);
  herald_dialog_name_buttons (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}
