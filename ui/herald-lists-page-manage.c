/* herald-lists-page-manage.c — the list shown renamed, duplicated, deleted
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The List Actions menu beside the list's title. Deleting asks first
 * (Cancel is the default); past campaigns keep showing the list's name
 * (herald-store-edit.c keeps it for them).
 */
#define G_LOG_DOMAIN "herald-lists-page"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-lists-page-private.h"
#include "herald-manage.h"

static void
say (HeraldListsPage *self,
     const char      *text)
{
  g_object_unref (lists_page_add_toast (self, text));
}

typedef struct
{
  HeraldListsPage *page;
  HeraldManageOp   op;
} Call;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(HeraldListsPage) self = call->page;
  g_autoptr(GError) error = NULL;
  HeraldManageOp op = call->op;
  g_autofree char *name = herald_manage_run_finish (HERALD_SESSION (source), result, NULL, &error);
  g_autofree char *text = NULL;

  g_free (call);
  if (name == NULL)
    {
      say (self, error->message);
      return;
    }
  if (op == HERALD_MANAGE_DELETE)
    {
      lists_page_reload_lists (self, NULL);
      return;
    }
  if (op == HERALD_MANAGE_DUPLICATE)
    {
      /* TRANSLATORS: after a list was duplicated; %s is the copy's name */
      text = g_strdup_printf (_("Made the copy “%s”"), name);
      say (self, text);
    }
  lists_page_reload_lists (self, name);
}

static void
run (HeraldListsPage *self,
     HeraldManageOp   op,
     const char      *name)
{
  Call *call;

  if (self->session == NULL || self->list_id <= 0)
    return;
  call = g_new0 (Call, 1);
  call->page = g_object_ref (self);
  call->op = op;
  herald_manage_run_async (self->session,
                           &(HeraldManageRequest) { .is_template = FALSE, .op = op, .id = self->list_id, .name = name },
                           NULL, on_done_cb, call);
}

static void
on_renamed_cb (GtkWidget  *page,
               const char *name)
{
  run (HERALD_LISTS_PAGE (page), HERALD_MANAGE_RENAME, name);
}

static void
on_delete_confirmed_cb (GtkWidget  *page,
                        const char *name)
{
  run (HERALD_LISTS_PAGE (page), HERALD_MANAGE_DELETE, NULL);
}

/* lists.rename-list (@rename) and lists.delete-list ask first, about the list shown. */
static void
ask (HeraldListsPage *self,
     gboolean         rename)
{
  g_autofree char *heading = NULL;

  if (self->list_name == NULL)
    return;
  if (rename)
    {
      /* TRANSLATORS: heading of the dialog asking for a list's new name; %s is its name now */
      heading = g_strdup_printf (_("Rename “%s”"), self->list_name);
      herald_manage_ask_name (GTK_WIDGET (self), heading, self->list_name, on_renamed_cb);
      return;
    }
  /* TRANSLATORS: heading of the question before deleting a list; %s is its name */
  heading = g_strdup_printf (_("Delete the List “%s”?"), self->list_name);
  herald_manage_ask_delete (GTK_WIDGET (self), heading,
                            _("Its contacts leave this list; they stay in your other lists, and the "
                              "addresses you never send to stay on that list. Campaigns already sent "
                              "to it keep its name in their history. This cannot be undone."),
                            on_delete_confirmed_cb);
}

/* lists.rename-list */
void
lists_page_rename_list_activated (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  ask (HERALD_LISTS_PAGE (widget), TRUE);
}

/* lists.duplicate-list */
void
lists_page_duplicate_list_activated (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  HeraldListsPage *self = HERALD_LISTS_PAGE (widget);

  if (self->list_name != NULL)
    run (self, HERALD_MANAGE_DUPLICATE, self->list_name);
}

/* lists.delete-list */
void
lists_page_delete_list_activated (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  ask (HERALD_LISTS_PAGE (widget), FALSE);
}
