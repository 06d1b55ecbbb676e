/* herald-starters.c — starter templates: a newsletter to begin from
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each starter is a finished newsletter in Japanese and English
 * (data/starters/NAME.LANG.blocks.json, a block document whose HTML the
 * engine writes, and NAME.LANG.subject.txt, embedded as resources; the
 * window's plain "blank" and "html" are one NAME.html for both
 * languages, its @slots@ filled from NAME.LANG.ini): table layout, inline
 * styles, 600 px at most, one column, real
 * text, the recipient's name with a fallback ({{ name | "…" }}), and a
 * footer with the sender's business details and the unsubscribe link.
 * Making a template from one copies it into the store, where it is an
 * ordinary template from then on.
 */
#define G_LOG_DOMAIN "herald-starters"

#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "herald-blocks.h"
#include "herald-starters.h"

G_DEFINE_QUARK (herald-starter-error-quark, herald_starter_error)

const char * const herald_starter_languages[] = { "ja", "en", NULL };

static const HeraldStarter starters[] = {
  { "newsletter", N_("Newsletter"), N_("News from the shop, two short articles and a button") },
  { "sale",       N_("Sale Notice"), N_("A limited-time offer: the discount, the dates and a button") },
  { "event",      N_("Event Invitation"), N_("An invitation with the date, the place and a button to sign up") },
  { "letter",     N_("Plain Letter"), N_("A short personal letter, text only") },
};

/* The window's gallery offers two more ways to begin, which the command
 * line's --subject and --html already are. */
static const HeraldStarter plain_starters[] = {
  { "blank", N_("Blank"), N_("An empty one-column page with the footer, to write in") },
  { "html",  N_("HTML Source"), N_("An empty HTML document, for your own code") },
};

/**
 * herald_starters_get:
 * @n_starters: (out): how many
 *
 * Returns: (transfer none) (array length=n_starters): the starters, in
 *   the order a gallery shows them
 */
const HeraldStarter *
herald_starters_get (guint *n_starters)
{
  *n_starters = G_N_ELEMENTS (starters);
  return starters;
}

/**
 * herald_starters_get_plain:
 * @n_starters: (out): how many
 *
 * Returns: (transfer none) (array length=n_starters): "blank" and "html",
 *   which herald_starters_get() leaves out
 */
const HeraldStarter *
herald_starters_get_plain (guint *n_starters)
{
  *n_starters = G_N_ELEMENTS (plain_starters);
  return plain_starters;
}

/**
 * herald_starters_find:
 *
 * Returns: (transfer none) (nullable): the starter called @name, of
 *   herald_starters_get() or herald_starters_get_plain()
 */
const HeraldStarter *
herald_starters_find (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (starters); i++)
    if (g_strcmp0 (starters[i].name, name) == 0)
      return &starters[i];
  for (guint i = 0; i < G_N_ELEMENTS (plain_starters); i++)
    if (g_strcmp0 (plain_starters[i].name, name) == 0)
      return &plain_starters[i];
  return NULL;
}

/**
 * herald_starters_default_language:
 *
 * The language a starter is made in when none is asked for: the user
 * interface's (the first of the locale's languages that a starter exists
 * in), else English.
 */
const char *
herald_starters_default_language (void)
{
  const char * const *names = g_get_language_names ();
  const char *messages = setlocale (LC_MESSAGES, NULL);

  /* gettext speaks English in the "C" locale whatever LANGUAGE says, and
   * so does the window: the starter follows it. */
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    return "en";
  for (guint i = 0; names[i] != NULL; i++)
    for (guint j = 0; herald_starter_languages[j] != NULL; j++)
      if (g_str_has_prefix (names[i], herald_starter_languages[j]) &&
          (names[i][2] == '\0' || names[i][2] == '_' || names[i][2] == '.' || names[i][2] == '@'))
        return herald_starter_languages[j];
  return "en";
}

/* NAME.LANG.SUFFIX, or NAME.SUFFIX when @language is NULL */
static GBytes *
lookup (const char  *starter,
        const char  *language,
        const char  *suffix,
        GError     **error)
{
  g_autofree char *path = language != NULL
      ? g_strdup_printf ("/io/github/heraldmail/Herald/starters/%s.%s.%s", starter, language, suffix)
      : g_strdup_printf ("/io/github/heraldmail/Herald/starters/%s.%s", starter, suffix);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static char *
dup_resource_text (const char  *starter,
                   const char  *language,
                   const char  *suffix,
                   GError     **error)
{
  g_autoptr(GBytes) bytes = lookup (starter, language, suffix, error);

  if (bytes == NULL)
    return NULL;
  return g_strstrip (g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
}

/* How long the slot name of "@name@" at @p is (lower-case letters and
 * "_"), or 0 where @p starts no slot. */
static gsize
slot_length (const char *p,
             const char *end)
{
  gsize n = 0;

  if (*p != '@')
    return 0;
  while (p + 1 + n < end && (g_ascii_islower (p[1 + n]) || p[1 + n] == '_'))
    n++;
  return n > 0 && p + 1 + n < end && p[1 + n] == '@' ? n : 0;
}

/* A plain starter's page: NAME.html, the same for both languages, with
 * each @slot@ replaced by the language's words from NAME.LANG.ini's
 * [slots] group; @lang@ is the language. */
static char *
dup_page (const char  *starter,
          const char  *language,
          GError     **error)
{
  g_autoptr(GBytes) page = lookup (starter, NULL, "html", error);
  g_autoptr(GBytes) words = lookup (starter, language, "ini", NULL);
  g_autoptr(GKeyFile) slots = g_key_file_new ();
  g_autoptr(GString) out = NULL;
  const char *p, *end;

  if (page == NULL)
    return NULL;
  if (words != NULL &&
      !g_key_file_load_from_data (slots, g_bytes_get_data (words, NULL), g_bytes_get_size (words),
                                  G_KEY_FILE_NONE, error))
    return NULL;
  p = g_bytes_get_data (page, NULL);
  end = p + g_bytes_get_size (page);
  out = g_string_sized_new (g_bytes_get_size (page) + 1024);
  while (p < end)
    {
      gsize n = slot_length (p, end);
      g_autofree char *key = NULL, *value = NULL;

      if (n == 0)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      key = g_strndup (p + 1, n);
      value = g_str_equal (key, "lang") ? g_strdup (language) : g_key_file_get_string (slots, "slots", key, error);
      if (value == NULL)
        return NULL;
      g_string_append (out, value);
      p += n + 2;
    }
  return g_strstrip (g_string_free (g_steal_pointer (&out), FALSE));
}

static gboolean
check_names (const char  *starter,
             const char  *language,
             GError     **error)
{
  if (herald_starters_find (starter) == NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (starters); i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", starters[i].name);
      g_set_error (error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_UNKNOWN,
                   /* TRANSLATORS: %s: the name asked for; %s: the starters' names */
                   _("There is no starter template “%s”. Choose one of: %s."), starter, names->str);
      return FALSE;
    }
  if (language == NULL || !g_strv_contains (herald_starter_languages, language))
    {
      g_set_error (error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_UNKNOWN_LANGUAGE,
                   /* TRANSLATORS: %s: the language asked for; keep "ja" and "en" */
                   _("Starter templates are in Japanese (ja) and English (en), not “%s”. Choose one of them."),
                   language != NULL ? language : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_starter_dup_record:
 * @starter: a starter's name ("newsletter")
 * @language: (nullable): "ja" or "en"; %NULL for
 *   herald_starters_default_language()
 *
 * Returns: (transfer full) (nullable): the starter's subject, HTML and
 *   block document (for a block starter) as a template with no name and
 *   no id (its text part is made from the HTML)
 */
HeraldTemplateRecord *
herald_starter_dup_record (const char  *starter,
                           const char  *language,
                           GError     **error)
{
  g_autoptr(HeraldTemplateRecord) record = g_new0 (HeraldTemplateRecord, 1);

  if (language == NULL)
    language = herald_starters_default_language ();
  if (!check_names (starter, language, error) ||
      (record->subject = dup_resource_text (starter, language, "subject.txt", error)) == NULL)
    return NULL;
  /* A starter made of blocks gives a block template, its HTML written by
   * the engine; "blank" and "html" are HTML. */
  record->blocks = dup_resource_text (starter, language, "blocks.json", NULL);
  if (record->blocks != NULL)
    {
      if (!herald_template_record_render_blocks (record, error))
        return NULL;
    }
  else if ((record->html = dup_page (starter, language, error)) == NULL)
    return NULL;
  record->name = g_strdup ("");
  return g_steal_pointer (&record);
}

/**
 * herald_starter_add:
 * @template_name: the new template's name; a template of that name is
 *   not replaced (HERALD_STARTER_ERROR_NAME_TAKEN)
 * @language: (nullable): as for herald_starter_dup_record()
 *
 * Stores a new template made from a starter.
 *
 * Returns: the template's id, or -1 with @error set
 */
gint64
herald_starter_add (HeraldStore  *store,
                    const char   *template_name,
                    const char   *starter,
                    const char   *language,
                    GError      **error)
{
  g_autoptr(HeraldTemplateRecord) record = herald_starter_dup_record (starter, language, error);
  g_autoptr(HeraldTemplateRecord) existing = NULL;
  g_autoptr(GError) find_error = NULL;

  if (record == NULL)
    return -1;
  existing = herald_templates_find (store, template_name, &find_error);
  if (existing != NULL)
    {
      g_set_error (error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_NAME_TAKEN,
                   _("A template named “%s” exists already. Choose another name, so that it is not replaced."),
                   template_name);
      return -1;
    }
  if (!g_error_matches (find_error, HERALD_STORE_ERROR, HERALD_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&find_error));
      return -1;
    }
  g_free (record->name);
  record->name = g_strdup (template_name);
  return herald_templates_save (store, record, error);
}

/**
 * herald_starter_add_unique:
 * @base_name: the name wanted ("Newsletter"); when a template has it,
 *   "Newsletter 2", "Newsletter 3" … is taken instead
 * @out_name: (out) (transfer full) (optional): the name given
 *
 * herald_starter_add() under the first free name: the window's gallery
 * makes a template at once and lets it be renamed in the editor.
 *
 * Returns: the template's id, or -1 with @error set
 */
gint64
herald_starter_add_unique (HeraldStore  *store,
                           const char   *base_name,
                           const char   *starter,
                           const char   *language,
                           char        **out_name,
                           GError      **error)
{
  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (base_name) : g_strdup_printf ("%s %u", base_name, i);
      g_autoptr(GError) local_error = NULL;
      gint64 id = herald_starter_add (store, name, starter, language, &local_error);

      if (id >= 0)
        {
          if (out_name != NULL)
            *out_name = g_steal_pointer (&name);
          return id;
        }
      if (!g_error_matches (local_error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_NAME_TAKEN))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
    }
  g_set_error (error, HERALD_STARTER_ERROR, HERALD_STARTER_ERROR_NAME_TAKEN,
               _("A template named “%s” exists already. Choose another name, so that it is not replaced."),
               base_name);
  return -1;
}
