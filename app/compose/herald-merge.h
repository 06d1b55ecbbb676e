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
#include "herald-unsubscribe.h"

G_BEGIN_DECLS

typedef struct _HeraldMerge HeraldMerge;

#define HERALD_MERGE_ERROR (herald_merge_error_quark ())

typedef enum
{
  HERALD_MERGE_ERROR_NO_UNSUBSCRIBE_URL,     /* the template shows an unsubscribe link the account lacks */
  HERALD_MERGE_ERROR_NO_UNSUBSCRIBE_MAILTO,  /* the same for the unsubscribe address */
  HERALD_MERGE_ERROR_UNKNOWN_FIELDS,         /* the template uses fields the list lacks */
  HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS,    /* it shows a business detail that is not set */
} HeraldMergeError;

GQuark       herald_merge_error_quark    (void);

/* Who sends: from the account (and the template's overrides). */
typedef struct
{
  const char *from;                 /* "Name <addr>" */
  const char *reply_to;             /* nullable */
  const char *unsubscribe_mailto;   /* nullable: "mailto:…" */
  const char *unsubscribe_url;      /* nullable: "https://…"; the recipient's token is added as ?t= */
  const char *name_field;           /* nullable: the field holding the display name for To: */
  gboolean    token_in_address;     /* the mailto's token as "+TOKEN" in the address, not its subject */
  HeraldCharset charset;            /* asked for; UTF-8 where the text does not fit */
  gboolean    mobile_text_only;     /* plain text only to Japanese mobile carriers' addresses */
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
HeraldCharset herald_template_get_charset (const HeraldTemplateRecord *record,
                                          const HeraldAccount        *account);
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
const char  *herald_merge_map_field      (const HeraldMerge           *self,
                                          const char                  *field);

/* The one a message goes to: borrowed for the call; a stack struct on the
 * send path, so that no message costs an allocation. */
typedef struct
{
  const char        *email;         /* the address */
  gint64             contact_id;    /* for the unsubscribe token; 0: no one */
  HeraldMergeLookup  lookup;        /* nullable: the other values */
  gpointer           user_data;     /* for lookup */
} HeraldMergeRecipient;
HeraldMergeRecipient herald_merge_row_recipient (HeraldMergeRow *r);

gboolean     herald_merge_render         (HeraldMerge                 *self,
                                          const HeraldMergeRecipient  *to,
                                          HeraldRendered              *out,
                                          GError                     **error);
GBytes      *herald_merge_compose        (HeraldMerge                 *self,
                                          const HeraldMergeRecipient  *to,
                                          const char                  *message_id,
                                          gint64                       date,
                                          GError                     **error);
void         herald_rendered_clear       (HeraldRendered              *rendered);

/* The list the messages go to: unsubscribe tokens and List-Id. Set once,
 * before rendering; without it links carry no token and there is no List-Id. */
void         herald_merge_set_list       (HeraldMerge                 *self,
                                          HeraldUnsubscribeKey        *key,
                                          gint64                       list_id,
                                          const char                  *list_name);
gboolean     herald_merge_load_list      (HeraldMerge                 *self,
                                          HeraldStore                 *store,
                                          gint64                       list_id,
                                          GError                     **error);
gboolean     herald_merge_check_unsubscribe (HeraldMerge              *self,
                                          const char                  *account_name,
                                          GError                     **error);
gboolean     herald_template_check_unsubscribe (HeraldStore           *store,
                                          const HeraldTemplateRecord  *record,
                                          const char                  *account_name,
                                          GError                     **error);
gboolean     herald_template_check_fields (HeraldStore                *store,
                                          const HeraldTemplateRecord *record,
                                          const char                 *list_name,
                                          GError                    **error);
gboolean     herald_campaign_check_unsubscribe (HeraldStore           *store,
                                          gint64                       campaign_id,
                                          GError                     **error);
/* herald-business-check.c: the sender_* fields it shows are all set. */
gboolean     herald_template_check_business (HeraldStore              *store,
                                          const HeraldTemplateRecord  *record,
                                          char                       **out_fields,
                                          GError                     **error);
gboolean     herald_campaign_check_business (HeraldStore              *store,
                                          gint64                       campaign_id,
                                          char                       **out_fields,
                                          GError                     **error);

/* UTM tags on every web link (herald-utm.h): set once, before rendering. */
void         herald_merge_set_tracking   (HeraldMerge                 *self,
                                          const char                  *click_pattern,
                                          const char                  *open_pattern);
void         herald_merge_set_utm        (HeraldMerge                 *self,
                                          const char                  *source,
                                          const char                  *campaign);

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
