/* herald-blocks.c — templates made of blocks: the document and its HTML
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See herald-blocks.h for the document. Reading checks the whole document
 * first (each block's type and members), so that a mistake is reported
 * with the block it is in; writing HTML then cannot meet anything
 * unexpected but a text's own mistakes, which name their block too.
 */
#define G_LOG_DOMAIN "herald-blocks"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-blocks.h"
#include "herald-template.h"

G_DEFINE_QUARK (herald-blocks-error-quark, herald_blocks_error)

#define MAX_DEPTH 16   /* JSON nesting; a document needs 3 */

/* Colours chosen to read on white and to keep their contrast when a mail
 * program's dark mode inverts or darkens them: every block sets its text
 * and its background. */
#define PAGE_BG    "#f6f5f4"
#define CARD_BG    "#ffffff"
#define INK        "#241f31"
#define MUTED      "#5e5c64"
#define RULE       "#deddda"
#define LINK       "#1a5fb4"
#define NOTICE_BG  "#fdf6e3"
#define NOTICE_EDGE "#e5a50a"
#define FONT       "'Helvetica Neue',Helvetica,Arial,'Hiragino Sans','Yu Gothic',Meiryo,sans-serif"
#define P_STYLE    "margin:0 0 12px; font-size:15px; line-height:1.7; color:" INK ";"
#define LINK_STYLE "color:" LINK "; text-decoration:underline;"

typedef struct
{
  const char *type;
  const char *title;        /* N_() */
  const char *members;      /* allowed, space-separated; "*" marks required */
} BlockType;

static const BlockType block_types[] = {
  { "header",  N_("Header"),      "title tagline logo logo_alt" },
  { "text",    N_("Text"),        "heading text*" },
  { "image",   N_("Image"),       "src* alt link" },
  { "button",  N_("Button"),      "label* url*" },
  { "divider", N_("Divider"),     "" },
  { "columns", N_("Two Columns"), "image* alt link heading text*" },
  { "notice",  N_("Notice Box"),  "heading text*" },
  { "footer",  N_("Footer"),      "note unsubscribe_text" },
};

static const char * const type_names[] = {
  "header", "text", "image", "button", "divider", "columns", "notice", "footer", NULL
};

/**
 * herald_blocks_types:
 *
 * Returns: (transfer none): the block types, in the order an "Add block"
 *   menu shows them
 */
const char * const *
herald_blocks_types (void)
{
  return type_names;
}

static const BlockType *
find_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (block_types); i++)
    if (g_strcmp0 (block_types[i].type, type) == 0)
      return &block_types[i];
  return NULL;
}

/**
 * herald_blocks_type_title:
 *
 * Returns: (transfer none): the type's name for people, translated
 */
const char *
herald_blocks_type_title (const char *type)
{
  const BlockType *t = find_type (type);

  return t != NULL ? _(t->title) : type;
}

/* ---- reading ---------------------------------------------------------------- */

/* json-glib reads nested arrays by recursion: refuse deep input first. */
static gboolean
too_deep (const char *json)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = json; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '[' || *p == '{')
        {
          if (++depth > MAX_DEPTH)
            return TRUE;
        }
      else if ((*p == ']' || *p == '}') && depth > 0)
        depth--;
    }
  return FALSE;
}

/**
 * herald_blocks_parse:
 *
 * Reads and checks a block document.
 *
 * Returns: (transfer full) (nullable): its root, or %NULL with @error set
 */
JsonNode *
herald_blocks_parse (const char  *json,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len = strlen (json);

  if (len > HERALD_BLOCKS_MAX_SIZE || too_deep (json))
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_SYNTAX,
                   _("The block document is too big or too deeply nested. A newsletter needs far less: "
                     "check that this is the right file."));
      return NULL;
    }
  if (!g_utf8_validate (json, len, NULL))
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_SYNTAX,
                   _("The block document is not UTF-8 text. Save it as UTF-8 and try again."));
      return NULL;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, len, &local_error))
    {
      /* json-glib quotes the bytes it stopped at, even half a character */
      g_autofree char *why = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_SYNTAX,
                   /* TRANSLATORS: %s: the JSON reader's message, with its line */
                   _("The block document is not valid JSON: %s"), why);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL || !herald_blocks_validate (root, error))
    {
      if (root == NULL)
        g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_SYNTAX,
                     _("The block document is empty. It starts with {\"version\": 1, \"blocks\": […]}."));
      return NULL;
    }
  return g_steal_pointer (&root);
}

static gboolean G_GNUC_PRINTF (4, 5)
fail_block (GError     **error,
            guint        index,
            const char  *type,
            const char  *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (!g_utf8_validate (what, -1, NULL))
    {
      /* a member's name or type may hold half a character ("\ud800") */
      char *valid = g_utf8_make_valid (what, -1);
      g_free (what);
      what = valid;
    }
  g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK,
               /* TRANSLATORS: %u: the block's position (1, 2 …); %s: its type
                * ("Text"); %s: what is wrong with it */
               _("Block %u (%s): %s"), index + 1,
               type != NULL ? herald_blocks_type_title (type) : _("no type"), what);
  return FALSE;
}

static gboolean
allowed_member (const BlockType *t,
                const char      *name)
{
  g_auto(GStrv) members = g_strsplit (t->members, " ", -1);

  for (guint i = 0; members[i] != NULL; i++)
    {
      gsize n = strlen (members[i]);

      if (n > 0 && members[i][n - 1] == '*')
        n--;
      if (n > 0 && strlen (name) == n && strncmp (members[i], name, n) == 0)
        return TRUE;
    }
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A member's text, or "" when it is absent. */
static const char *
text_of (JsonObject *object,
         const char *name)
{
  const char *s = member_string (object, name);

  return s != NULL ? s : "";
}

static gboolean
blank (const char *s)
{
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gboolean
validate_block (JsonNode  *node,
                guint      index,
                GError   **error)
{
  JsonObject *object;
  const char *type;
  const BlockType *t;
  g_autoptr(GList) names = NULL;
  g_auto(GStrv) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_block (error, index, NULL, _("a block is an object: {\"type\": \"text\", …}."));
  object = json_node_get_object (node);
  type = member_string (object, "type");
  if (type == NULL)
    return fail_block (error, index, NULL, _("it has no \"type\". Give one of: header, text, image, button, "
                                             "divider, columns, notice, footer."));
  if ((t = find_type (type)) == NULL)
    return fail_block (error, index, NULL,
                       _("“%s” is not a block type. Use one of: header, text, image, button, divider, "
                         "columns, notice, footer."), type);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (object, l->data);

      if (g_str_equal (l->data, "type"))
        continue;
      if (!allowed_member (t, l->data))
        return fail_block (error, index, type, _("it cannot have “%s”. Remove it, or check its spelling."),
                           (const char *) l->data);
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
        return fail_block (error, index, type, _("“%s” must be text, in quotes."), (const char *) l->data);
      /* "\ud800" in JSON is half a character: json-glib passes it on */
      if (!g_utf8_validate (json_node_get_string (value), -1, NULL))
        return fail_block (error, index, type, _("“%s” holds a character that is not valid text (a lone "
                                                 "\\ud800–\\udfff escape). Type the text again."),
                           (const char *) l->data);
    }
  members = g_strsplit (t->members, " ", -1);
  for (guint i = 0; members[i] != NULL; i++)
    {
      gsize n = strlen (members[i]);
      g_autofree char *name = NULL;

      if (n == 0 || members[i][n - 1] != '*')
        continue;
      name = g_strndup (members[i], n - 1);
      if (blank (text_of (object, name)))
        return fail_block (error, index, type, _("“%s” is empty. Fill it in, or delete the block."), name);
    }
  if (g_str_equal (type, "header") && *text_of (object, "title") == '\0' && *text_of (object, "logo") == '\0')
    return fail_block (error, index, type, _("it needs a title or a logo."));
  return TRUE;
}

static gboolean
is_colour (const char *s)
{
  if (strlen (s) != 7 || s[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

/**
 * herald_blocks_validate:
 *
 * Checks a document's version, members and every block, naming the first
 * block that is wrong.
 */
gboolean
herald_blocks_validate (JsonNode  *document,
                        GError   **error)
{
  JsonObject *root;
  JsonNode *version, *blocks;
  JsonArray *array;
  const char *lang, *accent, *title;

  if (!JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_DOCUMENT,
                   _("A block document is an object: {\"version\": 1, \"blocks\": […]}."));
      return FALSE;
    }
  root = json_node_get_object (document);
  version = json_object_get_member (root, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) != HERALD_BLOCKS_VERSION)
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_VERSION,
                   _("The block document is not of version 1, the one this Herald reads. "
                     "It may come from a newer Herald: update Herald, or save the template as HTML there."));
      return FALSE;
    }
  blocks = json_object_get_member (root, "blocks");
  if (blocks == NULL || !JSON_NODE_HOLDS_ARRAY (blocks))
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_DOCUMENT,
                   _("The block document has no list of blocks: add \"blocks\": […]."));
      return FALSE;
    }
  lang = member_string (root, "lang");
  accent = member_string (root, "accent");
  title = member_string (root, "title");
  if ((json_object_has_member (root, "lang") && (lang == NULL || !(g_str_equal (lang, "ja") || g_str_equal (lang, "en")))) ||
      (json_object_has_member (root, "accent") && (accent == NULL || !is_colour (accent))) ||
      (json_object_has_member (root, "title") && (title == NULL || !g_utf8_validate (title, -1, NULL))))
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_DOCUMENT,
                   _("The block document’s \"lang\" must be \"ja\" or \"en\", its \"accent\" a colour "
                     "such as \"#1c71d8\", and its \"title\" valid text."));
      return FALSE;
    }
  array = json_node_get_array (blocks);
  if (json_array_get_length (array) > HERALD_BLOCKS_MAX_BLOCKS)
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_DOCUMENT,
                   _("The template has more than %d blocks. Split it into several newsletters."),
                   HERALD_BLOCKS_MAX_BLOCKS);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!validate_block (json_array_get_element (array, i), i, error))
      return FALSE;
  return TRUE;
}

/* ---- writing HTML ----------------------------------------------------------- */

typedef struct
{
  GString    *out;
  gboolean    ja;
  const char *accent;
} Page;

/* The engine's own words, in the document's language (not the user
 * interface's: the newsletter is in the language it was written in). */
static const char *
words (const Page *page,
       const char *key)
{
  static const struct { const char *key, *en, *ja; } table[] = {
    { "note", "You are receiving this email because you asked for news from {{ sender_name }} or are one of our customers.",
              "このメールは、{{ sender_name }}からのお知らせの受け取りを希望された方、またはお取引のある方にお送りしています。" },
    { "sender", "Sent by {{ sender_name }}", "送信者：{{ sender_name }}" },
    { "address", "{{ sender_address }}", "住所：{{ sender_address }}" },
    { "contact", "Contact: {{ sender_contact }}", "お問い合わせ：{{ sender_contact }}" },
    { "unsubscribe", "Don’t want these emails any more? [Unsubscribe here]({{ unsubscribe_url }}).",
                     "今後このようなメールの受信を希望されない場合は、[こちらから配信を停止]({{ unsubscribe_url }})できます。" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (g_str_equal (table[i].key, key))
      return page->ja ? table[i].ja : table[i].en;
  g_assert_not_reached ();
}

static void
open_row (Page *page, const char *style)
{
  g_string_append_printf (page->out, "<tr>\n<td style=\"%s\">\n", style);
}

static void
close_row (Page *page)
{
  g_string_append (page->out, "</td>\n</tr>\n");
}

static gboolean
append_heading (Page       *page,
                JsonObject *block,
                GError    **error)
{
  const char *heading = text_of (block, "heading");

  if (*heading == '\0')
    return TRUE;
  g_string_append_printf (page->out,
                          "<h2 style=\"margin:0 0 8px; font-size:17px; line-height:1.5; font-weight:bold; "
                          "color:%s; border-left:4px solid %s; padding-left:10px;\">", page->accent, page->accent);
  if (!_herald_blocks_append_plain (page->out, heading, error))
    return FALSE;
  g_string_append (page->out, "</h2>\n");
  return TRUE;
}

/* <img> at most @width px wide, fluid below it; in a link when it has one. */
static gboolean
append_image (Page       *page,
              const char *src,
              const char *alt,
              const char *link,
              guint       width,
              GError    **error)
{
  if (!_herald_blocks_check_url (src, TRUE, error) ||
      (*link != '\0' && !_herald_blocks_check_url (link, FALSE, error)))
    return FALSE;
  if (*link != '\0')
    {
      g_string_append (page->out, "<a href=\"");
      if (!_herald_blocks_append_url (page->out, link, error))
        return FALSE;
      g_string_append (page->out, "\" style=\"" LINK_STYLE "\">");
    }
  g_string_append (page->out, "<img src=\"");
  if (!_herald_blocks_append_url (page->out, src, error))
    return FALSE;
  g_string_append (page->out, "\" alt=\"");
  if (!_herald_blocks_append_plain (page->out, alt, error))
    return FALSE;
  g_string_append_printf (page->out,
                          "\" width=\"%u\" style=\"display:block; width:100%%; max-width:%upx; height:auto; "
                          "border:0; outline:none; text-decoration:none; color:" INK "; font-size:13px;\">",
                          width, width);
  if (*link != '\0')
    g_string_append (page->out, "</a>");
  g_string_append_c (page->out, '\n');
  return TRUE;
}

static gboolean
render_header (Page *page, JsonObject *b, GError **error)
{
  const char *logo = text_of (b, "logo"), *tagline = text_of (b, "tagline"), *title = text_of (b, "title");
  g_autofree char *style = g_strdup_printf ("padding:28px 32px; background-color:%s; border-radius:8px 8px 0 0; "
                                            "color:#ffffff;", page->accent);

  g_string_append_printf (page->out, "<tr>\n<td bgcolor=\"%s\" style=\"%s\">\n", page->accent, style);
  if (*logo != '\0' && !append_image (page, logo, text_of (b, "logo_alt"), "", 160, error))
    return FALSE;
  if (*tagline != '\0')
    {
      g_string_append (page->out, "<p style=\"margin:8px 0 0; font-size:13px; letter-spacing:0.05em; color:#ffffff;\">");
      if (!_herald_blocks_append_plain (page->out, tagline, error))
        return FALSE;
      g_string_append (page->out, "</p>\n");
    }
  if (*title != '\0')
    {
      g_string_append (page->out, "<h1 style=\"margin:4px 0 0; font-size:24px; line-height:1.4; font-weight:bold; "
                                  "color:#ffffff;\">");
      if (!_herald_blocks_append_plain (page->out, title, error))
        return FALSE;
      g_string_append (page->out, "</h1>\n");
    }
  close_row (page);
  return TRUE;
}

static gboolean
render_text (Page *page, JsonObject *b, GError **error)
{
  open_row (page, "padding:16px 32px 4px; background-color:" CARD_BG "; color:" INK ";");
  if (!append_heading (page, b, error) ||
      !_herald_blocks_append_markup (page->out, text_of (b, "text"), P_STYLE, LINK_STYLE, error))
    return FALSE;
  close_row (page);
  return TRUE;
}

static gboolean
render_image (Page *page, JsonObject *b, GError **error)
{
  open_row (page, "padding:12px 32px; background-color:" CARD_BG "; color:" INK ";");
  if (!append_image (page, text_of (b, "src"), text_of (b, "alt"), text_of (b, "link"), 536, error))
    return FALSE;
  close_row (page);
  return TRUE;
}

static gboolean
render_button (Page *page, JsonObject *b, GError **error)
{
  const char *url = text_of (b, "url");

  if (!_herald_blocks_check_url (url, FALSE, error))
    return FALSE;
  g_string_append (page->out, "<tr>\n<td align=\"center\" style=\"padding:20px 32px 24px; background-color:" CARD_BG ";\">\n");
  g_string_append_printf (page->out,
                          "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:0 auto;\">"
                          "<tr><td bgcolor=\"%s\" style=\"background-color:%s; border-radius:6px;\">"
                          "<a href=\"", page->accent, page->accent);
  if (!_herald_blocks_append_url (page->out, url, error))
    return FALSE;
  g_string_append (page->out, "\" style=\"display:inline-block; padding:12px 28px; color:#ffffff; font-size:15px; "
                              "font-weight:bold; text-decoration:none; border-radius:6px;\">");
  if (!_herald_blocks_append_plain (page->out, text_of (b, "label"), error))
    return FALSE;
  g_string_append (page->out, "</a></td></tr></table>\n");
  close_row (page);
  return TRUE;
}

static gboolean
render_divider (Page *page, JsonObject *b, GError **error)
{
  open_row (page, "padding:8px 32px; background-color:" CARD_BG ";");
  g_string_append (page->out, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">"
                              "<tr><td style=\"height:1px; line-height:1px; font-size:1px; background-color:" RULE ";\">"
                              "&nbsp;</td></tr></table>\n");
  close_row (page);
  return TRUE;
}

/* Two columns that fold into one on a narrow screen: inline blocks side
 * by side while 600 px fit, one above the other below that. */
static gboolean
render_columns (Page *page, JsonObject *b, GError **error)
{
  const char *column = "<div style=\"display:inline-block; width:100%; max-width:260px; vertical-align:top; "
                       "text-align:left; font-size:15px;\">\n";

  open_row (page, "padding:12px 24px; background-color:" CARD_BG "; color:" INK "; font-size:0; text-align:center;");
  g_string_append (page->out, column);
  g_string_append (page->out, "<div style=\"padding:4px 8px;\">\n");
  if (!append_image (page, text_of (b, "image"), text_of (b, "alt"), text_of (b, "link"), 244, error))
    return FALSE;
  g_string_append (page->out, "</div>\n</div>\n");
  g_string_append (page->out, column);
  g_string_append (page->out, "<div style=\"padding:4px 8px; color:" INK ";\">\n");
  if (!append_heading (page, b, error) ||
      !_herald_blocks_append_markup (page->out, text_of (b, "text"), P_STYLE, LINK_STYLE, error))
    return FALSE;
  g_string_append (page->out, "</div>\n</div>\n");
  close_row (page);
  return TRUE;
}

static gboolean
render_notice (Page *page, JsonObject *b, GError **error)
{
  open_row (page, "padding:8px 32px 16px; background-color:" CARD_BG ";");
  g_string_append (page->out,
                   "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">"
                   "<tr><td bgcolor=\"" NOTICE_BG "\" style=\"padding:14px 16px 2px; background-color:" NOTICE_BG "; "
                   "border-left:4px solid " NOTICE_EDGE "; border-radius:4px; color:" INK ";\">\n");
  if (!append_heading (page, b, error) ||
      !_herald_blocks_append_markup (page->out, text_of (b, "text"), P_STYLE, LINK_STYLE, error))
    return FALSE;
  g_string_append (page->out, "</td></tr></table>\n");
  close_row (page);
  return TRUE;
}

static gboolean
render_footer (Page *page, JsonObject *b, GError **error)
{
  const char *note = text_of (b, "note"), *unsubscribe = text_of (b, "unsubscribe_text");
  const char *small = "margin:0 0 8px; font-size:12px; line-height:1.6; color:" MUTED ";";

  open_row (page, "padding:20px 32px 28px; border-top:1px solid " RULE "; background-color:" CARD_BG "; "
                  "font-size:12px; color:" MUTED "; line-height:1.6;");
  if (!_herald_blocks_append_markup (page->out, *note != '\0' ? note : words (page, "note"), small, LINK_STYLE, error))
    return FALSE;
  g_string_append_printf (page->out, "<p style=\"%s\">%s<br>\n%s<br>\n%s</p>\n", small,
                          words (page, "sender"), words (page, "address"), words (page, "contact"));
  if (*unsubscribe != '\0' && strstr (unsubscribe, "{{ unsubscribe_url }}") == NULL &&
      strstr (unsubscribe, "{{unsubscribe_url}}") == NULL)
    {
      g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK,
                   _("its unsubscribe text has no link: write it with [the words to click]({{ unsubscribe_url }})."));
      return FALSE;
    }
  if (!_herald_blocks_append_markup (page->out, *unsubscribe != '\0' ? unsubscribe : words (page, "unsubscribe"),
                                     small, LINK_STYLE, error))
    return FALSE;
  close_row (page);
  return TRUE;
}

typedef gboolean (*RenderFunc) (Page *page, JsonObject *block, GError **error);

static const struct { const char *type; RenderFunc render; } renderers[] = {
  { "header", render_header }, { "text", render_text }, { "image", render_image },
  { "button", render_button }, { "divider", render_divider }, { "columns", render_columns },
  { "notice", render_notice }, { "footer", render_footer },
};

static gboolean
render_block (Page       *page,
              JsonObject *block,
              guint       index,
              GError    **error)
{
  const char *type = text_of (block, "type");
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    if (g_str_equal (renderers[i].type, type))
      {
        if (renderers[i].render (page, block, &local_error))
          return TRUE;
        if (!g_error_matches (local_error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK))
          g_propagate_error (error, g_steal_pointer (&local_error));
        else
          fail_block (error, index, type, "%s", local_error->message);
        return FALSE;
      }
  g_assert_not_reached ();
}

/**
 * herald_blocks_render_node:
 * @document: a document herald_blocks_parse() returned
 *
 * Returns: (transfer full) (nullable): the template's HTML (with its merge
 *   fields), or %NULL with @error set, naming the block
 */
char *
herald_blocks_render_node (JsonNode  *document,
                           GError   **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *root;
  JsonArray *blocks;
  const char *accent, *title;
  Page page = { out, FALSE, "#1c71d8" };

  if (!herald_blocks_validate (document, error))
    return NULL;
  root = json_node_get_object (document);
  blocks = json_object_get_array_member (root, "blocks");
  page.ja = g_strcmp0 (member_string (root, "lang"), "ja") == 0;
  if ((accent = member_string (root, "accent")) != NULL)
    page.accent = accent;
  title = text_of (root, "title");

  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                               "<meta name=\"color-scheme\" content=\"light\">\n<title>",
                          page.ja ? "ja" : "en");
  if (!_herald_blocks_append_plain (out, title, error))
    return NULL;
  g_string_append (out, "</title>\n</head>\n"
                        "<body bgcolor=\"" PAGE_BG "\" style=\"margin:0; padding:0; background-color:" PAGE_BG "; color:" INK ";\">\n"
                        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                        "bgcolor=\"" PAGE_BG "\" style=\"background-color:" PAGE_BG ";\">\n"
                        "<tr>\n<td align=\"center\" style=\"padding:24px 12px;\">\n"
                        "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                        "bgcolor=\"" CARD_BG "\" style=\"width:100%; max-width:600px; background-color:" CARD_BG "; "
                        "border-radius:8px; font-family:" FONT "; color:" INK "; line-height:1.7;\">\n");
  for (guint i = 0; i < json_array_get_length (blocks); i++)
    if (!render_block (&page, json_array_get_object_element (blocks, i), i, error))
      return NULL;
  g_string_append (out, "</table>\n</td>\n</tr>\n</table>\n</body>\n</html>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * herald_blocks_render_html:
 *
 * herald_blocks_parse() and herald_blocks_render_node() in one.
 *
 * Returns: (transfer full) (nullable): the template's HTML, or %NULL with
 *   @error set
 */
char *
herald_blocks_render_html (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonNode) document = herald_blocks_parse (json, error);

  if (document == NULL)
    return NULL;
  return herald_blocks_render_node (document, error);
}

/**
 * herald_template_record_render_blocks:
 *
 * For a block template (@record->blocks set), replaces @record->html with
 * the HTML rendered from its document; an HTML template is left alone.
 */
gboolean
herald_template_record_render_blocks (HeraldTemplateRecord  *record,
                                      GError               **error)
{
  char *html;

  if (record->blocks == NULL)
    return TRUE;
  if ((html = herald_blocks_render_html (record->blocks, error)) == NULL)
    return FALSE;
  g_free (record->html);
  record->html = html;
  return TRUE;
}

/**
 * herald_blocks_find_field:
 *
 * Returns: the position of the first block whose texts use the merge field
 *   @field, or -1
 */
int
herald_blocks_find_field (JsonNode   *document,
                          const char *field)
{
  JsonArray *blocks;

  if (!herald_blocks_validate (document, NULL))
    return -1;
  blocks = json_object_get_array_member (json_node_get_object (document), "blocks");
  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      JsonObject *block = json_array_get_object_element (blocks, i);
      g_autoptr(GList) names = json_object_get_members (block);

      for (GList *l = names; l != NULL; l = l->next)
        if (_herald_blocks_uses_field (json_object_get_string_member (block, l->data), field))
          return (int) i;
    }
  return -1;
}

/**
 * herald_blocks_to_json:
 *
 * Returns: (transfer full): @document as JSON text, indented
 */
char *
herald_blocks_to_json (JsonNode *document)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 1);
  json_generator_set_root (generator, document);
  return json_generator_to_data (generator, NULL);
}

/**
 * herald_blocks_name_unknown_field:
 * @html: the HTML rendered from @blocks, which failed to compile
 * @fields: the list's columns
 *
 * A block template's HTML is the engine's, so a line and column in it mean
 * nothing to the user: when @error says a field is unknown, it is replaced
 * by one naming the block that uses a field the list lacks.
 */
void
herald_blocks_name_unknown_field (const char          *blocks,
                                  const char          *html,
                                  const char * const  *fields,
                                  GError             **error)
{
  g_autoptr(HeraldTemplate) any = herald_template_compile (html, HERALD_TEMPLATE_CONTEXT_HTML, NULL, NULL);
  g_autoptr(JsonNode) document = NULL;
  const char * const *used;

  if (any == NULL || fields == NULL || error == NULL || *error == NULL ||
      (document = herald_blocks_parse (blocks, NULL)) == NULL)
    return;
  used = herald_template_get_fields (any);
  for (guint i = 0; used != NULL && used[i] != NULL; i++)
    {
      JsonObject *block;
      int index;

      if (g_strv_contains (fields, used[i]) || (index = herald_blocks_find_field (document, used[i])) < 0)
        continue;
      block = json_array_get_object_element (json_object_get_array_member (json_node_get_object (document), "blocks"), index);
      g_clear_error (error);
      g_set_error (error, HERALD_TEMPLATE_ERROR, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD,
                   /* TRANSLATORS: %u: the block's position; %s: its type ("Text"); %s: the field */
                   _("Block %u (%s) uses the merge field “%s”, but the list has no column of that name. "
                     "Pick one of the list’s columns with Insert Field instead, or remove it."),
                   index + 1, herald_blocks_type_title (json_object_get_string_member (block, "type")), used[i]);
      return;
    }
}
