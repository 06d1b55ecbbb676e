/* herald-merge.c — a stored template + one recipient → the exact message
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "herald-merge.h"
#include "herald-message.h"
#include "herald-parts.h"
#include "herald-template.h"
#include "herald-text.h"

#include <string.h>

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
  GStrv           used_fields;
  HeraldTemplateParts *parts;     /* nullable: no images or attachments */
  GPtrArray      *inline_images;  /* HeraldMessagePart, from @parts */
  GPtrArray      *attachments;    /* HeraldMessagePart, from @parts */
};

typedef struct
{
  const HeraldMerge *merge;
  const char        *email;
  HeraldMergeLookup  lookup;
  gpointer           user_data;
  char              *unsubscribe_url;   /* this recipient's, built on demand */
} Lookup;

static const char *
lookup_field (const char *field,
              gpointer    user_data)
{
  Lookup *l = user_data;

  if (g_str_equal (field, "email"))
    return l->email;
  if (g_str_equal (field, "today"))
    return l->merge->today;
  if (g_str_equal (field, "unsubscribe_mailto"))
    return l->merge->unsubscribe_mailto;
  if (g_str_equal (field, "unsubscribe_url"))
    {
      if (l->unsubscribe_url == NULL && l->merge->unsubscribe_url != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (l->email, NULL, FALSE);
          const char *sep = strchr (l->merge->unsubscribe_url, '?') != NULL ? "&" : "?";
          l->unsubscribe_url = g_strconcat (l->merge->unsubscribe_url, sep, "email=", escaped, NULL);
        }
      return l->unsubscribe_url;
    }
  return l->lookup != NULL ? l->lookup (field, l->user_data) : NULL;
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
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *generated = NULL;
  const char *text = record->text;

  if (text == NULL || *text == '\0')
    text = generated = herald_text_from_html (record->html, -1);

  if ((self->subject = compile_part (_("subject"), record->subject, HERALD_TEMPLATE_CONTEXT_HEADER, fields, error)) == NULL ||
      (self->html = compile_part (_("HTML"), record->html, HERALD_TEMPLATE_CONTEXT_HTML, fields, error)) == NULL ||
      (self->text = compile_part (_("text"), text, HERALD_TEMPLATE_CONTEXT_TEXT, fields, error)) == NULL)
    return NULL;

  if (sender != NULL)
    {
      self->from = g_strdup (sender->from);
      self->reply_to = g_strdup (sender->reply_to);
      self->unsubscribe_mailto = g_strdup (sender->unsubscribe_mailto);
      self->unsubscribe_url = g_strdup (sender->unsubscribe_url);
      self->name_field = g_strdup (sender->name_field);
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
 * the template does not set its own From, Reply-To or To: name field. The
 * one constructor of a recipient's renderer for the campaign, the test
 * send, the window's preview and `herald-cli preview`.
 */
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
  g_strfreev (self->used_fields);
  g_clear_pointer (&self->parts, herald_template_parts_free);
  g_clear_pointer (&self->inline_images, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
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
 * @email: the recipient's address
 * @lookup: (scope call): the recipient's other values
 *
 * Renders subject, HTML and text for one recipient. A subject that would
 * hold a line break is refused (HERALD_TEMPLATE_ERROR_HEADER_BREAK): the
 * recipient is reported, not sent.
 */
gboolean
herald_merge_render (HeraldMerge        *self,
                     const char         *email,
                     HeraldMergeLookup   lookup,
                     gpointer            user_data,
                     HeraldRendered     *out,
                     GError            **error)
{
  Lookup l = { self, email, lookup, user_data, NULL };
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
  if (ok && self->name_field != NULL)
    {
      const char *name = lookup_field (self->name_field, &l);
      out->to_name = name != NULL && *name != '\0' ? g_strdup (name) : NULL;
    }
  g_free (l.unsubscribe_url);
  return ok;
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
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  if (parts == NULL)
    return;

  self->parts = herald_template_parts_copy (parts);
  self->inline_images = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  for (guint i = 0; i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);
      gboolean is_inline = part->kind == HERALD_PART_INLINE;

      /* Everything filled in: composing never changes these. */
      g_ptr_array_add (is_inline ? self->inline_images : self->attachments,
                       herald_message_part_new_for_bytes (part->data,
                                                          part->filename != NULL ? part->filename : "file",
                                                          part->content_type != NULL ? part->content_type : "application/octet-stream",
                                                          is_inline ? part->cid : NULL));
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

/* Whether @html refers to "cid:@cid" (and not to a longer Content-ID). */
static gboolean
html_uses_cid (const char *html,
               const char *cid)
{
  gsize n = strlen (cid);

  for (const char *p = strstr (html, "cid:"); p != NULL; p = strstr (p + 4, "cid:"))
    {
      char after = p[4 + n];
      if (strncmp (p + 4, cid, n) == 0 &&
          !(g_ascii_isalnum (after) || after == '.' || after == '-' || after == '_' || after == '@'))
        return TRUE;
    }
  return FALSE;
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
  Lookup l = { self, email, lookup, user_data, NULL };

  for (guint i = 0; self->parts != NULL && i < self->parts->attach_fields->len; i++)
    {
      const char *value = lookup_field (g_ptr_array_index (self->parts->attach_fields, i), &l);

      if (value != NULL && !is_blank (value))
        g_ptr_array_add (files, g_strdup (value));
    }
  g_free (l.unsubscribe_url);
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

      if (!html_uses_cid (html, part->cid))
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
      g_autofree char *path = herald_parts_recipient_path (g_ptr_array_index (files, i), error);
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
herald_merge_compose (HeraldMerge        *self,
                      const char         *email,
                      HeraldMergeLookup   lookup,
                      gpointer            user_data,
                      const char         *message_id,
                      gint64              date,
                      GError            **error)
{
  HeraldRendered rendered = { 0 };
  Lookup l = { self, email, lookup, user_data, NULL };
  HeraldMessageSpec spec = { 0 };
  GPtrArray *owned;
  GBytes *bytes;

  if (!herald_merge_render (self, email, lookup, user_data, &rendered, error))
    return NULL;

  spec.from = self->from;
  spec.to_addr = email;
  spec.to_name = rendered.to_name;
  spec.reply_to = self->reply_to;
  spec.subject = rendered.subject;
  spec.html = rendered.html;
  spec.text = rendered.text;
  spec.message_id = message_id;
  spec.date = date;
  spec.unsubscribe_mailto = self->unsubscribe_mailto;
  spec.unsubscribe_url = lookup_field ("unsubscribe_url", &l);
  owned = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  if (!add_parts (self, &l, rendered.html, &spec, owned, error))
    {
      g_ptr_array_unref (owned);
      herald_rendered_clear (&rendered);
      g_free (l.unsubscribe_url);
      g_clear_pointer (&spec.inline_images, g_ptr_array_unref);
      g_clear_pointer (&spec.attachments, g_ptr_array_unref);
      return NULL;
    }
  bytes = herald_message_compose (&spec, error);
  g_clear_pointer (&spec.inline_images, g_ptr_array_unref);
  g_clear_pointer (&spec.attachments, g_ptr_array_unref);
  g_ptr_array_unref (owned);

  herald_rendered_clear (&rendered);
  g_free (l.unsubscribe_url);
  return bytes;
}
