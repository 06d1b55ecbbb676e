/* herald-mailbox-message.c — a mailbox message made readable: its main
 * headers and its text, for a person to look at (the Do Not Send page
 * shows the message that caused a suppression)
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parsed with GMime; nothing is rendered: HTML parts, images and other
 * attachments are only named. Reports (message/delivery-status,
 * message/feedback-report) and text/rfc822-headers are text for this.
 * Everything comes out as valid UTF-8, at most TEXT_LIMIT bytes of text.
 */
#define G_LOG_DOMAIN "herald-mailbox"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "herald-mailbox-message.h"

#define TEXT_LIMIT (256 * 1024)

void
herald_mailbox_message_free (HeraldMailboxMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->from);
  g_free (message->to);
  g_free (message->date);
  g_free (message->subject);
  g_free (message->text);
  g_free (message);
}

static char *
valid (const char *text)
{
  return text != NULL ? g_utf8_make_valid (text, -1) : g_strdup ("");
}

static char *
addresses (GMimeMessage    *message,
           GMimeAddressType type)
{
  InternetAddressList *list = g_mime_message_get_addresses (message, type);
  g_autofree char *text = list != NULL ? internet_address_list_to_string (list, NULL, FALSE) : NULL;

  return valid (text);
}

static gboolean
is_text (GMimeContentType *type)
{
  return g_mime_content_type_is_type (type, "text", "plain") ||
         g_mime_content_type_is_type (type, "text", "rfc822-headers") ||
         g_mime_content_type_is_type (type, "message", "delivery-status") ||
         g_mime_content_type_is_type (type, "message", "global-delivery-status") ||
         g_mime_content_type_is_type (type, "message", "feedback-report") ||
         g_mime_content_type_is_type (type, "message", "disposition-notification");
}

static void
append_part (GString     *out,
             GMimeObject *part)
{
  GMimeContentType *type = g_mime_object_get_content_type (part);
  g_autofree char *mime_type = type != NULL ? g_mime_content_type_get_mime_type (type) : g_strdup ("?");

  if (out->len >= TEXT_LIMIT)
    return;
  if (out->len > 0)
    g_string_append (out, "\n");
  if (GMIME_IS_TEXT_PART (part) && type != NULL && g_mime_content_type_is_type (type, "text", "plain"))
    {
      g_autofree char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
      g_autofree char *checked = valid (text);

      g_string_append (out, checked);
    }
  else if (GMIME_IS_PART (part) && type != NULL && is_text (type))
    {
      GMimeDataWrapper *content = g_mime_part_get_content (GMIME_PART (part));
      GMimeStream *mem = g_mime_stream_mem_new ();
      GByteArray *bytes;

      if (content != NULL)
        g_mime_data_wrapper_write_to_stream (content, mem);
      bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
      g_string_append_printf (out, "[%s]\n", mime_type);
      if (bytes->len > 0)
        {
          g_autofree char *text = g_utf8_make_valid ((const char *) bytes->data,
                                                     MIN (bytes->len, TEXT_LIMIT));
          g_string_append (out, text);
        }
      g_object_unref (mem);
    }
  else
    {
      const char *name = GMIME_IS_PART (part) ? g_mime_part_get_filename (GMIME_PART (part)) : NULL;
      g_autofree char *checked = name != NULL ? valid (name) : NULL;

      if (checked != NULL)
        /* TRANSLATORS: a part of a message that is not shown: its type and file name */
        g_string_append_printf (out, _("[%s “%s”: not shown]"), mime_type, checked);
      else
        /* TRANSLATORS: a part of a message that is not shown: its type */
        g_string_append_printf (out, _("[%s: not shown]"), mime_type);
      g_string_append_c (out, '\n');
    }
}

static void
collect (GMimeObject *parent,
         GMimeObject *part,
         gpointer     user_data)
{
  if (GMIME_IS_MULTIPART (part))
    return;
  /* An attached message's own parts follow in the walk; its headers are
   * what says which message it was. */
  if (GMIME_IS_MESSAGE_PART (part))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (part));
      GString *out = user_data;

      if (inner != NULL && out->len < TEXT_LIMIT)
        {
          g_autofree char *headers = g_mime_object_get_headers (GMIME_OBJECT (inner), NULL);
          g_autofree char *checked = valid (headers);

          g_string_append_printf (out, "\n[message/rfc822]\n%s", checked);
        }
      return;
    }
  append_part (user_data, part);
}

/**
 * herald_mailbox_message_read:
 *
 * Returns: (transfer full): what a person can read of the message; a
 *   message GMime cannot parse at all gives empty headers and its bytes
 *   as text
 */
HeraldMailboxMessage *
herald_mailbox_message_read (const char *data,
                             gsize       len)
{
  g_autoptr(GObject) stream = NULL;   /* GMime 3.2 has no autoptr of its own */
  g_autoptr(GObject) parser = NULL;
  g_autoptr(GObject) parsed = NULL;
  HeraldMailboxMessage *out = g_new0 (HeraldMailboxMessage, 1);
  GMimeMessage *message;
  GString *text = g_string_new (NULL);
  GDateTime *date;

  stream = (GObject *) g_mime_stream_mem_new_with_buffer (data, len);
  parser = (GObject *) g_mime_parser_new_with_stream (GMIME_STREAM (stream));
  parsed = (GObject *) g_mime_parser_construct_message (GMIME_PARSER (parser), NULL);
  message = parsed != NULL ? GMIME_MESSAGE (parsed) : NULL;
  if (message == NULL)
    {
      out->from = g_strdup ("");
      out->to = g_strdup ("");
      out->date = g_strdup ("");
      out->subject = g_strdup ("");
      out->text = g_utf8_make_valid (data, MIN (len, TEXT_LIMIT));
      g_string_free (text, TRUE);
      return out;
    }
  out->from = addresses (message, GMIME_ADDRESS_TYPE_FROM);
  out->to = addresses (message, GMIME_ADDRESS_TYPE_TO);
  out->subject = valid (g_mime_message_get_subject (message));
  date = g_mime_message_get_date (message);
  out->date = date != NULL ? g_date_time_format (date, "%Y-%m-%d %H:%M:%S %z") : NULL;
  if (out->date == NULL)
    out->date = g_strdup ("");
  if (g_mime_message_get_mime_part (message) != NULL)
    {
      GMimeObject *body = g_mime_message_get_mime_part (message);

      if (GMIME_IS_MULTIPART (body) || GMIME_IS_MESSAGE_PART (body))
        g_mime_message_foreach (message, collect, text);
      else
        append_part (text, body);
    }
  if (text->len > TEXT_LIMIT)
    g_string_truncate (text, TEXT_LIMIT);
  out->text = g_utf8_make_valid (text->str, text->len);
  g_string_free (text, TRUE);
  return out;
}
