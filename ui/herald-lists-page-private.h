/* herald-lists-page-private.h — what the lists page's two files share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-lists-page.c: the lists, the chosen list's contacts, import;
 * herald-lists-page-cells.c: the contacts table's columns and cells;
 * herald-lists-page-actions.c: the changes to contacts (edit, add, delete,
 * unsubscribe, suppress, export), each run through the engine by the
 * session;
 * herald-lists-page-undo.c: Undo Import, on the toast after an import and
 * for the list shown.
 */
#pragma once

#include <adwaita.h>

#include "herald-contact-model.h"
#include "herald-lists-page.h"
#include "herald-session.h"

G_BEGIN_DECLS

/* Most contacts one action (delete, unsubscribe, suppress) takes at once. */
#define MAX_SELECTED 10000

struct _HeraldListsPage
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkSpinner         *contacts_spinner;
  GtkStack           *contacts_stack;
  GtkColumnView      *contacts_view;
  AdwLeaflet         *leaflet;
  GtkLabel           *list_subtitle;
  GtkLabel           *list_title;
  GtkListBox         *lists_box;
  GtkSearchEntry     *search_entry;
  AdwStatusPage      *status_page;

  /* owned */
  HeraldSession      *session;
  GSettings          *settings;
  GCancellable       *lists_cancellable;
  GCancellable       *contacts_cancellable;
  HeraldContactModel *model;
  GtkMultiSelection  *selection;
  gboolean            view_pending;  /* the view waits for the model's first rows */
  guint               loading_id;    /* shows the spinner when a list is slow to come */
  GSimpleAction      *import_file_action;
  char               *list_name;
  char               *select_after_load;
  AdwToast           *import_toast;   /* weak: the last import's, with Undo */
  gint64              list_id;
  gint64              load_started;   /* monotonic µs, until the first rows are drawn */
  int                 sorted_column;  /* set by a column's sort function, see sort_changed */
};

enum { COLUMN_EMAIL = -1, COLUMN_ORDER = -2, COLUMN_STATUS = -3, COLUMN_CONSENT = -4 };

/* herald-lists-page.c */
char      *lists_page_format_count          (gint64            n);
AdwToast  *lists_page_add_toast             (HeraldListsPage  *self,
                                             const char       *title);
GtkWindow *lists_page_parent_window         (HeraldListsPage  *self);
void       lists_page_reload_lists          (HeraldListsPage  *self,
                                             const char       *select);

/* herald-lists-page-undo.c */
void       lists_page_offer_undo_import     (HeraldListsPage  *self,
                                             const char       *title,
                                             const char       *list_name);
void       lists_page_undo_import_activated (GtkWidget        *widget,
                                             const char       *action_name,
                                             GVariant         *parameter);

/* herald-lists-page-actions.c */
void       lists_page_new_segment_activated (GtkWidget        *widget,
                                             const char       *action_name,
                                             GVariant         *parameter);
/* herald-lists-page-manage.c */
void       lists_page_rename_list_activated    (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter);
void       lists_page_duplicate_list_activated (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter);
void       lists_page_delete_list_activated    (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter);

/* herald-lists-page-cells.c */
void       lists_page_set_columns           (HeraldListsPage    *self,
                                             const char * const *fields);
void       lists_page_set_cell_text         (GtkWidget        *cell,
                                             const char       *text);

/* herald-lists-page-actions.c */
void       lists_page_update_actions        (HeraldListsPage  *self);
void       lists_page_cell_editing_cb       (GtkEditableLabel *label,
                                             GParamSpec       *pspec,
                                             gpointer          user_data);
void       lists_page_add_contact_activated (GtkWidget        *widget,
                                             const char       *action_name,
                                             GVariant         *parameter);
void       lists_page_delete_activated      (GtkWidget        *widget,
                                             const char       *action_name,
                                             GVariant         *parameter);
void       lists_page_export_activated      (GtkWidget        *widget,
                                             const char       *action_name,
                                             GVariant         *parameter);
void       lists_page_consent_activated (GtkWidget        *widget,
                                         const char       *action_name,
                                         GVariant         *parameter);
void       lists_page_unsubscribe_activated (GtkWidget        *widget,
                                             const char       *action_name,
                                             GVariant         *parameter);

G_END_DECLS
