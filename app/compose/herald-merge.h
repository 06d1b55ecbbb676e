/* herald-merge.h — a stored template + one recipient → the exact message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the ONE place that turns a template and a recipient's values into
 * a subject, HTML, text and RFC 5322 bytes. The sender thread, the window's
 * preview and `herald-cli preview` all call it, so what the preview shows
 * is what the sender sends.
 */
#pragma once

#include "herald-account.h"
#include "herald-contacts.h"
#include "herald-templates.h"

G_BEGIN_DECLS

typedef struct _HeraldMerge HeraldMerge;

/* Who sends: from the account (and the template's overrides). */
typedef struct
{
  const char *from;                 /* "Name <addr>" */
  const char *reply_to;             /* nullable */
  const char *unsubscribe_mailto;   /* nullable: "mailto:…" */
  const char *unsubscribe_url;      /* nullable: "https://…"; the recipient's address is appended as ?email= */
  const char *name_field;           /* nullable: the field holding the display name for To: */
} HeraldMergeSender;

typedef struct
{
  char *subject;
  char *html;
  char *text;
  char *to_name;                    /* nullable */
} HeraldRendered;

/* Looks a field up for one recipient: borrowed value, or NULL when missing. */
typedef const char *(*HeraldMergeLookup) (const char *field,
                                          gpointer    user_data);

HeraldMerge *herald_merge_new            (const HeraldTemplateRecord  *record,
                                          const HeraldMergeSender     *sender,
                                          const char * const          *fields,
                                          GError                     **error);
HeraldMerge *herald_merge_new_for_account (const HeraldTemplateRecord *record,
                                          const HeraldAccount         *account,
                                          const char * const          *fields,
                                          GError                     **error);
/* Looks up a contact cursor's current row: user_data is a HeraldMergeRow. */
typedef struct
{
  HeraldContactCursor    *cursor;
  const HeraldContactRow *row;
} HeraldMergeRow;
const char  *herald_merge_lookup_row     (const char                  *field,
                                          gpointer                     user_data);
void         herald_merge_free           (HeraldMerge                 *self);
const char * const *
             herald_merge_get_used_fields (HeraldMerge                *self);

gboolean     herald_merge_render         (HeraldMerge                 *self,
                                          const char                  *email,
                                          HeraldMergeLookup            lookup,
                                          gpointer                     user_data,
                                          HeraldRendered              *out,
                                          GError                     **error);
GBytes      *herald_merge_compose        (HeraldMerge                 *self,
                                          const char                  *email,
                                          HeraldMergeLookup            lookup,
                                          gpointer                     user_data,
                                          const char                  *message_id,
                                          gint64                       date,
                                          GError                     **error);
void         herald_rendered_clear       (HeraldRendered              *rendered);

/* Images and attachments (herald-parts.h): set once, before rendering. */
void         herald_merge_set_parts      (HeraldMerge                 *self,
                                          const HeraldTemplateParts   *parts);
gboolean     herald_merge_load_parts     (HeraldMerge                 *self,
                                          HeraldStore                 *store,
                                          gint64                       template_id,
                                          GError                     **error);
GBytes      *herald_merge_get_part       (HeraldMerge                 *self,
                                          const char                  *cid,
                                          const char                 **out_content_type);
const HeraldTemplateParts *
             herald_merge_get_parts      (HeraldMerge                 *self);
GPtrArray   *herald_merge_dup_recipient_files (HeraldMerge            *self,
                                          const char                  *email,
                                          HeraldMergeLookup            lookup,
                                          gpointer                     user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldMerge, herald_merge_free)

G_END_DECLS
