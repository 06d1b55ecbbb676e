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
#include "herald-template.h"
#include "herald-text.h"

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
 * Like herald_merge_new(), with the sender taken from @account.
 */
HeraldMerge *
herald_merge_new_for_account (const HeraldTemplateRecord  *record,
                              const HeraldAccount         *account,
                              const char * const          *fields,
                              GError                     **error)
{
  HeraldMergeSender sender = {
    .from = account->from,
    .reply_to = account->reply_to,
    .unsubscribe_mailto = account->unsubscribe_mailto,
    .unsubscribe_url = account->unsubscribe_url,
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
  bytes = herald_message_compose (&spec, error);

  herald_rendered_clear (&rendered);
  g_free (l.unsubscribe_url);
  return bytes;
}
