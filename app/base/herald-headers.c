/* herald-headers.c — what may go into a message's header: safe values,
 * one mailbox, the Message-ID and its domain
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every layer checks addresses with these (an account's From when it is
 * stored, a recipient's address when the message is composed).
 */
#define G_LOG_DOMAIN "herald-headers"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-headers.h"

G_DEFINE_QUARK (herald-message-error-quark, herald_message_error)

/**
 * herald_message_header_is_safe:
 * @what: what the value is, for the message ("the subject")
 * @value: (nullable): a header value; %NULL is safe
 *
 * A header value may not contain CR, LF or another control character (a
 * tab excepted): one would end the header and let data from a CSV file add
 * headers or recipients. It must also be valid UTF-8.
 */
gboolean
herald_message_header_is_safe (const char  *what,
                               const char  *value,
                               GError     **error)
{
  if (value == NULL)
    return TRUE;

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_HEADER,
                   /* TRANSLATORS: %s is what the value is, e.g. “the subject” */
                   _("The text for %s is not valid UTF-8. Check the encoding of the list or template."),
                   what);
      return FALSE;
    }

  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
        {
          g_set_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_HEADER,
                       /* TRANSLATORS: %s is what the value is, e.g. “the subject” */
                       _("The text for %s contains a line break or control character, "
                         "which could add headers to the message. Remove it from the "
                         "template or the list and try again."),
                       what);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * herald_envelope_address_is_safe:
 *
 * An address for `MAIL FROM` or `RCPT TO` must be one plain mailbox: no
 * CR, LF, NUL, control characters, spaces, `<` or `>`, which could end the
 * command and start another one.
 */
gboolean
herald_envelope_address_is_safe (const char  *addr,
                                 GError     **error)
{
  const char *at;

  if (addr == NULL || *addr == '\0')
    {
      g_set_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_ADDRESS,
                   _("An envelope address is empty."));
      return FALSE;
    }

  for (const guchar *p = (const guchar *) addr; *p != '\0'; p++)
    {
      if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>')
        {
          g_autofree char *shown = g_strescape (addr, NULL);

          g_set_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_ADDRESS,
                       /* TRANSLATORS: %s is the address, with control characters escaped */
                       _("The address “%s” contains a space, a line break, a control "
                         "character or “<”/“>”; it was not sent. Correct it in the list."),
                       shown);
          return FALSE;
        }
    }

  at = strrchr (addr, '@');
  if (at == NULL || at == addr || at[1] == '\0' || !g_utf8_validate (addr, -1, NULL))
    {
      g_set_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_ADDRESS,
                   _("“%s” is not an email address (it needs a name, “@” and a domain)."),
                   addr);
      return FALSE;
    }
  return TRUE;
}

/* ---- ids -------------------------------------------------------------- */

/**
 * herald_message_dup_domain:
 * @from: "Name <addr>" or "addr"
 *
 * Returns: (transfer full): the ASCII (IDNA) domain of @from's address, or
 *   "localhost" when it has none
 */
char *
herald_message_dup_domain (const char *from)
{
  const char *at = from != NULL ? strrchr (from, '@') : NULL;
  g_autofree char *domain = NULL;
  char *ascii;
  gsize n;

  if (at == NULL)
    return g_strdup ("localhost");
  n = strcspn (at + 1, "> \t\r\n");
  domain = g_strndup (at + 1, n);
  ascii = *domain != '\0' && g_utf8_validate (domain, -1, NULL) ? g_hostname_to_ascii (domain) : NULL;
  if (ascii == NULL)
    return g_strdup ("localhost");
  return ascii;
}

/**
 * herald_message_make_id:
 * @from_domain: (nullable): the domain of the From address
 *
 * The same campaign and recipient always get the same Message-ID, so a
 * re-sent message is recognised as the same one. A hash of the inputs
 * makes ids of different senders unlikely to look alike.
 *
 * Returns: (transfer full): "<…@domain>"
 */
char *
herald_message_make_id (gint64      campaign_id,
                        gint64      recipient_id,
                        const char *from_domain)
{
  g_autofree char *seed = NULL;
  g_autofree char *hash = NULL;
  const char *domain = from_domain != NULL && *from_domain != '\0' ? from_domain : "localhost";

  seed = g_strdup_printf ("herald:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s",
                          campaign_id, recipient_id, domain);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);
  hash[12] = '\0';
  return g_strdup_printf ("<herald.%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT ".%s@%s>",
                          campaign_id, recipient_id, hash, domain);
}

/**
 * herald_message_parse_mailbox:
 * @what: which address, capitalised, for the message ("The From address")
 *
 * Returns: (transfer full) (nullable): @value's one mailbox, or %NULL with
 *   @error set
 */
InternetAddress *
herald_message_parse_mailbox (const char  *what,
                              const char  *value,
                              GError     **error)
{
  InternetAddressList *list = internet_address_list_parse (NULL, value);
  InternetAddress *ia = NULL;

  if (list != NULL && internet_address_list_length (list) == 1)
    {
      ia = internet_address_list_get_address (list, 0);
      if (INTERNET_ADDRESS_IS_MAILBOX (ia) &&
          herald_envelope_address_is_safe (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (ia)), NULL))
        g_object_ref (ia);
      else
        ia = NULL;
    }
  g_clear_object (&list);
  if (ia == NULL)
    g_set_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_ADDRESS,
                 /* TRANSLATORS: first %s is which address (“the From address”), second the value */
                 _("%s “%s” is not one valid address. Write it as “Name <name@example.com>” or “name@example.com”."),
                 what, value);
  return ia;
}

/**
 * herald_message_check_mailbox:
 * @what: which address, capitalised, for the message ("The From address")
 *
 * Checks that @value is one mailbox, "Name <addr>" or "addr", that can go
 * into a header.
 */
gboolean
herald_message_check_mailbox (const char  *what,
                              const char  *value,
                              GError     **error)
{
  InternetAddress *ia;

  if (!herald_message_header_is_safe (what, value, error))
    return FALSE;
  ia = herald_message_parse_mailbox (what, value != NULL ? value : "", error);
  if (ia == NULL)
    return FALSE;
  g_object_unref (ia);
  return TRUE;
}

/**
 * herald_charset_from_string:
 * @name: "utf-8" or "iso-2022-jp", in any case
 *
 * Returns: whether @name is a charset Herald writes messages in
 */
gboolean
herald_charset_from_string (const char    *name,
                            HeraldCharset *out)
{
  if (name != NULL && (g_ascii_strcasecmp (name, "utf-8") == 0 || g_ascii_strcasecmp (name, "utf8") == 0))
    *out = HERALD_CHARSET_UTF8;
  else if (name != NULL && g_ascii_strcasecmp (name, "iso-2022-jp") == 0)
    *out = HERALD_CHARSET_ISO_2022_JP;
  else
    return FALSE;
  return TRUE;
}

const char *
herald_charset_to_string (HeraldCharset charset)
{
  return charset == HERALD_CHARSET_ISO_2022_JP ? "iso-2022-jp" : "utf-8";
}
