/* herald-text.c — the plain-text alternative of an HTML newsletter
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-text"

#include "config.h"

#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "herald-template.h"
#include "herald-text.h"

/* Breaks between pieces of text, the stronger winning. */
typedef enum
{
  BREAK_NONE,
  BREAK_SPACE,
  BREAK_LINE,
  BREAK_PARA,
} Break;

typedef enum
{
  LIST_NONE,
  LIST_BULLET,
  LIST_NUMBER,
} ListKind;

/* Text is written a logical line at a time: `line` gathers one paragraph
 * (or list item, or table row) unwrapped, and is wrapped into `out` when
 * the next line starts, with the prefixes that were current when it began. */
typedef struct
{
  GString  *out;
  GString  *line;
  GString  *line_first;   /* prefix of its first physical line */
  GString  *line_cont;    /* prefix of the others */
  gboolean  line_nowrap;  /* it comes from <pre> */
  GString  *indent;       /* current prefix: spaces for lists, "> " for quotes */
  char     *marker;       /* a list item's "- " or "3. ", for its first line */
  gsize     marker_at;    /* indent->len before the item's own indent */
  Break     pending;
  gboolean  soft;         /* the pending space was only a line break in the source */
  guint     pre;
  ListKind  list_kind;
  guint     list_index;
  guint     list_depth;
  GString  *link_text;    /* while inside <a>: the text written so far */
  gboolean  mark_urls;    /* mark the fields of link URLs (herald_text_from_html_for_merge) */
  guint     n_flushes;    /* lines written out so far */
  GString  *word;         /* scratch */
} Writer;

/* Japanese line breaking (kinsoku): no line starts with the first set, none
 * ends with the second. */
static const char no_start[] =
  "、。，．・：；？！゛゜ヽヾゝゞ々ー’”）〕］｝〉》」』】〙〗〟｠»"
  "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ…‥)]},.!?;:%";
static const char no_end[] = "‘“（〔［｛〈《「『【〘〖〝｟«([{";

static guint
char_width (gunichar c)
{
  if (c == HERALD_TEMPLATE_MARK_URL || c == HERALD_TEMPLATE_MARK_URL_PART || g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

static guint
text_width (const char *text, gssize len)
{
  const char *end = len < 0 ? text + strlen (text) : text + len;
  guint width = 0;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* ---- wrapping ------------------------------------------------------------ */

static gboolean
url_starts (const char *p)
{
  return g_str_has_prefix (p, "http://") || g_str_has_prefix (p, "https://") ||
         g_str_has_prefix (p, "mailto:") || g_str_has_prefix (p, "www.");
}

/* The end of a merge field starting at p ("{{"), or NULL. The search is
 * bounded so that text full of "{{" stays linear. */
static const char *
field_end (const char *p)
{
  for (const char *q = p + 2; *q != '\0' && q - p < 512; q++)
    if (q[0] == '}' && q[1] == '}')
      return q + 2;
  return NULL;
}

/* The end of the space-separated run at p; merge fields count as one piece
 * even when they hold spaces. */
static const char *
run_end (const char *p)
{
  while (*p != '\0' && *p != ' ')
    {
      const char *end = p[0] == '{' && p[1] == '{' ? field_end (p) : NULL;

      p = end != NULL ? end : p + 1;
    }
  return p;
}

/* The unbreakable piece at p (not a space): a merge field, a URL to the end
 * of its run, one wide character, or narrow characters up to one of those. */
static const char *
unit_end (const char *p)
{
  const char *end;

  if (p[0] == '{' && p[1] == '{' && (end = field_end (p)) != NULL)
    return end;
  if (g_unichar_iswide (g_utf8_get_char (p)))
    return g_utf8_next_char (p);
  while (*p != '\0' && *p != ' ')
    {
      if (url_starts (p))
        return run_end (p);
      if ((p[0] == '{' && p[1] == '{' && field_end (p) != NULL) ||
          g_unichar_iswide (g_utf8_get_char (p)))
        return p;
      p = g_utf8_next_char (p);
    }
  return p;
}

static gboolean
may_break_between (gunichar before, gunichar after)
{
  return (g_unichar_iswide (before) || g_unichar_iswide (after)) &&
         g_utf8_strchr (no_start, -1, after) == NULL &&
         g_utf8_strchr (no_end, -1, before) == NULL;
}

/* The end of the segment at p: units up to the next place a line may
 * break (a space, or beside a wide character). */
static const char *
segment_end (const char *p)
{
  const char *end = unit_end (p);

  while (*end != '\0' && *end != ' ' &&
         !may_break_between (g_utf8_get_char (g_utf8_prev_char (end)), g_utf8_get_char (end)))
    end = unit_end (end);
  return end;
}

static void
wrap_line (GString    *out,
           const char *line,
           const char *first,
           const char *cont,
           gboolean    nowrap)
{
  guint col = text_width (first, -1);
  gboolean has_content = FALSE, space = FALSE;

  g_string_append (out, first);
  if (nowrap)
    {
      g_string_append (out, line);
      g_string_append_c (out, '\n');
      return;
    }

  for (const char *p = line; *p != '\0';)
    {
      const char *end;
      guint width;

      if (*p == ' ')
        {
          space = has_content;
          p++;
          continue;
        }
      end = segment_end (p);
      width = text_width (p, end - p);
      if (has_content && col + (space ? 1 : 0) + width > HERALD_TEXT_WIDTH)
        {
          g_string_append_c (out, '\n');
          g_string_append (out, cont);
          col = text_width (cont, -1);
          space = FALSE;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          col++;
        }
      g_string_append_len (out, p, end - p);
      col += width;
      has_content = TRUE;
      space = FALSE;
      p = end;
    }
  g_string_append_c (out, '\n');
}

/* ---- the writer ------------------------------------------------------------ */

static void
flush_line (Writer *w)
{
  if (w->line->len == 0)
    return;
  wrap_line (w->out, w->line->str, w->line_first->str, w->line_cont->str, w->line_nowrap);
  g_string_truncate (w->line, 0);
  w->n_flushes++;
}

static void
request (Writer *w, Break level)
{
  if (level == BREAK_SPACE && w->pending <= BREAK_SPACE)
    w->soft = FALSE;
  w->pending = MAX (w->pending, level);
}

static void
request_soft_space (Writer *w)
{
  if (w->pending == BREAK_NONE)
    w->soft = TRUE;
  w->pending = MAX (w->pending, BREAK_SPACE);
}

static void
start_line (Writer *w)
{
  if (w->pending == BREAK_PARA && w->out->len > 0 && !g_str_has_suffix (w->out->str, "\n\n"))
    g_string_append_c (w->out, '\n');
  g_string_assign (w->line_cont, w->indent->str);
  if (w->marker != NULL)
    {
      g_string_truncate (w->line_first, 0);
      g_string_append_len (w->line_first, w->indent->str, MIN (w->marker_at, w->indent->len));
      g_string_append (w->line_first, w->marker);
      g_clear_pointer (&w->marker, g_free);
    }
  else
    g_string_assign (w->line_first, w->indent->str);
  w->line_nowrap = w->pre > 0;
}

static gboolean
is_wide_punctuation (gunichar c)
{
  return g_unichar_iswide (c) && g_unichar_ispunct (c);
}

static gboolean
joins_without_space (gunichar before, gunichar after)
{
  return (g_unichar_iswide (before) && g_unichar_iswide (after)) ||
         is_wide_punctuation (before) || is_wide_punctuation (after);
}

/* Writes a piece of text that holds no white space to collapse. */
static void
emit (Writer *w, const char *text, gsize len)
{
  gboolean space = FALSE;

  if (len == 0)
    return;
  if (w->pending >= BREAK_LINE)
    flush_line (w);
  if (w->line->len == 0)
    start_line (w);
  else if (w->pending == BREAK_SPACE)
    {
      gunichar before = g_utf8_get_char (g_utf8_prev_char (w->line->str + w->line->len));

      /* A line break between two Japanese characters, or after or before
       * Japanese punctuation, is no space. */
      space = !(w->soft && joins_without_space (before, g_utf8_get_char (text)));
      if (space)
        g_string_append_c (w->line, ' ');
    }
  w->pending = BREAK_NONE;
  if (w->link_text != NULL)
    {
      if (space || (w->link_text->len > 0 && w->line->len == 0))
        g_string_append_c (w->link_text, ' ');
      g_string_append_len (w->link_text, text, len);
    }
  g_string_append_len (w->line, text, len);
}

/* <br>, and the line ends of <pre>: a line ends even when it is empty. */
static void
hard_break (Writer *w)
{
  if (w->line->len > 0 && w->pending < BREAK_LINE)
    {
      flush_line (w);
      w->pending = BREAK_NONE;
      return;
    }
  flush_line (w);
  if (w->pending == BREAK_PARA)
    return;  /* the blank line to come is this one */
  if (w->out->len > 0)
    g_string_append_c (w->out, '\n');
  w->pending = BREAK_NONE;
}

static gboolean
is_invisible (gunichar c)
{
  /* Zero-width spaces and joiners, soft hyphens: newsletter "preheader"
   * padding is made of these. */
  return c == 0x00ad || c == 0x034f || (c >= 0x200b && c <= 0x200d) ||
         c == 0x2060 || c == 0xfeff;
}

static void
add_text (Writer *w, const char *text)
{
  gboolean newline = FALSE, blank = FALSE;
  g_autofree char *valid = NULL;

  /* libxml2 hands out UTF-8, but the walk below must never run past a
   * broken sequence. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  g_string_truncate (w->word, 0);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (w->pre > 0 && c == '\n')
        {
          emit (w, w->word->str, w->word->len);
          g_string_truncate (w->word, 0);
          hard_break (w);
        }
      else if (w->pre > 0)
        {
          if (c != HERALD_TEMPLATE_MARK_URL && c != HERALD_TEMPLATE_MARK_URL_PART)
            g_string_append_unichar (w->word, c);
        }
      else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xa0)
        {
          if (w->word->len > 0)
            {
              emit (w, w->word->str, w->word->len);
              g_string_truncate (w->word, 0);
              newline = blank = FALSE;
            }
          blank = TRUE;
          newline |= c == '\n' || c == '\r';
        }
      else if (!is_invisible (c) && c >= 0x20)
        {
          if (blank)
            {
              if (newline)
                request_soft_space (w);
              else
                request (w, BREAK_SPACE);
              newline = blank = FALSE;
            }
          g_string_append_unichar (w->word, c);
        }
    }
  emit (w, w->word->str, w->word->len);
  if (blank)
    {
      if (newline)
        request_soft_space (w);
      else
        request (w, BREAK_SPACE);
    }
}

/* ---- the document -------------------------------------------------------- */

static void walk (Writer *w, xmlNode *node);

static void
walk_children (Writer *w, xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    walk (w, child);
}

static char *
get_attr (xmlNode *node, const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strstrip (g_utf8_make_valid ((const char *) value, -1)) : NULL;

  xmlFree (value);
  return copy;
}

static gboolean
is_hidden (xmlNode *node)
{
  g_autofree char *style = get_attr (node, "style");
  g_autoptr(GString) squeezed = NULL;

  if (style == NULL)
    return FALSE;
  squeezed = g_string_new (NULL);
  for (const char *p = style; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (squeezed, g_ascii_tolower (*p));
  return strstr (squeezed->str, "display:none") != NULL;
}

static gboolean
name_in (const char *name, const char * const *list)
{
  return g_strv_contains (list, name);
}

/* @url (a part of @href) with a mark before each merge field: the template
 * compiler then encodes the field's value exactly as in the HTML's href —
 * a whole URL when the field starts the href, a part of one after other
 * text. */
static char *
mark_url_fields (const char *href,
                 const char *url)
{
  GString *out = g_string_new (NULL);

  for (const char *p = url; *p != '\0'; p++)
    {
      if (p[0] == '{' && p[1] == '{' && (p == url || p[-1] != '\\'))
        g_string_append_c (out, p == href ? HERALD_TEMPLATE_MARK_URL : HERALD_TEMPLATE_MARK_URL_PART);
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
walk_link (Writer *w, xmlNode *node)
{
  g_autofree char *href = get_attr (node, "href");
  g_autofree char *marked = NULL;
  GString *outer = w->link_text;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *url = href;
  guint flushes = w->n_flushes;

  w->link_text = text;
  walk_children (w, node);
  w->link_text = outer;

  if (url == NULL || *url == '\0' || *url == '#' ||
      g_ascii_strncasecmp (url, "javascript:", 11) == 0)
    return;
  if (g_ascii_strncasecmp (url, "mailto:", 7) == 0 && strchr (url, '?') == NULL)
    url += 7;
  g_strstrip (text->str);
  if (w->mark_urls && strstr (url, "{{") != NULL)
    {
      marked = mark_url_fields (href, url);
      /* The link's text is its URL, fields and all: the URL replaces it,
       * encoded as in the href, where it is still on the current line (the
       * link's first word may have written out the line before). */
      if ((g_str_equal (text->str, url) || g_str_equal (text->str, href)) &&
          w->n_flushes - flushes <= 1 && text->len > 0 &&
          g_str_has_suffix (w->line->str, text->str))
        {
          g_string_truncate (w->line, w->line->len - strlen (text->str));
          g_string_append (w->line, marked);
          return;
        }
      url = marked;
    }
  if (g_str_equal (text->str, url) || g_str_equal (text->str, href))
    return;
  if (*text->str != '\0')
    {
      g_autofree char *shown = g_strdup_printf ("(%s)", url);

      request (w, BREAK_SPACE);
      emit (w, shown, strlen (shown));
    }
  else
    emit (w, url, strlen (url));
}

static void
walk_heading (Writer *w, xmlNode *node, char underline)
{
  guint width;

  request (w, BREAK_PARA);
  walk_children (w, node);
  if (underline != 0 && w->pending < BREAK_LINE && w->line->len > 0)
    {
      width = MIN (text_width (w->line->str, w->line->len), HERALD_TEXT_WIDTH);
      flush_line (w);
      g_string_append (w->out, w->line_cont->str);
      for (guint i = 0; i < width; i++)
        g_string_append_c (w->out, underline);
      g_string_append_c (w->out, '\n');
    }
  request (w, BREAK_PARA);
}

static void
walk_list (Writer *w, xmlNode *node, ListKind kind)
{
  ListKind outer_kind = w->list_kind;
  guint outer_index = w->list_index;
  Break around = w->list_depth > 0 ? BREAK_LINE : BREAK_PARA;
  g_autofree char *start = kind == LIST_NUMBER ? get_attr (node, "start") : NULL;

  w->list_kind = kind;
  w->list_index = start != NULL ? (guint) CLAMP (g_ascii_strtoll (start, NULL, 10) - 1, 0, G_MAXINT) : 0;
  w->list_depth++;
  request (w, around);
  walk_children (w, node);
  request (w, around);
  w->list_depth--;
  w->list_kind = outer_kind;
  w->list_index = outer_index;
}

static void
walk_indented (Writer *w, xmlNode *node, const char *marker, const char *indent, Break around)
{
  gsize saved = w->indent->len;

  request (w, around);
  if (marker != NULL)
    {
      g_free (w->marker);
      w->marker = g_strdup (marker);
      w->marker_at = saved;
    }
  g_string_append (w->indent, indent);
  walk_children (w, node);
  request (w, around);
  if (w->pending >= BREAK_LINE)
    flush_line (w);
  g_string_truncate (w->indent, saved);
  g_clear_pointer (&w->marker, g_free);
}

static void
walk_item (Writer *w, xmlNode *node)
{
  g_autofree char *marker = NULL;
  g_autofree char *indent = NULL;

  if (w->list_kind == LIST_NUMBER)
    marker = g_strdup_printf ("%u. ", ++w->list_index);
  else
    marker = g_strdup ("- ");
  indent = g_strnfill (strlen (marker), ' ');
  walk_indented (w, node, marker, indent, BREAK_LINE);
}

static void
walk_element (Writer *w, xmlNode *node)
{
  static const char * const dropped[] = {
    "head", "script", "style", "title", "template", "object", "iframe", "svg", "noscript", NULL
  };
  static const char * const paragraphs[] = {
    "p", "table", "dl", "figure", "address", "h3", "h4", "h5", "h6", NULL
  };
  static const char * const lines[] = {
    "div", "tr", "dt", "section", "article", "header", "footer", "main", "nav", "aside",
    "caption", "form", "fieldset", "legend", "figcaption", "details", "summary", "center", NULL
  };
  const char *name = (const char *) node->name;

  if (name_in (name, dropped) || is_hidden (node))
    return;

  if (g_str_equal (name, "br"))
    hard_break (w);
  else if (g_str_equal (name, "img"))
    {
      g_autofree char *alt = get_attr (node, "alt");

      if (alt != NULL && *alt != '\0')
        {
          g_autofree char *shown = g_strdup_printf ("[%s]", alt);

          add_text (w, shown);
        }
    }
  else if (g_str_equal (name, "hr"))
    {
      request (w, BREAK_PARA);
      emit (w, "--------------------", 20);
      request (w, BREAK_PARA);
    }
  else if (g_str_equal (name, "a"))
    walk_link (w, node);
  else if (g_str_equal (name, "h1") || g_str_equal (name, "h2"))
    walk_heading (w, node, name[1] == '1' ? '=' : '-');
  else if (g_str_equal (name, "ul") || g_str_equal (name, "ol"))
    walk_list (w, node, name[0] == 'o' ? LIST_NUMBER : LIST_BULLET);
  else if (g_str_equal (name, "li"))
    walk_item (w, node);
  else if (g_str_equal (name, "blockquote"))
    walk_indented (w, node, NULL, "> ", BREAK_PARA);
  else if (g_str_equal (name, "dd"))
    walk_indented (w, node, NULL, "    ", BREAK_LINE);
  else if (g_str_equal (name, "pre"))
    {
      request (w, BREAK_PARA);
      w->pre++;
      walk_children (w, node);
      w->pre--;
      request (w, BREAK_PARA);
    }
  else if (g_str_equal (name, "td") || g_str_equal (name, "th"))
    {
      request (w, BREAK_SPACE);
      walk_children (w, node);
      request (w, BREAK_SPACE);
    }
  else
    {
      Break around = name_in (name, paragraphs) ? BREAK_PARA
                   : name_in (name, lines) ? BREAK_LINE
                   : BREAK_NONE;

      request (w, around);
      walk_children (w, node);
      request (w, around);
    }
}

static void
walk (Writer *w, xmlNode *node)
{
  switch (node->type)
    {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      if (node->content != NULL)
        add_text (w, (const char *) node->content);
      break;
    case XML_ELEMENT_NODE:
      walk_element (w, node);
      break;
    default:
      break;  /* comments, processing instructions, the doctype */
    }
}

static gpointer
init_libxml (gpointer data)
{
  xmlInitParser ();
  return NULL;
}

/**
 * herald_text_from_html:
 * @html: HTML, UTF-8
 * @len: its length in bytes, or -1 when it ends with a NUL
 *
 * Returns: (transfer full): the text, with "\n" line ends and a final "\n"
 *   (or an empty string when there is no text)
 */
char *
herald_text_from_html (const char *html,
                       gssize      len)
{
  return herald_text_strip_marks (herald_text_from_html_for_merge (html, len));
}

/**
 * herald_text_strip_marks:
 * @text: (transfer full): herald_text_from_html_for_merge()'s text
 *
 * Returns: (transfer full): @text without the marks, as a person reads it
 */
char *
herald_text_strip_marks (char *text)
{
  char *w = text;

  for (const char *r = text; *r != '\0'; r++)
    if (*r != HERALD_TEMPLATE_MARK_URL && *r != HERALD_TEMPLATE_MARK_URL_PART)
      *w++ = *r;
  *w = '\0';
  return text;
}

/**
 * herald_text_from_html_for_merge:
 *
 * herald_text_from_html(), with each merge field of a link's URL marked
 * (HERALD_TEMPLATE_MARK_URL, HERALD_TEMPLATE_MARK_URL_PART) so that the
 * TEXT template encodes its value as the HTML template does in the href.
 *
 * Returns: (transfer full): the text, for herald_template_compile()
 */
char *
herald_text_from_html_for_merge (const char *html,
                                 gssize      len)
{
  static GOnce once = G_ONCE_INIT;
  Writer w = { .mark_urls = TRUE };
  htmlDocPtr doc;

  g_return_val_if_fail (html != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (html);
  if (len == 0 || len > G_MAXINT)
    return g_strdup ("");
  g_once (&once, init_libxml, NULL);

  doc = htmlReadMemory (html, (int) len, NULL, "UTF-8",
                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT);
  if (doc == NULL)
    return g_strdup ("");

  w.out = g_string_new (NULL);
  w.line = g_string_new (NULL);
  w.line_first = g_string_new (NULL);
  w.line_cont = g_string_new (NULL);
  w.indent = g_string_new (NULL);
  w.word = g_string_new (NULL);
  for (xmlNode *node = doc->children; node != NULL; node = node->next)
    walk (&w, node);
  flush_line (&w);
  xmlFreeDoc (doc);

  while (w.out->len > 0 && w.out->str[w.out->len - 1] == '\n')
    g_string_truncate (w.out, w.out->len - 1);
  if (w.out->len > 0)
    g_string_append_c (w.out, '\n');

  g_string_free (w.line, TRUE);
  g_string_free (w.line_first, TRUE);
  g_string_free (w.line_cont, TRUE);
  g_string_free (w.indent, TRUE);
  g_string_free (w.word, TRUE);
  g_free (w.marker);
  return g_string_free (w.out, FALSE);
}
