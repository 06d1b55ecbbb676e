/* herald-templates.h — newsletters kept in the store
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-template-parts.h"
#include "herald-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64    id;
  char     *name;
  char     *subject;
  char     *html;
  char     *text;          /* NULL: generated from the HTML */
  gboolean  text_edited;
  gboolean  allow_remote;
  gint64    updated_at;
  /* The template's own sender, overriding the account's when set (NULL:
   * the account's). herald_merge_new_for_account() applies them, so the
   * preview, the test send and the campaign agree. */
  char     *from;
  char     *reply_to;
  char     *name_field;    /* the field whose value names the recipient in To: */
  /* The template's fields written from other columns of a list (field →
   * column: "name" → "氏名"), nullable when none. herald_templates_save()
   * leaves it alone: herald_templates_set_field_map() writes it. */
  GHashTable *field_map;
  /* The messages' charset whatever the account's ("utf-8" or
   * "iso-2022-jp"); NULL: the account's. herald_templates_save() writes it
   * for a new template only; herald_templates_set_charset() changes it. */
  char     *charset;
  /* A template made with blocks: its block document (JSON, see
   * herald-blocks.h), from which the engine renders its HTML; NULL for a
   * template written as HTML. Saving with NULL makes it an HTML template. */
  char     *blocks;
} HeraldTemplateRecord;

gint64                herald_templates_save  (HeraldStore                 *store,
                                              const HeraldTemplateRecord  *record,
                                              GError                     **error);
HeraldTemplateRecord *herald_templates_find  (HeraldStore                 *store,
                                              const char                  *name,
                                              GError                     **error);
GPtrArray            *herald_templates_list  (HeraldStore                 *store,
                                              GError                     **error);
HeraldTemplateRecord *herald_templates_find_by_id (HeraldStore            *store,
                                                 gint64                  id,
                                                 GError                **error);
gboolean              herald_templates_set_charset (HeraldStore           *store,
                                                  gint64                 id,
                                                  const char            *charset,
                                                  GError               **error);
HeraldTemplateRecord *herald_template_record_copy (const HeraldTemplateRecord *record);
gboolean              herald_templates_set_field_map (HeraldStore         *store,
                                                      gint64               template_id,
                                                      GHashTable          *field_map,
                                                      GError             **error);
void                  herald_template_record_free (HeraldTemplateRecord   *record);

/* Images and attachments: herald_templates_save() leaves them alone. */
HeraldTemplateParts  *herald_templates_load_parts (HeraldStore            *store,
                                                   gint64                  template_id,
                                                   GError                **error);
gint64                herald_templates_save_with_parts (HeraldStore       *store,
                                                   const HeraldTemplateRecord *record,
                                                   const HeraldTemplateParts *parts,
                                                   GError                **error);
gboolean              herald_templates_save_parts (HeraldStore            *store,
                                                   gint64                  template_id,
                                                   const HeraldTemplateParts *parts,
                                                   GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTemplateRecord, herald_template_record_free)

G_END_DECLS
