/* herald-templates-page-private.h — what the template editor's files share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * herald-templates-page.c: the editor, the templates and saving;
 * herald-templates-page-render.c: the live preview (and its test hook);
 * herald-templates-page-leave.c: the Save / Discard / Cancel question when
 * unsaved edits would be left (another template, closing, quitting);
 * herald-templates-page-new.c: a new template from the starter gallery;
 * herald-templates-page-blocks.c: the Blocks view of a block template.
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "herald-block-editor.h"
#include "herald-preview.h"
#include "herald-preview-render.h"
#include "herald-templates.h"
#include "herald-templates-page.h"

G_BEGIN_DECLS

struct _HeraldTemplatesPage
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkCheckButton *desktop_toggle;
  GtkStack       *details_stack;
  GtkNotebook    *editor_notebook;
  GtkLabel       *error_label;
  GtkRevealer    *error_revealer;
  GtkLabel       *fields_label;
  GtkButton      *goto_error_button;
  GtkButton      *match_fields_button;
  GtkSourceView  *html_view;
  AdwLeaflet     *leaflet;
  GtkDropDown    *list_dropdown;
  GtkStringList  *list_names;
  GtkEntry       *name_entry;
  GtkPaned       *paned;
  GtkLabel       *position_label;
  HeraldPreview  *preview;
  GtkCheckButton *remote_check;
  GtkLabel       *rendered_subject_label;
  GtkRevealer    *business_revealer;   /* business details the template shows, not set */
  GtkLabel       *business_label;
  GtkSearchEntry *search_entry;
  AdwStatusPage  *status_page;
  GtkEntry       *subject_entry;
  GtkListBox     *templates_box;
  GtkLabel       *text_status_label;
  GtkTextView    *text_view;
  GtkDropDown    *charset_dropdown; /* made by herald-templates-page-charset.c */
  HeraldBlockEditor *block_editor;  /* the Blocks view, made in code */

  /* owned */
  HeraldSession  *session;
  GCancellable   *cancellable;
  GCancellable   *render_cancellable;  /* the render running, cancelled by a newer edit */
  GTask          *confirm_task;   /* a Save / Discard / Cancel question being asked */
  AdwMessageDialog *confirm_dialog;
  GtkWindow      *close_window;   /* weak: the window whose close-request is watched */
  gulong          close_request_id;
  GPtrArray      *templates;     /* HeraldTemplateRecord, in the rows' order */
  GPtrArray      *lists;         /* HeraldListInfo, in the drop-down's order */
  GSimpleAction  *dump_action;   /* app.dump-preview, a test hook */
  char           *search;        /* a search not yet sent to the worker */
  char           *subject;       /* of the last good render */
  char           *text;
  char           *generated;     /* the text tab's text, while made from the HTML */
  char           *email;
  char           *error_part;
  guint           error_line;
  guint           error_column;
  int             current;       /* index in templates, or -1 */
  gint64          position;      /* the recipient shown, 0-based */
  gint64          n_recipients;
  guint           render_id;
  GStrv           counted_fields;   /* the last full count of missing values … */
  gint64         *counted_missing;
  gint64          counted_n;
  gint64          counted_list_id;  /* … in this list (0: none) */
  GStrv           unmatched_fields; /* fields the chosen list has no column for (nullable) … */
  GStrv           list_fields;      /* … and its columns */
  int             switch_to;     /* the template to show once the question is answered, or -1 */
  gint64          edit_time;     /* monotonic time of the last edit (HERALD_DEBUG_TIMING) */
  guint           edit_serial;   /* bumped by each edit */
  guint           shown_serial;  /* the edit the preview shows */
  guint           reported_serial;
  guint           saved_serial;  /* the edit being saved */
  gint64          images_for;    /* the template whose images the preview has (0: none) */
  gint64          shown_list_id; /* the list of the message the preview shows … */
  guint           shown_generation; /* … and its template's generation */
  guint           generation;    /* bumped when another template is shown */
  guint           loading : 1;   /* widgets being filled in by the program */
  guint           text_edited : 1;
  guint           dirty : 1;
  guint           rendering : 1;
  guint           render_again : 1;
  guint           saving : 1;
  guint           charset_loading : 1;
  guint           is_blocks : 1; /* the template is edited as blocks */
};

/* herald-templates-page.c */
gboolean _herald_templates_page_start_save      (HeraldTemplatesPage *self);
void     _herald_templates_page_show_template   (HeraldTemplatesPage *self,
                                                 int                  index);
HeraldTemplateRecord *_herald_templates_page_dup_edited_record (HeraldTemplatesPage *self);
void     _herald_templates_page_set_buffer_text (HeraldTemplatesPage *self,
                                                 GtkTextView         *view,
                                                 const char          *text);
void     _herald_templates_page_update_actions  (HeraldTemplatesPage *self);
void     _herald_templates_page_add_toast       (HeraldTemplatesPage *self,
                                                 const char          *title);
void     _herald_templates_page_append          (HeraldTemplatesPage *self,
                                                 HeraldTemplateRecord *record);
void     _herald_templates_page_edited          (HeraldTemplatesPage *self);

/* herald-templates-page-blocks.c */
void     _herald_templates_page_blocks_init     (HeraldTemplatesPage *self);
void     _herald_templates_page_blocks_show     (HeraldTemplatesPage *self,
                                                 const HeraldTemplateRecord *record);
void     _herald_templates_page_blocks_saved    (HeraldTemplatesPage *self,
                                                 const HeraldTemplateRecord *record);
char    *_herald_templates_page_blocks_dup_json (HeraldTemplatesPage *self);
void     _herald_templates_page_blocks_list_changed (HeraldTemplatesPage *self);

/* herald-templates-page-render.c */
gint64   _herald_templates_page_selected_list_id (HeraldTemplatesPage *self);
void     _herald_templates_page_render_init (HeraldTemplatesPage *self);
void     _herald_templates_page_start_render    (HeraldTemplatesPage *self);
void     _herald_templates_page_schedule_render (HeraldTemplatesPage *self);
void     _herald_templates_page_preview_shown_cb (HeraldTemplatesPage *self);
void     _herald_templates_page_dump_preview_cb (HeraldTemplatesPage *self,
                                                 GVariant            *parameter);

/* herald-templates-page-attach.c */
gboolean _herald_templates_page_attach_enabled  (HeraldTemplatesPage *self);
void     _herald_templates_page_attach_activated (GtkWidget          *widget,
                                                 const char         *action_name,
                                                 GVariant           *parameter);

/* herald-templates-page-charset.c */
void     _herald_templates_page_charset_init    (HeraldTemplatesPage *self);
void     _herald_templates_page_charset_show    (HeraldTemplatesPage *self,
                                                 const HeraldTemplateRecord *record);

/* herald-templates-page-new.c */
void     _herald_templates_page_duplicate_activated (GtkWidget       *widget,
                                                 const char      *action_name,
                                                 GVariant        *parameter);
void     _herald_templates_page_delete_activated (GtkWidget          *widget,
                                                 const char         *action_name,
                                                 GVariant           *parameter);
void     _herald_templates_page_new_activated   (GtkWidget           *widget,
                                                 const char          *action_name,
                                                 GVariant            *parameter);

/* herald-templates-page-leave.c */
/* herald-templates-page-fields.c */
void     _herald_templates_page_show_unmatched  (HeraldTemplatesPage      *self,
                                                 const HeraldRenderResult *result);
void     _herald_templates_page_fields_class_init (GtkWidgetClass         *widget_class);

void     _herald_templates_page_finish_question (HeraldTemplatesPage *self,
                                                 gboolean             proceed);
void     _herald_templates_page_forget_window   (HeraldTemplatesPage *self);
void     _herald_templates_page_root            (GtkWidget           *widget);
void     _herald_templates_page_unroot          (GtkWidget           *widget);
void     _herald_templates_page_switch_confirmed_cb (GObject         *source,
                                                     GAsyncResult    *res,
                                                     gpointer         user_data);

G_END_DECLS
