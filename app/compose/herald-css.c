/* herald-css.c — a small CSS reader for the style sheets of e-mail templates
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-css"

#include "config.h"

#include <string.h>

#include "herald-css.h"

/* ---- tokens ---------------------------------------------------------------- */

typedef enum
{
  T_EOF,
  T_WS,
  T_COMMENT,
  T_STRING,
  T_BAD_STRING,
  T_IDENT,
  T_NAME,       /* a run of name characters that is not an identifier (10px) */
  T_FUNCTION,   /* an identifier and "(" */
  T_URL,        /* url( … ) unquoted, as one token */
  T_AT,
  T_HASH,
  T_DELIM,
  T_LBRACE,
  T_RBRACE,
  T_LPAREN,
  T_RPAREN,
  T_LBRACK,
  T_RBRACK,
  T_SEMI,
  T_COLON,
  T_COMMA,
  T_CDO,
  T_CDC,
} TokenType;

typedef struct
{
  TokenType type;
  gsize     start;
  gsize     end;
} Token;

typedef struct
{
  const char *s;
  gsize       len;
  gsize       pos;
} Lexer;

static gboolean
is_ws (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static gboolean
is_name_start (guchar c)
{
  return g_ascii_isalpha (c) || c == '_' || c >= 0x80;
}

static gboolean
is_name_char (guchar c)
{
  return is_name_start (c) || g_ascii_isdigit (c) || c == '-';
}

/* Whether s[i] starts a valid escape: a backslash not before a line break. */
static gboolean
is_escape (const Lexer *lx,
           gsize        i)
{
  return i < lx->len && lx->s[i] == '\\' &&
         (i + 1 >= lx->len || (lx->s[i + 1] != '\n' && lx->s[i + 1] != '\r' && lx->s[i + 1] != '\f'));
}

/* Moves past the escape at lx->pos (the backslash). */
static void
skip_escape (Lexer *lx)
{
  guint n = 0;

  lx->pos++;
  if (lx->pos >= lx->len)
    return;
  while (n < 6 && lx->pos < lx->len && g_ascii_isxdigit (lx->s[lx->pos]))
    {
      lx->pos++;
      n++;
    }
  if (n > 0)
    {
      if (lx->pos < lx->len && lx->s[lx->pos] == '\r' && lx->pos + 1 < lx->len && lx->s[lx->pos + 1] == '\n')
        lx->pos += 2;
      else if (lx->pos < lx->len && is_ws (lx->s[lx->pos]))
        lx->pos++;
      return;
    }
  /* Any one character, a whole UTF-8 sequence. */
  lx->pos++;
  while (lx->pos < lx->len && ((guchar) lx->s[lx->pos] & 0xC0) == 0x80)
    lx->pos++;
}

static gboolean
starts_ident (const Lexer *lx,
              gsize        i)
{
  if (i >= lx->len)
    return FALSE;
  if (lx->s[i] == '-')
    return i + 1 < lx->len && (is_name_start (lx->s[i + 1]) || lx->s[i + 1] == '-' || is_escape (lx, i + 1));
  return is_name_start (lx->s[i]) || is_escape (lx, i);
}

static void
skip_name (Lexer *lx)
{
  while (lx->pos < lx->len)
    {
      if (is_name_char (lx->s[lx->pos]))
        lx->pos++;
      else if (is_escape (lx, lx->pos))
        skip_escape (lx);
      else
        break;
    }
}

static void
skip_string (Lexer *lx,
             Token *t)
{
  char quote = lx->s[lx->pos++];

  t->type = T_STRING;
  while (lx->pos < lx->len)
    {
      char c = lx->s[lx->pos];

      if (c == quote)
        {
          lx->pos++;
          return;
        }
      if (c == '\n' || c == '\r' || c == '\f')
        {
          t->type = T_BAD_STRING;   /* the line break is not part of it */
          return;
        }
      if (c == '\\')
        {
          lx->pos++;
          if (lx->pos < lx->len && lx->s[lx->pos] == '\r' && lx->pos + 1 < lx->len && lx->s[lx->pos + 1] == '\n')
            lx->pos++;
          if (lx->pos < lx->len)
            lx->pos++;
          continue;
        }
      lx->pos++;
    }
}

/* After "url(" with no quote: up to ")" (or the end), escapes honoured. */
static void
skip_url (Lexer *lx)
{
  while (lx->pos < lx->len && lx->s[lx->pos] != ')')
    {
      if (lx->s[lx->pos] == '\\')
        {
          lx->pos++;
          if (lx->pos < lx->len)
            lx->pos++;
        }
      else
        lx->pos++;
    }
  if (lx->pos < lx->len)
    lx->pos++;
}

static void
next_token (Lexer *lx,
            Token *t)
{
  const char *s = lx->s;
  char c;

  t->start = lx->pos;
  if (lx->pos >= lx->len)
    {
      t->type = T_EOF;
      t->end = lx->pos;
      return;
    }
  c = s[lx->pos];
  if (is_ws (c))
    {
      t->type = T_WS;
      while (lx->pos < lx->len && is_ws (s[lx->pos]))
        lx->pos++;
    }
  else if (c == '/' && lx->pos + 1 < lx->len && s[lx->pos + 1] == '*')
    {
      const char *close = g_strstr_len (s + lx->pos + 2, lx->len - lx->pos - 2, "*/");

      t->type = T_COMMENT;
      lx->pos = close != NULL ? (gsize) (close - s) + 2 : lx->len;
    }
  else if (c == '"' || c == '\'')
    skip_string (lx, t);
  else if (c == '#' && lx->pos + 1 < lx->len && (is_name_char (s[lx->pos + 1]) || is_escape (lx, lx->pos + 1)))
    {
      t->type = T_HASH;
      lx->pos++;
      skip_name (lx);
    }
  else if (c == '@' && starts_ident (lx, lx->pos + 1))
    {
      t->type = T_AT;
      lx->pos++;
      skip_name (lx);
    }
  else if (c == '<' && lx->len - lx->pos >= 4 && memcmp (s + lx->pos, "<!--", 4) == 0)
    {
      t->type = T_CDO;
      lx->pos += 4;
    }
  else if (c == '-' && lx->len - lx->pos >= 3 && memcmp (s + lx->pos, "-->", 3) == 0)
    {
      t->type = T_CDC;
      lx->pos += 3;
    }
  else if (starts_ident (lx, lx->pos))
    {
      gsize name_start = lx->pos;

      skip_name (lx);
      t->type = T_IDENT;
      if (lx->pos < lx->len && s[lx->pos] == '(')
        {
          gsize after;

          lx->pos++;
          t->type = T_FUNCTION;
          after = lx->pos;
          while (after < lx->len && is_ws (s[after]))
            after++;
          if (lx->pos - name_start == 4 && g_ascii_strncasecmp (s + name_start, "url(", 4) == 0 &&
              (after >= lx->len || (s[after] != '"' && s[after] != '\'')))
            {
              t->type = T_URL;
              skip_url (lx);
            }
        }
    }
  else if (is_name_char (c) || is_escape (lx, lx->pos))
    {
      t->type = T_NAME;
      skip_name (lx);
    }
  else
    {
      switch (c)
        {
        case '{': t->type = T_LBRACE; break;
        case '}': t->type = T_RBRACE; break;
        case '(': t->type = T_LPAREN; break;
        case ')': t->type = T_RPAREN; break;
        case '[': t->type = T_LBRACK; break;
        case ']': t->type = T_RBRACK; break;
        case ';': t->type = T_SEMI; break;
        case ':': t->type = T_COLON; break;
        case ',': t->type = T_COMMA; break;
        default: t->type = T_DELIM; break;
        }
      lx->pos++;
    }
  t->end = lx->pos;
}

/* All tokens of @css, ending with T_EOF. */
static GArray *
tokenize (const char *css,
          gsize       len)
{
  GArray *tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), len / 3 + 1);
  Lexer lx = { css, len, 0 };
  const char *nul = memchr (css, '\0', len);
  Token t;

  /* The text is a C string to its users: it ends at a NUL. */
  if (nul != NULL)
    lx.len = nul - css;

  do
    {
      next_token (&lx, &t);
      g_array_append_val (tokens, t);
    }
  while (t.type != T_EOF);
  return tokens;
}

#define TOK(a, i) (&g_array_index ((a), Token, (i)))

/* A name's characters with its escapes read, as UTF-8. */
static char *
decode_name (const char *s,
             gsize       start,
             gsize       end)
{
  GString *out = g_string_sized_new (end - start);
  gsize i = start;

  while (i < end)
    {
      if (s[i] != '\\')
        {
          g_string_append_c (out, s[i++]);
          continue;
        }
      i++;
      if (i >= end)
        {
          g_string_append_unichar (out, 0xFFFD);
          break;
        }
      if (g_ascii_isxdigit (s[i]))
        {
          gunichar cp = 0;
          guint n = 0;

          while (n < 6 && i < end && g_ascii_isxdigit (s[i]))
            {
              cp = cp * 16 + g_ascii_xdigit_value (s[i++]);
              n++;
            }
          if (i < end && is_ws (s[i]))
            i++;
          if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
          g_string_append_unichar (out, cp);
        }
      else
        g_string_append_c (out, s[i++]);
    }
  if (!g_utf8_validate_len (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_free (out, TRUE);
      return valid;
    }
  return g_string_free (out, FALSE);
}

/* The index after the component starting at @i: a token, or a whole
 * block or function up to its closing bracket (or the end). */
static guint
skip_component (GArray *tokens,
                guint   i)
{
  GString *closers;
  guint n = tokens->len;

  switch (TOK (tokens, i)->type)
    {
    case T_LBRACE: case T_LPAREN: case T_LBRACK: case T_FUNCTION:
      break;
    case T_EOF:
      return i;
    default:
      return i + 1;
    }
  closers = g_string_new (NULL);
  for (; i < n && TOK (tokens, i)->type != T_EOF; i++)
    {
      TokenType type = TOK (tokens, i)->type;

      if (type == T_LBRACE)
        g_string_append_c (closers, '}');
      else if (type == T_LPAREN || type == T_FUNCTION)
        g_string_append_c (closers, ')');
      else if (type == T_LBRACK)
        g_string_append_c (closers, ']');
      else if ((type == T_RBRACE || type == T_RPAREN || type == T_RBRACK) &&
               closers->str[closers->len - 1] == (type == T_RBRACE ? '}' : type == T_RPAREN ? ')' : ']'))
        {
          g_string_truncate (closers, closers->len - 1);
          if (closers->len == 0)
            {
              g_string_free (closers, TRUE);
              return i + 1;
            }
        }
    }
  g_string_free (closers, TRUE);
  return i;
}

/* ---- declarations ---------------------------------------------------------- */

void
herald_css_declaration_free (HeraldCssDeclaration *decl)
{
  if (decl == NULL)
    return;
  g_free (decl->property);
  g_free (decl->value);
  g_free (decl);
}

static guint
skip_ws (GArray *tokens,
         guint   i,
         guint   end)
{
  while (i < end && (TOK (tokens, i)->type == T_WS || TOK (tokens, i)->type == T_COMMENT))
    i++;
  return i;
}

/* The declaration in tokens [i, end) (up to a ";" at the top level), or
 * NULL when it is not one. */
static HeraldCssDeclaration *
read_declaration (const char *css,
                  GArray     *tokens,
                  guint       i,
                  guint       end)
{
  const Token *name = TOK (tokens, i);
  GString *value;
  gboolean important = FALSE, bad = FALSE;
  guint vstart, vend, j;
  HeraldCssDeclaration *decl;

  if (name->type != T_IDENT)
    return NULL;
  i = skip_ws (tokens, i + 1, end);
  if (i >= end || TOK (tokens, i)->type != T_COLON)
    return NULL;
  vstart = skip_ws (tokens, i + 1, end);
  vend = end;
  while (vend > vstart && (TOK (tokens, vend - 1)->type == T_WS || TOK (tokens, vend - 1)->type == T_COMMENT))
    vend--;
  /* "!" "important" at the end, white space allowed between */
  if (vend > vstart && TOK (tokens, vend - 1)->type == T_IDENT)
    {
      const Token *last = TOK (tokens, vend - 1);
      guint bang = vend - 1;

      while (bang > vstart && (TOK (tokens, bang - 1)->type == T_WS || TOK (tokens, bang - 1)->type == T_COMMENT))
        bang--;
      if (bang > vstart && last->end - last->start == 9 &&
          g_ascii_strncasecmp (css + last->start, "important", 9) == 0 &&
          TOK (tokens, bang - 1)->type == T_DELIM && css[TOK (tokens, bang - 1)->start] == '!')
        {
          important = TRUE;
          vend = bang - 1;
          while (vend > vstart && (TOK (tokens, vend - 1)->type == T_WS || TOK (tokens, vend - 1)->type == T_COMMENT))
            vend--;
        }
    }
  if (vend <= vstart)
    return NULL;

  value = g_string_new (NULL);
  for (j = vstart; j < vend; j++)
    {
      const Token *t = TOK (tokens, j);

      if (t->type == T_WS || t->type == T_COMMENT)
        {
          if (value->len > 0 && value->str[value->len - 1] != ' ')
            g_string_append_c (value, ' ');
        }
      else
        {
          bad |= t->type == T_BAD_STRING || t->type == T_SEMI;
          g_string_append_len (value, css + t->start, t->end - t->start);
        }
    }
  /* A merge field has no place in a style (the template language refuses
   * one there); one here would become a field in a style attribute. */
  if (bad || strstr (value->str, "{{") != NULL)
    {
      g_string_free (value, TRUE);
      return NULL;
    }

  decl = g_new0 (HeraldCssDeclaration, 1);
  decl->property = decode_name (css, name->start, name->end);
  if (!g_str_has_prefix (decl->property, "--"))
    {
      char *lower = g_ascii_strdown (decl->property, -1);

      g_free (decl->property);
      decl->property = lower;
    }
  decl->value = g_string_free (value, FALSE);
  decl->important = important;
  return decl;
}

/* The declarations in tokens [i, end). */
static GPtrArray *
read_declarations (const char *css,
                   GArray     *tokens,
                   guint       i,
                   guint       end)
{
  GPtrArray *decls = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_css_declaration_free);

  while (i < end)
    {
      guint stop = i;
      HeraldCssDeclaration *decl;

      i = skip_ws (tokens, i, end);
      if (i >= end)
        break;
      if (TOK (tokens, i)->type == T_SEMI)
        {
          i++;
          continue;
        }
      stop = i;
      while (stop < end && TOK (tokens, stop)->type != T_SEMI)
        stop = MIN (skip_component (tokens, stop), end);
      decl = read_declaration (css, tokens, i, stop);
      if (decl != NULL)
        g_ptr_array_add (decls, decl);
      i = stop + 1;
    }
  return decls;
}

/**
 * herald_css_parse_declarations:
 * @css: the text of a style attribute or of a rule's block, UTF-8
 *
 * Returns: (transfer full) (element-type HeraldCssDeclaration): the
 *   declarations that could be read, in order
 */
GPtrArray *
herald_css_parse_declarations (const char *css,
                               gsize       len)
{
  g_autoptr(GArray) tokens = tokenize (css, len);

  return read_declarations (css, tokens, 0, tokens->len - 1);
}

/* ---- selectors ------------------------------------------------------------- */

typedef enum
{
  SEL_OK,
  SEL_UNSUPPORTED,   /* valid CSS an inliner cannot apply: keep the rule */
  SEL_INVALID,       /* a browser would drop the rule */
} SelectorResult;

static void
compound_free (HeraldCssCompound *c)
{
  g_free (c->type);
  g_free (c->id);
  g_strfreev (c->classes);
  g_free (c);
}

static void
selector_free (HeraldCssSelector *sel)
{
  g_ptr_array_unref (sel->compounds);
  g_free (sel);
}

static void
add_class (HeraldCssCompound *c,
           char              *name)
{
  guint n = c->classes != NULL ? g_strv_length (c->classes) : 0;

  c->classes = g_renew (char *, c->classes, n + 2);
  c->classes[n] = name;
  c->classes[n + 1] = NULL;
}

/* One complex selector in tokens [i, end), comments already skipped by
 * the caller's token walk. */
static SelectorResult
read_selector (const char         *css,
               GArray             *tokens,
               guint               i,
               guint               end,
               HeraldCssSelector **out)
{
  g_autoptr(GPtrArray) compounds = g_ptr_array_new_with_free_func ((GDestroyNotify) compound_free);
  HeraldCssCompound *cur = NULL;
  HeraldCssCombinator pending = HERALD_CSS_DESCENDANT;
  gboolean saw_ws = FALSE, need_compound = FALSE;
  guint ids = 0, classes = 0, types = 0;

  for (; i < end; i++)
    {
      const Token *t = TOK (tokens, i);

      if (t->type == T_COMMENT)
        continue;
      if (t->type == T_WS)
        {
          saw_ws = TRUE;
          continue;
        }
      if (t->type == T_DELIM && css[t->start] == '>')
        {
          if (cur == NULL || need_compound)
            return SEL_INVALID;
          pending = HERALD_CSS_CHILD;
          need_compound = TRUE;
          saw_ws = FALSE;
          continue;
        }
      if (t->type == T_COLON || t->type == T_LBRACK ||
          (t->type == T_DELIM && (css[t->start] == '+' || css[t->start] == '~' || css[t->start] == '|')))
        return SEL_UNSUPPORTED;
      if (t->type != T_IDENT && t->type != T_HASH &&
          !(t->type == T_DELIM && (css[t->start] == '.' || css[t->start] == '*')))
        return SEL_INVALID;

      /* a new compound starts after white space or a combinator */
      if (cur == NULL || saw_ws || need_compound)
        {
          if (compounds->len >= HERALD_CSS_MAX_COMPOUNDS)
            return SEL_UNSUPPORTED;
          cur = g_new0 (HeraldCssCompound, 1);
          cur->combinator = need_compound ? pending : HERALD_CSS_DESCENDANT;
          g_ptr_array_add (compounds, cur);
          need_compound = FALSE;
          pending = HERALD_CSS_DESCENDANT;
          saw_ws = FALSE;
          if (t->type == T_IDENT || (t->type == T_DELIM && css[t->start] == '*'))
            {
              if (t->type == T_IDENT)
                {
                  g_autofree char *name = decode_name (css, t->start, t->end);

                  cur->type = g_ascii_strdown (name, -1);
                  types++;
                }
              continue;
            }
        }
      else if (t->type == T_IDENT || (t->type == T_DELIM && css[t->start] == '*'))
        return SEL_INVALID;   /* a type selector only starts a compound */

      if (t->type == T_HASH)
        {
          Lexer lx = { css, t->end, t->start + 1 };

          if (!starts_ident (&lx, t->start + 1))
            return SEL_INVALID;
          if (cur->id != NULL)
            return SEL_UNSUPPORTED;   /* #a#b matches nothing: not worth a rule */
          cur->id = decode_name (css, t->start + 1, t->end);
          ids++;
        }
      else  /* "." and an identifier */
        {
          const Token *name;

          if (i + 1 >= end || TOK (tokens, i + 1)->type != T_IDENT)
            return SEL_INVALID;
          name = TOK (tokens, ++i);
          add_class (cur, decode_name (css, name->start, name->end));
          classes++;
        }
    }
  if (cur == NULL || need_compound)
    return SEL_INVALID;

  *out = g_new0 (HeraldCssSelector, 1);
  (*out)->compounds = g_steal_pointer (&compounds);
  (*out)->specificity = MIN (ids, 1023u) << 20 | MIN (classes, 1023u) << 10 | MIN (types, 1023u);
  return SEL_OK;
}

/* ---- rules ----------------------------------------------------------------- */

static void
rule_free (HeraldCssRule *rule)
{
  g_ptr_array_unref (rule->selectors);
  g_ptr_array_unref (rule->declarations);
  g_free (rule);
}

HeraldCssSheet *
herald_css_sheet_new (void)
{
  HeraldCssSheet *sheet = g_new0 (HeraldCssSheet, 1);

  sheet->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  sheet->kept = g_string_new (NULL);
  return sheet;
}

void
herald_css_sheet_free (HeraldCssSheet *sheet)
{
  if (sheet == NULL)
    return;
  g_ptr_array_unref (sheet->rules);
  g_string_free (sheet->kept, TRUE);
  g_free (sheet);
}

static void
keep (HeraldCssSheet *sheet,
      const char     *css,
      gsize           start,
      gsize           end)
{
  g_string_append_len (sheet->kept, css + start, end - start);
  g_string_append_c (sheet->kept, '\n');
}

/* The trimmed text of tokens [i, end). */
static void
token_text (const char *css,
            GArray     *tokens,
            guint       i,
            guint       end,
            gsize      *start,
            gsize      *stop)
{
  i = skip_ws (tokens, i, end);
  while (end > i && (TOK (tokens, end - 1)->type == T_WS || TOK (tokens, end - 1)->type == T_COMMENT))
    end--;
  *start = i < end ? TOK (tokens, i)->start : 0;
  *stop = i < end ? TOK (tokens, end - 1)->end : 0;
}

/* A qualified rule: prelude tokens [p, block), its block [block, end). */
static void
add_rule (HeraldCssSheet *sheet,
          const char     *css,
          GArray         *tokens,
          guint           p,
          guint           block,
          guint           end)
{
  g_autoptr(GPtrArray) selectors = g_ptr_array_new_with_free_func ((GDestroyNotify) selector_free);
  g_autoptr(GString) unsupported = g_string_new (NULL);
  guint body_end = end;
  HeraldCssRule *rule;

  for (guint j = p; j < block; j++)
    if (TOK (tokens, j)->type == T_SEMI || TOK (tokens, j)->type == T_BAD_STRING)
      return;   /* not a selector: the rule is dropped */

  while (p < block)
    {
      guint stop = p;
      HeraldCssSelector *sel = NULL;

      while (stop < block && TOK (tokens, stop)->type != T_COMMA)
        stop = MIN (skip_component (tokens, stop), block);
      switch (read_selector (css, tokens, p, stop, &sel))
        {
        case SEL_OK:
          g_ptr_array_add (selectors, sel);
          break;
        case SEL_UNSUPPORTED:
          {
            gsize s, e;

            token_text (css, tokens, p, stop, &s, &e);
            if (unsupported->len > 0)
              g_string_append (unsupported, ", ");
            g_string_append_len (unsupported, css + s, e - s);
          }
          break;
        case SEL_INVALID:
          return;   /* one invalid selector drops the whole rule */
        }
      p = stop + 1;
    }

  if (TOK (tokens, end - 1)->type == T_RBRACE)
    body_end = end - 1;
  if (unsupported->len > 0)
    {
      gsize s = TOK (tokens, block)->start, e = TOK (tokens, end - 1)->end;

      g_string_append (sheet->kept, unsupported->str);
      g_string_append_c (sheet->kept, ' ');
      keep (sheet, css, s, e);
      if (body_end == end)   /* a block cut short by the end of the sheet */
        g_string_insert_c (sheet->kept, sheet->kept->len - 1, '}');
    }
  if (selectors->len == 0)
    return;

  rule = g_new0 (HeraldCssRule, 1);
  rule->selectors = g_steal_pointer (&selectors);
  rule->declarations = read_declarations (css, tokens, block + 1, body_end);
  rule->order = sheet->rules->len;
  if (rule->declarations->len == 0)
    rule_free (rule);
  else
    g_ptr_array_add (sheet->rules, rule);
}

/**
 * herald_css_sheet_add:
 * @css: the text of one <style> block, UTF-8
 *
 * Adds the block's rules to @sheet, after those already there, and what
 * must stay in <style> to sheet->kept.
 */
void
herald_css_sheet_add (HeraldCssSheet *sheet,
                      const char     *css,
                      gsize           len)
{
  g_autoptr(GArray) tokens = tokenize (css, len);
  guint i = 0;

  while (TOK (tokens, i)->type != T_EOF)
    {
      TokenType type = TOK (tokens, i)->type;
      guint start = i;

      if (type == T_WS || type == T_COMMENT || type == T_CDO || type == T_CDC)
        {
          i++;
          continue;
        }
      if (type == T_AT)
        {
          const Token *at = TOK (tokens, i);
          gboolean charset = at->end - at->start == 8 && g_ascii_strncasecmp (css + at->start, "@charset", 8) == 0;

          i++;
          while (TOK (tokens, i)->type != T_EOF && TOK (tokens, i)->type != T_SEMI &&
                 TOK (tokens, i)->type != T_LBRACE)
            i = skip_component (tokens, i);
          if (TOK (tokens, i)->type != T_EOF)
            i = skip_component (tokens, i);   /* the ";" or the whole block */
          if (!charset)   /* the message's charset is the MIME part's */
            keep (sheet, css, TOK (tokens, start)->start, TOK (tokens, i - 1)->end);
          continue;
        }
      while (TOK (tokens, i)->type != T_EOF && TOK (tokens, i)->type != T_LBRACE)
        i = skip_component (tokens, i);
      if (TOK (tokens, i)->type == T_EOF)
        break;   /* a prelude with no block: dropped */
      {
        guint block = i;

        i = skip_component (tokens, i);
        add_rule (sheet, css, tokens, start, block, i);
      }
    }
}
