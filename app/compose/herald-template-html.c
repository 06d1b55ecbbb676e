/* herald-template-html.c — where a merge field stands in the HTML
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *
 * A cut-down HTML tokenizer (after the states of the HTML standard) fed
 * with the literal text that precedes each field, so the compiler knows
 * whether the field lands in element text, in a quoted attribute value (and
 * which attribute), in a comment, or somewhere no value may go. It keeps a
 * few bytes of memory: the tag name (to spot <script> and <style>, whose
 * contents are not markup), the attribute name, and whether the value has
 * begun. Everything it does not recognise it treats as text, which only
 * ever makes it stricter.
 */
#define G_LOG_DOMAIN "herald-template"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-template-private.h"

/* Attributes whose value is a URL. */
static const char * const url_attributes[] = {
  "href", "src", "action", "formaction", "poster", "background", "cite",
  "longdesc", "srcset", "data", "codebase", "xlink:href", NULL
};

/* Attributes whose value is code or markup: no escaping makes a value safe
 * there, so a field in them does not compile ("on…" is checked apart). */
static const char * const code_attributes[] = { "style", "srcdoc", NULL };

static void
append_name (char *buf, gsize size, guint8 *len, char c)
{
  if (*len < size)
    buf[*len] = g_ascii_tolower (c);
  if (*len < G_MAXUINT8)
    (*len)++;
}

static gboolean
name_is (const char *buf, gsize size, guint8 len, const char *name)
{
  gsize n = strlen (name);

  return n == len && n <= size && g_ascii_strncasecmp (buf, name, n) == 0;
}

static gboolean
tracker_in_rawtext_tag (const HtmlTracker *t)
{
  return name_is (t->tag, sizeof t->tag, t->tag_len, "script") ||
         name_is (t->tag, sizeof t->tag, t->tag_len, "style");
}

static void
tracker_end_tag (HtmlTracker *t)
{
  if (!t->end_tag && tracker_in_rawtext_tag (t))
    {
      t->state = HTML_RAWTEXT;
      t->count = 0;
    }
  else
    t->state = HTML_DATA;
}

static void
tracker_start_attr (HtmlTracker *t, char c)
{
  t->state = HTML_ATTR_NAME;
  t->attr_len = 0;
  append_name (t->attr, sizeof t->attr, &t->attr_len, c);
}

/* One byte of literal text; returns FALSE when the byte must be fed again
 * in the new state (the standard's "reconsume"). */
static gboolean
tracker_step (HtmlTracker *t, char c)
{
  switch ((HtmlState) t->state)
    {
    case HTML_DATA:
      if (c == '<')
        t->state = HTML_TAG_OPEN;
      return TRUE;

    case HTML_TAG_OPEN:
      if (g_ascii_isalpha (c))
        {
          t->state = HTML_TAG_NAME;
          t->end_tag = FALSE;
          t->tag_len = 0;
          append_name (t->tag, sizeof t->tag, &t->tag_len, c);
          return TRUE;
        }
      t->state = c == '/' ? HTML_END_TAG_OPEN
               : c == '!' ? HTML_MARKUP_OPEN
               : c == '?' ? HTML_BOGUS
               : HTML_DATA;
      t->count = 0;
      return t->state != HTML_DATA;

    case HTML_END_TAG_OPEN:
      if (g_ascii_isalpha (c))
        {
          t->state = HTML_TAG_NAME;
          t->end_tag = TRUE;
          t->tag_len = 0;
          append_name (t->tag, sizeof t->tag, &t->tag_len, c);
          return TRUE;
        }
      t->state = c == '>' ? HTML_DATA : HTML_BOGUS;
      return c == '>';

    case HTML_MARKUP_OPEN:
      if (c != '-')
        {
          t->state = HTML_BOGUS;
          return FALSE;
        }
      if (++t->count == 2)
        {
          /* Two dashes already trail, so "<!-->" closes at once. */
          t->state = HTML_COMMENT;
          t->head = 0;
        }
      return TRUE;

    case HTML_BOGUS:
      if (c == '>')
        t->state = HTML_DATA;
      return TRUE;

    case HTML_COMMENT:
      /* "<!--[if mso]>" opens markup that Outlook reads: follow it as HTML. */
      if (t->head < 3)
        {
          if (g_ascii_tolower (c) == "[if"[t->head])
            {
              t->count = 0;
              if (++t->head == 3)
                t->state = HTML_BOGUS;
              return TRUE;
            }
          t->head = 0xff;
        }
      if (c == '-')
        t->count = t->count == 3 ? 1 : MIN (t->count + 1, 2);
      else if (c == '!' && t->count == 2)
        t->count = 3;
      else if (c == '>' && t->count >= 2)
        t->state = HTML_DATA;
      else
        t->count = 0;
      return TRUE;

    case HTML_TAG_NAME:
      if (_herald_html_is_space (c) || c == '/')
        t->state = HTML_IN_TAG;
      else if (c == '>')
        tracker_end_tag (t);
      else
        append_name (t->tag, sizeof t->tag, &t->tag_len, c);
      return TRUE;

    case HTML_IN_TAG:
      if (c == '>')
        tracker_end_tag (t);
      else if (!_herald_html_is_space (c) && c != '/')
        tracker_start_attr (t, c);
      return TRUE;

    case HTML_ATTR_NAME:
    case HTML_AFTER_ATTR_NAME:
      if (_herald_html_is_space (c))
        t->state = HTML_AFTER_ATTR_NAME;
      else if (c == '/')
        t->state = HTML_IN_TAG;
      else if (c == '=')
        t->state = HTML_BEFORE_VALUE;
      else if (c == '>')
        tracker_end_tag (t);
      else if (t->state == HTML_ATTR_NAME)
        append_name (t->attr, sizeof t->attr, &t->attr_len, c);
      else
        tracker_start_attr (t, c);
      return TRUE;

    case HTML_BEFORE_VALUE:
      t->value_started = FALSE;
      if (c == '"')
        t->state = HTML_VALUE_DQ;
      else if (c == '\'')
        t->state = HTML_VALUE_SQ;
      else if (c == '>')
        tracker_end_tag (t);
      else if (!_herald_html_is_space (c))
        t->state = HTML_VALUE_UQ;
      return TRUE;

    case HTML_VALUE_DQ:
    case HTML_VALUE_SQ:
      if (c == (t->state == HTML_VALUE_DQ ? '"' : '\''))
        t->state = HTML_IN_TAG;
      else if (!_herald_html_is_space (c))
        t->value_started = TRUE;
      return TRUE;

    case HTML_VALUE_UQ:
      if (_herald_html_is_space (c))
        t->state = HTML_IN_TAG;
      else if (c == '>')
        tracker_end_tag (t);
      return TRUE;

    case HTML_RAWTEXT:
      /* Look for "</script" or "</style" followed by a space, "/" or ">". */
      if (t->count < 2 + t->tag_len)
        {
          char want = t->count < 2 ? "</"[t->count] : t->tag[t->count - 2];

          if (g_ascii_tolower (c) == want)
            t->count++;
          else
            t->count = c == '<';
          return TRUE;
        }
      if (_herald_html_is_space (c) || c == '/' || c == '>')
        {
          t->state = HTML_IN_TAG;
          t->end_tag = TRUE;
          return FALSE;
        }
      t->count = c == '<';
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

void
_herald_html_tracker_feed (HtmlTracker *t,
                           const char  *text,
                           gsize        len)
{
  for (gsize i = 0; i < len; i++)
    while (!tracker_step (t, text[i]))
      ;
}

/* A conditional's edge: a tag name cut by "{{#if}}" is over. */
void
_herald_html_tracker_at_block_edge (HtmlTracker *t)
{
  if (t->state == HTML_TAG_NAME)
    t->state = HTML_IN_TAG;
}

gboolean
_herald_html_tracker_same (const HtmlTracker *a,
                           const HtmlTracker *b)
{
  if (a->state != b->state)
    return FALSE;

  switch ((HtmlState) a->state)
    {
    case HTML_DATA:
    case HTML_BOGUS:
    case HTML_TAG_OPEN:
    case HTML_END_TAG_OPEN:
      return TRUE;
    case HTML_MARKUP_OPEN:
    case HTML_COMMENT:
      return a->count == b->count && a->head == b->head;
    case HTML_RAWTEXT:
      return a->count == b->count &&
             a->tag_len == b->tag_len &&
             memcmp (a->tag, b->tag, MIN (a->tag_len, sizeof a->tag)) == 0;
    case HTML_VALUE_DQ:
    case HTML_VALUE_SQ:
    case HTML_VALUE_UQ:
      if (a->value_started != b->value_started)
        return FALSE;
      G_GNUC_FALLTHROUGH;
    case HTML_ATTR_NAME:
    case HTML_AFTER_ATTR_NAME:
    case HTML_BEFORE_VALUE:
      if (a->attr_len != b->attr_len ||
          memcmp (a->attr, b->attr, MIN (a->attr_len, sizeof a->attr)) != 0)
        return FALSE;
      G_GNUC_FALLTHROUGH;
    case HTML_TAG_NAME:
    case HTML_IN_TAG:
      return a->end_tag == b->end_tag && a->tag_len == b->tag_len &&
             memcmp (a->tag, b->tag, MIN (a->tag_len, sizeof a->tag)) == 0;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
attr_in (const HtmlTracker *t, const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (name_is (t->attr, sizeof t->attr, t->attr_len, list[i]))
      return TRUE;
  return FALSE;
}

/* How a field at the tracker's place is escaped; NULL, or the reason it
 * may not stand there. */
const char *
_herald_html_tracker_escape (const HtmlTracker *t,
                             Escape            *escape)
{
  switch ((HtmlState) t->state)
    {
    case HTML_DATA:
    case HTML_COMMENT:
    case HTML_BOGUS:
      *escape = ESCAPE_HTML;
      return NULL;
    case HTML_RAWTEXT:
      return _("Merge fields cannot be used inside <script> or <style>");
    case HTML_VALUE_DQ:
    case HTML_VALUE_SQ:
      if (tracker_in_rawtext_tag (t))
        return _("Merge fields cannot be used inside <script> or <style>");
      if (attr_in (t, code_attributes) ||
          (t->attr_len >= 2 && t->attr[0] == 'o' && t->attr[1] == 'n'))
        return _("Merge fields cannot be used in event handler, style or srcdoc attributes");
      if (attr_in (t, url_attributes))
        *escape = t->value_started ? ESCAPE_URL_QUERY : ESCAPE_URL;
      else
        *escape = ESCAPE_HTML;
      return NULL;
    default:
      return _("Merge field inside a tag must be in a quoted attribute value");
    }
}
