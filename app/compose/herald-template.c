/* herald-template.c — the merge language: compile once, render many
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-template"

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-template-private.h"

G_DEFINE_QUARK (herald-template-error-quark, herald_template_error)

static const char * const builtin_fields[] = {
  "email", "unsubscribe_url", "unsubscribe_mailto", "today",
  "sender_name", "sender_address", "sender_contact", NULL
};


typedef enum
{
  NODE_LITERAL,     /* text[start, start+len) */
  NODE_FIELD,       /* names[name], fallback text[start, start+len) */
  NODE_IF,          /* go on when names[name] is set, else go to jump */
  NODE_UNLESS,      /* the other way round */
  NODE_ELSE,        /* end of a taken first branch: go to jump */
} NodeKind;


typedef struct
{
  guint8   kind;
  guint8   escape;
  guint8   has_fallback;
  guint    name;
  guint    jump;
  gsize    start;
  gsize    len;
} Node;

struct _HeraldTemplate
{
  HeraldTemplateContext   context;
  char                   *text;     /* literal text and fallbacks, unescaped */
  Node                   *nodes;
  guint                   n_nodes;
  char                  **names;    /* every name a node refers to */
  const char            **fields;   /* names minus built-ins, NULL-terminated */
};

/* ------------------------------------------------------------------------
 * Compiling
 * ------------------------------------------------------------------------ */

typedef struct
{
  guint       node;       /* the IF or UNLESS node */
  guint       else_node;  /* G_MAXUINT when there is none */
  gsize       pos;        /* where "{{#if" starts, for messages */
  HtmlTracker at_open;
  HtmlTracker at_else;    /* where the first branch ended */
} Block;

typedef struct
{
  const char             *src;
  gsize                   len;
  HeraldTemplateContext   context;
  GHashTable             *known;       /* NFC names, or NULL for any */
  GString                *text;
  GArray                 *nodes;
  GPtrArray              *names;
  GHashTable             *name_index;  /* name → index + 1 */
  GArray                 *blocks;
  guint                   barrier;     /* literals before it may not grow */
  HtmlTracker             html;
  GError                **error;
  Escape                  text_url;    /* TEXT: the mark before the next field said so */
} Compiler;

static void
position_of (const char *src,
             gsize       offset,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (src[i] == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) src[i] & 0xc0) != 0x80)
        (*column)++;
    }
}

static gboolean G_GNUC_PRINTF (4, 5)
fail (Compiler   *c,
      gsize       offset,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *what = NULL;
  va_list args;
  guint line, column;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  position_of (c->src, offset, &line, &column);
  g_set_error (c->error, HERALD_TEMPLATE_ERROR, code, "%u:%u: %s", line, column, what);
  return FALSE;
}

static gboolean
is_tag_space (const char *p, gsize *n)
{
  if (_herald_html_is_space (*p) || *p == '\v')
    {
      *n = 1;
      return TRUE;
    }
  if ((guchar) p[0] == 0xe3 && (guchar) p[1] == 0x80 && (guchar) p[2] == 0x80)  /* U+3000 */
    {
      *n = 3;
      return TRUE;
    }
  return FALSE;
}

static gsize
skip_space (Compiler *c, gsize pos)
{
  gsize n;

  while (pos < c->len && is_tag_space (c->src + pos, &n))
    pos += n;
  return pos;
}

static gsize
scan_name (Compiler *c, gsize pos)
{
  while (pos < c->len)
    {
      gunichar ch = g_utf8_get_char (c->src + pos);

      if (!(g_unichar_isalnum (ch) || g_unichar_ismark (ch) ||
            ch == '_' || ch == '-' || ch == '.'))
        break;
      pos = g_utf8_next_char (c->src + pos) - c->src;
    }
  return pos;
}

/* The error for a tag that does not go on as it should at @pos. */
static gboolean
fail_in_tag (Compiler   *c,
             gsize       tag_start,
             gsize       pos,
             const char *expected)
{
  g_autofree char *found = NULL;

  if (strstr (c->src + tag_start + 2, "}}") == NULL)
    return fail (c, tag_start, HERALD_TEMPLATE_ERROR_UNCLOSED,
                 _("“{{” is not closed by “}}”"));
  if (pos >= c->len)
    found = g_strdup (_("the end"));
  else if ((guchar) c->src[pos] < 0x20)
    found = g_strdup_printf ("U+%04X", (guint) c->src[pos]);
  else
    found = g_strdup_printf ("“%.*s”",
                             (int) (g_utf8_next_char (c->src + pos) - (c->src + pos)),
                             c->src + pos);
  /* TRANSLATORS: the first %s is what was expected, e.g. “}}”; the second
   * is what the template has there, quoted, or “the end” */
  return fail (c, pos, HERALD_TEMPLATE_ERROR_SYNTAX,
               _("Expected %s in the merge field but found %s"), expected, found);
}

static gboolean
expect_close (Compiler *c, gsize tag_start, gsize *pos)
{
  *pos = skip_space (c, *pos);
  if (*pos + 1 < c->len && c->src[*pos] == '}' && c->src[*pos + 1] == '}')
    {
      *pos += 2;
      return TRUE;
    }
  return fail_in_tag (c, tag_start, *pos, "“}}”");
}

static gboolean
header_check (Compiler *c, gsize offset, const char *text, gsize len)
{
  if (c->context != HERALD_TEMPLATE_CONTEXT_HEADER)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    {
      guchar b = text[i];

      if ((b < 0x20 && b != '\t') || b == 0x7f)
        return fail (c, offset + i, HERALD_TEMPLATE_ERROR_HEADER_BREAK,
                     _("A header cannot contain a line break or a control character"));
    }
  return TRUE;
}

static Node *
add_node (Compiler *c, NodeKind kind)
{
  Node node = { .kind = kind, .jump = G_MAXUINT };

  g_array_append_val (c->nodes, node);
  return &g_array_index (c->nodes, Node, c->nodes->len - 1);
}

static void
add_literal (Compiler *c, const char *text, gsize len)
{
  Node *last = c->nodes->len > c->barrier
             ? &g_array_index (c->nodes, Node, c->nodes->len - 1) : NULL;

  if (len == 0)
    return;
  if (c->context == HERALD_TEMPLATE_CONTEXT_HTML)
    _herald_html_tracker_feed (&c->html, text, len);
  if (last != NULL && last->kind == NODE_LITERAL &&
      last->start + last->len == c->text->len)
    last->len += len;
  else
    {
      Node *node = add_node (c, NODE_LITERAL);

      node->start = c->text->len;
      node->len = len;
    }
  g_string_append_len (c->text, text, len);
}

gboolean
herald_template_is_builtin_field (const char *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  return g_strv_contains (builtin_fields, field);
}

static gboolean
check_known (Compiler *c, const char *name, gsize pos)
{
  GHashTableIter iter;
  gpointer key;
  g_autofree char *folded = NULL;

  if (c->known == NULL || herald_template_is_builtin_field (name) ||
      g_hash_table_contains (c->known, name))
    return TRUE;

  folded = g_utf8_casefold (name, -1);
  g_hash_table_iter_init (&iter, c->known);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *other = g_utf8_casefold (key, -1);

      if (g_str_equal (folded, other))
        return fail (c, pos, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD,
                     _("Unknown merge field “%s”; did you mean “%s”?"), name, (char *) key);
    }
  return fail (c, pos, HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD,
               _("Unknown merge field “%s”; the list has no column of that name"), name);
}

/* Reads a field name at *pos into an index of c->names. */
static gboolean
read_field (Compiler *c, gsize tag_start, gsize *pos, guint *index)
{
  gsize end = scan_name (c, *pos);
  g_autofree char *name = NULL;
  guint found;

  if (end == *pos)
    return fail_in_tag (c, tag_start, *pos, _("a field name"));
  name = g_utf8_normalize (c->src + *pos, end - *pos, G_NORMALIZE_NFC);
  if (!check_known (c, name, *pos))
    return FALSE;
  found = GPOINTER_TO_UINT (g_hash_table_lookup (c->name_index, name));
  if (found == 0)
    {
      g_ptr_array_add (c->names, g_strdup (name));
      found = c->names->len;
      g_hash_table_insert (c->name_index, g_steal_pointer (&name), GUINT_TO_POINTER (found));
    }
  *index = found - 1;
  *pos = end;
  return TRUE;
}

/* A quoted fallback at *pos (just after the opening quote): unescaped into
 * c->text, where the node points. */
static gboolean
read_fallback (Compiler *c, gsize tag_start, gsize *pos, Node *node)
{
  gsize p = *pos;

  node->start = c->text->len;
  node->has_fallback = TRUE;
  for (; p < c->len && c->src[p] != '"'; p++)
    {
      if (c->src[p] == '\\' && p + 1 < c->len && (c->src[p + 1] == '"' || c->src[p + 1] == '\\'))
        p++;
      if (!header_check (c, p, c->src + p, 1))
        return FALSE;
      g_string_append_c (c->text, c->src[p]);
    }
  if (p >= c->len)
    return fail (c, *pos - 1, HERALD_TEMPLATE_ERROR_UNCLOSED,
                 _("The fallback text is not closed by a quote"));
  node->len = c->text->len - node->start;
  *pos = p + 1;
  return TRUE;
}

static gboolean
compile_field (Compiler *c, gsize tag_start, gsize *pos)
{
  Node field = { .kind = NODE_FIELD, .jump = G_MAXUINT };
  Escape escape = ESCAPE_NONE;
  gsize name_pos = *pos;

  if (!read_field (c, tag_start, pos, &field.name))
    return FALSE;
  *pos = skip_space (c, *pos);
  if (*pos < c->len && c->src[*pos] == '|')
    {
      *pos = skip_space (c, *pos + 1);
      if (*pos >= c->len || c->src[*pos] != '"')
        return fail_in_tag (c, tag_start, *pos, _("a quoted fallback"));
      (*pos)++;
      if (!read_fallback (c, tag_start, pos, &field))
        return FALSE;
    }
  if (!expect_close (c, tag_start, pos))
    return FALSE;

  if (c->context == HERALD_TEMPLATE_CONTEXT_HEADER)
    escape = ESCAPE_HEADER;
  else if (c->context == HERALD_TEMPLATE_CONTEXT_TEXT)
    escape = c->text_url;
  else if (c->context == HERALD_TEMPLATE_CONTEXT_HTML)
    {
      const char *why = _herald_html_tracker_escape (&c->html, &escape);

      if (why != NULL)
        return fail (c, name_pos, HERALD_TEMPLATE_ERROR_SYNTAX, "%s", why);
      /* A field's output is never empty of meaning to the URL: what follows
       * it is not the start of the value any more. */
      c->html.value_started = TRUE;
    }
  field.escape = escape;
  g_array_append_val (c->nodes, field);
  return TRUE;
}

static gboolean
open_block (Compiler *c, NodeKind kind, gsize tag_start, gsize *pos)
{
  Block block = { .node = c->nodes->len, .else_node = G_MAXUINT, .pos = tag_start };
  guint name;

  *pos = skip_space (c, *pos);
  if (!read_field (c, tag_start, pos, &name) || !expect_close (c, tag_start, pos))
    return FALSE;
  _herald_html_tracker_at_block_edge (&c->html);
  block.at_open = c->html;
  g_array_append_val (c->blocks, block);
  add_node (c, kind)->name = name;
  c->barrier = c->nodes->len;
  return TRUE;
}

static const char *
block_keyword (Compiler *c, const Block *block)
{
  return g_array_index (c->nodes, Node, block->node).kind == NODE_IF ? "if" : "unless";
}

static gboolean
compile_else (Compiler *c, gsize tag_start)
{
  Block *block;

  if (c->blocks->len == 0)
    return fail (c, tag_start, HERALD_TEMPLATE_ERROR_SYNTAX,
                 _("“{{else}}” is outside of any “{{#if}}” or “{{#unless}}”"));
  block = &g_array_index (c->blocks, Block, c->blocks->len - 1);
  if (block->else_node != G_MAXUINT)
    return fail (c, tag_start, HERALD_TEMPLATE_ERROR_SYNTAX,
                 _("A second “{{else}}” in the same “{{#%s}}”"), block_keyword (c, block));
  _herald_html_tracker_at_block_edge (&c->html);
  block->at_else = c->html;
  c->html = block->at_open;
  block->else_node = c->nodes->len;
  add_node (c, NODE_ELSE);
  c->barrier = c->nodes->len;
  return TRUE;
}

static gboolean
close_block (Compiler *c, const char *keyword, gsize tag_start)
{
  Block block;
  guint line, column;
  const HtmlTracker *other;

  if (c->blocks->len == 0)
    return fail (c, tag_start, HERALD_TEMPLATE_ERROR_SYNTAX,
                 _("“{{/%s}}” has no “{{#%s}}” to close"), keyword, keyword);
  block = g_array_index (c->blocks, Block, c->blocks->len - 1);
  if (!g_str_equal (keyword, block_keyword (c, &block)))
    {
      position_of (c->src, block.pos, &line, &column);
      return fail (c, tag_start, HERALD_TEMPLATE_ERROR_SYNTAX,
                   _("“{{/%s}}” cannot close the “{{#%s}}” of line %u; write “{{/%s}}”"),
                   keyword, block_keyword (c, &block), line, block_keyword (c, &block));
    }

  _herald_html_tracker_at_block_edge (&c->html);
  other = block.else_node != G_MAXUINT ? &block.at_else : &block.at_open;
  if (c->context == HERALD_TEMPLATE_CONTEXT_HTML && !_herald_html_tracker_same (&c->html, other))
    {
      HtmlTracker started = *other;

      /* One branch began the attribute value and the other did not: what
       * follows may not be the start, and is encoded as a part. */
      started.value_started = c->html.value_started = TRUE;
      if (!_herald_html_tracker_same (&c->html, &started))
        return fail (c, block.pos, HERALD_TEMPLATE_ERROR_SYNTAX,
                     _("The branches of this “{{#%s}}” end in different places of the HTML; "
                       "close every tag and quote inside the block"), keyword);
    }

  g_array_index (c->nodes, Node, block.node).jump =
    block.else_node != G_MAXUINT ? block.else_node + 1 : c->nodes->len;
  if (block.else_node != G_MAXUINT)
    g_array_index (c->nodes, Node, block.else_node).jump = c->nodes->len;
  g_array_set_size (c->blocks, c->blocks->len - 1);
  c->barrier = c->nodes->len;
  return TRUE;
}

/* "{{#if x}}", "{{#unless x}}", "{{/if}}", "{{/unless}}". */
static gboolean
compile_block_tag (Compiler *c, gsize tag_start, gsize *pos)
{
  gboolean closing = c->src[*pos] == '/';
  gsize start = ++(*pos);
  gsize end = scan_name (c, start);
  g_autofree char *keyword = g_strndup (c->src + start, end - start);

  *pos = end;
  if (!g_str_equal (keyword, "if") && !g_str_equal (keyword, "unless"))
    return fail (c, start - 1, HERALD_TEMPLATE_ERROR_SYNTAX,
                 _("Unknown block “%c%s”; write “{{#if field}}” or “{{#unless field}}”"),
                 closing ? '/' : '#', keyword);
  if (!closing)
    return open_block (c, g_str_equal (keyword, "if") ? NODE_IF : NODE_UNLESS, tag_start, pos);
  return expect_close (c, tag_start, pos) && close_block (c, keyword, tag_start);
}

/* Everything from "{{" to "}}". */
static gboolean
compile_tag (Compiler *c, gsize *pos)
{
  gsize tag_start = *pos;
  gsize end;

  *pos = skip_space (c, *pos + 2);
  if (*pos < c->len && (c->src[*pos] == '#' || c->src[*pos] == '/'))
    return compile_block_tag (c, tag_start, pos);

  end = scan_name (c, *pos);
  if (end - *pos == 4 && memcmp (c->src + *pos, "else", 4) == 0)
    {
      *pos = end;
      return expect_close (c, tag_start, pos) && compile_else (c, tag_start);
    }
  return compile_field (c, tag_start, pos);
}

/* TEXT: the literal without the marks of herald_text_from_html_for_merge(). */
static void
add_text_literal (Compiler *c, const char *text, gsize len)
{
  gsize run = 0;

  for (gsize i = 0; i < len; i++)
    if (text[i] == HERALD_TEMPLATE_MARK_URL || text[i] == HERALD_TEMPLATE_MARK_URL_PART)
      {
        add_literal (c, text + run, i - run);
        run = i + 1;
      }
  add_literal (c, text + run, len - run);
}

static gboolean
compile_all (Compiler *c)
{
  gsize pos = 0;
  const char *bad;

  if (!g_utf8_validate (c->src, c->len, &bad))
    return fail (c, bad - c->src, HERALD_TEMPLATE_ERROR_SYNTAX,
                 _("The template is not valid UTF-8 text"));

  while (pos < c->len)
    {
      const char *open = strstr (c->src + pos, "{{");
      gsize at = open != NULL ? (gsize) (open - c->src) : c->len;
      gboolean escaped = at > pos && c->src[at - 1] == '\\' && at < c->len;
      gsize lit_end = escaped ? at - 1 : at;

      if (!header_check (c, pos, c->src + pos, lit_end - pos))
        return FALSE;
      c->text_url = ESCAPE_NONE;
      if (c->context == HERALD_TEMPLATE_CONTEXT_TEXT)
        {
          /* A mark right before the field says how to encode it. */
          if (!escaped && at < c->len && lit_end > pos && c->src[lit_end - 1] == HERALD_TEMPLATE_MARK_URL)
            c->text_url = ESCAPE_URL_TEXT;
          else if (!escaped && at < c->len && lit_end > pos && c->src[lit_end - 1] == HERALD_TEMPLATE_MARK_URL_PART)
            c->text_url = ESCAPE_URL_QUERY;
          add_text_literal (c, c->src + pos, lit_end - pos);
        }
      else
        add_literal (c, c->src + pos, lit_end - pos);
      pos = at;
      if (escaped)
        {
          add_literal (c, "{{", 2);
          pos += 2;
        }
      else if (pos < c->len && !compile_tag (c, &pos))
        return FALSE;
    }

  if (c->blocks->len > 0)
    {
      const Block *block = &g_array_index (c->blocks, Block, c->blocks->len - 1);
      const char *keyword = block_keyword (c, block);

      return fail (c, block->pos, HERALD_TEMPLATE_ERROR_UNCLOSED,
                   _("“{{#%s}}” is never closed; add “{{/%s}}” where it ends"),
                   keyword, keyword);
    }
  return TRUE;
}

static HeraldTemplate *
steal_template (Compiler *c)
{
  HeraldTemplate *self = g_new0 (HeraldTemplate, 1);
  GPtrArray *fields = g_ptr_array_new ();

  self->context = c->context;
  self->n_nodes = c->nodes->len;
  self->nodes = (Node *) g_array_free (g_steal_pointer (&c->nodes), FALSE);
  self->text = g_string_free (g_steal_pointer (&c->text), FALSE);
  g_ptr_array_add (c->names, NULL);
  self->names = (char **) g_ptr_array_free (g_steal_pointer (&c->names), FALSE);
  for (guint i = 0; self->names[i] != NULL; i++)
    if (!herald_template_is_builtin_field (self->names[i]))
      g_ptr_array_add (fields, self->names[i]);
  g_ptr_array_add (fields, NULL);
  self->fields = (const char **) g_ptr_array_free (fields, FALSE);
  return self;
}

/**
 * herald_template_compile:
 * @source: the template, UTF-8
 * @context: where the rendering goes
 * @known_fields: (nullable) (array zero-terminated=1): the fields a
 *   recipient may have; %NULL accepts any name
 * @error: a compile error, whose message starts with "LINE:COLUMN: "
 *
 * Returns: (transfer full) (nullable): the compiled template
 */
HeraldTemplate *
herald_template_compile (const char             *source,
                         HeraldTemplateContext   context,
                         const char * const     *known_fields,
                         GError                **error)
{
  Compiler c = { 0 };
  HeraldTemplate *self = NULL;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  c.src = source;
  c.len = strlen (source);
  c.context = context;
  c.text = g_string_sized_new (c.len);
  c.nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  c.names = g_ptr_array_new_with_free_func (g_free);
  c.name_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  c.error = error;
  if (known_fields != NULL)
    {
      c.known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; known_fields[i] != NULL; i++)
        {
          char *name = g_utf8_normalize (known_fields[i], -1, G_NORMALIZE_NFC);

          if (name != NULL)
            g_hash_table_add (c.known, name);
        }
    }

  if (compile_all (&c))
    self = steal_template (&c);

  if (c.text != NULL)
    g_string_free (c.text, TRUE);
  if (c.nodes != NULL)
    g_array_free (c.nodes, TRUE);
  if (c.names != NULL)
    g_ptr_array_free (c.names, TRUE);
  g_hash_table_unref (c.name_index);
  g_array_free (c.blocks, TRUE);
  g_clear_pointer (&c.known, g_hash_table_unref);
  return self;
}

void
herald_template_free (HeraldTemplate *self)
{
  if (self == NULL)
    return;
  g_free (self->text);
  g_free (self->nodes);
  g_strfreev (self->names);
  g_free (self->fields);
  g_free (self);
}

/**
 * herald_template_shows_field:
 * @field: a field name, built-ins included
 *
 * Whether the template writes @field's value somewhere it may be empty: a
 * condition on it does not count, nor a use inside "{{#if @field}}".
 */
gboolean
herald_template_shows_field (const HeraldTemplate *self,
                             const char           *field)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->n_nodes; i++)
    {
      gboolean guarded = FALSE;

      if (self->nodes[i].kind != NODE_FIELD || !g_str_equal (self->names[self->nodes[i].name], field))
        continue;
      /* Inside "{{#if field}}": shown only when it has a value. */
      for (guint j = 0; j < i && !guarded; j++)
        guarded = self->nodes[j].kind == NODE_IF && self->nodes[j].name == self->nodes[i].name &&
                  i < self->nodes[j].jump;
      if (!guarded)
        return TRUE;
    }
  return FALSE;
}

/**
 * herald_template_get_fields:
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of the
 *   fields the template uses, built-ins left out, in order of first use
 */
const char * const *
herald_template_get_fields (const HeraldTemplate *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->fields;
}

HeraldTemplateContext
herald_template_get_context (const HeraldTemplate *self)
{
  g_return_val_if_fail (self != NULL, HERALD_TEMPLATE_CONTEXT_TEXT);

  return self->context;
}

/**
 * herald_template_error_get_position:
 * @error: an error from herald_template_compile()
 * @line: (out): 1-based line
 * @column: (out): 1-based column, in characters
 *
 * Returns: %TRUE when @error is a compile error with a position
 */
gboolean
herald_template_error_get_position (const GError *error,
                                    guint        *line,
                                    guint        *column)
{
  guint64 l, col;
  char *end;

  if (error == NULL || error->domain != HERALD_TEMPLATE_ERROR || !g_ascii_isdigit (error->message[0]))
    return FALSE;
  l = g_ascii_strtoull (error->message, &end, 10);
  if (*end != ':' || !g_ascii_isdigit (end[1]))
    return FALSE;
  col = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != ':' || l == 0 || col == 0 || l > G_MAXUINT || col > G_MAXUINT)
    return FALSE;
  *line = l;
  *column = col;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Rendering (the escaping itself is in herald-template-escape.c)
 * ------------------------------------------------------------------------ */

static gboolean
append_value (const HeraldTemplate  *self,
              const Node            *node,
              const char            *value,
              gsize                  len,
              GString               *out,
              GError               **error)
{
  switch ((Escape) node->escape)
    {
    case ESCAPE_NONE:
      g_string_append_len (out, value, len);
      break;
    case ESCAPE_HEADER:
      for (gsize i = 0; i < len; i++)
        {
          guchar b = value[i];

          if ((b < 0x20 && b != '\t') || b == 0x7f)
            {
              g_set_error (error, HERALD_TEMPLATE_ERROR, HERALD_TEMPLATE_ERROR_HEADER_BREAK,
                           _("The value of “%s” holds a line break or a control character, "
                             "which a header cannot contain"),
                           self->names[node->name]);
              return FALSE;
            }
        }
      g_string_append_len (out, value, len);
      break;
    case ESCAPE_HTML:
      _herald_template_append_html (out, value, len);
      break;
    case ESCAPE_URL:
      _herald_template_append_url (out, value, len);
      break;
    case ESCAPE_URL_QUERY:
      _herald_template_append_url_query (out, value, len);
      break;
    case ESCAPE_URL_TEXT:
      _herald_template_append_url_text (out, value, len);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

/**
 * herald_template_render:
 * @self: a compiled template
 * @lookup: gives a recipient's values
 * @user_data: for @lookup
 * @out: the rendering is appended here
 * @error: HERALD_TEMPLATE_ERROR_HEADER_BREAK in header context
 *
 * One pass over the nodes; safe to call from many threads at once. On
 * failure @out is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
herald_template_render (const HeraldTemplate  *self,
                        HeraldTemplateLookup   lookup,
                        gpointer               user_data,
                        GString               *out,
                        GError               **error)
{
  gsize initial;
  guint i = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (lookup != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  initial = out->len;
  while (i < self->n_nodes)
    {
      const Node *node = &self->nodes[i];
      const char *value;

      switch ((NodeKind) node->kind)
        {
        case NODE_LITERAL:
          g_string_append_len (out, self->text + node->start, node->len);
          i++;
          break;
        case NODE_FIELD:
          value = lookup (self->names[node->name], user_data);
          if (node->has_fallback && _herald_template_is_blank (value))
            value = NULL;
          if (!append_value (self, node,
                             value != NULL ? value : self->text + node->start,
                             value != NULL ? strlen (value) : node->len,
                             out, error))
            {
              g_string_truncate (out, initial);
              return FALSE;
            }
          i++;
          break;
        case NODE_IF:
        case NODE_UNLESS:
          value = lookup (self->names[node->name], user_data);
          i = _herald_template_is_blank (value) == (node->kind == NODE_IF) ? node->jump : i + 1;
          break;
        case NODE_ELSE:
          i = node->jump;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return TRUE;
}
