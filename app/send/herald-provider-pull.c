/* herald-provider-pull.c — a sending provider's suppression lists pulled
 * into Herald's
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the provider has learnt about the addresses it sent to (bounces,
 * complaints, unsubscribes) becomes Herald's suppression list, each entry
 * with its source ("Mailgun bounce (account shop-mg)"), so that the next
 * campaign leaves them out whichever account it sends through:
 *
 * - SendGrid: GET /v3/suppression/{bounces,blocks,spam_reports,
 *   invalid_emails,unsubscribes}, "Authorization: Bearer KEY", paged with
 *   limit and offset until a page comes back empty;
 * - Mailgun: GET /v3/DOMAIN/{bounces,complaints,unsubscribes}, basic
 *   authentication "api:KEY", paged by following paging.next until a page
 *   comes back empty;
 * - Amazon SES v2: GET /v2/email/suppression/addresses
 *   (ListSuppressedDestinations), SigV4-signed, paged with NextToken.
 *
 * Each request goes through the account's own HTTPS session
 * (herald-api-transport.c: TLS verified, the account's CA file), the
 * secret read from the keyring. 429 and 5xx (and no answer) are tried
 * again, after the provider's Retry-After or a growing wait, a few times;
 * 401 and 403 stop with the provider's words. Each page is written as it
 * comes, so what was pulled before a failure is kept; an address already
 * suppressed keeps its first cause (herald_suppressions_add()), so a
 * second pull adds nothing new.
 *
 * Opens and clicks (herald_provider_pull_events()): Mailgun's events API,
 * GET /v3/DOMAIN/events?event=opened OR clicked&begin=…, paged by
 * following paging.next until a page comes back empty. Each event is
 * matched to its delivery by the message id Mailgun gave when it took the
 * message (kept with the delivery), which every event of that message
 * names: it needs nothing added to the message (preview = sent stays
 * byte for byte) and nothing of Herald's sent to the provider, and it
 * names exactly one delivery. (A custom variable would also match a
 * delivery whose answer was lost, but those are uncertain anyway.)
 *
 * The pages are read in herald-provider-parse.c.
 */
#define G_LOG_DOMAIN "herald-provider"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "herald-api-private.h"
#include "herald-campaign.h"
#include "herald-engagement.h"
#include "herald-provider-pull.h"
#include "herald-ses.h"
#include "herald-suppressions.h"

#define MAX_ATTEMPTS 5
#define MAX_WAIT_SECONDS 30
#define MAX_PAGES 100000
#define SENDGRID_PAGE 500
#define MAILGUN_PAGE 1000
#define SES_PAGE 1000

typedef struct
{
  HeraldApiTransport *api;
  HeraldStore        *store;
  HeraldPullCounts   *counts;
  GCancellable       *cancellable;
} Pull;

/* A GET of @path?@query (encoded) with the account's authentication. */
static SoupMessage *
build_get (HeraldApiTransport  *self,
           const char          *path,
           const char          *query,
           GError             **error)
{
  g_autofree char *url = NULL;
  g_autofree char *authz = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;

  if (self->account->api == HERALD_API_SES)
    return _herald_ses_signed_request (self, "GET", path, query, NULL, error);

  url = g_strconcat (self->base_url, path, query != NULL ? "?" : "", query, NULL);
  if ((uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error)) == NULL)
    return NULL;
  if (self->account->api == HERALD_API_MAILGUN)
    {
      g_autofree char *credentials = g_strconcat ("api:", self->secret, NULL);
      g_autofree char *basic = g_base64_encode ((const guchar *) credentials, strlen (credentials));

      authz = g_strconcat ("Basic ", basic, NULL);
      memset (credentials, 0, strlen (credentials));
      memset (basic, 0, strlen (basic));
    }
  else
    authz = g_strconcat ("Bearer ", self->secret, NULL);
  msg = soup_message_new_from_uri ("GET", uri);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authz);
  memset (authz, 0, strlen (authz));
  return msg;
}

/* Waits @seconds, or less when cancelled. */
static gboolean
wait_seconds (guint          seconds,
              GCancellable  *cancellable)
{
  for (guint i = 0; i < seconds * 10; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (G_USEC_PER_SEC / 10);
    }
  return !g_cancellable_is_cancelled (cancellable);
}

/* How long the provider asks to wait (Retry-After in seconds), else a
 * growing wait: 1, 2, 4, 8 s. */
static guint
retry_wait (SoupMessage *msg,
            guint        attempt)
{
  const char *after = msg != NULL
                      ? soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After")
                      : NULL;
  guint64 seconds;

  if (after != NULL && g_ascii_string_to_unsigned (after, 10, 0, G_MAXUINT, &seconds, NULL))
    return (guint) MIN (seconds, MAX_WAIT_SECONDS);
  return 1u << MIN (attempt, 4u);
}

/* The answer's words, one short line, for an error message: SES's error
 * type, and the "message" of SES's and Mailgun's JSON or the first of
 * SendGrid's "errors", else the body's first bytes. */
static char *
answer_words (SoupMessage *msg,
              GBytes      *body)
{
  const char *type_header = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                          "x-amzn-ErrorType");
  g_autofree char *type = type_header != NULL ? g_strndup (type_header, strcspn (type_header, ":")) : NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data != NULL && len > 0 && json_parser_load_from_data (parser, data, (gssize) len, NULL))
    {
      g_autoptr(JsonPath) path = json_path_new ();
      JsonNode *root = json_parser_get_root (parser);
      const char *queries[] = { "$.message", "$.errors[0].message" };

      for (guint i = 0; i < G_N_ELEMENTS (queries) && text == NULL; i++)
        {
          g_autoptr(JsonNode) found = NULL;
          JsonArray *array;

          if (!json_path_compile (path, queries[i], NULL) || (found = json_path_match (path, root)) == NULL)
            continue;
          array = json_node_get_array (found);
          if (json_array_get_length (array) > 0 &&
              JSON_NODE_HOLDS_VALUE (json_array_get_element (array, 0)) &&
              json_node_get_value_type (json_array_get_element (array, 0)) == G_TYPE_STRING)
            text = g_strdup (json_node_get_string (json_array_get_element (array, 0)));
        }
    }
  if (text == NULL && data != NULL)
    text = g_strndup (data, MIN (len, 300));
  return herald_api_describe (soup_message_get_status (msg), type, text);
}

/* One page: retried on 429, 5xx and no answer; %NULL with @error set when
 * it cannot be had. */
static GBytes *
fetch_page (Pull        *pull,
            const char  *path,
            const char  *query,
            GError     **error)
{
  HeraldApiTransport *self = pull->api;
  const char *name = self->provider->display_name;

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(SoupMessage) msg = build_get (self, path, query, error);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *words = NULL;
      guint status;

      if (msg == NULL)
        return NULL;
      answer = _herald_api_fetch (self, msg, pull->cancellable, &local);
      if (answer == NULL)
        {
          /* No connection at all, or a certificate refused: no use trying again. */
          if (attempt + 1 >= MAX_ATTEMPTS || !g_error_matches (local, HERALD_TRANSPORT_ERROR, HERALD_TRANSPORT_ERROR_TIMEOUT) ||
              !wait_seconds (retry_wait (NULL, attempt), pull->cancellable))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return NULL;
            }
          continue;
        }
      status = soup_message_get_status (msg);
      if (status == 200)
        return g_steal_pointer (&answer);
      if ((status == 429 || status >= 500) && attempt + 1 < MAX_ATTEMPTS)
        {
          g_debug ("%s answered %u to %s; trying again", name, status, path);
          if (!wait_seconds (retry_wait (msg, attempt), pull->cancellable))
            {
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Stopped."));
              return NULL;
            }
          continue;
        }
      words = answer_words (msg, answer);
      if (status == 401 || status == 403)
        g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_REFUSED,
                     /* TRANSLATORS: %s is a service, e.g. Mailgun; then the account's name and its answer */
                     _("%s refused to show the suppressed addresses of the account “%s” (%s). "
                       "Check that its API key is right and may read suppressions, then store it "
                       "again."), name, self->account->name, words);
      else if (status == 429 || status >= 500)
        g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_ANSWER,
                     /* TRANSLATORS: %s is a service, e.g. Mailgun; then its answer */
                     _("%s is busy or failing (%s) and did not give the suppressed addresses after "
                       "several tries. Try again later."), name, words);
      else
        g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_ANSWER,
                     /* TRANSLATORS: %s is a service, e.g. Mailgun; then the account's name and its answer */
                     _("%s did not give the suppressed addresses of the account “%s” (%s). Check the "
                       "account’s settings (its domain, region or endpoint)."), name,
                     self->account->name, words);
      return NULL;
    }
}

/* A page's addresses onto the suppression list, in one transaction. */
static gboolean
store_page (Pull       *pull,
            GPtrArray  *addresses,
            GError    **error)
{
  const char *provider = pull->api->provider->display_name;

  if (addresses->len == 0)
    return TRUE;
  if (!herald_store_begin (pull->store, error))
    return FALSE;
  for (guint i = 0; i < addresses->len; i++)
    {
      const HeraldPulledAddress *a = g_ptr_array_index (addresses, i);
      /* TRANSLATORS: a suppression's source, e.g. “Mailgun bounce (account shop-mg)”:
       * the service, what its list calls the address, the account's name */
      g_autofree char *source = g_strdup_printf (_("%s %s (account %s)"), provider, _(a->kind),
                                                 pull->api->account->name);
      gboolean added = FALSE;

      if (!herald_suppressions_add (pull->store, a->email, a->reason, source, &added, error))
        {
          herald_store_rollback (pull->store);
          return FALSE;
        }
      pull->counts->n_pulled++;
      if (added)
        pull->counts->n_new++;
    }
  return herald_store_commit (pull->store, error);
}

static GPtrArray *
new_addresses (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) herald_pulled_address_free);
}

typedef struct
{
  const char *list;
  const char *reason;
  const char *kind;
} ProviderList;

static const ProviderList sendgrid_lists[] = {
  { "bounces", "bounced", N_("bounce") },
  { "blocks", "bounced", N_("block") },
  { "invalid_emails", "bounced", N_("invalid email") },
  { "spam_reports", "complaint", N_("spam report") },
  { "unsubscribes", "unsubscribed", N_("global unsubscribe") },
}, mailgun_lists[] = {
  { "bounces", "bounced", N_("bounce") },
  { "complaints", "complaint", N_("complaint") },
  { "unsubscribes", "unsubscribed", N_("unsubscribe") },
};

/* Keeps the kinds of SES's list (herald-provider-parse.c) translated. */
G_GNUC_UNUSED static const char *ses_kinds[] = { N_("bounce"), N_("complaint") };

static gboolean
pull_sendgrid (Pull    *pull,
               GError **error)
{
  for (guint l = 0; l < G_N_ELEMENTS (sendgrid_lists); l++)
    {
      g_autofree char *path = g_strconcat ("/v3/suppression/", sendgrid_lists[l].list, NULL);
      guint offset = 0;

      for (guint page = 0; page < MAX_PAGES; page++)
        {
          g_autofree char *query = g_strdup_printf ("limit=%u&offset=%u", SENDGRID_PAGE, offset);
          g_autoptr(GBytes) body = fetch_page (pull, path, query, error);
          g_autoptr(GPtrArray) addresses = new_addresses ();
          guint n = 0;

          if (body == NULL ||
              !herald_sendgrid_parse_suppressions (body, sendgrid_lists[l].reason, sendgrid_lists[l].kind,
                                                   addresses, &n, error) ||
              !store_page (pull, addresses, error))
            return FALSE;
          if (n == 0)
            break;
          offset += n;
        }
    }
  return TRUE;
}

/* Mailgun's next page, as a path and query on the account's own endpoint:
 * the address Mailgun gives is followed only that far, so the key never
 * goes to another host. Its path is the list's, or below it (the events'
 * pages are /v3/DOMAIN/events/TOKEN). */
static gboolean
mailgun_next (const char  *next,
              const char  *path,
              char       **out_path,
              char       **out_query)
{
  g_autoptr(GUri) uri = g_uri_parse (next, G_URI_FLAGS_ENCODED, NULL);
  const char *p = uri != NULL ? g_uri_get_path (uri) : NULL;

  if (p == NULL || !g_str_has_prefix (p, path) || (p[strlen (path)] != '\0' && p[strlen (path)] != '/') ||
      strstr (p, "/..") != NULL)
    return FALSE;
  *out_path = g_strdup (p);
  *out_query = g_strdup (g_uri_get_query (uri));
  return TRUE;
}

/* One page of a Mailgun list: parsed and kept; @out_n is how many it
 * held, @out_next (nullable) the address of the next. */
typedef gboolean (*MailgunPageFunc) (Pull      *pull,
                                     GBytes    *body,
                                     gpointer   data,
                                     guint     *out_n,
                                     char     **out_next,
                                     GError   **error);

/* Reads @list_path's pages from @query on (MAX_PAGES at the most),
 * following Mailgun's next-page addresses within the list, and hands
 * each page to @page. */
static gboolean
mailgun_read_pages (Pull             *pull,
                    const char       *list_path,
                    const char       *query,
                    MailgunPageFunc   page_func,
                    gpointer          data,
                    GError          **error)
{
  g_autofree char *path = g_strdup (list_path);
  g_autofree char *q = g_strdup (query);

  for (guint page = 0; page < MAX_PAGES; page++)
    {
      g_autoptr(GBytes) body = fetch_page (pull, path, q, error);
      g_autofree char *next = NULL;
      guint n = 0;

      if (body == NULL || !page_func (pull, body, data, &n, &next, error))
        return FALSE;
      if (n == 0 || next == NULL)
        break;
      g_clear_pointer (&path, g_free);
      g_clear_pointer (&q, g_free);
      if (!mailgun_next (next, list_path, &path, &q))
        {
          g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_PARSE,
                       _("Mailgun gave a next page elsewhere than the list it was reading (%s); "
                         "what came before it was kept. Try again later."), next);
          return FALSE;
        }
    }
  return TRUE;
}

/* A page of one of mailgun_lists (@data), kept as suppressions. */
static gboolean
mailgun_suppressions_page (Pull      *pull,
                           GBytes    *body,
                           gpointer   data,
                           guint     *out_n,
                           char     **out_next,
                           GError   **error)
{
  const ProviderList *list = data;
  g_autoptr(GPtrArray) addresses = new_addresses ();

  return herald_mailgun_parse_suppressions (body, list->reason, list->kind, addresses,
                                            out_n, out_next, error) &&
         store_page (pull, addresses, error);
}

static gboolean
pull_mailgun (Pull    *pull,
              GError **error)
{
  g_autofree char *domain = g_uri_escape_string (pull->api->account->api_domain, NULL, FALSE);
  g_autofree char *query = g_strdup_printf ("limit=%u", MAILGUN_PAGE);

  for (guint l = 0; l < G_N_ELEMENTS (mailgun_lists); l++)
    {
      g_autofree char *list_path = g_strdup_printf ("/v3/%s/%s", domain, mailgun_lists[l].list);

      if (!mailgun_read_pages (pull, list_path, query, mailgun_suppressions_page,
                               (gpointer) &mailgun_lists[l], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pull_ses (Pull    *pull,
          GError **error)
{
  g_autofree char *token = NULL;

  for (guint page = 0; page < MAX_PAGES; page++)
    {
      g_autofree char *escaped = token != NULL ? g_uri_escape_string (token, NULL, FALSE) : NULL;
      g_autofree char *query = escaped != NULL
                               ? g_strdup_printf ("NextToken=%s&PageSize=%u", escaped, SES_PAGE)
                               : g_strdup_printf ("PageSize=%u", SES_PAGE);
      g_autoptr(GBytes) body = fetch_page (pull, "/v2/email/suppression/addresses", query, error);
      g_autoptr(GPtrArray) addresses = new_addresses ();
      g_autofree char *next = NULL;
      guint n = 0;

      if (body == NULL ||
          !herald_ses_parse_suppressions (body, addresses, &n, &next, error) ||
          !store_page (pull, addresses, error))
        return FALSE;
      if (next == NULL || g_strcmp0 (next, token) == 0)
        break;
      g_free (token);
      token = g_steal_pointer (&next);
    }
  return TRUE;
}

/* The API transport of @account, ready to ask its provider (the secret
 * from the keyring, the account checked); NULL with @error set if not. */
static HeraldApiTransport *
open_api (HeraldAccount  *account,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(HeraldTransport) transport = NULL;
  char *secret;

  if (account->response_timeout == 0)
    account->response_timeout = 60;
  if ((secret = herald_keyring_require_password (account->name, cancellable, error)) == NULL)
    return NULL;
  transport = herald_transport_new_for_account (account, secret, error);
  herald_password_free (secret);
  if (transport == NULL || !_herald_api_transport_prepare ((HeraldApiTransport *) transport, error))
    return NULL;
  return (HeraldApiTransport *) g_steal_pointer (&transport);
}

/**
 * herald_provider_pull_suppressions:
 * @out_counts: (out): how many addresses were read, how many were new
 *
 * Pulls the suppression lists that the provider of the API account
 * @account_name keeps into Herald's suppression list. Blocks the calling
 * thread: call it from a worker.
 */
gboolean
herald_provider_pull_suppressions (HeraldStore       *store,
                                   const char        *account_name,
                                   HeraldPullCounts  *out_counts,
                                   GCancellable      *cancellable,
                                   GError           **error)
{
  g_autoptr(HeraldAccount) account = NULL;
  g_autoptr(HeraldTransport) transport = NULL;
  Pull pull = { .store = store, .counts = out_counts, .cancellable = cancellable };
  gboolean ok;

  memset (out_counts, 0, sizeof *out_counts);
  if ((account = herald_account_load (store, account_name, error)) == NULL)
    return FALSE;
  if (account->kind == HERALD_ACCOUNT_OUTBOX)
    {
      g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_NOT_API,
                   _("The account “%s” is the test Outbox: it sends nothing, so no provider has "
                     "anything to tell. Pull from an Amazon SES, Mailgun or SendGrid account."), account->name);
      return FALSE;
    }
  if (account->kind != HERALD_ACCOUNT_API)
    {
      g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_NOT_API,
                   _("The account “%s” does not send through a provider’s API: its bounces and "
                     "unsubscribes come to its mailbox instead. Check its mailbox."), account->name);
      return FALSE;
    }
  if ((pull.api = open_api (account, cancellable, error)) == NULL)
    return FALSE;
  transport = (HeraldTransport *) pull.api;
  switch (account->api)
    {
    case HERALD_API_SES:
      ok = pull_ses (&pull, error);
      break;
    case HERALD_API_MAILGUN:
      ok = pull_mailgun (&pull, error);
      break;
    case HERALD_API_SENDGRID:
    default:
      ok = pull_sendgrid (&pull, error);
      break;
    }
  herald_transport_close (transport);
  return ok;
}

void
herald_pull_result_free (HeraldPullResult *result)
{
  if (result == NULL)
    return;
  g_free (result->account);
  g_clear_error (&result->error);
  g_free (result);
}

/**
 * herald_provider_pull_for_campaign:
 *
 * After a campaign: pulls the suppression lists of each of its accounts
 * that sends through a provider's API (herald_provider_pull_suppressions()),
 * one after the other; one that fails does not stop the others.
 *
 * Returns: (transfer container) (element-type HeraldPullResult): one
 *   result an API account (none for a campaign sent by SMTP alone); %NULL
 *   with @error set when the campaign's accounts cannot be read
 */
GPtrArray *
herald_provider_pull_for_campaign (HeraldStore   *store,
                                   gint64         campaign_id,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(GArray) accounts = herald_campaign_dup_accounts (store, campaign_id, error);
  g_autoptr(GPtrArray) results = NULL;

  if (accounts == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_pull_result_free);
  for (guint i = 0; i < accounts->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      const HeraldCampaignAccount *a = &g_array_index (accounts, HeraldCampaignAccount, i);
      g_autoptr(HeraldAccount) account = herald_account_load_by_id (store, a->account_id, NULL);
      HeraldPullResult *result;

      if (account == NULL || account->kind != HERALD_ACCOUNT_API)
        continue;
      result = g_new0 (HeraldPullResult, 1);
      result->account = g_strdup (account->name);
      result->provider = account->api == HERALD_API_SES ? _herald_ses_provider.display_name
                         : account->api == HERALD_API_MAILGUN ? _herald_mailgun_provider.display_name
                         : _herald_sendgrid_provider.display_name;
      herald_provider_pull_suppressions (store, account->name, &result->counts, cancellable, &result->error);
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

/* A page of events kept, one transaction. */
static gboolean
store_events (Pull                *pull,
              GHashTable          *ids,
              GPtrArray           *events,
              HeraldEventCounts   *counts,
              GError             **error)
{
  if (events->len == 0)
    return TRUE;
  if (!herald_store_begin (pull->store, error))
    return FALSE;
  for (guint i = 0; i < events->len; i++)
    {
      const HeraldProviderEvent *e = g_ptr_array_index (events, i);
      const gint64 *delivery = g_hash_table_lookup (ids, e->message_id);
      HeraldEngagementEvent event;
      gboolean added = FALSE;

      counts->n_events++;
      if (delivery == NULL)
        {
          counts->n_unmatched++;     /* another campaign's, or not Herald's */
          continue;
        }
      event = (HeraldEngagementEvent) { *delivery, e->id, e->kind, e->at, e->url };
      if (!herald_engagement_add (pull->store, &event, &added, error))
        {
          herald_store_rollback (pull->store);
          return FALSE;
        }
      if (added)
        counts->n_new++;
    }
  return herald_store_commit (pull->store, error);
}

/* What a page of Mailgun's events is kept with. */
typedef struct
{
  GHashTable         *ids;
  HeraldEventCounts  *counts;
} EventsPage;

static gboolean
mailgun_events_page (Pull      *pull,
                     GBytes    *body,
                     gpointer   data,
                     guint     *out_n,
                     char     **out_next,
                     GError   **error)
{
  EventsPage *page = data;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) herald_provider_event_free);

  return herald_mailgun_parse_events (body, events, out_n, out_next, error) &&
         store_events (pull, page->ids, events, page->counts, error);
}

static gboolean
pull_mailgun_events (Pull               *pull,
                     GHashTable         *ids,
                     gint64              first_sent,
                     HeraldEventCounts  *counts,
                     GError            **error)
{
  g_autofree char *domain = g_uri_escape_string (pull->api->account->api_domain, NULL, FALSE);
  g_autofree char *list_path = g_strdup_printf ("/v3/%s/events", domain);
  /* From a little before the first message left: clocks differ. */
  g_autofree char *query = g_strdup_printf ("event=opened%%20OR%%20clicked&begin=%" G_GINT64_FORMAT
                                            "&ascending=yes&limit=%u", MAX (first_sent - 3600, 0), 300u);
  EventsPage page = { ids, counts };

  return mailgun_read_pages (pull, list_path, query, mailgun_events_page, &page, error);
}

/**
 * herald_provider_pull_events:
 * @out_counts: (out): the events read, the new ones kept, those of no
 *   delivery of this campaign; n_accounts: the campaign's accounts whose
 *   provider lets opens and clicks be read back (Mailgun's)
 *
 * Reads the opens and clicks of @campaign_id's messages from the
 * providers that tracked them (Mailgun's events API) and keeps each with
 * its delivery (herald-engagement.c). Blocks: call it from a worker.
 */
gboolean
herald_provider_pull_events (HeraldStore        *store,
                             gint64              campaign_id,
                             HeraldEventCounts  *out_counts,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(GArray) accounts = NULL;

  memset (out_counts, 0, sizeof *out_counts);
  if ((accounts = herald_campaign_dup_accounts (store, campaign_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < accounts->len; i++)
    {
      const HeraldCampaignAccount *a = &g_array_index (accounts, HeraldCampaignAccount, i);
      g_autoptr(HeraldAccount) account = herald_account_load_by_id (store, a->account_id, NULL);
      g_autoptr(HeraldTransport) transport = NULL;
      g_autoptr(GHashTable) ids = NULL;
      Pull pull = { .store = store, .cancellable = cancellable };
      gint64 first_sent = 0;
      gboolean ok;

      if (account == NULL || account->kind != HERALD_ACCOUNT_API || account->api != HERALD_API_MAILGUN)
        continue;
      out_counts->n_accounts++;
      if ((ids = herald_engagement_provider_ids (store, campaign_id, account->id, &first_sent, error)) == NULL)
        return FALSE;
      if (g_hash_table_size (ids) == 0)
        continue;     /* nothing it sent, nothing to read */
      if ((pull.api = open_api (account, cancellable, error)) == NULL)
        return FALSE;
      transport = (HeraldTransport *) pull.api;
      ok = pull_mailgun_events (&pull, ids, first_sent, out_counts, error);
      herald_transport_close (transport);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}
