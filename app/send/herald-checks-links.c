/* herald-checks-links.c — every link of the message, fetched with libsoup
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each http(s) link of the rendered HTML is fetched once (GET: many
 * servers refuse HEAD), a few at a time, each within a time limit that
 * covers its redirects too; redirects are followed by hand, at most
 * MAX_REDIRECTS. Only the status is read, never the body. The account's
 * unsubscribe link is left alone: fetching it could unsubscribe someone.
 */
#define G_LOG_DOMAIN "herald-checks"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "herald-checks-private.h"
#include "herald-html-links.h"

#define PARALLEL_FETCHES 4
#define MAX_REDIRECTS 5

typedef struct _Fetcher Fetcher;

typedef struct
{
  char         *url;          /* as written in the message */
  char         *current;      /* where the redirects have led */
  guint         redirects;
  guint         status;       /* the final status; 0: none */
  char         *reason;
  GError       *error;        /* no answer */
  gboolean      timed_out;
  GCancellable *cancellable;
  GSource      *timeout;
  Fetcher      *fetcher;
} Link;

struct _Fetcher
{
  SoupSession  *session;
  GPtrArray    *links;
  guint         next;
  guint         running;
  guint         timeout_seconds;
  GMainContext *context;
};

static void
link_free (Link *link)
{
  g_free (link->url);
  g_free (link->current);
  g_free (link->reason);
  g_clear_error (&link->error);
  g_clear_object (&link->cancellable);
  if (link->timeout != NULL)
    {
      g_source_destroy (link->timeout);
      g_source_unref (link->timeout);
    }
  g_free (link);
}

static void send_link (Link *link);
static void start_next (Fetcher *fetcher);

static void
finish_link (Link *link)
{
  if (link->timeout != NULL)
    {
      g_source_destroy (link->timeout);
      g_clear_pointer (&link->timeout, g_source_unref);
    }
  link->fetcher->running--;
  start_next (link->fetcher);
}

static void
on_sent_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Link *link = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GInputStream) body = soup_session_send_finish (SOUP_SESSION (source), result, &link->error);
  guint status;
  const char *location;

  if (body == NULL)
    {
      finish_link (link);
      return;
    }
  /* Only the status matters: drop the body unread. */
  g_input_stream_close (body, NULL, NULL);
  status = soup_message_get_status (msg);
  location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  if (SOUP_STATUS_IS_REDIRECTION (status) && location != NULL && link->redirects < MAX_REDIRECTS)
    {
      g_autoptr(GUri) next = g_uri_parse_relative (soup_message_get_uri (msg), location, SOUP_HTTP_URI_FLAGS, NULL);

      if (next != NULL &&
          (g_strcmp0 (g_uri_get_scheme (next), "http") == 0 || g_strcmp0 (g_uri_get_scheme (next), "https") == 0))
        {
          g_free (link->current);
          link->current = g_uri_to_string (next);
          link->redirects++;
          send_link (link);
          return;
        }
    }
  link->status = status;
  link->reason = g_strdup (soup_message_get_reason_phrase (msg));
  finish_link (link);
}

static void
send_link (Link *link)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", link->current);

  if (msg == NULL)
    {
      g_set_error (&link->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("not a valid address"));
      finish_link (link);
      return;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (link->fetcher->session, msg, G_PRIORITY_DEFAULT, link->cancellable, on_sent_cb, link);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Link *link = user_data;

  link->timed_out = TRUE;
  g_cancellable_cancel (link->cancellable);
  g_clear_pointer (&link->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
start_next (Fetcher *fetcher)
{
  while (fetcher->running < PARALLEL_FETCHES && fetcher->next < fetcher->links->len)
    {
      Link *link = g_ptr_array_index (fetcher->links, fetcher->next++);

      link->fetcher = fetcher;
      link->current = g_strdup (link->url);
      link->cancellable = g_cancellable_new ();
      link->timeout = g_timeout_source_new_seconds (fetcher->timeout_seconds);
      g_source_set_callback (link->timeout, on_timeout_cb, link, NULL);
      g_source_attach (link->timeout, fetcher->context);
      fetcher->running++;
      send_link (link);
    }
}

/* The http(s) links of the HTML, each once, in order, but @skip_prefix's. */
static GPtrArray *
collect_links (const char *html,
               const char *skip_prefix)
{
  g_auto(GStrv) urls = herald_html_dup_web_links (html);
  GPtrArray *links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);

  for (guint i = 0; urls[i] != NULL; i++)
    {
      Link *link;

      if (skip_prefix != NULL && *skip_prefix != '\0' && g_str_has_prefix (urls[i], skip_prefix))
        continue;
      link = g_new0 (Link, 1);
      link->url = g_strdup (urls[i]);
      g_ptr_array_add (links, link);
    }
  return links;
}

static void
judge_link (GPtrArray *problems,
            Link      *link,
            guint      timeout_seconds)
{
  g_autofree char *text = NULL;

  if (link->error != NULL)
    {
      if (link->timed_out)
        /* TRANSLATORS: %u is a number of seconds */
        text = g_strdup_printf (_("The link did not answer within %u seconds: check that it works, or it will look broken to your readers."),
                                timeout_seconds);
      else if (g_error_matches (link->error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
        {
          g_autofree char *why =
            /* TRANSLATORS: %s: why (an error message) */
            g_strdup_printf (_("Could not check the link: %s. Check again later."), link->error->message);

          _herald_check_add (problems, HERALD_CHECK_UNCHECKED, HERALD_CHECK_NOTE, "", "link", link->url, why);
          return;
        }
      else
        /* TRANSLATORS: %s: why (an error message) */
        text = g_strdup_printf (_("The link cannot be reached (%s): correct it before sending."), link->error->message);
    }
  else if (SOUP_STATUS_IS_REDIRECTION (link->status))
    /* TRANSLATORS: %u is a number of redirects */
    text = g_strdup_printf (_("The link redirects more than %u times (or to nowhere): correct it before sending."), MAX_REDIRECTS);
  /* 401, 403, 405 and 429 say the page exists but wants a login, or
   * turns robots away: a reader's browser may well get it. */
  else if (link->status >= 400 && link->status != 401 && link->status != 403 &&
           link->status != 405 && link->status != 429)
    /* TRANSLATORS: %u: an HTTP status such as 404; %s: its words ("Not Found") */
    text = g_strdup_printf (_("The link answers %u %s: correct it before sending."),
                            link->status, link->reason != NULL ? link->reason : "");
  if (text != NULL)
    _herald_check_add (problems, HERALD_CHECK_LINK, HERALD_CHECK_WARNING, "", "link", link->url, text);
}

/**
 * _herald_check_links:
 * @html: the rendered HTML of one message
 * @skip_prefix: (nullable): links starting with this are not fetched
 *
 * Fetches each link and reports each that does not end in a success:
 * an error status (404, 5xx …), too many redirects, no answer within the
 * time limit, or no connection at all.
 */
void
_herald_check_links (GPtrArray                 *problems,
                     const char                *html,
                     const char                *skip_prefix,
                     const HeraldCheckOptions  *options,
                     GCancellable              *cancellable)
{
  g_autoptr(GPtrArray) links = NULL;
  Fetcher fetcher = { 0 };

  if (options->offline || html == NULL)
    return;
  links = collect_links (html, skip_prefix);
  if (links->len == 0)
    return;

  fetcher.links = links;
  fetcher.timeout_seconds = options->timeout_seconds > 0 ? options->timeout_seconds : 10;
  fetcher.context = g_main_context_new ();
  g_main_context_push_thread_default (fetcher.context);
  /* A session belongs to the main context that is current when it is made. */
  fetcher.session = soup_session_new_with_options ("timeout", fetcher.timeout_seconds,
                                                   "user-agent", "Herald link check",
                                                   "max-conns-per-host", PARALLEL_FETCHES,
                                                   NULL);
  start_next (&fetcher);
  while (fetcher.running > 0)
    {
      g_main_context_iteration (fetcher.context, TRUE);
      if (g_cancellable_is_cancelled (cancellable))
        {
          fetcher.next = links->len;
          for (guint i = 0; i < links->len; i++)
            {
              Link *link = g_ptr_array_index (links, i);

              if (link->cancellable != NULL)
                g_cancellable_cancel (link->cancellable);
            }
        }
    }
  g_clear_object (&fetcher.session);
  /* Let the session's sources go before the context does. */
  while (g_main_context_iteration (fetcher.context, FALSE))
    ;
  g_main_context_pop_thread_default (fetcher.context);
  g_main_context_unref (fetcher.context);

  if (g_cancellable_is_cancelled (cancellable))
    return;
  for (guint i = 0; i < links->len; i++)
    judge_link (problems, g_ptr_array_index (links, i), fetcher.timeout_seconds);
}
