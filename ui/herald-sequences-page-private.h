/* herald-sequences-page-private.h — what the Sequences page's files share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-sequences-page.c: the sequences as timelines of their steps,
 * with each step's counts and its buttons (move, edit, remove);
 * herald-sequences-page-edit.c: the changes, each run by the engine in
 * the session's thread, and the dialogs that ask for them (New Sequence,
 * Add Step and Edit Step, Remove Step).
 */
#pragma once

#include <adwaita.h>

#include "herald-sequence.h"
#include "herald-sequences-page.h"

G_BEGIN_DECLS

struct _HeraldSequencesPage
{
  AdwBin           parent_instance;

  /* template widgets */
  GtkStack        *stack;
  GtkBox          *groups_box;
  AdwToastOverlay *toast_overlay;
  GtkButton       *new_button;

  /* owned */
  HeraldSession   *session;
  GCancellable    *cancellable;
  GPtrArray       *sequences;   /* HeraldSequence, as last read */
  GPtrArray       *templates;   /* HeraldTemplateRecord, for the step dialog */
  GPtrArray       *lists;       /* HeraldListInfo, for New Sequence */
  GPtrArray       *accounts;    /* HeraldAccount, for New Sequence */
  guint            generation;  /* of the newest reading */
};

/* herald-sequences-page.c */
void  sequences_page_reload            (HeraldSequencesPage *self);
void  sequences_page_toast             (HeraldSequencesPage *self,
                                        const char          *text);
const HeraldSequence *sequences_page_find (HeraldSequencesPage *self,
                                           const char          *name);

/* herald-sequences-page-edit.c */
void  sequences_page_new_activated     (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter);
void  sequences_page_add_step_activated (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter);
void  sequences_page_edit_step_activated (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter);
void  sequences_page_move_activated    (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter);
void  sequences_page_remove_activated  (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter);

G_END_DECLS
