/* herald-reply.c — what came back to the sender's mailbox
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message in the account's mailbox, parsed with GMime, becomes one of:
 *
 *  - a bounce or a delay: an RFC 3464 delivery status notification
 *    (multipart/report; report-type=delivery-status: Postfix, Sendmail,
 *    Gmail, Microsoft 365, most hosts), or one of the older plain-text
 *    notices (Exim, qmail, Japanese carriers' and hosts' 「配信できません
 *    でした」) read by their words; each failed recipient with its status;
 *  - a complaint: an ARF feedback report (report-type=feedback-report);
 *  - an unsubscribe request: a mail to the account's unsubscribe address,
 *    its token in the address (local+TOKEN@domain) or the subject
 *    ("unsubscribe TOKEN"); the token is verified elsewhere;
 *  - an auto-reply: Auto-Submitted, X-Autoreply and friends, or a subject
 *    of out-of-office, vacation, 不在, 自動応答;
 *  - anything else: a person's mail, left for the user to read.
 *
 * A DSN is often marked Auto-Submitted too: bounces are recognised first.
 */
#define G_LOG_DOMAIN "herald-reply"

#include "config.h"

#include <string.h>
#include <gmime/gmime.h>

#include "herald-reply.h"

const char *
herald_reply_kind_to_string (HeraldReplyKind kind)
{
  switch (kind)
    {
    case HERALD_REPLY_BOUNCE: return "bounce";
    case HERALD_REPLY_DELAY: return "delay";
    case HERALD_REPLY_AUTO_REPLY: return "auto-reply";
    case HERALD_REPLY_COMPLAINT: return "complaint";
    case HERALD_REPLY_UNSUBSCRIBE: return "unsubscribe";
    case HERALD_REPLY_OTHER:
    default: return "other";
    }
}

/**
 * herald_bounce_status_is_hard:
 *
 * Whether a status ("5.1.1") says the address will never work: class 5.
 */
gboolean
herald_bounce_status_is_hard (const char *status)
{
  return status != NULL && status[0] == '5';
}

static void
recipient_free (gpointer data)
{
  HeraldBounceRecipient *r = data;

  g_free (r->recipient);
  g_free (r->status);
  g_free (r->diagnostic);
  g_free (r);
}

void
herald_reply_free (HeraldReply *reply)
{
  if (reply == NULL)
    return;
  g_ptr_array_unref (reply->recipients);
  g_free (reply->original_message_id);
  g_free (reply->token);
  g_free (reply->from);
  g_free (reply->subject);
  g_free (reply);
}

/* ---- small text helpers ------------------------------------------------- */

/* The address in "Name <a@b>", "rfc822; a@b", "<a@b>" or "a@b", lower
 * case in its domain; NULL when there is none. */
static char *
bare_address (const char *text)
{
  const char *at, *start, *end;
  g_autofree char *domain = NULL;
  g_autofree char *local = NULL;

  if (text == NULL || (at = strchr (text, '@')) == NULL)
    return NULL;
  start = at;
  while (start > text && !strchr (" \t\r\n<;:(\"'[,", start[-1]))
    start--;
  end = at + 1;
  while (*end != '\0' && !strchr (" \t\r\n>;)\"'],", *end))
    end++;
  while (end > at + 1 && end[-1] == '.')
    end--;
  if (start == at || end == at + 1)
    return NULL;
  local = g_strndup (start, at - start);
  domain = g_ascii_strdown (at + 1, end - at - 1);
  return g_strconcat (local, "@", domain, NULL);
}

/* Unfolds and trims a header value into one line. */
static char *
one_line (const char *value)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = value != NULL ? value : ""; *p != '\0'; p++)
    {
      if (*p == '\r' || *p == '\n' || *p == '\t' || *p == ' ')
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

/* "Name: value" blocks separated by blank lines (RFC 3464's per-message
 * and per-recipient fields, RFC 5965's report): one table a block, names
 * in lower case, continuation lines joined. */
static GPtrArray *
parse_field_blocks (const char *text)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  GHashTable *block = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      const char *colon;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0)
        {
          block = NULL;
          continue;
        }
      if ((line[0] == ' ' || line[0] == '\t') && block != NULL && name != NULL)
        {
          const char *old = g_hash_table_lookup (block, name);
          g_hash_table_insert (block, g_strdup (name), g_strconcat (old != NULL ? old : "", " ", g_strstrip (line), NULL));
          continue;
        }
      if ((colon = strchr (line, ':')) == NULL)
        continue;
      if (block == NULL)
        {
          block = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_ptr_array_add (blocks, block);
        }
      g_free (name);
      name = g_ascii_strdown (line, colon - line);
      g_strstrip (name);
      g_hash_table_insert (block, g_strdup (name), g_strstrip (g_strdup (colon + 1)));
    }
  return blocks;
}

/* The status "X.Y.Z" in @text, or from an SMTP reply code ("550 …" →
 * "5.0.0"); NULL when neither is there. */
static char *
find_status (const char *text)
{
  g_autoptr(GRegex) dsn = g_regex_new ("(?<![0-9.])([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?![0-9])", 0, 0, NULL);
  g_autoptr(GRegex) code = g_regex_new ("(?<![0-9])([45])[0-9][0-9](?:[ -]|$)", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return NULL;
  if (g_regex_match (dsn, text, 0, &match))
    return g_match_info_fetch (match, 0);
  g_clear_pointer (&match, g_match_info_free);
  if (g_regex_match (code, text, 0, &match))
    {
      g_autofree char *klass = g_match_info_fetch (match, 1);
      return g_strconcat (klass, ".0.0", NULL);
    }
  return NULL;
}

static gboolean
contains_any (const char         *text,
              const char * const *needles)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_utf8_strdown (text, -1);
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (lower, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- the MIME side ------------------------------------------------------ */

/* A text part in UTF-8, whatever its charset said (GMime leaves what it
 * cannot convert as it was). */
static char *
text_of (GMimeTextPart *part)
{
  g_autofree char *raw = g_mime_text_part_get_text (part);

  return raw != NULL ? g_utf8_make_valid (raw, -1) : g_strdup ("");
}

/* The bytes of a leaf part (decoded), or of an attached message. */
static char *
part_text (GMimeObject *object)
{
  GMimeStream *mem;
  GByteArray *bytes;
  char *text;

  if (GMIME_IS_TEXT_PART (object))
    return text_of (GMIME_TEXT_PART (object));
  mem = g_mime_stream_mem_new ();
  if (GMIME_IS_PART (object))
    {
      GMimeDataWrapper *content = g_mime_part_get_content (GMIME_PART (object));

      if (content != NULL)
        g_mime_data_wrapper_write_to_stream (content, mem);
    }
  else if (GMIME_IS_MESSAGE_PART (object))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (object));

      if (inner != NULL)
        g_mime_object_write_to_stream (GMIME_OBJECT (inner), NULL, mem);
    }
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (mem));
  text = bytes->len > 0 ? g_utf8_make_valid ((const char *) bytes->data, bytes->len) : g_strdup ("");
  g_object_unref (mem);
  return text;
}

typedef struct
{
  GMimeObject *report;        /* multipart/report */
  GMimeObject *status;        /* message/delivery-status or message/feedback-report */
  GMimeObject *original;      /* message/rfc822 or text/rfc822-headers */
  GString     *text;          /* the text/plain parts, in order */
} Parts;

static void
collect_part (GMimeObject *parent,
              GMimeObject *part,
              gpointer     user_data)
{
  Parts *p = user_data;
  GMimeContentType *type = g_mime_object_get_content_type (part);

  if (type == NULL)
    return;
  if (g_mime_content_type_is_type (type, "multipart", "report") && p->report == NULL)
    p->report = part;
  else if ((g_mime_content_type_is_type (type, "message", "delivery-status") ||
            g_mime_content_type_is_type (type, "message", "global-delivery-status") ||
            g_mime_content_type_is_type (type, "message", "feedback-report")) && p->status == NULL)
    p->status = part;
  else if ((g_mime_content_type_is_type (type, "message", "rfc822") ||
            g_mime_content_type_is_type (type, "message", "global") ||
            g_mime_content_type_is_type (type, "text", "rfc822-headers")) && p->original == NULL)
    p->original = part;
  else if (g_mime_content_type_is_type (type, "text", "plain") && GMIME_IS_TEXT_PART (part))
    {
      g_autofree char *text = text_of (GMIME_TEXT_PART (part));

      if (text != NULL)
        {
          g_string_append (p->text, text);
          g_string_append_c (p->text, '\n');
        }
    }
}

/* The Message-ID in an attached original: its header, or a
 * "Message-ID:" line in text. */
static char *
message_id_in (GMimeObject *original,
               const char  *text)
{
  g_autoptr(GRegex) re = g_regex_new ("^Message-ID:[ \\t]*<?([^>\\s]+@[^>\\s]+)>?", G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (original != NULL && GMIME_IS_MESSAGE_PART (original))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (original));
      const char *id = inner != NULL ? g_mime_message_get_message_id (inner) : NULL;

      if (id != NULL && *id != '\0')
        return g_strdup (id);
    }
  if (original != NULL)
    {
      g_autofree char *headers = part_text (original);

      if (g_regex_match (re, headers, 0, &match))
        return g_match_info_fetch (match, 1);
      g_clear_pointer (&match, g_match_info_free);
    }
  if (text != NULL && g_regex_match (re, text, 0, &match))
    return g_match_info_fetch (match, 1);
  return NULL;
}

static void
add_recipient (HeraldReply *reply,
               const char  *address,
               const char  *status,
               const char  *diagnostic)
{
  HeraldBounceRecipient *r;
  g_autofree char *bare = bare_address (address);

  if (bare == NULL)
    return;
  for (guint i = 0; i < reply->recipients->len; i++)
    if (g_ascii_strcasecmp (((HeraldBounceRecipient *) reply->recipients->pdata[i])->recipient, bare) == 0)
      return;
  r = g_new0 (HeraldBounceRecipient, 1);
  r->recipient = g_steal_pointer (&bare);
  r->status = g_strdup (status);
  r->diagnostic = diagnostic != NULL && *diagnostic != '\0' ? one_line (diagnostic) : NULL;
  g_ptr_array_add (reply->recipients, r);
}

/* RFC 3464: each recipient block's Action and Status. */
static void
read_delivery_status (HeraldReply *reply,
                      const char  *text)
{
  g_autoptr(GPtrArray) blocks = parse_field_blocks (text);
  gboolean failed = FALSE, delayed = FALSE;
  g_autoptr(GPtrArray) delays = g_ptr_array_new_with_free_func (recipient_free);

  for (guint i = 0; i < blocks->len; i++)
    {
      GHashTable *b = blocks->pdata[i];
      const char *rcpt = g_hash_table_lookup (b, "final-recipient");
      const char *action = g_hash_table_lookup (b, "action");
      const char *status = g_hash_table_lookup (b, "status");
      const char *diag = g_hash_table_lookup (b, "diagnostic-code");
      g_autofree char *code = NULL;
      g_autofree char *lower = NULL;

      if (rcpt == NULL)
        rcpt = g_hash_table_lookup (b, "original-recipient");
      if (rcpt == NULL || action == NULL)
        continue;
      lower = g_ascii_strdown (action, -1);
      code = status != NULL ? find_status (status) : NULL;
      if (code == NULL)
        code = find_status (diag);
      if (diag != NULL)
        {
          const char *semi = strchr (diag, ';');
          if (semi != NULL)
            diag = semi + 1;
        }
      if (g_str_has_prefix (lower, "failed"))
        {
          failed = TRUE;
          add_recipient (reply, rcpt, code != NULL ? code : "5.0.0", diag);
        }
      else if (g_str_has_prefix (lower, "delayed"))
        {
          HeraldReply tmp = { .recipients = delays };

          delayed = TRUE;
          add_recipient (&tmp, rcpt, code != NULL ? code : "4.0.0", diag);
        }
    }
  if (failed)
    reply->kind = HERALD_REPLY_BOUNCE;
  else if (delayed)
    {
      reply->kind = HERALD_REPLY_DELAY;
      g_ptr_array_extend_and_steal (reply->recipients, g_steal_pointer (&delays));
    }
}

/* RFC 5965: the complained-about recipient. */
static void
read_feedback_report (HeraldReply *reply,
                      const char  *text,
                      GMimeObject *original)
{
  g_autoptr(GPtrArray) blocks = parse_field_blocks (text);
  const char *rcpt = NULL;

  reply->kind = HERALD_REPLY_COMPLAINT;
  for (guint i = 0; i < blocks->len && rcpt == NULL; i++)
    rcpt = g_hash_table_lookup (blocks->pdata[i], "original-rcpt-to");
  if (rcpt == NULL && original != NULL && GMIME_IS_MESSAGE_PART (original))
    {
      GMimeMessage *inner = g_mime_message_part_get_message (GMIME_MESSAGE_PART (original));
      InternetAddressList *to = inner != NULL ? g_mime_message_get_to (inner) : NULL;

      if (to != NULL && internet_address_list_length (to) > 0)
        {
          InternetAddress *a = internet_address_list_get_address (to, 0);
          if (INTERNET_ADDRESS_IS_MAILBOX (a))
            rcpt = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (a));
        }
    }
  if (rcpt != NULL)
    add_recipient (reply, rcpt, "5.7.1", NULL);
}

/* ---- the older plain-text notices --------------------------------------- */

static const char * const bounce_senders[] = { "mailer-daemon", "postmaster", "mail delivery", "mail-daemon", NULL };

static const char * const bounce_subjects[] = {
  "undeliver", "undelivered", "delivery status notification", "delivery failure", "mail delivery failed",
  "failure notice", "returned mail", "delivery has failed", "could not be delivered", "mail system error",
  "配信不能", "配送エラー", "エラーメール", "配信できません", "届きませんでした", "送信できませんでした",
  "配信に失敗", "宛先不明", NULL
};

static const char * const delay_words[] = {
  "delayed", "will retry", "will continue trying", "not yet been delivered", "warning: message",
  "遅延", "再送を試みます", "まだ配信されていません", NULL
};

/* Where the copy of the original starts in a notice: addresses after it
 * are the original's, not the failed ones. */
static const char * const original_markers[] = {
  "------ this is a copy of the message", "--- below this line is a copy of the message",
  "original message follows", "----- original message -----", "--- original message ---",
  "------ original message", "元のメッセージ", "以下、元のメール", "----- transcript of session", NULL
};

static const char * const unknown_user_words[] = {
  "宛先不明", "存在しない", "ユーザーが見つかりません", "ユーザが見つかりません", "アドレスが見つかりません",
  "user unknown", "unknown user", "no such user", "does not exist", "address not found", "mailbox unavailable",
  NULL
};

static const char * const full_words[] = {
  "容量", "いっぱい", "over quota", "quota exceeded", "mailbox full", "mailbox is full", NULL
};

/* Old notices: the failed addresses are in the text before the copy of
 * the original, other than the notice's own From and To. */
static void
read_plain_notice (HeraldReply  *reply,
                   GMimeMessage *message,
                   const char   *text)
{
  g_autoptr(GRegex) address = g_regex_new ("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+",
                                           0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autofree char *head = NULL;
  g_autofree char *status = NULL;
  gsize cut = strlen (text);
  gboolean delayed;
  InternetAddressList *to = g_mime_message_get_to (message);
  g_autofree char *to_text = to != NULL ? internet_address_list_to_string (to, NULL, FALSE) : NULL;
  g_autofree char *to_lower = to_text != NULL ? g_ascii_strdown (to_text, -1) : NULL;

  for (guint i = 0; original_markers[i] != NULL; i++)
    {
      const char *at = strstr (lower, original_markers[i]);

      /* The lower-cased text has the same byte offsets for ASCII
       * markers; the Japanese ones have no case. */
      if (at != NULL && (gsize) (at - lower) < cut)
        cut = at - lower;
    }
  head = g_strndup (text, cut);
  delayed = contains_any (head, delay_words) && !contains_any (head, (const char * const[]) { "permanent", "恒久", NULL });
  status = find_status (head);
  if (status == NULL || status[0] == '2')
    {
      g_free (status);
      if (contains_any (head, full_words))
        status = g_strdup ("4.2.2");
      else if (contains_any (head, unknown_user_words))
        status = g_strdup ("5.1.1");
      else
        status = g_strdup (delayed ? "4.0.0" : "5.0.0");
    }

  if (g_regex_match (address, head, 0, &match))
    do
      {
        g_autofree char *found = g_match_info_fetch (match, 0);
        g_autofree char *found_lower = NULL;

        if (reply->from != NULL && g_ascii_strcasecmp (found, reply->from) == 0)
          continue;
        if (to_lower != NULL && strstr (to_lower, found_lower = g_ascii_strdown (found, -1)) != NULL)
          continue;
        add_recipient (reply, found, status, NULL);
      }
    while (g_match_info_next (match, NULL));
  if (reply->recipients->len == 0)
    return;
  reply->kind = delayed ? HERALD_REPLY_DELAY : HERALD_REPLY_BOUNCE;
}

static gboolean
looks_like_notice (const char *from_header,
                   const char *subject)
{
  return contains_any (from_header, bounce_senders) || contains_any (subject, bounce_subjects);
}

/* ---- auto-replies ------------------------------------------------------- */

static const char * const auto_subjects[] = {
  "out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply",
  "vacation", "away from", "自動返信", "自動応答", "不在", "休暇", "自動送信", NULL
};

static gboolean
is_auto_reply (GMimeMessage *message,
               const char   *subject)
{
  GMimeObject *object = GMIME_OBJECT (message);
  const char *auto_submitted = g_mime_object_get_header (object, "Auto-Submitted");
  const char *precedence = g_mime_object_get_header (object, "Precedence");

  if (auto_submitted != NULL)
    {
      g_autofree char *value = g_strstrip (g_strdup (auto_submitted));

      if (g_ascii_strncasecmp (value, "no", 2) != 0)
        return TRUE;
    }
  if (g_mime_object_get_header (object, "X-Autoreply") != NULL ||
      g_mime_object_get_header (object, "X-Autorespond") != NULL ||
      g_mime_object_get_header (object, "X-Auto-Reply") != NULL)
    return TRUE;
  if (precedence != NULL && g_ascii_strncasecmp (precedence, "auto_reply", 10) == 0)
    return TRUE;
  return contains_any (subject, auto_subjects);
}

/* ---- unsubscribe requests ----------------------------------------------- */

/* The token of a request to @unsubscribe ("local@domain"): in
 * "local+TOKEN@domain" among the addresses it went to, or the word after
 * "unsubscribe" in the subject of a mail to the address itself. Returns
 * %TRUE when the mail went to the unsubscribe address at all. */
static gboolean
find_unsubscribe (GMimeMessage  *message,
                  const char    *unsubscribe,
                  const char    *subject,
                  char         **out_token)
{
  static const char * const headers[] = { "To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", NULL };
  g_autofree char *local = NULL;
  const char *domain;
  gboolean to_us = FALSE;

  *out_token = NULL;
  if (unsubscribe == NULL || (domain = strchr (unsubscribe, '@')) == NULL)
    return FALSE;
  local = g_strndup (unsubscribe, domain - unsubscribe);
  for (guint h = 0; headers[h] != NULL; h++)
    {
      const char *value = g_mime_object_get_header (GMIME_OBJECT (message), headers[h]);
      g_autoptr(GObject) owner = NULL;
      InternetAddressList *list = value != NULL ? internet_address_list_parse (NULL, value) : NULL;

      owner = (GObject *) list;   /* GMime 3.2 has no autoptr of its own */

      for (int i = 0; list != NULL && i < internet_address_list_length (list); i++)
        {
          InternetAddress *a = internet_address_list_get_address (list, i);
          const char *addr;
          const char *at;

          if (!INTERNET_ADDRESS_IS_MAILBOX (a))
            continue;
          addr = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (a));
          if (addr == NULL || (at = strchr (addr, '@')) == NULL || g_ascii_strcasecmp (at, domain) != 0)
            continue;
          if ((gsize) (at - addr) == strlen (local) && g_ascii_strncasecmp (addr, local, at - addr) == 0)
            to_us = TRUE;
          else if (g_ascii_strncasecmp (addr, local, strlen (local)) == 0 && addr[strlen (local)] == '+' &&
                   at > addr + strlen (local) + 1)
            {
              to_us = TRUE;
              if (*out_token == NULL)
                *out_token = g_strndup (addr + strlen (local) + 1, at - addr - strlen (local) - 1);
            }
        }
    }
  if (to_us && *out_token == NULL && subject != NULL)
    {
      g_autoptr(GRegex) re = g_regex_new ("unsubscribe[\\s:]+([A-Za-z0-9_-]{8,})", G_REGEX_CASELESS, 0, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (g_regex_match (re, subject, 0, &match))
        *out_token = g_match_info_fetch (match, 1);
    }
  return to_us;
}

/* ---- the whole ------------------------------------------------------------ */

/**
 * herald_reply_classify:
 * @data: a whole message as it was in the mailbox
 * @unsubscribe_address: (nullable): the account's unsubscribe address
 *   ("local@domain", from its mailto), to recognise requests to it
 *
 * Returns: (transfer full): what the message is; never %NULL (a message
 *   GMime cannot read at all is %HERALD_REPLY_OTHER)
 */
HeraldReply *
herald_reply_classify (const char *data,
                       gsize       len,
                       const char *unsubscribe_address)
{
  HeraldReply *reply = g_new0 (HeraldReply, 1);
  g_autoptr(GObject) stream = NULL;   /* GMime 3.2 has no autoptr of its own */
  g_autoptr(GObject) parser = NULL;
  g_autoptr(GObject) owner = NULL;
  GMimeMessage *message;
  Parts parts = { 0 };
  const char *from_header, *subject;
  InternetAddressList *from;
  g_autofree char *status_text = NULL;

  reply->kind = HERALD_REPLY_OTHER;
  reply->recipients = g_ptr_array_new_with_free_func (recipient_free);
  stream = (GObject *) g_mime_stream_mem_new_with_buffer (data, len);
  parser = (GObject *) g_mime_parser_new_with_stream (GMIME_STREAM (stream));
  message = g_mime_parser_construct_message (GMIME_PARSER (parser), NULL);
  if (message == NULL)
    return reply;
  owner = (GObject *) message;

  subject = g_mime_message_get_subject (message);
  if (subject != NULL)
    {
      /* GMime hands back an undecodable subject as it was. */
      g_autofree char *line = one_line (subject);

      reply->subject = g_utf8_make_valid (line, -1);
    }
  from_header = g_mime_object_get_header (GMIME_OBJECT (message), "From");
  from = g_mime_message_get_from (message);
  if (from != NULL && internet_address_list_length (from) > 0)
    {
      InternetAddress *a = internet_address_list_get_address (from, 0);

      if (INTERNET_ADDRESS_IS_MAILBOX (a))
        reply->from = bare_address (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (a)));
    }

  parts.text = g_string_new (NULL);
  if (GMIME_IS_MULTIPART (g_mime_message_get_mime_part (message)) ||
      GMIME_IS_PART (g_mime_message_get_mime_part (message)))
    {
      GMimeObject *top = g_mime_message_get_mime_part (message);

      collect_part (NULL, top, &parts);
      if (GMIME_IS_MULTIPART (top))
        g_mime_multipart_foreach (GMIME_MULTIPART (top), collect_part, &parts);
    }

  /* 1. Reports: delivery status (RFC 3464), feedback (RFC 5965). */
  if (parts.status != NULL)
    {
      GMimeContentType *type = g_mime_object_get_content_type (parts.status);

      status_text = part_text (parts.status);
      if (g_mime_content_type_is_type (type, "message", "feedback-report"))
        read_feedback_report (reply, status_text, parts.original);
      else
        read_delivery_status (reply, status_text);
    }

  /* 2. A request to the unsubscribe address. */
  if (reply->kind == HERALD_REPLY_OTHER &&
      find_unsubscribe (message, unsubscribe_address, reply->subject, &reply->token))
    reply->kind = HERALD_REPLY_UNSUBSCRIBE;

  /* 3. The older plain-text notices. */
  if (reply->kind == HERALD_REPLY_OTHER && looks_like_notice (from_header, reply->subject))
    read_plain_notice (reply, message, parts.text->str);

  /* 4. Auto-replies (a DSN may say Auto-Submitted too: it was read above). */
  if (reply->kind == HERALD_REPLY_OTHER && is_auto_reply (message, reply->subject))
    reply->kind = HERALD_REPLY_AUTO_REPLY;

  if (reply->kind == HERALD_REPLY_BOUNCE || reply->kind == HERALD_REPLY_DELAY ||
      reply->kind == HERALD_REPLY_COMPLAINT)
    reply->original_message_id = message_id_in (parts.original, parts.text->str);
  if (reply->original_message_id == NULL)
    {
      const char *in_reply_to = g_mime_object_get_header (GMIME_OBJECT (message), "In-Reply-To");
      g_autofree char *id = in_reply_to != NULL ? g_mime_utils_decode_message_id (in_reply_to) : NULL;

      if (id != NULL)
        reply->original_message_id = g_steal_pointer (&id);
    }
  g_string_free (parts.text, TRUE);
  return reply;
}
