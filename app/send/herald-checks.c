/* herald-checks.c — the pre-send checklist: what it checks, in order
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * First what stops the sender (merge fields, unsubscribe links, the
 * recipients' own attachments), then what is worth fixing first: the
 * recipients' addresses and domains and the sender's (herald-checks-dns.c),
 * the links (herald-checks-links.c), and, over one recipient's rendered
 * message, the sender identity and opt-out, the size and the volume.
 */
#define G_LOG_DOMAIN "herald-checks"

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-account.h"
#include "herald-base.h"
#include "herald-business.h"
#include "herald-campaign.h"
#include "herald-charset-check.h"
#include "herald-checks-private.h"
#include "herald-consent.h"
#include "herald-contacts.h"
#include "herald-merge.h"
#include "herald-parts.h"
#include "herald-templates.h"

/* A whole message above this is refused by many receiving servers. */
#define MESSAGE_WARN_BYTES (10 * 1024 * 1024)
/* "Near" the bulk-sender threshold: within a tenth of it. */
#define VOLUME_WARN (HERALD_CHECK_BULK_THRESHOLD - HERALD_CHECK_BULK_THRESHOLD / 10)

void
herald_check_problem_free (HeraldCheckProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->email);
  g_free (problem->field);
  g_free (problem->value);
  g_free (problem->text);
  g_free (problem);
}

void
_herald_check_add (GPtrArray           *problems,
                   HeraldCheckKind      kind,
                   HeraldCheckSeverity  severity,
                   const char          *email,
                   const char          *field,
                   const char          *value,
                   const char          *text)
{
  HeraldCheckProblem *p = g_new0 (HeraldCheckProblem, 1);

  p->kind = kind;
  p->severity = severity;
  p->email = g_strdup (email != NULL ? email : "");
  p->field = g_strdup (field != NULL ? field : "");
  p->value = g_strdup (value != NULL ? value : "");
  p->text = g_strdup (text);
  g_ptr_array_add (problems, p);
}

/**
 * herald_check_problems_any:
 * @problems: (element-type HeraldCheckProblem)
 *
 * Returns: whether any is a warning or an error (notes are not problems)
 */
gboolean
herald_check_problems_any (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    if (((HeraldCheckProblem *) g_ptr_array_index (problems, i))->severity != HERALD_CHECK_NOTE)
      return TRUE;
  return FALSE;
}

/* ---- the same finding for many addresses, once -------------------------- */

/* "a.jp (5), b.jp (4), c.jp (3) and 2 more": @counts' keys by count,
 * the first @shown of them. */
static char *
dup_top (GHashTable *counts,
         guint       shown)
{
  g_autoptr(GList) keys = g_hash_table_get_keys (counts);
  g_autoptr(GString) line = g_string_new (NULL);
  guint n = 0, total = g_hash_table_size (counts);

  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);  /* ties in a stable order */
  for (guint round = 0; round < shown && keys != NULL; round++)
    {
      GList *best = NULL;

      for (GList *l = keys; l != NULL; l = l->next)
        if (best == NULL ||
            GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)) >
            GPOINTER_TO_UINT (g_hash_table_lookup (counts, best->data)))
          best = l;
      if (line->len > 0)
        /* TRANSLATORS: between the items of a list of domains or addresses */
        g_string_append (line, _(", "));
      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, best->data)) > 1)
        /* TRANSLATORS: a domain and how many of the addresses are at it */
        g_string_append_printf (line, _("%s (%u)"), (char *) best->data,
                                GPOINTER_TO_UINT (g_hash_table_lookup (counts, best->data)));
      else
        g_string_append (line, best->data);
      keys = g_list_delete_link (keys, best);
      n++;
    }
  if (total > n)
    g_string_append_printf (line, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more", total - n), total - n);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static HeraldCheckProblem *
problem_dup (const HeraldCheckProblem *p)
{
  HeraldCheckProblem *copy = g_new0 (HeraldCheckProblem, 1);

  *copy = *p;
  copy->email = g_strdup (p->email);
  copy->field = g_strdup (p->field);
  copy->value = g_strdup (p->value);
  copy->text = g_strdup (p->text);
  return copy;
}

/**
 * herald_check_problems_group:
 * @problems: (element-type HeraldCheckProblem): as herald_campaign_checklist()
 *   returns them
 *
 * The same problems for a person to read at a glance: every address whose
 * domain takes no mail becomes one problem ("12 addresses at 3 domains …",
 * naming the domains with the most), and every role address another; the
 * rest as they are, in their order (a group where its first member was).
 * `herald-cli campaign check` and the window's “Check” list each address.
 *
 * Returns: (transfer full) (element-type HeraldCheckProblem): a new array
 */
GPtrArray *
herald_check_problems_group (GPtrArray *problems)
{
  GPtrArray *grouped = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_check_problem_free);
  g_autoptr(GHashTable) domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_domain = 0, n_role = 0, at_domain = 0, at_role = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      HeraldCheckProblem *p = g_ptr_array_index (problems, i);
      GHashTable *table = p->kind == HERALD_CHECK_DOMAIN ? domains : p->kind == HERALD_CHECK_ROLE ? roles : NULL;
      const char *key = p->kind == HERALD_CHECK_DOMAIN ? p->value : p->email;

      if (table == NULL || *p->email == '\0')
        {
          g_ptr_array_add (grouped, problem_dup (p));
          continue;
        }
      if (g_hash_table_size (table) == 0 && (table == domains ? n_domain : n_role) == 0)
        {
          /* Its place, filled in below. */
          if (table == domains)
            at_domain = grouped->len;
          else
            at_role = grouped->len;
          g_ptr_array_add (grouped, problem_dup (p));
        }
      g_hash_table_insert (table, g_strdup (key),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (table, key)) + 1));
      if (table == domains)
        n_domain++;
      else
        n_role++;
    }

  if (n_domain > 1)
    {
      HeraldCheckProblem *p = g_ptr_array_index (grouped, at_domain);
      guint n_domains = g_hash_table_size (domains);
      g_autofree char *top = dup_top (domains, 3);
      g_autofree char *who = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u address", "%u addresses", n_domain), n_domain);
      g_autofree char *where = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u domain", "%u domains", n_domains), n_domains);

      g_free (p->text);
      /* TRANSLATORS: %s: "12 addresses"; %s: "3 domains"; %s: the domains, e.g. "a.jp (5), b.jp (4) and 1 more" */
      p->text = g_strdup_printf (_("%s at %s: no mail server found (no MX or address record in DNS, or the domain "
                                   "says it takes no mail): %s. Messages to them would bounce: correct or remove "
                                   "these addresses; “Check” on the campaign lists each one."), who, where, top);
      g_free (p->email);
      p->email = g_strdup ("");
      g_free (p->value);
      p->value = g_strdup ("");
    }
  if (n_role > 1)
    {
      HeraldCheckProblem *p = g_ptr_array_index (grouped, at_role);
      g_autofree char *top = dup_top (roles, 3);

      g_free (p->text);
      /* TRANSLATORS: %u: how many; %s: some of the addresses, e.g. "info@a.jp, sales@b.jp and 3 more" */
      p->text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u role address (a team’s or a system’s, not a person’s): %s. "
                                              "Such addresses rarely signed up themselves and complain or bounce "
                                              "more: remove them unless those teams asked for the newsletter.",
                                              "%u role addresses (a team’s or a system’s, not a person’s): %s. "
                                              "Such addresses rarely signed up themselves and complain or bounce "
                                              "more: remove them unless those teams asked for the newsletter.",
                                              n_role), n_role, top);
      g_free (p->email);
      p->email = g_strdup ("");
    }
  return grouped;
}

/* ---- what stops the sender ---------------------------------------------- */

static gboolean
check_blocking (GPtrArray                 *problems,
                HeraldStore               *store,
                const HeraldCampaignInfo  *info,
                const HeraldTemplateRecord *record,
                GError                   **error)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *list = herald_store_dup_list_name (store, info->list_id, NULL);

  if (!herald_campaign_check_unsubscribe (store, info->id, &local))
    {
      if (local->domain != HERALD_MERGE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      _herald_check_add (problems, HERALD_CHECK_UNSUBSCRIBE, HERALD_CHECK_ERROR, "",
                         local->code == HERALD_MERGE_ERROR_NO_UNSUBSCRIBE_URL ? "unsubscribe_url" : "unsubscribe_mailto",
                         "", local->message);
      g_clear_error (&local);
    }
  if (record != NULL && list != NULL && !herald_template_check_fields (store, record, list, &local))
    {
      if (local->domain != HERALD_MERGE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      _herald_check_add (problems, HERALD_CHECK_FIELD, HERALD_CHECK_ERROR, "", "", "", local->message);
      g_clear_error (&local);
    }
  /* Business details the template's footer shows but nobody set: the
   * sender pauses the campaign for them. */
  {
    g_autofree char *fields = NULL;

    if (!herald_campaign_check_business (store, info->id, &fields, &local))
      {
        if (!g_error_matches (local, HERALD_MERGE_ERROR, HERALD_MERGE_ERROR_NO_BUSINESS_DETAILS))
          {
            g_propagate_error (error, g_steal_pointer (&local));
            return FALSE;
          }
        _herald_check_add (problems, HERALD_CHECK_BUSINESS, HERALD_CHECK_ERROR, "", fields, "", local->message);
        g_clear_error (&local);
      }
  }
  if ((attachments = herald_campaign_check_attachments (store, info->id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < attachments->len; i++)
    {
      HeraldAttachmentProblem *a = g_ptr_array_index (attachments, i);
      /* What went wrong, and what to do (user trial: the card gave only
       * the system's words). */
      g_autofree char *text = g_strconcat (a->problem, " ",
                                           _("Put the file where the list says, or correct this recipient’s "
                                             "value in the list."), NULL);

      _herald_check_add (problems, HERALD_CHECK_ATTACHMENT, HERALD_CHECK_ERROR, a->email, a->field, a->value, text);
    }
  return TRUE;
}

/* ---- the charset --------------------------------------------------------- */

/* An ISO-2022-JP account: text it cannot carry sends those messages in
 * UTF-8 (herald-message-jis.c); said, never a blocker. */
static gboolean
check_charset (GPtrArray                *problems,
               HeraldStore              *store,
               const HeraldCampaignInfo *info,
               GError                  **error)
{
  HeraldCharsetCheck charset;
  g_autofree char *text = NULL;

  if (!herald_campaign_check_charset (store, info->id, &charset, error))
    return FALSE;
  if (!charset.template_fits)
    /* TRANSLATORS: %s is one character, such as ① */
    text = g_strdup_printf (_("The template has characters ISO-2022-JP cannot carry (such as “%s”): every message "
                              "will be written in UTF-8. Replace them, or choose UTF-8 for the account."),
                            charset.template_example);
  else if (charset.n_recipients > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: %u is a number of recipients, %s one character such as 髙 */
                                         "%u recipient has characters ISO-2022-JP cannot carry (such as “%s”): "
                                         "that message will be written in UTF-8.",
                                         "%u recipients have characters ISO-2022-JP cannot carry (such as “%s”): "
                                         "their messages will be written in UTF-8.",
                                         charset.n_recipients),
                            charset.n_recipients, charset.recipient_example);
  if (text != NULL)
    _herald_check_add (problems, HERALD_CHECK_CHARSET, HERALD_CHECK_WARNING, "", "charset", "", text);
  herald_charset_check_clear (&charset);
  return TRUE;
}

/* ---- consent -------------------------------------------------------------- */

/* Recipients whose consent nobody recorded: the law asks for the record
 * (特定電子メール法); a warning, since the user may keep it elsewhere. */
static gboolean
check_consent (GPtrArray                *problems,
               HeraldStore              *store,
               const HeraldCampaignInfo *info,
               GError                  **error)
{
  g_autofree char *list = herald_store_dup_list_name (store, info->list_id, NULL);
  g_autofree char *text = NULL;
  guint64 without = 0, declined = 0;

  if (!herald_consent_count_campaign (store, info->id, &without, &declined, error))
    return FALSE;
  if (without == 0)
    return TRUE;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: a number, then a list's name */
                                       "%" PRIu64 " recipient of the list “%s” has no consent record (when and how "
                                       "they agreed to marketing mail). The law asks you to keep one: record it "
                                       "when importing, or for each person.",
                                       "%" PRIu64 " recipients of the list “%s” have no consent record (when and how "
                                       "they agreed to marketing mail). The law asks you to keep one: record it "
                                       "when importing, or for each person.",
                                       without),
                          (uint64_t) without, list != NULL ? list : "");
  _herald_check_add (problems, HERALD_CHECK_CONSENT, HERALD_CHECK_WARNING, "", "consent", "", text);
  return TRUE;
}

/* ---- who gets it -------------------------------------------------------- */

typedef struct
{
  HeraldStore *store;
  GPtrArray   *addresses;
  GHashTable  *pending;       /* address (lower case) → itself */
  guint64      n_suppressed;  /* suppressed since the campaign was made */
} Pending;

static void
on_pending_cb (const char *email,
               const char *value,
               gpointer    user_data)
{
  Pending *p = user_data;

  if (herald_store_is_suppressed (p->store, email))
    {
      p->n_suppressed++;
      return;
    }
  g_ptr_array_add (p->addresses, g_strdup (email));
  g_hash_table_add (p->pending, g_ascii_strdown (email, -1));
}

static void
note_excluded (GPtrArray                *problems,
               const HeraldCampaignInfo *info,
               guint64                   n_since)
{
  if (info->n_suppressed > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%" PRIu64 " address on the suppression list (bounced, unsubscribed, complained or added by you) was left out when the campaign was made.",
                                      "%" PRIu64 " addresses on the suppression list (bounced, unsubscribed, complained or added by you) were left out when the campaign was made.",
                                      info->n_suppressed),
                         (uint64_t) info->n_suppressed);
      _herald_check_add (problems, HERALD_CHECK_EXCLUDED, HERALD_CHECK_NOTE, "", "suppressed", "", text);
    }
  if (n_since > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%" PRIu64 " recipient was suppressed after the campaign was made and will be skipped.",
                                      "%" PRIu64 " recipients were suppressed after the campaign was made and will be skipped.",
                                      n_since),
                         (uint64_t) n_since);
      _herald_check_add (problems, HERALD_CHECK_EXCLUDED, HERALD_CHECK_NOTE, "", "suppressed", "", text);
    }
}

static void
check_volume (GPtrArray *problems,
              guint      n)
{
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (n < VOLUME_WARN)
    return;
  count = g_strdup_printf ("%u", n);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u recipient: near or above 5,000 messages a day, Gmail and Yahoo treat you as a bulk sender. "
                                       "Then every message needs one-click unsubscribe (a List-Unsubscribe header: give the account an unsubscribe link), "
                                       "your domain needs SPF, DKIM and DMARC, and complaints must stay under 0.3 %%. Or spread the campaign over several days.",
                                       "%u recipients: near or above 5,000 messages a day, Gmail and Yahoo treat you as a bulk sender. "
                                       "Then every message needs one-click unsubscribe (a List-Unsubscribe header: give the account an unsubscribe link), "
                                       "your domain needs SPF, DKIM and DMARC, and complaints must stay under 0.3 %%. Or spread the campaign over several days.",
                                       n), n);
  _herald_check_add (problems, HERALD_CHECK_VOLUME, HERALD_CHECK_WARNING, "", "volume", count, text);
}

/* ---- one recipient's message -------------------------------------------- */

static gboolean
matches (const char *pattern,
         const char *text)
{
  return g_regex_match_simple (pattern, text, G_REGEX_CASELESS | G_REGEX_MULTILINE, 0);
}

static char *
display_name (const char *from)
{
  const char *lt = from != NULL ? strchr (from, '<') : NULL;
  g_autofree char *name = NULL;

  if (lt == NULL)
    return NULL;
  name = g_strstrip (g_strndup (from, lt - from));
  if (name[0] == '"' && strlen (name) >= 2 && name[strlen (name) - 1] == '"')
    {
      char *inner = g_strndup (name + 1, strlen (name) - 2);

      g_free (name);
      name = inner;
    }
  return *name != '\0' ? g_steal_pointer (&name) : NULL;
}

/* What 特定電子メール法 (Act on Specified Electronic Mail, Art. 4) and
 * CAN-SPAM ask every advertising message to show, looked for in the
 * words a recipient sees. Heuristics: a warning, never a refusal. */
static gboolean
names (const char *words_folded,
       const char *name)
{
  g_autofree char *folded = name != NULL && *name != '\0' ? g_utf8_casefold (name, -1) : NULL;

  return folded != NULL && strstr (words_folded, folded) != NULL;
}

/* The sender is named when the message shows the From name or the
 * business name of Preferences: the starters' footers show the latter
 * ({{ sender_name }}), while the From name is often a person's or, for
 * the Outbox, "Herald Outbox". */
static void
check_identity (GPtrArray           *problems,
                const HeraldAccount *account,
                const char          *business_name,
                const char          *html,
                const char          *text)
{
  g_autoptr(GRegex) tags = g_regex_new ("<[^>]*>", G_REGEX_DOTALL, 0, NULL);
  g_autofree char *stripped = g_regex_replace_literal (tags, html, -1, 0, " ", 0, NULL);
  g_autofree char *words = g_strconcat (stripped != NULL ? stripped : "", "\n", text, NULL);
  g_autofree char *name = display_name (account->from);
  g_autofree char *words_folded = g_utf8_casefold (words, -1);
  g_autofree char *mailto = account->unsubscribe_mailto != NULL ? g_strndup (account->unsubscribe_mailto, strcspn (account->unsubscribe_mailto, "?")) : NULL;
  gboolean has_link = (account->unsubscribe_url != NULL && strstr (html, account->unsubscribe_url) != NULL) ||
                      (mailto != NULL && strstr (html, mailto) != NULL);

  if (!names (words_folded, name) && !names (words_folded, business_name))
    _herald_check_add (problems, HERALD_CHECK_IDENTITY, HERALD_CHECK_WARNING, "", "identity", "sender-name",
                       _("The message does not name its sender (the From name is not in it). Japan’s Act on Specified "
                         "Electronic Mail (特定電子メール法) and the US CAN-SPAM Act require the sender’s name in every "
                         "advertising message: add it, e.g. in the footer."));
  if (!matches ("〒\\s*\\d{3}\\s*[-－ー−]\\s*\\d{4}"
                "|(東京都|北海道|大阪府|京都府|\\p{Han}{2,3}県)\\s*\\p{Han}+[市区町村郡]"
                "|\\b\\d+\\s+[\\w .'-]*\\b(street|st\\.|avenue|ave\\.|road|rd\\.|boulevard|blvd\\.?|lane|drive|suite|way|court|place|square)\\b"
                "|\\b[A-Z]{2}\\s+\\d{5}(-\\d{4})?\\b|\\bP\\.?\\s?O\\.?\\s+Box\\b", words))
    _herald_check_add (problems, HERALD_CHECK_IDENTITY, HERALD_CHECK_WARNING, "", "identity", "postal-address",
                       _("The message shows no postal address. 特定電子メール法 asks for the sender’s address and "
                         "CAN-SPAM for a valid postal address: add it to the footer."));
  if (!matches ("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+|(\\+?\\d[\\d ()-]{7,}\\d)|問い?合わ?せ|電話|TEL|contact", words))
    _herald_check_add (problems, HERALD_CHECK_IDENTITY, HERALD_CHECK_WARNING, "", "identity", "contact",
                       _("The message gives no way to contact you (an address, phone number or contact page). "
                         "特定電子メール法 requires one for questions and complaints: add it to the footer."));
  if (!has_link &&
      !matches ("unsubscribe|opt[- ]?out|配信(停止|解除)|購読(停止|解除)|登録解除|メール停止|受信(拒否|停止)|配信を希望されない", words))
    _herald_check_add (problems, HERALD_CHECK_IDENTITY, HERALD_CHECK_WARNING, "", "identity", "opt-out",
                       _("The message does not say how to stop receiving it. 特定電子メール法 and CAN-SPAM require a "
                         "clear, working opt-out in every message: add the unsubscribe link with a line such as "
                         "“To stop these e-mails, click here”."));
}

static void
check_size (GPtrArray  *problems,
            const char *html,
            GBytes     *message)
{
  gsize html_bytes = strlen (html);

  if (html_bytes > HERALD_CHECK_HTML_CLIP_BYTES)
    {
      g_autofree char *size = g_format_size_full (html_bytes, G_FORMAT_SIZE_DEFAULT);
      g_autofree char *text =
        /* TRANSLATORS: %s is a size, e.g. "130.2 kB" */
        g_strdup_printf (_("The HTML is %s. Gmail clips a message whose HTML is above about 102 KB and hides the rest "
                           "(often the unsubscribe link and your address) behind “View entire message”: shorten it, "
                           "or link to the long parts."), size);
      _herald_check_add (problems, HERALD_CHECK_SIZE, HERALD_CHECK_WARNING, "", "size", "html", text);
    }
  if (message != NULL && g_bytes_get_size (message) > MESSAGE_WARN_BYTES)
    {
      g_autofree char *size = g_format_size_full (g_bytes_get_size (message), G_FORMAT_SIZE_DEFAULT);
      g_autofree char *text =
        /* TRANSLATORS: %s is a size, e.g. "12.4 MB" */
        g_strdup_printf (_("Each message is %s with its images and attachments; many servers refuse messages above "
                           "10 MB, and every recipient downloads it: link to large files instead of attaching them."), size);
      _herald_check_add (problems, HERALD_CHECK_SIZE, HERALD_CHECK_WARNING, "", "size", "message", text);
    }
}

/* Renders the message of the first pending recipient, then checks the
 * links, the identity and the size on it. A message that does not render
 * (a missing field) is already a problem above. */
static gboolean
check_message (GPtrArray                  *problems,
               HeraldStore                *store,
               const HeraldCampaignInfo   *info,
               const HeraldTemplateRecord *record,
               const HeraldAccount        *account,
               GHashTable                 *pending,
               const HeraldCheckOptions   *options,
               GCancellable               *cancellable,
               GError                    **error)
{
  g_autoptr(HeraldContactCursor) cursor = NULL;
  g_autoptr(HeraldMerge) merge = NULL;
  g_autoptr(GBytes) message = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(HeraldBusiness) business = NULL;
  HeraldRendered rendered = { 0 };
  HeraldMergeRow r = { 0 };
  HeraldMergeRecipient to;

  if ((cursor = herald_contact_cursor_new (store, info->list_id, error)) == NULL)
    return FALSE;
  r.cursor = cursor;
  while ((r.row = herald_contact_cursor_next (cursor, &local)) != NULL)
    {
      g_autofree char *key = g_ascii_strdown (r.row->email, -1);

      if (g_hash_table_contains (pending, key))
        break;
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (r.row == NULL)
    return TRUE;
  to = herald_merge_row_recipient (&r);
  if ((merge = herald_merge_new_for_account (record, account, herald_contact_cursor_get_fields (cursor), NULL)) == NULL ||
      !herald_merge_load_list (merge, store, info->list_id, NULL) ||
      !herald_merge_load_parts (merge, store, record->id, NULL) ||
      !herald_merge_render (merge, &to, &rendered, NULL))
    return TRUE;
  message = herald_merge_compose (merge, &to, "<check@herald.invalid>", herald_now_seconds (), NULL);

  business = herald_business_load (store, NULL);
  check_identity (problems, account, business != NULL ? business->name : NULL, rendered.html, rendered.text);
  check_size (problems, rendered.html, message);
  _herald_check_links (problems, rendered.html, account->unsubscribe_url, options, cancellable);
  herald_rendered_clear (&rendered);
  return TRUE;
}

/**
 * herald_campaign_checklist:
 * @options: (nullable): time limit, DKIM selector, offline
 * @cancellable: (nullable): stops the DNS questions and link fetches
 *
 * Everything the pre-send checklist finds for a campaign's deliveries
 * still to send, in the order a person should read it. Blocks for as long
 * as DNS and the links take (each within the time limit): call it from a
 * thread.
 *
 * Returns: (transfer full) (element-type HeraldCheckProblem): the
 *   problems and notes, empty when all is well; %NULL with @error set
 *   when the campaign cannot be read
 */
GPtrArray *
herald_campaign_checklist (HeraldStore               *store,
                           gint64                     campaign_id,
                           const HeraldCheckOptions  *options,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_check_problem_free);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTemplateRecord) record = NULL;
  g_autofree char *from = NULL;
  HeraldCheckOptions defaults = { 0 };
  Pending p = { store, addresses, pending, 0 };

  if (options == NULL)
    options = &defaults;
  if ((info = herald_campaign_get (store, campaign_id, error)) == NULL ||
      (account = herald_account_load_by_id (store, info->account_id, error)) == NULL)
    return NULL;
  /* A deleted template is the sender's to report. */
  record = herald_templates_find_by_id (store, info->template_id, NULL);

  if (!check_blocking (problems, store, info, record, error) ||
      !check_charset (problems, store, info, error) ||
      !check_consent (problems, store, info, error) ||
      !herald_campaign_read_pending_field (store, campaign_id, "email", on_pending_cb, &p, error))
    return NULL;
  note_excluded (problems, info, p.n_suppressed);

  if (account->unsubscribe_url == NULL && account->unsubscribe_mailto == NULL)
    _herald_check_add (problems, HERALD_CHECK_UNSUBSCRIBE, HERALD_CHECK_WARNING, "", "unsubscribe", "",
                       _("The account has no unsubscribe link or address, so the messages carry no List-Unsubscribe "
                         "header and mail programs show no unsubscribe button. Gmail and Yahoo require one-click "
                         "unsubscribe from bulk senders: give the account an unsubscribe link."));

  _herald_check_recipient_domains (problems, addresses, options, cancellable);
  from = herald_dup_bare_address (account->from);
  {
    /* The selector given for this check, else the account's own. */
    HeraldCheckOptions sender_options = *options;

    if (sender_options.dkim_selector == NULL || *sender_options.dkim_selector == '\0')
      sender_options.dkim_selector = account->dkim_selector;
    _herald_check_sender_domain (problems, from, &sender_options, cancellable);
  }
  if (record != NULL &&
      !check_message (problems, store, info, record, account, pending, options, cancellable, error))
    return NULL;
  check_volume (problems, addresses->len);
  if (options->offline)
    _herald_check_add (problems, HERALD_CHECK_UNCHECKED, HERALD_CHECK_NOTE, "", "", "",
                       _("Domains and links were not checked (offline)."));
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&problems);
}
