/* herald-merge.c — a stored template + one recipient → the exact message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-address.h"
#include "herald-base.h"
#include "herald-business.h"
#include "herald-campaign.h"
#include "herald-css-inline.h"
#include "herald-merge.h"
#include "herald-blocks.h"
#include "herald-message.h"
#include "herald-parts.h"
#include "herald-template.h"
#include "herald-text.h"
#include "herald-unsubscribe.h"
#include "herald-unsubscribe-link.h"
#include "herald-journal.h"
#include "herald-utm.h"

#include <string.h>

G_DEFINE_QUARK (herald-merge-error-quark, herald_merge_error)

/* Immutable once built, so many sender threads may render at once. */
struct _HeraldMerge
{
  HeraldTemplate *subject;
  HeraldTemplate *html;
  HeraldTemplate *text;
  char           *from;
  char           *reply_to;
  char           *unsubscribe_mailto;
  char           *unsubscribe_url;
  char           *name_field;
  char           *today;
  HeraldBusiness *business;       /* nullable: the sender_* fields are empty */
  char           *domain;         /* the From address's, ASCII, lower case */
  gboolean        token_in_address;
  HeraldCharset   charset;
  gboolean        mobile_text_only;
  HeraldUnsubscribeKey *key;      /* nullable: no tokens (no list set) */
  gint64          list_id;
  char           *list_name;
  char           *list_id_header; /* nullable: "7.1a2b3c4d.herald.example.jp" */
  GStrv           used_fields;
  GHashTable     *field_map;      /* nullable: the template's field → the list's column */
  HeraldTemplateParts *parts;     /* nullable: no images or attachments */
  GPtrArray      *inline_images;  /* HeraldMessagePart, from @parts, with the message's Content-ID */
  GPtrArray      *inline_cids;    /* char *: each one's stored cid, as the template's HTML says */
  GPtrArray      *attachments;    /* HeraldMessagePart, from @parts */
  char           *utm_source;     /* nullable: no UTM tagging */
  char           *utm_campaign;
  char           *track_click;    /* nullable: the user's click address */
  char           *track_open;     /* nullable: the user's open pixel */
};

typedef struct
{
  const HeraldMerge *merge;
  const char        *email;
  gint64             contact_id;
  HeraldMergeLookup  lookup;
  gpointer           user_data;
  char              *unsubscribe_url;     /* this recipient's, built on demand */
  char              *unsubscribe_mailto;  /* the same */
} Lookup;

static void
lookup_clear (Lookup *l)
{
  g_clear_pointer (&l->unsubscribe_url, g_free);
  g_clear_pointer (&l->unsubscribe_mailto, g_free);
}

/* The recipient's token, or NULL without a key, list or contact (a
 * preview of no one). */
static char *
make_token (const HeraldMerge *merge,
            gint64             contact_id)
{
  if (merge->key == NULL || merge->list_id <= 0 || contact_id <= 0)
    return NULL;
  return herald_unsubscribe_key_make_token (merge->key, contact_id, merge->list_id);
}

static const char *
lookup_field (const char *field,
              gpointer    user_data)
{
  Lookup *l = user_data;

  if (g_str_equal (field, "email"))
    return l->email;
  if (g_str_equal (field, "today"))
    return l->merge->today;
  if (g_str_has_prefix (field, "sender_") && g_strv_contains (herald_business_fields, field))
    return l->merge->business != NULL ? herald_business_get_value (l->merge->business, field) : "";
  /* Never the recipient's address: a token only this database reads. */
  if (g_str_equal (field, "unsubscribe_mailto"))
    {
      if (l->unsubscribe_mailto == NULL && l->merge->unsubscribe_mailto != NULL)
        {
          g_autofree char *token = make_token (l->merge, l->contact_id);

          l->unsubscribe_mailto = token != NULL
            ? herald_unsubscribe_link_mailto (l->merge->unsubscribe_mailto, token, l->merge->token_in_address)
            : g_strdup (l->merge->unsubscribe_mailto);
        }
      return l->unsubscribe_mailto;
    }
  if (g_str_equal (field, "unsubscribe_url"))
    {
      /* An account with only an address: the link is the mailto: one. */
      if (l->merge->unsubscribe_url == NULL)
        return lookup_field ("unsubscribe_mailto", user_data);
      if (l->unsubscribe_url == NULL)
        {
          g_autofree char *token = make_token (l->merge, l->contact_id);

          l->unsubscribe_url = token != NULL
            ? herald_unsubscribe_link_url (l->merge->unsubscribe_url, token)
            : g_strdup (l->merge->unsubscribe_url);
        }
      return l->unsubscribe_url;
    }
  if (l->lookup == NULL)
    return NULL;
  return l->lookup (herald_merge_map_field (l->merge, field), l->user_data);
}

static HeraldTemplate *
compile_part (const char             *what,
              const char             *source,
              HeraldTemplateContext   context,
              const char * const     *fields,
              GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  HeraldTemplate *compiled = herald_template_compile (source, context, fields, &local_error);

  if (compiled == NULL)
    /* TRANSLATORS: first %s is "subject", "HTML" or "text"; second is the error */
    g_set_error (error, HERALD_TEMPLATE_ERROR, local_error->code, _("In the %s: %s"), what, local_error->message);
  return compiled;
}

/* The message's HTML with the template's <style> rules inline (many mail
 * clients drop <style>), compiled once here, never per recipient. The
 * source was compiled first, so that an error's line and column are the
 * user's; without <style> the compiled source is kept as it is. */
static gboolean
inline_css (HeraldMerge        *self,
            const char         *html,
            const char * const *fields,
            GError            **error)
{
  g_autofree char *inlined = herald_css_inline (html);
  HeraldTemplate *compiled;

  if (inlined == NULL)
    return TRUE;
  compiled = compile_part (_("HTML"), inlined, HERALD_TEMPLATE_CONTEXT_HTML, fields, error);
  if (compiled == NULL)
    return FALSE;
  herald_template_free (self->html);
  self->html = compiled;
  return TRUE;
}

static void
add_fields (GPtrArray            *names,
            const HeraldTemplate *tpl)
{
  const char * const *fields = herald_template_get_fields (tpl);

  for (guint i = 0; fields != NULL && fields[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (names, fields[i], g_str_equal, NULL))
      g_ptr_array_add (names, g_strdup (fields[i]));
}

/**
 * herald_merge_new:
 * @fields: (nullable): the list's field names; a template using another
 *   field is refused, naming it. %NULL accepts any field.
 *
 * Compiles the template's subject, HTML and text once. The text part is the
 * one stored with the template, or generated from the HTML.
 *
 * Returns: (transfer full) (nullable): the merge, or %NULL with @error set
 */
HeraldMerge *
herald_merge_new (const HeraldTemplateRecord  *record,
                  const HeraldMergeSender     *sender,
                  const char * const          *fields,
                  GError                     **error)
{
  g_autoptr(HeraldMerge) self = g_new0 (HeraldMerge, 1);
  g_autoptr(GDateTime) now = herald_now_local ();
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) known = NULL;
  g_autofree char *generated = NULL, *from_blocks = NULL;
  const char *text = record->text;
  const char *html = record->html;

  /* A field the template maps to one of the list's columns is the list's. */
  if (record->field_map != NULL && fields != NULL)
    {
      GHashTableIter iter;
      gpointer field, column;

      known = g_ptr_array_new ();
      for (guint i = 0; fields[i] != NULL; i++)
        g_ptr_array_add (known, (gpointer) fields[i]);
      g_hash_table_iter_init (&iter, record->field_map);
      while (g_hash_table_iter_next (&iter, &field, &column))
        if (g_strv_contains (fields, column))
          g_ptr_array_add (known, field);
      g_ptr_array_add (known, NULL);
      fields = (const char * const *) known->pdata;
    }
  if (record->field_map != NULL)
    self->field_map = g_hash_table_ref (record->field_map);

  /* A block template's HTML is the engine's rendering of its document,
   * wherever the template is used. */
  if (record->blocks != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if ((html = from_blocks = herald_blocks_render_html (record->blocks, &local_error)) == NULL)
        {
          /* TRANSLATORS: %s: what is wrong, naming the block */
          g_set_error (error, HERALD_TEMPLATE_ERROR, HERALD_TEMPLATE_ERROR_SYNTAX,
                       _("In the blocks: %s"), local_error->message);
          return NULL;
        }
    }
  if (text == NULL || *text == '\0')
    text = generated = herald_text_from_html_for_merge (html, -1);

  if ((self->subject = compile_part (_("subject"), record->subject, HERALD_TEMPLATE_CONTEXT_HEADER, fields, error)) == NULL)
    return NULL;
  if ((self->html = compile_part (_("HTML"), html, HERALD_TEMPLATE_CONTEXT_HTML, fields, error)) == NULL)
    {
      if (from_blocks != NULL)
        herald_blocks_name_unknown_field (record->blocks, html, fields, error);
      return NULL;
    }
  if ((self->text = compile_part (_("text"), text, HERALD_TEMPLATE_CONTEXT_TEXT, fields, error)) == NULL)
    return NULL;
  if (!inline_css (self, html, fields, error))
    return NULL;

  if (sender != NULL)
    {
      self->from = g_strdup (sender->from);
      self->reply_to = g_strdup (sender->reply_to);
      if (sender->unsubscribe_mailto != NULL && *sender->unsubscribe_mailto != '\0')
        self->unsubscribe_mailto = g_strdup (sender->unsubscribe_mailto);
      if (sender->unsubscribe_url != NULL && *sender->unsubscribe_url != '\0')
        self->unsubscribe_url = g_strdup (sender->unsubscribe_url);
      self->name_field = g_strdup (sender->name_field);
      self->token_in_address = sender->token_in_address;
      self->charset = sender->charset;
      self->mobile_text_only = sender->mobile_text_only;
    }
  {
    g_autofree char *domain = herald_message_dup_domain (self->from);

    self->domain = g_ascii_strdown (domain, -1);
  }
  self->today = g_date_time_format (now, "%Y-%m-%d");

  add_fields (used, self->subject);
  add_fields (used, self->html);
  add_fields (used, self->text);
  g_ptr_array_add (used, NULL);
  self->used_fields = (GStrv) g_ptr_array_free (g_steal_pointer (&used), FALSE);

  return g_steal_pointer (&self);
}

/**
 * herald_merge_new_for_account:
 *
 * Like herald_merge_new(), with the sender taken from @account, where
 * the template does not set its own From, Reply-To, To: name field or
 * charset (herald_template_get_charset()). The
 * one constructor of a recipient's renderer for the campaign, the test
 * send, the window's preview and `herald-cli preview`.
 */
/**
 * herald_template_get_charset:
 *
 * The charset @record's messages are written in through @account: the
 * template's own when it sets one, else the account's.
 */
HeraldCharset
herald_template_get_charset (const HeraldTemplateRecord *record,
                             const HeraldAccount        *account)
{
  HeraldCharset charset;

  if (record != NULL && herald_charset_from_string (record->charset, &charset))
    return charset;
  return account->charset;
}

HeraldMerge *
herald_merge_new_for_account (const HeraldTemplateRecord  *record,
                              const HeraldAccount         *account,
                              const char * const          *fields,
                              GError                     **error)
{
  HeraldMergeSender sender = {
    .from = record->from != NULL ? record->from : account->from,
    .reply_to = record->reply_to != NULL ? record->reply_to : account->reply_to,
    .unsubscribe_mailto = account->unsubscribe_mailto,
    .unsubscribe_url = account->unsubscribe_url,
    .name_field = record->name_field,
    .token_in_address = account->unsubscribe_token_in_address,
    .charset = herald_template_get_charset (record, account),
    .mobile_text_only = account->mobile_text_only,
  };

  return herald_merge_new (record, &sender, fields, error);
}

/**
 * herald_merge_lookup_row:
 * @user_data: a #HeraldMergeRow
 *
 * A #HeraldMergeLookup over a contact cursor's row.
 */
const char *
herald_merge_lookup_row (const char *field,
                         gpointer    user_data)
{
  HeraldMergeRow *r = user_data;

  return herald_contact_row_lookup (r->cursor, r->row, field);
}

/* The cursor's current row as a recipient; borrows @r, which outlives it. */
HeraldMergeRecipient
herald_merge_row_recipient (HeraldMergeRow *r)
{
  return (HeraldMergeRecipient) { r->row->email, r->row->contact_id, herald_merge_lookup_row, r };
}

void
herald_merge_free (HeraldMerge *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->subject, herald_template_free);
  g_clear_pointer (&self->html, herald_template_free);
  g_clear_pointer (&self->text, herald_template_free);
  g_free (self->from);
  g_free (self->reply_to);
  g_free (self->unsubscribe_mailto);
  g_free (self->unsubscribe_url);
  g_free (self->name_field);
  g_free (self->today);
  g_clear_pointer (&self->business, herald_business_free);
  g_free (self->domain);
  g_clear_pointer (&self->key, herald_unsubscribe_key_unref);
  g_free (self->list_name);
  g_free (self->list_id_header);
  g_strfreev (self->used_fields);
  g_clear_pointer (&self->field_map, g_hash_table_unref);
  g_clear_pointer (&self->parts, herald_template_parts_free);
  g_clear_pointer (&self->inline_images, g_ptr_array_unref);
  g_clear_pointer (&self->inline_cids, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self->utm_source);
  g_free (self->utm_campaign);
  g_free (self->track_click);
  g_free (self->track_open);
  g_free (self);
}

/**
 * herald_merge_get_used_fields:
 *
 * Returns: (transfer none): the recipient fields the template uses
 *   (built-ins such as email excluded), in first-use order
 */
const char * const *
herald_merge_get_used_fields (HeraldMerge *self)
{
  return (const char * const *) self->used_fields;
}

/**
 * herald_merge_map_field:
 * @field: a field the template uses
 *
 * The list's column that @field is written from: the template's field
 * map's, or @field itself.
 */
const char *
herald_merge_map_field (const HeraldMerge *self,
                        const char        *field)
{
  const char *column = self->field_map != NULL ? g_hash_table_lookup (self->field_map, field) : NULL;

  return column != NULL ? column : field;
}

void
herald_rendered_clear (HeraldRendered *rendered)
{
  g_clear_pointer (&rendered->subject, g_free);
  g_clear_pointer (&rendered->html, g_free);
  g_clear_pointer (&rendered->text, g_free);
  g_clear_pointer (&rendered->to_name, g_free);
}

/**
 * herald_merge_render:
 * @to: the recipient: address, contact (0: no one, so the unsubscribe link
 *   and address carry no token) and the other values
 *
 * Renders subject, HTML and text for one recipient. A subject that would
 * hold a line break is refused (HERALD_TEMPLATE_ERROR_HEADER_BREAK): the
 * recipient is reported, not sent.
 */
gboolean
herald_merge_render (HeraldMerge                *self,
                     const HeraldMergeRecipient *to,
                     HeraldRendered             *out,
                     GError                    **error)
{
  Lookup l = { self, to->email, to->contact_id, to->lookup, to->user_data, NULL, NULL };
  GString *subject = g_string_sized_new (128);
  GString *html = g_string_sized_new (32 * 1024);
  GString *text = g_string_sized_new (8 * 1024);
  gboolean ok;

  ok = herald_template_render (self->subject, lookup_field, &l, subject, error) &&
       herald_template_render (self->html, lookup_field, &l, html, error) &&
       herald_template_render (self->text, lookup_field, &l, text, error);

  out->subject = g_string_free (subject, !ok);
  out->html = g_string_free (html, !ok);
  out->text = g_string_free (text, !ok);
  out->to_name = NULL;
  if (ok && self->utm_source != NULL)
    {
      const HeraldUtm utm = { self->utm_source, "email", self->utm_campaign };
      char *html_tagged = herald_utm_tag_html (out->html, &utm, self->unsubscribe_url);
      char *text_tagged = herald_utm_tag_text (out->text, &utm, self->unsubscribe_url, out->html);

      g_free (out->html);
      g_free (out->text);
      out->html = html_tagged;
      out->text = text_tagged;
    }
  if (ok && (self->track_click != NULL || self->track_open != NULL) && to->lookup != NULL)
    {
      /* The delivery's token comes with its fields (herald-journal.h);
       * a preview has none and shows the links as they are. */
      const char *token = to->lookup (HERALD_JOURNAL_TRACK_TOKEN_FIELD, to->user_data);

      if (token != NULL && *token != '\0')
        {
          char *tracked = herald_tracking_rewrite_html (out->html, self->track_click, self->track_open, token,
                                                        self->unsubscribe_url);

          g_free (out->html);
          out->html = tracked;
        }
    }
  if (ok && self->name_field != NULL)
    {
      const char *name = lookup_field (self->name_field, &l);
      out->to_name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
    }
  lookup_clear (&l);
  return ok;
}

/* RFC 2392 wants a Content-ID like a Message-ID: "left@right". The stored
 * one is the image's file name ("logo.png"), which the template's HTML
 * refers to; the message's is "logo.png.HASH@sender-domain", HASH from
 * the image's bytes, so the preview, the test and the sent message agree.
 * The left part keeps the name's letters, digits, "-" and "_", its dots
 * only between them. */
static char *
message_cid (const HeraldMerge        *self,
             const HeraldTemplatePart *part)
{
  g_autofree char *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, part->data);
  GString *left = g_string_new (NULL);

  for (const char *p = part->cid != NULL ? part->cid : ""; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        g_string_append_c (left, *p);
      else if (*p == '.' && left->len > 0 && left->str[left->len - 1] != '.')
        g_string_append_c (left, '.');
    }
  if (left->len > 0 && left->str[left->len - 1] != '.')
    g_string_append_c (left, '.');
  g_string_append_printf (left, "%.16s@%s", hash, self->domain);
  return g_string_free (left, FALSE);
}

/**
 * herald_merge_set_parts:
 * @parts: (nullable): the template's images and attachments, copied
 *
 * Gives the merge the stored template's images, attachments for everyone
 * and per-recipient attachment fields. Call it before rendering; the merge
 * stays immutable (and safe for many threads) afterwards.
 */
void
herald_merge_set_parts (HeraldMerge                *self,
                        const HeraldTemplateParts  *parts)
{
  g_clear_pointer (&self->parts, herald_template_parts_free);
  g_clear_pointer (&self->inline_images, g_ptr_array_unref);
  g_clear_pointer (&self->inline_cids, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  if (parts == NULL)
    return;

  self->parts = herald_template_parts_copy (parts);
  self->inline_images = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  self->inline_cids = g_ptr_array_new_with_free_func (g_free);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  for (guint i = 0; i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);
      gboolean is_inline = part->kind == HERALD_PART_INLINE;
      g_autofree char *cid = is_inline ? message_cid (self, part) : NULL;

      /* Everything filled in: composing never changes these. */
      g_ptr_array_add (is_inline ? self->inline_images : self->attachments,
                       herald_message_part_new_for_bytes (part->data,
                                                          part->filename != NULL ? part->filename : "file",
                                                          part->content_type != NULL ? part->content_type : "application/octet-stream",
                                                          cid));
      if (is_inline)
        g_ptr_array_add (self->inline_cids, g_strdup (part->cid));
    }
}

/**
 * herald_merge_load_parts:
 *
 * herald_templates_load_parts() then herald_merge_set_parts(). A template
 * never saved (@template_id <= 0) has none.
 */
gboolean
herald_merge_load_parts (HeraldMerge  *self,
                         HeraldStore  *store,
                         gint64        template_id,
                         GError      **error)
{
  g_autoptr(HeraldTemplateParts) parts = NULL;

  if (template_id <= 0)
    return TRUE;
  if ((parts = herald_templates_load_parts (store, template_id, error)) == NULL)
    return FALSE;
  herald_merge_set_parts (self, parts);
  return TRUE;
}

/**
 * herald_merge_get_part:
 * @cid: a Content-ID, as in the HTML's "cid:" URLs (without "cid:")
 * @out_content_type: (out) (optional) (transfer none): its MIME type
 *
 * For a preview: the bytes of the inline image a "cid:" URL refers to.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL when the
 *   template has no such image
 */
GBytes *
herald_merge_get_part (HeraldMerge  *self,
                       const char   *cid,
                       const char  **out_content_type)
{
  const HeraldTemplatePart *part = herald_template_parts_find_cid (self->parts, cid);

  if (part == NULL)
    return NULL;
  if (out_content_type != NULL)
    *out_content_type = part->content_type;
  return g_bytes_ref (part->data);
}

/**
 * herald_merge_get_parts:
 *
 * Returns: (transfer none) (nullable): the images, attachments for everyone
 *   and attachment fields, for showing them
 */
const HeraldTemplateParts *
herald_merge_get_parts (HeraldMerge *self)
{
  return self->parts;
}

static gboolean
is_blank (const char *value)
{
  for (; *value != '\0'; value++)
    if (!g_ascii_isspace (*value))
      return FALSE;
  return TRUE;
}

/* Whether @p (just after "cid:") is @cid (and not a longer Content-ID). */
static gboolean
cid_at (const char *p,
        const char *cid)
{
  gsize n = strlen (cid);
  char after;

  if (strncmp (p, cid, n) != 0)
    return FALSE;
  after = p[n];
  return !(g_ascii_isalnum (after) || after == '.' || after == '-' || after == '_' || after == '@');
}

/* Whether @html refers to "cid:@cid". */
static gboolean
html_uses_cid (const char *html,
               const char *cid)
{
  for (const char *p = strstr (html, "cid:"); p != NULL; p = strstr (p + 4, "cid:"))
    if (cid_at (p + 4, cid))
      return TRUE;
  return FALSE;
}

/* @html with each "cid:" of a stored image's name turned into the
 * message's Content-ID; NULL when it has none. */
static char *
rewrite_cids (const HeraldMerge *self,
              const char        *html)
{
  GString *out = NULL;
  const char *done = html;

  if (self->inline_cids == NULL || self->inline_cids->len == 0)
    return NULL;
  for (const char *p = strstr (html, "cid:"); p != NULL; p = strstr (p, "cid:"))
    {
      p += 4;
      for (guint i = 0; i < self->inline_cids->len; i++)
        {
          const char *stored = g_ptr_array_index (self->inline_cids, i);
          const HeraldMessagePart *part = g_ptr_array_index (self->inline_images, i);

          if (!cid_at (p, stored))
            continue;
          if (out == NULL)
            out = g_string_sized_new (strlen (html) + 256);
          g_string_append_len (out, done, p - done);
          g_string_append (out, part->cid);
          p += strlen (stored);
          done = p;
          break;
        }
    }
  if (out == NULL)
    return NULL;
  g_string_append (out, done);
  return g_string_free (out, FALSE);
}

/**
 * herald_merge_dup_recipient_files:
 *
 * The values of the template's attachment fields for one recipient, in
 * order, empty ones left out (an empty field means no file for them).
 *
 * Returns: (transfer full) (element-type utf8): the values, as written
 */
GPtrArray *
herald_merge_dup_recipient_files (HeraldMerge        *self,
                                  const char         *email,
                                  HeraldMergeLookup   lookup,
                                  gpointer            user_data)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  Lookup l = { self, email, 0, lookup, user_data, NULL, NULL };

  for (guint i = 0; self->parts != NULL && i < self->parts->attach_fields->len; i++)
    {
      const char *value = lookup_field (g_ptr_array_index (self->parts->attach_fields, i), &l);

      if (value != NULL && !is_blank (value))
        g_ptr_array_add (files, g_strdup (value));
    }
  lookup_clear (&l);
  return files;
}

/* The images this recipient's HTML shows, the attachments for everyone,
 * and this recipient's own files, read now. */
static gboolean
add_parts (HeraldMerge        *self,
           Lookup             *l,
           const char         *html,
           HeraldMessageSpec  *spec,
           GPtrArray          *owned,
           GError            **error)
{
  g_autoptr(GPtrArray) files = NULL;
  gsize total = 0;

  if (self->parts == NULL)
    return TRUE;

  for (guint i = 0; i < self->inline_images->len; i++)
    {
      HeraldMessagePart *part = g_ptr_array_index (self->inline_images, i);

      if (!html_uses_cid (html, g_ptr_array_index (self->inline_cids, i)))
        continue;
      if (spec->inline_images == NULL)
        spec->inline_images = g_ptr_array_new ();
      g_ptr_array_add (spec->inline_images, part);
      total += g_bytes_get_size (part->bytes);
    }
  for (guint i = 0; i < self->attachments->len; i++)
    {
      HeraldMessagePart *part = g_ptr_array_index (self->attachments, i);

      if (spec->attachments == NULL)
        spec->attachments = g_ptr_array_new ();
      g_ptr_array_add (spec->attachments, part);
      total += g_bytes_get_size (part->bytes);
    }

  files = herald_merge_dup_recipient_files (self, l->email, l->lookup, l->user_data);
  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *path = herald_parts_recipient_path_in (g_ptr_array_index (files, i), self->parts->attach_folder, error);
      g_autoptr(GBytes) data = NULL;
      g_autofree char *name = NULL;
      HeraldMessagePart *part;

      if (path == NULL ||
          (data = herald_parts_read_file (path, HERALD_PARTS_MAX_ATTACHMENT, _("the attachment"), error)) == NULL)
        return FALSE;
      total += g_bytes_get_size (data);
      name = g_path_get_basename (path);
      part = herald_message_part_new_for_bytes (data, name, NULL, NULL);
      if (!herald_message_part_load (part, error))
        {
          herald_message_part_free (part);
          return FALSE;
        }
      g_ptr_array_add (owned, part);
      if (spec->attachments == NULL)
        spec->attachments = g_ptr_array_new ();
      g_ptr_array_add (spec->attachments, part);
    }
  if (total > HERALD_PARTS_MAX_TOTAL)
    {
      g_autofree char *size = g_format_size (total), *limit = g_format_size (HERALD_PARTS_MAX_TOTAL);
      /* TRANSLATORS: an address, then two sizes such as "21.0 MB" */
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_TOO_BIG,
                   _("The message for %s would be too big: its images and attachments make %s (at most %s)."),
                   l->email, size, limit);
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_merge_compose:
 * @message_id: (nullable): the stable Message-ID, "<…@…>"
 * @date: Unix time, or 0 for now
 *
 * Returns: (transfer full) (nullable): the RFC 5322 message with CRLF line
 *   ends, exactly as the transport sends it
 */
GBytes *
herald_merge_compose (HeraldMerge                *self,
                      const HeraldMergeRecipient *to,
                      const char                 *message_id,
                      gint64                      date,
                      GError                    **error)
{
  HeraldRendered rendered = { 0 };
  Lookup l = { self, to->email, to->contact_id, to->lookup, to->user_data, NULL, NULL };
  HeraldMessageSpec spec = { 0 };
  g_autofree char *html = NULL;
  GPtrArray *owned;
  GBytes *bytes;

  if (!herald_merge_render (self, to, &rendered, error))
    return NULL;
  html = rewrite_cids (self, rendered.html);

  spec.from = self->from;
  spec.to_addr = to->email;
  spec.to_name = rendered.to_name;
  spec.reply_to = self->reply_to;
  spec.subject = rendered.subject;
  spec.html = html != NULL ? html : rendered.html;
  spec.text = rendered.text;
  spec.message_id = message_id;
  spec.date = date;
  spec.unsubscribe_mailto = lookup_field ("unsubscribe_mailto", &l);
  spec.unsubscribe_url = self->unsubscribe_url != NULL ? lookup_field ("unsubscribe_url", &l) : NULL;
  spec.list_name = self->list_name;
  spec.list_id = self->list_id_header;
  spec.charset = self->charset;
  if (self->mobile_text_only && herald_address_is_mobile_carrier (to->email))
    {
      /* The text part alone, and so no images for the HTML. */
      spec.html = NULL;
      g_clear_pointer (&rendered.html, g_free);
      g_clear_pointer (&html, g_free);
      rendered.html = g_strdup ("");
    }
  owned = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  if (!add_parts (self, &l, rendered.html, &spec, owned, error))
    {
      g_ptr_array_unref (owned);
      herald_rendered_clear (&rendered);
      lookup_clear (&l);
      g_clear_pointer (&spec.inline_images, g_ptr_array_unref);
      g_clear_pointer (&spec.attachments, g_ptr_array_unref);
      return NULL;
    }
  bytes = herald_message_compose (&spec, error);
  g_clear_pointer (&spec.inline_images, g_ptr_array_unref);
  g_clear_pointer (&spec.attachments, g_ptr_array_unref);
  g_ptr_array_unref (owned);

  herald_rendered_clear (&rendered);
  lookup_clear (&l);
  return bytes;
}

/**
 * herald_merge_set_utm:
 * @source: (nullable): utm_source; NULL: no tagging
 * @campaign: utm_campaign
 *
 * Tags every web link of the rendered HTML and text (herald-utm.h). Set
 * once, before rendering.
 */
void
herald_merge_set_utm (HeraldMerge *self,
                      const char  *source,
                      const char  *campaign)
{
  g_free (self->utm_source);
  g_free (self->utm_campaign);
  self->utm_source = g_strdup (source);
  self->utm_campaign = g_strdup (campaign);
}

/**
 * herald_merge_set_list:
 * @key: (nullable): the database's unsubscribe key (herald-unsubscribe.h)
 * @list_id: the list the messages go to
 * @list_name: (nullable): its name, the List-Id's phrase
 *
 * Makes the messages list messages: each recipient's unsubscribe link and
 * address carry their token (with @key), and a List-Id header names the
 * list (RFC 2919): "<LIST.TAG.herald.SENDER-DOMAIN>", TAG telling this
 * database from others that send from the same domain. Call it before
 * rendering.
 */
void
herald_merge_set_list (HeraldMerge          *self,
                       HeraldUnsubscribeKey *key,
                       gint64                list_id,
                       const char           *list_name)
{
  g_clear_pointer (&self->key, herald_unsubscribe_key_unref);
  g_clear_pointer (&self->list_name, g_free);
  g_clear_pointer (&self->list_id_header, g_free);
  self->list_id = list_id;
  if (list_id <= 0)
    return;
  self->list_name = g_strdup (list_name);
  if (key != NULL)
    {
      g_autofree char *tag = herald_unsubscribe_key_dup_tag (key);

      self->key = herald_unsubscribe_key_ref (key);
      self->list_id_header = g_strdup_printf ("%" G_GINT64_FORMAT ".%s.herald.%s", list_id, tag, self->domain);
    }
}

/**
 * herald_merge_load_list:
 *
 * herald_merge_set_list() with the store's key and the list's name, and
 * the business details the sender_* fields show (herald-business.h).
 */
gboolean
herald_merge_load_list (HeraldMerge  *self,
                        HeraldStore  *store,
                        gint64        list_id,
                        GError      **error)
{
  g_autoptr(HeraldUnsubscribeKey) key = NULL;
  g_autofree char *name = NULL;
  GError *local = NULL;

  if ((key = herald_unsubscribe_key_load (store, error)) == NULL)
    return FALSE;
  if ((name = herald_store_dup_list_name (store, list_id, &local)) == NULL && local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  herald_merge_set_list (self, key, list_id, name);
  g_clear_pointer (&self->business, herald_business_free);
  return (self->business = herald_business_load (store, error)) != NULL;
}

/**
 * herald_merge_check_unsubscribe:
 * @account_name: the account the merge's sender comes from, for the message
 *
 * A template that shows `{{ unsubscribe_url }}` needs the account to have an
 * unsubscribe link or address (the mailto: one stands in for a missing
 * link), one that shows `{{ unsubscribe_mailto }}` an address: without it
 * every recipient would get an empty link. Refused with
 * HERALD_MERGE_ERROR_NO_UNSUBSCRIBE_URL or _MAILTO, saying what to add where.
 */
gboolean
herald_merge_check_unsubscribe (HeraldMerge  *self,
                                const char   *account_name,
                                GError      **error)
{
  const HeraldTemplate *parts[] = { self->subject, self->html, self->text };
  gboolean url = FALSE, mailto = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      url |= herald_template_shows_field (parts[i], "unsubscribe_url");
      mailto |= herald_template_shows_field (parts[i], "unsubscribe_mailto");
    }
  if (url && self->unsubscribe_url == NULL && self->unsubscribe_mailto == NULL)
    {
      g_set_error (error, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_NO_UNSUBSCRIBE_URL,
                   /* TRANSLATORS: both %s are the account's name; keep {{ unsubscribe_url }} as it is */
                   _("The template shows an unsubscribe link ({{ unsubscribe_url }}), but the account “%s” "
                     "has none, so every recipient would get an empty link. Add an unsubscribe link or "
                     "address to the account “%s” in Preferences → Accounts."),
                   account_name, account_name);
      return FALSE;
    }
  if (mailto && self->unsubscribe_mailto == NULL)
    {
      g_set_error (error, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_NO_UNSUBSCRIBE_MAILTO,
                   /* TRANSLATORS: both %s are the account's name; keep {{ unsubscribe_mailto }} as it is */
                   _("The template shows an unsubscribe address ({{ unsubscribe_mailto }}), but the account “%s” "
                     "has none, so every recipient would get an empty address. Add an unsubscribe "
                     "address to the account “%s” in Preferences → Accounts."),
                   account_name, account_name);
      return FALSE;
    }
  return TRUE;
}

/* The campaign's own tracking addresses, each nullable (herald-utm.h's
 * herald_tracking_rewrite_html()): set once, before rendering. */
void
herald_merge_set_tracking (HeraldMerge *self,
                           const char  *click_pattern,
                           const char  *open_pattern)
{
  g_free (self->track_click);
  g_free (self->track_open);
  self->track_click = g_strdup (click_pattern);
  self->track_open = g_strdup (open_pattern);
}
