/* test-message.c — the composer: headers, structure, encodings, refusals
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gmime/gmime.h>

#include "herald-engine.h"
#include "herald-message.h"

static GMimeMessage *
parse (GBytes *bytes)
{
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  GMimeParser *parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

  g_object_unref (parser);
  g_object_unref (stream);
  g_assert_nonnull (message);
  return message;
}

static char *
dup_headers (GBytes *bytes)
{
  const char *data = g_bytes_get_data (bytes, NULL);
  const char *end = g_strstr_len (data, g_bytes_get_size (bytes), "\r\n\r\n");

  g_assert_nonnull (end);
  return g_strndup (data, end - data + 2);
}

static GBytes *
compose_ok (const HeraldMessageSpec *spec)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = herald_message_compose (spec, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
assert_crlf_and_short_lines (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gsize line = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '\n')
        {
          g_assert_true (i > 0 && data[i - 1] == '\r');
          line = 0;
        }
      else if (data[i] == '\r')
        g_assert_true (i + 1 < len && data[i + 1] == '\n');
      else
        {
          line++;
          g_assert_cmpuint (line, <=, 998);
        }
    }
}

static void
test_headers (void)
{
  HeraldMessageSpec spec = {
    .from = "山田商店 <info@example.jp>",
    .to_addr = "taro@example.com",
    .to_name = "山田 太郎",
    .reply_to = "support@example.jp",
    .subject = "【お知らせ】３月のニュースレター",
    .html = "<p>こんにちは</p>",
    .text = "こんにちは",
    .message_id = "<herald.1.2.abc@example.jp>",
    .date = 1767225600,   /* 2026-01-01 00:00:00 UTC */
  };
  g_autoptr(GBytes) bytes = compose_ok (&spec);
  g_autofree char *headers = dup_headers (bytes);
  GMimeMessage *message = parse (bytes);
  InternetAddressList *to;
  g_autoptr(GDateTime) date = NULL;

  assert_crlf_and_short_lines (bytes);
  /* Encoded words only: no raw UTF-8 in the header block. */
  for (const char *p = headers; *p != '\0'; p++)
    g_assert_cmpuint ((guchar) *p, <, 0x80);
  g_assert_true (strstr (headers, "=?UTF-8?") != NULL || strstr (headers, "=?utf-8?") != NULL);
  g_assert_true (strstr (headers, "\r\nMIME-Version: 1.0\r\n") != NULL);
  g_assert_true (strstr (headers, "\r\nMessage-Id: <herald.1.2.abc@example.jp>\r\n") != NULL ||
                 strstr (headers, "\r\nMessage-ID: <herald.1.2.abc@example.jp>\r\n") != NULL);
  g_assert_null (strstr (headers, "List-Unsubscribe"));

  g_assert_cmpstr (g_mime_message_get_subject (message), ==, "【お知らせ】３月のニュースレター");
  g_assert_cmpstr (g_mime_message_get_message_id (message), ==, "herald.1.2.abc@example.jp");
  to = g_mime_message_get_to (message);
  g_assert_cmpint (internet_address_list_length (to), ==, 1);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (to, 0)), ==, "山田 太郎");
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (g_mime_message_get_from (message), 0)),
                   ==, "山田商店");
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_reply_to (message)), ==, 1);
  date = g_date_time_ref (g_mime_message_get_date (message));
  g_assert_cmpint (g_date_time_to_unix (date), ==, 1767225600);
  g_object_unref (message);
}

static void
test_list_unsubscribe (void)
{
  HeraldMessageSpec spec = {
    .from = "news@example.com", .to_addr = "a@example.com", .subject = "s", .html = "<p>x</p>", .text = "x",
    .unsubscribe_mailto = "mailto:unsub@example.com?subject=unsubscribe",
    .unsubscribe_url = "https://example.com/u/123",
  };
  g_autoptr(GBytes) both = compose_ok (&spec);
  g_autofree char *h1 = dup_headers (both);
  g_autoptr(GBytes) mailto_only = NULL;
  g_autofree char *h2 = NULL;

  g_assert_true (strstr (h1, "List-Unsubscribe: <mailto:unsub@example.com?subject=unsubscribe>,") != NULL);
  g_assert_true (strstr (h1, "<https://example.com/u/123>\r\n") != NULL);
  g_assert_true (strstr (h1, "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n") != NULL);

  /* RFC 8058 one-click needs an https URI: not with mailto: alone. */
  spec.unsubscribe_url = NULL;
  mailto_only = compose_ok (&spec);
  h2 = dup_headers (mailto_only);
  g_assert_true (strstr (h2, "List-Unsubscribe: <mailto:unsub@example.com?subject=unsubscribe>\r\n") != NULL);
  g_assert_null (strstr (h2, "List-Unsubscribe-Post"));
}

static const char *
content_type_of (GMimeObject *object)
{
  static char buffer[64];
  GMimeContentType *type = g_mime_object_get_content_type (object);

  g_snprintf (buffer, sizeof buffer, "%s/%s", g_mime_content_type_get_media_type (type),
              g_mime_content_type_get_media_subtype (type));
  return buffer;
}

static void
test_structure (void)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG\r\n\x1a\n....", 12);
  g_autoptr(GBytes) csv = g_bytes_new_static ("a,b\n1,2\n", 8);
  HeraldMessageSpec spec = {
    .from = "news@example.com", .to_addr = "a@example.com", .subject = "s",
    .html = "<p><img src=\"cid:logo\"></p>", .text = "x",
  };
  g_autoptr(GBytes) bytes = NULL;
  GMimeMessage *message;
  GMimeObject *mixed, *alternative, *related;
  GMimeDataWrapper *content;
  GMimeStream *out;
  GByteArray *array;

  g_ptr_array_add (images, herald_message_part_new_for_bytes (png, "logo.png", "image/png", "logo"));
  g_ptr_array_add (files, herald_message_part_new_for_bytes (csv, "注文一覧.csv", "text/csv", NULL));
  spec.inline_images = images;
  spec.attachments = files;
  bytes = compose_ok (&spec);
  assert_crlf_and_short_lines (bytes);
  message = parse (bytes);

  mixed = g_mime_message_get_mime_part (message);
  g_assert_cmpstr (content_type_of (mixed), ==, "multipart/mixed");
  g_assert_cmpint (g_mime_multipart_get_count (GMIME_MULTIPART (mixed)), ==, 2);
  alternative = g_mime_multipart_get_part (GMIME_MULTIPART (mixed), 0);
  g_assert_cmpstr (content_type_of (alternative), ==, "multipart/alternative");
  g_assert_cmpstr (content_type_of (g_mime_multipart_get_part (GMIME_MULTIPART (alternative), 0)), ==, "text/plain");
  related = g_mime_multipart_get_part (GMIME_MULTIPART (alternative), 1);
  g_assert_cmpstr (content_type_of (related), ==, "multipart/related");
  g_assert_cmpstr (content_type_of (g_mime_multipart_get_part (GMIME_MULTIPART (related), 0)), ==, "text/html");
  g_assert_cmpstr (g_mime_object_get_content_id (g_mime_multipart_get_part (GMIME_MULTIPART (related), 1)), ==, "logo");
  g_assert_cmpstr (g_mime_part_get_filename (GMIME_PART (g_mime_multipart_get_part (GMIME_MULTIPART (mixed), 1))),
                   ==, "注文一覧.csv");

  /* An attached text file arrives with its own line ends. */
  content = g_mime_part_get_content (GMIME_PART (g_mime_multipart_get_part (GMIME_MULTIPART (mixed), 1)));
  array = g_byte_array_new ();
  out = g_mime_stream_mem_new_with_byte_array (array);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (out), FALSE);
  g_mime_data_wrapper_write_to_stream (content, out);
  g_object_unref (out);
  g_assert_cmpmem (array->data, array->len, "a,b\n1,2\n", 8);
  g_byte_array_unref (array);
  g_object_unref (message);
}

static void
test_single_parts (void)
{
  HeraldMessageSpec spec = { .from = "news@example.com", .to_addr = "a@example.com", .subject = "s", .html = "<p>x</p>" };
  g_autoptr(GBytes) html_only = compose_ok (&spec);
  g_autoptr(GBytes) text_only = NULL;
  g_autoptr(GError) error = NULL;
  GMimeMessage *message = parse (html_only);

  g_assert_cmpstr (content_type_of (g_mime_message_get_mime_part (message)), ==, "text/html");
  g_object_unref (message);

  spec.html = NULL;
  spec.text = "plain";
  text_only = compose_ok (&spec);
  message = parse (text_only);
  g_assert_cmpstr (content_type_of (g_mime_message_get_mime_part (message)), ==, "text/plain");
  g_object_unref (message);

  spec.text = NULL;
  g_assert_null (herald_message_compose (&spec, &error));
  g_assert_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_HEADER);
}

/* Bodies: 7bit when they can, quoted-printable for mostly ASCII with long
 * lines or a few accents, base64 for Japanese; decoded back exactly. */
static void
test_body_encodings (void)
{
  static const struct { const char *body; GMimeContentEncoding encoding; } cases[] = {
    { "short ASCII lines\nonly\n", GMIME_CONTENT_ENCODING_7BIT },
    { "Crème brûlée, s’il vous plaît — a mostly ASCII sentence with a few accents in it.\n", GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE },
    { "こんにちは、山田様。今月のお知らせです。\n", GMIME_CONTENT_ENCODING_BASE64 },
  };
  g_autoptr(GString) long_line = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases) + 1; i++)
    {
      const char *body = i < G_N_ELEMENTS (cases) ? cases[i].body : NULL;
      GMimeContentEncoding want = i < G_N_ELEMENTS (cases) ? cases[i].encoding : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
      HeraldMessageSpec spec = { .from = "news@example.com", .to_addr = "a@example.com", .subject = "s" };
      g_autoptr(GBytes) bytes = NULL;
      GMimeMessage *message;
      GMimeObject *part;
      char *text;

      if (body == NULL)
        {
          while (long_line->len < 3000)
            g_string_append (long_line, "<td style=\"padding:0\">cell</td>");
          g_string_append_c (long_line, '\n');
          body = long_line->str;
        }
      spec.text = body;
      bytes = compose_ok (&spec);
      assert_crlf_and_short_lines (bytes);
      message = parse (bytes);
      part = g_mime_message_get_mime_part (message);
      g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (part)), ==, want);
      g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
      text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
      {
        /* Text in MIME has CRLF line ends; compare the lines. */
        g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);
        g_autofree char *lf = g_strjoinv ("\n", lines);

        g_assert_cmpstr (lf, ==, body);
      }
      g_free (text);
      g_object_unref (message);
    }
}

/* The text a part holds, decoded by GMime, with LF line ends. */
static char *
dup_part_text (GMimeObject *part)
{
  g_autofree char *text = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  return g_strjoinv ("\n", lines);
}

static void
test_jis_forms (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "ascii only", "ascii only" },
    { "ｶﾞｲﾄﾞﾌﾞｯｸ", "ガイドブック" },
    { "ﾊﾟﾝ ｳﾞｧｲｵﾘﾝ", "パン ヴァイオリン" },
    { "｢ｾｰﾙ｣､ﾎﾟｲﾝﾄ･ｱｯﾌﾟ｡", "「セール」、ポイント・アップ。" },
    { "ﾞ", "゛" },
    { "ﾟ", "゜" },
    { "10～20", "10〜20" },
    { "－∥￠￡￢", "−‖¢£¬" },
    { "１２３ＡＢＣ％", "１２３ＡＢＣ％" },    /* full-width forms JIS has stay */
    { "①髙", "①髙" },                        /* not JIS: left for the check */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = herald_message_dup_for_jis (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
  g_assert_true (herald_message_fits_jis ("ｶﾞｲﾄﾞ 10～20％ ＯＦＦ〒"));
  g_assert_true (herald_message_fits_jis (NULL));
  g_assert_false (herald_message_fits_jis ("髙橋"));
  g_assert_false (herald_message_fits_jis ("①"));
  g_assert_false (herald_message_fits_jis ("㈱"));
  g_assert_false (herald_message_fits_jis ("🎉"));
}

static void
test_iso_2022_jp (void)
{
  g_autoptr(GString) long_line = g_string_new ("長い行");
  HeraldMessageSpec spec = {
    .from = "ｼｮｯﾌﾟ山田 <shop@example.jp>",
    .to_addr = "taro@example.jp",
    .to_name = "山田 ﾀﾛｳ",
    .reply_to = "お問い合わせ窓口 <info@example.jp>",
    .subject = "【ｾｰﾙ】冬のお知らせ～ 全品10％ＯＦＦ、送料無料でお届けします。今週末まで！",
    .text = "ﾔﾏﾀﾞ様\nいつもありがとうございます。\n\n配信停止はこちら",
    .html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head>"
            "<body><p>ﾔﾏﾀﾞ様</p></body></html>",
    .list_name = "お客様ﾘｽﾄ",
    .list_id = "1.abc.herald.example.jp",
    .charset = HERALD_CHARSET_ISO_2022_JP,
  };
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *text = NULL, *html = NULL;
  GMimeMessage *message;
  GMimeObject *body;
  InternetAddressList *list;

  g_assert_true (herald_message_spec_fits_jis (&spec));
  bytes = compose_ok (&spec);
  assert_crlf_and_short_lines (bytes);
  /* ISO-2022-JP is 7-bit throughout. */
  for (gsize i = 0; i < g_bytes_get_size (bytes); i++)
    g_assert_cmpuint (((const guchar *) g_bytes_get_data (bytes, NULL))[i], <, 0x80);
  headers = dup_headers (bytes);
  g_assert_nonnull (strstr (headers, "Subject: =?ISO-2022-JP?B?"));
  g_assert_null (strstr (headers, "UTF-8"));

  message = parse (bytes);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==,
                   "【セール】冬のお知らせ〜 全品10％ＯＦＦ、送料無料でお届けします。今週末まで！");
  list = g_mime_message_get_from (message);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (list, 0)), ==, "ショップ山田");
  list = g_mime_message_get_to (message);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (list, 0)), ==, "山田 タロウ");
  list = g_mime_message_get_reply_to (message);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (list, 0)), ==, "お問い合わせ窓口");

  body = g_mime_message_get_mime_part (message);
  g_assert_true (GMIME_IS_MULTIPART (body));
  for (int i = 0; i < 2; i++)
    {
      GMimeObject *part = g_mime_multipart_get_part (GMIME_MULTIPART (body), i);

      g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "ISO-2022-JP");
      g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (part)), ==, GMIME_CONTENT_ENCODING_7BIT);
    }
  text = dup_part_text (g_mime_multipart_get_part (GMIME_MULTIPART (body), 0));
  g_assert_cmpstr (text, ==, "ヤマダ様\nいつもありがとうございます。\n\n配信停止はこちら");
  html = dup_part_text (g_mime_multipart_get_part (GMIME_MULTIPART (body), 1));
  /* The HTML says the charset its part has. */
  g_assert_nonnull (strstr (html, "charset=ISO-2022-JP\""));
  g_assert_nonnull (strstr (html, "<p>ヤマダ様</p>"));
  g_object_unref (message);

  /* A line longer than a mail line may be: base64. */
  while (long_line->len < 4000)
    g_string_append (long_line, "、とても長い行");
  spec.html = NULL;
  spec.text = long_line->str;
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = compose_ok (&spec);
  assert_crlf_and_short_lines (bytes);
  message = parse (bytes);
  body = g_mime_message_get_mime_part (message);
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (body, "charset"), ==, "ISO-2022-JP");
  g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (body)), ==, GMIME_CONTENT_ENCODING_BASE64);
  g_clear_pointer (&text, g_free);
  text = dup_part_text (body);
  g_assert_cmpstr (text, ==, long_line->str);
  g_object_unref (message);

  /* 髙 does not fit: the whole message in UTF-8, nothing replaced. */
  spec.to_name = "髙橋 ﾀﾛｳ";
  spec.text = "本文";
  g_assert_false (herald_message_spec_fits_jis (&spec));
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = compose_ok (&spec);
  g_clear_pointer (&headers, g_free);
  headers = dup_headers (bytes);
  g_assert_null (strstr (headers, "ISO-2022-JP"));
  message = parse (bytes);
  list = g_mime_message_get_to (message);
  g_assert_cmpstr (internet_address_get_name (internet_address_list_get_address (list, 0)), ==, "髙橋 ﾀﾛｳ");
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, spec.subject);
  body = g_mime_message_get_mime_part (message);
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (body, "charset"), ==, "utf-8");
  g_object_unref (message);
}

/* GMime joins adjacent encoded words' base64 and stopped at a padded word
 * in the middle: "aあい…" in words of 40 bytes was cut after the first. */
static void
test_encoded_words_joined (void)
{
  static const char * const subjects[] = {
    "aあいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよ",
    "Sale: 冬のお知らせ ab 全品10％OFF、送料無料でお届けします。今週末まで！ x",
    "【ｾｰﾙ】冬のお知らせ～ 全品10％ＯＦＦ、送料無料でお届けします。今週末まで！",
  };

  for (guint c = 0; c < 2; c++)
    for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
      {
        HeraldMessageSpec spec = { .from = "news@example.com", .to_addr = "a@example.com",
                                   .subject = subjects[i], .text = "t", .charset = c };
        g_autoptr(GBytes) bytes = compose_ok (&spec);
        g_autofree char *want = c == HERALD_CHARSET_ISO_2022_JP ? herald_message_dup_for_jis (subjects[i])
                                                                : g_strdup (subjects[i]);
        GMimeMessage *message = parse (bytes);

        g_assert_cmpstr (g_mime_message_get_subject (message), ==, want);
        g_object_unref (message);
      }
}

static void
test_header_injection_refused (void)
{
  const char *bad[] = { "a\r\nBcc: x@example.net", "a\nb", "a\rb", "a\x01" "b", "\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      for (guint field = 0; field < 4; field++)
        {
          HeraldMessageSpec spec = { .from = "news@example.com", .to_addr = "a@example.com", .subject = "s", .html = "x" };
          g_autoptr(GError) error = NULL;

          switch (field)
            {
            case 0: spec.subject = bad[i]; break;
            case 1: spec.to_name = bad[i]; break;
            case 2: spec.from = bad[i]; break;
            case 3: spec.unsubscribe_url = bad[i]; break;
            }
          g_assert_null (herald_message_compose (&spec, &error));
          g_assert_nonnull (error);
          g_assert_true (error->domain == HERALD_MESSAGE_ERROR);
        }
    }
  /* A tab is whitespace, not a line break. */
  {
    HeraldMessageSpec spec = { .from = "news@example.com", .to_addr = "a@example.com", .subject = "a\tb", .html = "x" };
    g_autoptr(GBytes) bytes = compose_ok (&spec);
  }
}

static void
test_addresses (void)
{
  g_autoptr(GError) error = NULL;
  const char *bad_envelope[] = { "", "a@b>", "<a@b>", "a b@c", "a@b\r\n", "a@b\nRCPT TO:<c@d>", "nobody", "@b", "a@" };

  for (guint i = 0; i < G_N_ELEMENTS (bad_envelope); i++)
    {
      g_assert_false (herald_envelope_address_is_safe (bad_envelope[i], &error));
      g_assert_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_INVALID_ADDRESS);
      g_clear_error (&error);
    }
  g_assert_true (herald_envelope_address_is_safe ("taro.yamada+news@example.co.jp", NULL));
  g_assert_true (herald_envelope_address_is_safe ("山田@例え.jp", NULL));

  g_assert_true (herald_message_check_mailbox ("From", "Shop <news@example.com>", NULL));
  g_assert_true (herald_message_check_mailbox ("From", "\"Shop, Inc.\" <news@example.com>", NULL));
  g_assert_false (herald_message_check_mailbox ("From", "a@example.com, b@example.com", NULL));
  g_assert_false (herald_message_check_mailbox ("From", "not an address", NULL));
  g_assert_false (herald_message_check_mailbox ("From", "Shop <news@example.com>\r\nBcc: x@y", NULL));
}

static void
test_make_id (void)
{
  g_autofree char *a = herald_message_make_id (3, 17, "example.jp");
  g_autofree char *b = herald_message_make_id (3, 17, "example.jp");
  g_autofree char *c = herald_message_make_id (3, 18, "example.jp");
  g_autofree char *d = herald_message_make_id (1, 1, NULL);
  g_autofree char *domain = herald_message_dup_domain ("山田商店 <info@例え.jp>");
  g_autofree char *none = herald_message_dup_domain ("nobody");

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_true (g_str_has_prefix (a, "<herald.3.17."));
  g_assert_true (g_str_has_suffix (a, "@example.jp>"));
  g_assert_true (g_str_has_suffix (d, "@localhost>"));
  g_assert_true (herald_message_header_is_safe ("id", a, NULL));
  g_assert_cmpstr (domain, ==, "xn--r8jz45g.jp");
  g_assert_cmpstr (none, ==, "localhost");
}

static void
test_normalize_crlf (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "a\r\nb\r\n", "a\r\nb\r\n" },
    { "a\nb\n", "a\r\nb\r\n" },
    { "a\rb\r", "a\r\nb\r\n" },
    { "a\n.\n..\r.\r\n", "a\r\n.\r\n..\r\n.\r\n" },
    { "\r\r\n\n", "\r\n\r\n\r\n" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) in = g_bytes_new_static (cases[i].in, strlen (cases[i].in));
      g_autoptr(GBytes) out = herald_message_normalize_crlf (in);

      g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), cases[i].out, strlen (cases[i].out));
    }
}

static void
test_missing_attachment (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_message_part_free);
  HeraldMessageSpec spec = { .from = "news@example.com", .to_addr = "a@example.com", .subject = "s", .html = "x" };
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (files, herald_message_part_new_for_path ("/nonexistent/herald/file.pdf", NULL));
  spec.attachments = files;
  g_assert_null (herald_message_compose (&spec, &error));
  g_assert_error (error, HERALD_MESSAGE_ERROR, HERALD_MESSAGE_ERROR_PART);
  g_assert_true (strstr (error->message, "file.pdf") != NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  herald_engine_init ();

  g_test_add_func ("/message/headers", test_headers);
  g_test_add_func ("/message/list-unsubscribe", test_list_unsubscribe);
  g_test_add_func ("/message/structure", test_structure);
  g_test_add_func ("/message/single-parts", test_single_parts);
  g_test_add_func ("/message/body-encodings", test_body_encodings);
  g_test_add_func ("/message/header-injection-refused", test_header_injection_refused);
  g_test_add_func ("/message/jis-forms", test_jis_forms);
  g_test_add_func ("/message/iso-2022-jp", test_iso_2022_jp);
  g_test_add_func ("/message/encoded-words-joined", test_encoded_words_joined);
  g_test_add_func ("/message/addresses", test_addresses);
  g_test_add_func ("/message/make-id", test_make_id);
  g_test_add_func ("/message/normalize-crlf", test_normalize_crlf);
  g_test_add_func ("/message/missing-attachment", test_missing_attachment);
  return g_test_run ();
}
