/* herald-css-inline.c — a template's <style> rules written into its elements
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-css-inline"

#include "config.h"

#include <string.h>

#include "herald-css.h"
#include "herald-css-inline.h"
#include "herald-html-scan.h"

typedef struct
{
  const HeraldCssRule *rule;
  guint                specificity;
} Match;

typedef struct
{
  char   *name;          /* lower case */
  char   *id;            /* nullable */
  GStrv   classes;       /* nullable */
  char   *style;         /* the style attribute as the parser read it, nullable */
  gint    parent;        /* index, or -1 */
  gboolean dynamic;      /* its class or id holds a merge field */
  gboolean located;      /* its start tag was found in the source */
  gsize   insert_at;     /* where a new attribute goes: after the last one */
  gsize   style_start;   /* the whole style attribute, when there is one */
  gsize   style_end;
  gboolean has_style_attr;
  GArray *matches;       /* Match, nullable */
} Element;

typedef struct
{
  gsize    start;          /* "<style" */
  gsize    content_start;
  gsize    content_end;    /* "</style" */
  gsize    end;            /* after its ">" */
  gboolean usable;
  gboolean in_head;
} StyleBlock;

typedef struct
{
  HeraldHtmlScan    base;
  GArray           *elements;   /* Element */
  GArray           *stack;      /* gint: the open elements */
  GArray           *blocks;     /* StyleBlock */
  gboolean          dynamic;
  gboolean          ambiguous;  /* raw text whose end the parser and the template language see apart */
  gssize            head_end;   /* after the <head> tag, or -1 */
} Scan;

typedef struct
{
  gsize  start;
  gsize  end;
  char  *text;
} Edit;

static void
element_clear (Element *e)
{
  g_free (e->name);
  g_free (e->id);
  g_strfreev (e->classes);
  g_free (e->style);
  if (e->matches != NULL)
    g_array_unref (e->matches);
}

static void
edit_clear (Edit *edit)
{
  g_free (edit->text);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ---- finding the tags in the source ---------------------------------------- */

/* Reads the start tag of @e at @lt ("<" then its name) with HTML's
 * attribute syntax: where it ends, where a new attribute would go, and
 * where its style attribute is. FALSE when the bytes there are not it. */
static gboolean
locate_tag (Scan       *s,
            gsize       lt,
            Element    *e,
            gsize      *tag_end)
{
  const char *html = s->base.html;
  gsize n = strlen (e->name), p = lt + 1 + n;

  e->has_style_attr = FALSE;
  if (p > s->base.len || g_ascii_strncasecmp (html + lt + 1, e->name, n) != 0 ||
      (p < s->base.len && !is_space (html[p]) && html[p] != '/' && html[p] != '>'))
    return FALSE;
  e->insert_at = p;
  while (p < s->base.len)
    {
      gsize name, name_end;

      while (p < s->base.len && (is_space (html[p]) || html[p] == '/'))
        p++;
      if (p >= s->base.len)
        return FALSE;
      if (html[p] == '>')
        {
          *tag_end = p + 1;
          e->located = TRUE;
          return TRUE;
        }
      name = p++;   /* a name may start with "=" */
      while (p < s->base.len && !is_space (html[p]) && html[p] != '/' && html[p] != '>' && html[p] != '=')
        p++;
      name_end = p;
      while (p < s->base.len && is_space (html[p]))
        p++;
      if (p < s->base.len && html[p] == '=')
        {
          p++;
          while (p < s->base.len && is_space (html[p]))
            p++;
          if (p < s->base.len && (html[p] == '"' || html[p] == '\''))
            {
              const char *close = memchr (html + p + 1, html[p], s->base.len - p - 1);

              if (close == NULL)
                return FALSE;
              p = close - html + 1;
            }
          else
            while (p < s->base.len && !is_space (html[p]) && html[p] != '>')
              p++;
        }
      else
        p = name_end;
      e->insert_at = p;
      if (!e->has_style_attr && name_end - name == 5 && g_ascii_strncasecmp (html + name, "style", 5) == 0)
        {
          e->has_style_attr = TRUE;
          e->style_start = name;
          e->style_end = p;
        }
    }
  return FALSE;
}

static const char *
find_attribute (const char **atts,
                const char     *name)
{
  for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
    if (g_ascii_strcasecmp ((const char *) atts[i], name) == 0)
      return atts[i + 1] != NULL ? (const char *) atts[i + 1] : "";
  return NULL;
}

/* A <style> for every medium a mail client shows on, of CSS. */
static gboolean
is_screen_css (const char **atts)
{
  const char *media = find_attribute (atts, "media");
  const char *type = find_attribute (atts, "type");
  g_autofree char *m = g_strstrip (g_ascii_strdown (media != NULL ? media : "", -1));
  g_autofree char *t = g_strstrip (g_ascii_strdown (type != NULL ? type : "", -1));

  return (*m == '\0' || g_str_equal (m, "all") || g_str_equal (m, "screen")) &&
         (*t == '\0' || g_str_equal (t, "text/css"));
}

/* Where the raw text of <style> or <script> (@name) starting at @from
 * ends: at the first "</name". libxml2 ends it there whatever follows;
 * HTML and the template language (herald-template-html.c) only when a
 * space, "/" or ">" follows. Where they differ, the inliner would read
 * the document otherwise than the template compiler, so it does nothing. */
static const char *
find_raw_text_end (Scan       *s,
                   gsize       from,
                   const char *name)
{
  gsize n = strlen (name);
  const char *p;

  for (p = memchr (s->base.html + from, '<', s->base.len - from); p != NULL;
       p = memchr (p + 1, '<', s->base.len - (p + 1 - s->base.html)))
    if ((gsize) (s->base.len - (p - s->base.html)) >= n + 2 && p[1] == '/' && g_ascii_strncasecmp (p + 2, name, n) == 0)
      {
        char after = p[n + 2];

        if (after != '\0' && !is_space (after) && after != '/' && after != '>')
          s->ambiguous = TRUE;
        return p;
      }
  return NULL;
}

static void
add_style_block (Scan           *s,
                 const Element  *e,
                 gsize           lt,
                 gsize           tag_end,
                 const char **atts)
{
  StyleBlock block = { lt, tag_end, 0, 0, FALSE, FALSE };
  const char *p;

  for (gint i = e->parent; i >= 0 && !block.in_head; i = g_array_index (s->elements, Element, i).parent)
    block.in_head = g_str_equal (g_array_index (s->elements, Element, i).name, "head");

  p = find_raw_text_end (s, tag_end, "style");
  if (p == NULL)
    return;
  block.content_end = p - s->base.html;
  p = memchr (p, '>', s->base.len - (p - s->base.html));
  if (p == NULL)
    return;
  block.end = p - s->base.html + 1;
  block.usable = is_screen_css (atts) &&
                 g_strstr_len (s->base.html + block.start, block.end - block.start, "{{") == NULL;
  g_array_append_val (s->blocks, block);
  s->base.last_end = MAX (s->base.last_end, block.end);
}

static void
on_start_element (HeraldHtmlScan  *scan,
                  const char      *name,
                  const char     **atts)
{
  Scan *s = (Scan *) scan;
  gsize at = herald_html_scan_offset (scan), tag_end = 0;
  Element e = { 0 };
  const char *id = find_attribute (atts, "id");
  const char *cls = find_attribute (atts, "class");
  const char *style = find_attribute (atts, "style");
  const char *lt;
  gint index = s->elements->len;

  e.name = g_ascii_strdown (name, -1);
  e.parent = s->stack->len > 0 ? g_array_index (s->stack, gint, s->stack->len - 1) : -1;
  e.style = g_strdup (style);
  if ((id != NULL && strstr (id, "{{") != NULL) || (cls != NULL && strstr (cls, "{{") != NULL))
    e.dynamic = s->dynamic = TRUE;
  else
    {
      if (id != NULL && *id != '\0')
        e.id = g_strdup (id);
      if (cls != NULL)
        e.classes = g_strsplit_set (cls, " \t\n\r\f", -1);
    }
  /* The tag is the first one of its name after what the parser reported
   * last, and before where it stands now: tags the parser dropped without
   * a word (a <head> outside <html>, a stray end tag) may come between.
   * An element the parser implied (a <p> around stray text) has no tag. */
  for (lt = memchr (s->base.html + s->base.last_end, '<', s->base.len - s->base.last_end);
       lt != NULL && (gsize) (lt - s->base.html) < MAX (at, s->base.last_end + 1);
       lt = memchr (lt + 1, '<', s->base.len - (lt + 1 - s->base.html)))
    if (locate_tag (s, lt - s->base.html, &e, &tag_end))
      break;
  if (lt != NULL && e.located)
    {
      /* A field in the style attribute is the template's error to report;
       * the inliner leaves that element as it is. */
      if (e.has_style_attr && g_strstr_len (s->base.html + e.style_start, e.style_end - e.style_start, "{{") != NULL)
        e.dynamic = s->dynamic = TRUE;
      s->base.last_end = tag_end;
      if (g_str_equal (e.name, "style"))
        add_style_block (s, &e, lt - s->base.html, tag_end, atts);
      else if (g_str_equal (e.name, "script"))
        find_raw_text_end (s, tag_end, "script");
      else if (g_str_equal (e.name, "head") && s->head_end < 0)
        s->head_end = tag_end;
    }
  g_array_append_val (s->elements, e);
  g_array_append_val (s->stack, index);
}

static void
on_end_element (HeraldHtmlScan *scan,
                const char     *name)
{
  Scan *s = (Scan *) scan;

  if (s->stack->len > 0)
    g_array_set_size (s->stack, s->stack->len - 1);
}

/* The elements and <style> blocks of @s->base.html. */
static gboolean
scan (Scan *s)
{
  herald_html_scan_init (&s->base, s->base.html, s->base.len, on_start_element, on_end_element);
  return herald_html_scan_run (&s->base, HERALD_HTML_SCAN_DEFAULT);
}

/* ---- matching -------------------------------------------------------------- */

static gboolean
compound_matches (const Element           *e,
                  const HeraldCssCompound *c)
{
  if (c->type != NULL && !g_str_equal (c->type, e->name))
    return FALSE;
  if (c->id != NULL && (e->id == NULL || !g_str_equal (c->id, e->id)))
    return FALSE;
  for (guint i = 0; c->classes != NULL && c->classes[i] != NULL; i++)
    if (e->classes == NULL || !g_strv_contains ((const char * const *) e->classes, c->classes[i]))
      return FALSE;
  return TRUE;
}

/* The names of the types, classes and ids the document has. */
static GHashTable *
collect_names (GArray *elements)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < elements->len; i++)
    {
      const Element *e = &g_array_index (elements, Element, i);

      g_hash_table_add (names, g_strconcat ("t", e->name, NULL));
      if (e->id != NULL)
        g_hash_table_add (names, g_strconcat ("#", e->id, NULL));
      for (guint c = 0; e->classes != NULL && e->classes[c] != NULL; c++)
        g_hash_table_add (names, g_strconcat (".", e->classes[c], NULL));
    }
  return names;
}

static gboolean
has_name (GHashTable *names,
          const char *kind,
          const char *name)
{
  g_autofree char *key = g_strconcat (kind, name, NULL);

  return g_hash_table_contains (names, key);
}

/* Most rules of a long sheet select nothing in a given template: a type,
 * class or id it names that no element has says so at once. */
static gboolean
may_match (GHashTable              *names,
           const HeraldCssSelector *sel)
{
  for (guint k = 0; k < sel->compounds->len; k++)
    {
      const HeraldCssCompound *c = g_ptr_array_index (sel->compounds, k);

      if ((c->type != NULL && !has_name (names, "t", c->type)) ||
          (c->id != NULL && !has_name (names, "#", c->id)))
        return FALSE;
      for (guint i = 0; c->classes != NULL && c->classes[i] != NULL; i++)
        if (!has_name (names, ".", c->classes[i]))
          return FALSE;
    }
  return TRUE;
}

/* Marks every element @sel selects. Elements come in document order, so
 * a parent's index is below its children's: one pass per compound, left
 * to right, with "this or an ancestor matches" carried down. */
static void
match_selector (GArray                  *elements,
                const HeraldCssRule     *rule,
                const HeraldCssSelector *sel,
                guint8                  *work)
{
  guint n = elements->len, k_last = sel->compounds->len - 1;
  guint8 *m_prev = work, *a_prev = work + n, *m = work + 2 * n, *a = work + 3 * n;

  for (guint k = 0; k <= k_last; k++)
    {
      const HeraldCssCompound *c = g_ptr_array_index (sel->compounds, k);

      for (guint i = 0; i < n; i++)
        {
          const Element *e = &g_array_index (elements, Element, i);
          gboolean ok = compound_matches (e, c);

          if (ok && k > 0)
            ok = e->parent >= 0 &&
                 (c->combinator == HERALD_CSS_CHILD ? m_prev[e->parent] : a_prev[e->parent]);
          m[i] = ok;
          a[i] = ok || (e->parent >= 0 && a[e->parent]);
        }
      if (k < k_last)
        {
          guint8 *t;

          t = m_prev; m_prev = m; m = t;
          t = a_prev; a_prev = a; a = t;
        }
    }
  for (guint i = 0; i < n; i++)
    if (m[i])
      {
        Element *e = &g_array_index (elements, Element, i);
        Match match = { rule, sel->specificity };

        if (e->matches == NULL)
          e->matches = g_array_new (FALSE, FALSE, sizeof (Match));
        g_array_append_val (e->matches, match);
      }
}

/* ---- the cascade ----------------------------------------------------------- */

typedef struct
{
  const HeraldCssDeclaration *decl;
  gboolean important;
  gboolean inline_;
  guint    specificity;
  guint    order;
  guint    index;
} Candidate;

static int
compare_candidates (const Candidate *x,
                    const Candidate *y)
{
  if (x->important != y->important)
    return x->important ? 1 : -1;
  if (x->inline_ != y->inline_)
    return x->inline_ ? 1 : -1;
  if (x->specificity != y->specificity)
    return x->specificity > y->specificity ? 1 : -1;
  if (x->order != y->order)
    return x->order > y->order ? 1 : -1;
  return (x->index > y->index) - (x->index < y->index);
}

static void
offer (GHashTable *winners,
       Candidate   cand)
{
  Candidate *old = g_hash_table_lookup (winners, cand.decl->property);

  if (old == NULL)
    g_hash_table_insert (winners, cand.decl->property, g_memdup2 (&cand, sizeof cand));
  else if (compare_candidates (&cand, old) > 0)
    *old = cand;
}

static int
compare_candidate_ptrs (gconstpointer a,
                        gconstpointer b)
{
  return compare_candidates (*(const Candidate **) a, *(const Candidate **) b);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      default: g_string_append_c (out, *p); break;
      }
}

/* The style attribute @e gets: its matches and its own declarations. */
static char *
cascade (const Element *e)
{
  g_autoptr(GHashTable) winners = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) own = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  GString *out = g_string_new (" style=\"");
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < e->matches->len; i++)
    {
      const Match *match = &g_array_index (e->matches, Match, i);

      for (guint d = 0; d < match->rule->declarations->len; d++)
        {
          const HeraldCssDeclaration *decl = g_ptr_array_index (match->rule->declarations, d);
          Candidate cand = { decl, decl->important, FALSE, match->specificity, match->rule->order, d };

          offer (winners, cand);
        }
    }
  if (e->style != NULL)
    {
      own = herald_css_parse_declarations (e->style, strlen (e->style));
      for (guint d = 0; d < own->len; d++)
        {
          const HeraldCssDeclaration *decl = g_ptr_array_index (own, d);
          Candidate cand = { decl, decl->important, TRUE, 0, 0, d };

          offer (winners, cand);
        }
    }

  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, winners);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_candidate_ptrs);
  for (guint i = 0; i < sorted->len; i++)
    {
      const Candidate *cand = g_ptr_array_index (sorted, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      append_escaped (out, cand->decl->property);
      g_string_append (out, ": ");
      append_escaped (out, cand->decl->value);
      g_string_append_c (out, ';');
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Elements whose style means nothing to a reader. */
static gboolean
is_unstyled (const char *name)
{
  static const char * const names[] = {
    "head", "title", "meta", "link", "style", "script", "base", "noscript", NULL,
  };

  return g_strv_contains (names, name);
}

/* ---- putting it together ----------------------------------------------------- */

static void
add_edit (GArray     *edits,
          gsize       start,
          gsize       end,
          char       *text)
{
  Edit edit = { start, end, text };

  g_array_append_val (edits, edit);
}

static int
compare_edits (gconstpointer a,
               gconstpointer b)
{
  const Edit *x = a, *y = b;

  return (x->start > y->start) - (x->start < y->start);
}

static void
edit_blocks (const Scan           *s,
             const HeraldCssSheet *sheet,
             GArray               *edits)
{
  gboolean first = TRUE;

  for (guint i = 0; i < s->blocks->len; i++)
    {
      const StyleBlock *b = &g_array_index (s->blocks, StyleBlock, i);

      if (!b->usable)
        continue;
      /* What stays goes in the head: in the first block, or, when that
       * one is in the body, in a block of its own just after the <head>
       * tag (a tag boundary the parser vouched for; the message's charset
       * is its MIME part's, so nothing needs to come before it). */
      if (first && sheet->kept->len > 0 && !b->in_head && s->head_end >= 0)
        {
          add_edit (edits, s->head_end, s->head_end, g_strconcat ("\n<style>\n", sheet->kept->str, "</style>", NULL));
          add_edit (edits, b->start, b->end, g_strdup (""));
        }
      else if (first && sheet->kept->len > 0)
        add_edit (edits, b->content_start, b->content_end, g_strconcat ("\n", sheet->kept->str, NULL));
      else
        add_edit (edits, b->start, b->end, g_strdup (""));
      first = FALSE;
    }
}

static char *
apply_edits (const Scan *s,
             GArray     *edits)
{
  GString *out = g_string_sized_new (s->base.len + s->base.len / 4);
  gsize done = 0;

  g_array_sort (edits, compare_edits);
  for (guint i = 0; i < edits->len; i++)
    {
      const Edit *edit = &g_array_index (edits, Edit, i);

      if (edit->start < done)
        continue;   /* cannot happen: tags and <style> blocks do not overlap */
      g_string_append_len (out, s->base.html + done, edit->start - done);
      g_string_append (out, edit->text);
      done = edit->end;
    }
  g_string_append_len (out, s->base.html + done, s->base.len - done);
  return g_string_free (out, FALSE);
}

static char *
inline_scanned (Scan *s)
{
  g_autoptr(HeraldCssSheet) sheet = herald_css_sheet_new ();
  g_autoptr(GArray) edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  g_autofree guint8 *work = NULL;
  g_autoptr(GHashTable) names = NULL;
  gboolean any = FALSE;

  g_array_set_clear_func (edits, (GDestroyNotify) edit_clear);
  for (guint i = 0; i < s->blocks->len; i++)
    {
      const StyleBlock *b = &g_array_index (s->blocks, StyleBlock, i);

      if (b->usable)
        herald_css_sheet_add (sheet, s->base.html + b->content_start, b->content_end - b->content_start);
    }
  if (sheet->rules->len == 0 || s->elements->len == 0)
    return NULL;   /* nothing to inline: the HTML stays as it is */

  work = g_malloc (4 * (gsize) s->elements->len);
  names = collect_names (s->elements);
  for (guint r = 0; r < sheet->rules->len; r++)
    {
      const HeraldCssRule *rule = g_ptr_array_index (sheet->rules, r);

      for (guint i = 0; i < rule->selectors->len; i++)
        if (may_match (names, g_ptr_array_index (rule->selectors, i)))
          match_selector (s->elements, rule, g_ptr_array_index (rule->selectors, i), work);
    }

  for (guint i = 0; i < s->elements->len; i++)
    {
      const Element *e = &g_array_index (s->elements, Element, i);

      if (e->matches == NULL || !e->located || e->dynamic || is_unstyled (e->name))
        continue;
      any = TRUE;
      if (e->has_style_attr)
        {
          char *text = cascade (e);

          /* the attribute replaced whole: drop the space cascade() puts first */
          memmove (text, text + 1, strlen (text));
          add_edit (edits, e->style_start, e->style_end, text);
        }
      else
        add_edit (edits, e->insert_at, e->insert_at, cascade (e));
    }
  if (!s->dynamic)
    edit_blocks (s, sheet, edits);
  if (!any && s->dynamic)
    return NULL;
  return apply_edits (s, edits);
}

/**
 * herald_css_inline:
 * @html: template source (HTML with merge fields), UTF-8
 *
 * See herald-css-inline.h.
 *
 * Returns: (transfer full) (nullable): the HTML with its <style> rules
 *   inline, or %NULL when there is nothing to change (no usable <style>
 *   block, or no rule in it that can be inlined): @html is then the
 *   message's HTML as it is
 */
char *
herald_css_inline (const char *html)
{
  Scan s = { 0 };
  char *result = NULL;

  g_return_val_if_fail (html != NULL, NULL);

  s.base.html = html;
  s.base.len = strlen (html);
  /* Most templates have no <style>: they cost one search. */
  if (s.base.len < 6 || s.base.len > G_MAXINT)
    return NULL;
  {
    const char *p = html;
    gboolean found = FALSE;

    while ((p = strchr (p, '<')) != NULL && !found)
      found = g_ascii_strncasecmp (++p, "style", 5) == 0;
    if (!found)
      return NULL;
  }

  s.elements = g_array_new (FALSE, FALSE, sizeof (Element));
  g_array_set_clear_func (s.elements, (GDestroyNotify) element_clear);
  s.stack = g_array_new (FALSE, FALSE, sizeof (gint));
  s.blocks = g_array_new (FALSE, FALSE, sizeof (StyleBlock));
  s.head_end = -1;
  if (scan (&s) && s.blocks->len > 0 && !s.ambiguous)
    result = inline_scanned (&s);
  g_array_unref (s.elements);
  g_array_unref (s.stack);
  g_array_unref (s.blocks);
  return result;
}
