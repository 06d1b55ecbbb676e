/* herald-address.c — normalising and checking email addresses
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * People paste addresses in many shapes: with a display name, as a mailto:
 * link, in full-width characters from a Japanese input method, with stray
 * spaces. Herald accepts those shapes, keeps only the addr-spec (RFC 5322
 * 3.4.1, with the UTF-8 of RFC 6532), lowercases the domain, and explains
 * in words what is wrong with the rest.
 */
#define G_LOG_DOMAIN "herald-address"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-address.h"

#define MAX_LOCAL_LENGTH  64
#define MAX_DOMAIN_LENGTH 253
#define MAX_LABEL_LENGTH  63
#define MAX_SHOWN_CHARS   60

G_DEFINE_QUARK (herald-address-error-quark, herald_address_error)

static gboolean
is_ascii (const char *s,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) s[i] >= 0x80)
      return FALSE;
  return TRUE;
}

/* RFC 5322 atext; bytes of UTF-8 sequences count as atext (RFC 6532). */
static inline gboolean
is_atext (guchar c)
{
  if (c >= 0x80 || g_ascii_isalnum (c))
    return TRUE;
  switch (c)
    {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*':
    case '+': case '-': case '/': case '=': case '?': case '^': case '_':
    case '`': case '{': case '|': case '}': case '~':
      return TRUE;
    default:
      return FALSE;
    }
}

/* White space, and the invisible characters that come along when an address
 * is copied from a web page or a word processor. */
static gsize
trim_char_length (const char *p,
                  const char *end)
{
  gunichar u;

  switch (*p)
    {
    case ' ': case '\t': case '\r': case '\n': case '\v': case '\f':
      return 1;
    default:
      break;
    }
  if ((guchar) *p < 0x80)
    return 0;
  u = g_utf8_get_char_validated (p, end - p);
  if (u == (gunichar) -1 || u == (gunichar) -2)
    return 0;
  if (g_unichar_isspace (u) || u == 0x200B || u == 0x2060 || u == 0xFEFF)
    return g_utf8_next_char (p) - p;
  return 0;
}

static void
trim (const char **s,
      const char **e)
{
  gsize n;

  while (*s < *e && (n = trim_char_length (*s, *e)) > 0)
    *s += n;
  while (*e > *s)
    {
      const char *p = g_utf8_find_prev_char (*s, *e);

      if (p == NULL || (n = trim_char_length (p, *e)) == 0 || p + n != *e)
        break;
      *e = p;
    }
}

/* The text as the user gave it, shortened for a message. */
static char *
dup_shown (const char *text,
           gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (text, len);
  const char *s = valid;
  const char *e = valid + strlen (valid);

  trim (&s, &e);
  if (g_utf8_strlen (s, e - s) > MAX_SHOWN_CHARS)
    {
      g_autofree char *head = g_utf8_substring (s, 0, MAX_SHOWN_CHARS);
      return g_strconcat (head, "…", NULL);
    }
  return g_strndup (s, e - s);
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *text,
      gsize        len,
      const char  *reason)
{
  g_autofree char *shown = NULL;

  if (error == NULL)
    return FALSE;
  shown = dup_shown (text, len);
  if (code == HERALD_ADDRESS_ERROR_EMPTY)
    g_set_error_literal (error, HERALD_ADDRESS_ERROR, code, reason);
  else
    /* TRANSLATORS: the first %s is what the user gave, the second why it is refused */
    g_set_error (error, HERALD_ADDRESS_ERROR, code,
                 _("“%s” is not a valid email address: %s"), shown, reason);
  return FALSE;
}

static char *
describe_char (const char *p,
               const char *end)
{
  if (*p == ' ')
    return g_strdup (_("a space"));
  if ((guchar) *p < 0x20 || *p == 0x7f)
    return g_strdup (_("a control character"));
  /* TRANSLATORS: %s is one character, such as “,” */
  return g_strdup_printf (_("“%.*s”"), (int) (g_utf8_next_char (p) - p), p);
}

static gboolean
check_dot_atom (const char  *s,
                const char  *e,
                const char  *text,
                gsize        len,
                GError     **error)
{
  for (const char *p = s; p < e; p++)
    {
      if (*p == '.')
        {
          if (p == s || p + 1 == e || p[1] == '.')
            return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                         _("the part before the @ has a dot at its start or end, or two dots in a row"));
        }
      else if (!is_atext (*p))
        {
          g_autofree char *what = describe_char (p, e);
          g_autofree char *reason =
            /* TRANSLATORS: %s is a character, or words such as “a space” */
            g_strdup_printf (_("the part before the @ contains %s"), what);
          return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len, reason);
        }
    }
  return TRUE;
}

/* Checks the A-label form of a domain: LDH labels (RFC 1123 2.1, RFC 5890). */
static const char *
check_ascii_domain (const char *ascii)
{
  const char *label = ascii;
  gboolean all_digits = TRUE;

  if (strlen (ascii) > MAX_DOMAIN_LENGTH)
    return _("the domain is longer than 253 characters");

  for (const char *p = ascii; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          gsize n = p - label;

          if (n == 0)
            return _("the domain has an empty part between two dots");
          if (n > MAX_LABEL_LENGTH)
            return _("a part of the domain is longer than 63 characters");
          if (label[0] == '-' || p[-1] == '-')
            return _("a part of the domain starts or ends with a hyphen");
          if (*p == '\0')
            break;
          label = p + 1;
          all_digits = TRUE;
        }
      else if (g_ascii_isdigit (*p))
        ;
      else if (g_ascii_isalpha (*p) || *p == '-')
        all_digits = FALSE;
      else
        return _("the domain may only contain letters, digits, hyphens and dots");
    }
  if (all_digits)
    return _("the domain looks like an IP address; use the domain name");
  return NULL;
}

static gboolean
append_domain (const char  *s,
               const char  *e,
               GString     *out,
               const char  *text,
               gsize        len,
               GError     **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *ascii = NULL;
  const char *reason;
  gsize n;

  if (*s == '[')
    return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                 _("the domain is an IP address in brackets; use the domain name"));

  if (is_ascii (s, e - s))
    lower = g_ascii_strdown (s, e - s);
  else
    {
      /* The ideographic full stop separates labels as a dot does (UTS #46). */
      g_autoptr(GString) dots = g_string_new_len (s, e - s);
      g_string_replace (dots, "。", ".", 0);
      lower = g_utf8_strdown (dots->str, dots->len);
    }

  n = strlen (lower);
  if (n > 0 && lower[n - 1] == '.')
    lower[--n] = '\0';   /* the root's dot: example.jp. is example.jp */
  if (strchr (lower, '.') == NULL)
    return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                 _("the domain has no dot (it should look like example.com)"));

  if (is_ascii (lower, n))
    reason = check_ascii_domain (lower);
  else if ((ascii = g_hostname_to_ascii (lower)) == NULL)
    reason = _("the domain is not a valid internationalised domain name");
  else
    reason = check_ascii_domain (ascii);
  if (reason != NULL)
    return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len, reason);

  g_string_append_len (out, lower, n);
  return TRUE;
}

static gboolean
append_addr_spec (const char  *s,
                  const char  *e,
                  GString     *out,
                  const char  *text,
                  gsize        len,
                  GError     **error)
{
  const char *at = NULL;
  gsize start = out->len;

  if (*s == '"')
    {
      const char *p = s + 1;

      while (p < e && *p != '"')
        p += *p == '\\' && p + 1 < e ? 2 : 1;
      if (p >= e)
        return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                     _("the quoted part before the @ is not closed"));
      at = p + 1;
      if (at >= e || *at != '@')
        return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                     _("there is no @ right after the quoted part"));
      /* RFC 5321 allows it, but few servers or mail programs handle it,
       * and the envelope could not carry most of them safely: refused
       * here, the one rule for the import and the send. */
      return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                   _("the part before the @ is in quotes, which Herald does not send to; "
                     "write the address without the quotes if it works without them"));
    }
  else
    {
      for (const char *p = e; p > s; p--)
        if (p[-1] == '@')
          {
            at = p - 1;
            break;
          }
      if (at == NULL)
        return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len, _("it has no @"));
      if (at == s)
        return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                     _("there is nothing before the @"));
      if (!check_dot_atom (s, at, text, len, error))
        return FALSE;
    }

  if (at - s > MAX_LOCAL_LENGTH)
    return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                 _("the part before the @ is longer than 64 characters"));
  if (at + 1 == e)
    return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                 _("there is nothing after the @"));

  g_string_append_len (out, s, at + 1 - s);
  if (!append_domain (at + 1, e, out, text, len, error))
    {
      g_string_truncate (out, start);
      return FALSE;
    }
  if (out->len - start > HERALD_ADDRESS_MAX_LENGTH)
    {
      g_string_truncate (out, start);
      return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                   _("it is longer than 254 characters"));
    }
  return TRUE;
}

/**
 * herald_address_normalize_into:
 * @text: an address as a person typed or exported it
 * @length: its length in bytes, or -1 when it ends with a NUL
 * @out: where the address is appended
 *
 * Accepts `addr`, `"Name" <addr>`, `Name <addr>`, `<addr>` and
 * `mailto:addr`, in any Unicode width (NFKC folds full-width forms), with
 * surrounding white space. Appends the addr-spec with its domain lowercased;
 * the part before the @ is kept as given. A quoted part before the @
 * (`"john doe"@example.com`) is refused. This is the one rule for
 * addresses: the import, the list editor and the send
 * (herald_address_is_acceptable() in herald_transport_send()) all apply it.
 *
 * Returns: %TRUE, or %FALSE with @error set to a sentence a person can act
 *   on (%HERALD_ADDRESS_ERROR_EMPTY when there is no address at all)
 */
gboolean
herald_address_normalize_into (const char  *text,
                               gssize       length,
                               GString     *out,
                               GError     **error)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *unescaped = NULL;
  gsize len;
  const char *s;
  const char *e;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  len = length < 0 ? strlen (text) : (gsize) length;
  s = text;
  e = text + len;
  if (!is_ascii (s, len))
    {
      if (!g_utf8_validate_len (s, len, NULL))
        return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                     _("it is not valid text"));
      nfkc = g_utf8_normalize (s, len, G_NORMALIZE_NFKC);
      s = nfkc;
      e = s + strlen (s);
    }

  trim (&s, &e);
  if (s < e && e[-1] == '>')
    {
      const char *lt = NULL;

      for (const char *p = e - 1; p > s; p--)
        if (p[-1] == '<')
          {
            lt = p - 1;
            break;
          }
      if (lt == NULL)
        return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                     _("it has a “>” without a “<”"));
      s = lt + 1;
      e = e - 1;
      trim (&s, &e);
    }

  if (e - s >= 7 && g_ascii_strncasecmp (s, "mailto:", 7) == 0)
    {
      const char *q;

      s += 7;
      if ((q = memchr (s, '?', e - s)) != NULL)
        e = q;
      if (memchr (s, '%', e - s) != NULL)
        {
          unescaped = g_uri_unescape_segment (s, e, NULL);
          if (unescaped == NULL || !g_utf8_validate (unescaped, -1, NULL))
            return fail (error, HERALD_ADDRESS_ERROR_INVALID, text, len,
                         _("the mailto: link has a broken percent escape"));
          s = unescaped;
          e = s + strlen (s);
        }
      trim (&s, &e);
    }

  if (s == e)
    return fail (error, HERALD_ADDRESS_ERROR_EMPTY, text, len, _("there is no address"));
  return append_addr_spec (s, e, out, text, len, error);
}

/**
 * herald_address_normalize:
 *
 * See herald_address_normalize_into().
 *
 * Returns: (transfer full) (nullable): the addr-spec, or %NULL with @error set
 */
char *
herald_address_normalize (const char  *text,
                          GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (!herald_address_normalize_into (text, -1, out, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * herald_address_is_valid:
 *
 * Returns: whether @address is an address Herald accepts (in any of the
 *   forms herald_address_normalize() accepts)
 */
gboolean
herald_address_is_valid (const char *address)
{
  g_autoptr(GString) out = g_string_new (NULL);

  return address != NULL && herald_address_normalize_into (address, -1, out, NULL);
}

/**
 * herald_address_is_acceptable:
 *
 * The same rule as herald_address_normalize(), for an address that is
 * already bare (a recipient about to be sent to).
 *
 * Returns: %TRUE, or %FALSE with @error saying why not
 */
gboolean
herald_address_is_acceptable (const char  *address,
                              GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  return herald_address_normalize_into (address, -1, out, error);
}

/**
 * herald_address_dup_ascii:
 *
 * The address with its domain in A-labels (`xn--…`), as SMTP servers
 * without SMTPUTF8 need it.
 *
 * Returns: (transfer full) (nullable): the address, or %NULL when invalid
 */
char *
herald_address_dup_ascii (const char *address)
{
  g_autofree char *normal = herald_address_normalize (address, NULL);
  g_autofree char *domain = NULL;
  char *at;

  if (normal == NULL)
    return NULL;
  at = strrchr (normal, '@');
  if ((domain = g_hostname_to_ascii (at + 1)) == NULL)
    return NULL;
  *at = '\0';
  return g_strconcat (normal, "@", domain, NULL);
}

/* Japanese mobile carriers' mail domains: their phones filter or break
 * HTML mail, and they stop accepting after very few errors. */
static const char * const carrier_domains[] = {
  "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp", NULL
};

/**
 * herald_address_is_mobile_carrier:
 * @email: (nullable): an address
 *
 * Returns: whether @email is at a Japanese mobile carrier's domain
 */
gboolean
herald_address_is_mobile_carrier (const char *email)
{
  const char *at = email != NULL ? strrchr (email, '@') : NULL;

  if (at == NULL)
    return FALSE;
  for (guint i = 0; carrier_domains[i] != NULL; i++)
    if (g_ascii_strcasecmp (at + 1, carrier_domains[i]) == 0)
      return TRUE;
  return FALSE;
}
