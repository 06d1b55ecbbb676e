/* herald-cli-campaign.c — `campaign create|send|pause|status|resend|skip`
 * and `report`
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-cli"

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "herald-base.h"
#include "herald-campaign.h"
#include "herald-checks.h"
#include "herald-consent.h"
#include "herald-cli-private.h"
#include "herald-provider-pull.h"
#include "herald-parts.h"
#include "herald-csv-write.h"
#include "herald-due.h"
#include "herald-quiet-hours.h"
#include "herald-journal.h"
#include "herald-merge.h"
#include "herald-sender.h"
#include "herald-tracking-url.h"

static const char campaign_help[] =
  N_("Commands:\n"
     "  create NAME --template T --list L --account A [--account B… [--weights 2,1]] [--segment S] [--utm [--utm-source S]]\n"
     "        Prepare a campaign: one delivery for each subscribed, unsuppressed contact.\n"
     "        With several accounts each sends within its own limits, the deliveries\n"
     "        spread by weight (default equal); when one stops (refused password or\n"
     "        key, quota reached) the others take its share.\n"
     "        --utm tags every http(s) link (HTML and text) with utm_source (S, or the\n"
     "        list’s name), utm_medium=email and utm_campaign=NAME, keeping the link’s\n"
     "        query and fragment; unsubscribe, mailto: and cid: links stay as they are.\n"
     "  send NAME [--connections N] [--wait] [--retry-first D] [--retry-max D] [--give-up D]\n"
     "       [--reply-timeout D]\n"
     "        Send, or resume, until every delivery is sent, failed or uncertain.\n"
     "        Exit 0 when done, 3 when it stopped before the end: paused, a campaign-wide\n"
     "        fault, or only deliveries due later are left (retries, daily limit) —\n"
     "        run it again then, or give --wait to wait for them.\n"
     "  check NAME [--timeout SECONDS] [--dkim-selector NAME] [--offline]\n"
     "        The pre-send checklist, one problem a line: address, field, value and why,\n"
     "        tab-separated. Merge fields, unsubscribe link, attachments; recipients’\n"
     "        addresses (typos, role addresses, domains without mail servers); your\n"
     "        domain’s SPF, DKIM and DMARC; every link; sender name, postal address,\n"
     "        contact and opt-out; size; daily volume. Notes on stderr. Exit 1 when any.\n"
     "  pause NAME\n"
     "        Pause a campaign; a running send stops after the message on the wire.\n"
     "  status NAME\n"
     "        Print “campaign STATE”, “reason TEXT” when paused, then “STATE COUNT” for\n"
     "        each delivery state and “suppressed COUNT”, then for each of its accounts\n"
     "        “account NAME WEIGHT SENT”, with the reason when it stopped in the last\n"
     "        run, tab-separated.\n"
     "  resend NAME (--uncertain | --failed)\n"
     "        Queue uncertain or failed deliveries again (same Message-ID); then send.\n"
     "  skip NAME --uncertain\n"
     "        Decide never to send the uncertain deliveries.\n"
     "  report NAME [--format csv] | report --all [--format csv]\n"
     "        Counted from the journal: recipients; sent, failed, bounced, unsubscribed,\n"
     "        uncertain and skipped, each with its rate (bounced and unsubscribed out of\n"
     "        those sent, the others out of the recipients); pending. Bounced and\n"
     "        unsubscribed: addresses suppressed for a reply to this campaign’s message\n"
     "        (mailbox check) or whose suppression’s source names its Message-ID; an\n"
     "        unsubscribe request by token alone counts for the last campaign before it.\n"
     "        One “MEASURE COUNT RATE%” a line; --all: every campaign, one a line.\n"
     "  report NAME [--pull] [--opens] [--recipients]\n"
     "        --pull first reads the campaign’s opens and clicks from Mailgun (its\n"
     "        events API; also done when campaign send ends); --pull or --opens adds\n"
     "        “opened” and “clicked” lines (recipients who did, out of those sent:\n"
     "        approximate, as image proxies and privacy protection distort opens);\n"
     "        --recipients prints “email opens clicks” for each recipient sent it.\n"
     "  retry-failed NAME [--name NEW]\n"
     "        Make a campaign (NEW, default NAME-retry) for exactly those NAME failed for;\n"
     "        prints its name. Then “campaign send NEW”.\n"
     "\n"
     "Durations: a number with s, m, h or d (“90s”, “5m”, “2d”).");

static const char schedule_help[] =
  N_("Scheduling:\n"
     "  create NAME … --at 'YYYY-MM-DD HH:MM' [--if-late send|skip]\n"
     "        Send it at that time, in your time zone (TZ), when “herald-cli run-due”\n"
     "        (a timer) or the open window runs. If that time passed by more than\n"
     "        15 minutes while nothing ran: send sends it then, skip keeps it unsent\n"
     "        (send it by hand with “campaign send”); with neither it waits for your\n"
     "        decision (the window asks; run-due says so and exits 3).\n"
     "  skip NAME --late\n"
     "        Decide not to send a late scheduled campaign now; it is kept.\n"
     "  status NAME\n"
     "        Also prints “scheduled YYYY-MM-DD HH:MM ZONE”, “if-late ask|send|skip”\n"
     "        and “schedule waiting|due|late|skipped-late|started” for a scheduled one.");

/* ---- helpers ------------------------------------------------------------ */

static gboolean
parse_duration (const char  *text,
                gint64      *out_seconds)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL)
    return TRUE;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == text || value < 0)
    return FALSE;
  if (*end == '\0' || g_str_equal (end, "s"))
    *out_seconds = value;
  else if (g_str_equal (end, "m"))
    *out_seconds = value * 60;
  else if (g_str_equal (end, "h"))
    *out_seconds = value * 3600;
  else if (g_str_equal (end, "d"))
    *out_seconds = value * 86400;
  else
    return FALSE;
  return TRUE;
}

static char *
format_local_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);

  return time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S %Z") : g_strdup ("?");
}

static char *
format_duration (gint64 seconds)
{
  if (seconds < 0)
    return g_strdup ("?");
  if (seconds >= 86400)
    return g_strdup_printf ("%" G_GINT64_FORMAT "d %02d:%02d", seconds / 86400,
                            (int) (seconds % 86400 / 3600), (int) (seconds % 3600 / 60));
  return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                          (int) (seconds % 3600 / 60), (int) (seconds % 60));
}

/* Parses the options, and returns the one positional NAME after them. */
static const char *
parse_name (GOptionContext  *context,
            int              argc,
            char           **argv,
            int             *status)
{
  return _herald_cli_parse_one (context, argc, argv, _("Which campaign? Give its NAME."), status);
}

static HeraldCampaignInfo *
open_campaign (HeraldCli    *cli,
               const char   *name,
               HeraldStore **out_store,
               GError      **error)
{
  HeraldStore *store = _herald_cli_open_store (cli, error);

  *out_store = store;
  return store != NULL ? herald_campaign_find (store, name, error) : NULL;
}

/* Parses the options and the NAME, and finds that campaign: %NULL with
 * @status set when any of it fails. */
static HeraldCampaignInfo *
open_named (HeraldCli       *cli,
            GOptionContext  *context,
            int              argc,
            char           **argv,
            HeraldStore    **out_store,
            int             *status)
{
  g_autoptr(GError) error = NULL;
  HeraldCampaignInfo *info;
  const char *name = parse_name (context, argc, argv, status);

  if (name == NULL)
    return NULL;
  if ((info = open_campaign (cli, name, out_store, &error)) == NULL)
    *status = _herald_cli_fail (g_steal_pointer (&error));
  return info;
}

/* ---- create ------------------------------------------------------------- */

/* "2,1" → { 2, 1 }: one weight an account, each 1–1000. */
static gboolean
parse_weights (const char  *text,
               guint        n_accounts,
               guint      **out)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autofree guint *values = NULL;

  if (g_strv_length (parts) != n_accounts)
    return FALSE;
  values = g_new0 (guint, n_accounts);
  for (guint i = 0; i < n_accounts; i++)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 1000, &value, NULL))
        return FALSE;
      values[i] = value;
    }
  *out = g_steal_pointer (&values);
  return TRUE;
}

static int
campaign_create (HeraldCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Prepare a campaign: one delivery row per recipient."));
  g_autoptr(GError) error = NULL;
  g_autofree char *template = NULL, *list = NULL, *segment = NULL, *at = NULL, *weights = NULL;
  g_auto(GStrv) accounts = NULL;
  g_autofree guint *weight_values = NULL;
  g_autofree char *if_late = NULL;
  g_autofree char *utm_source = NULL;
  g_autofree char *track_click = NULL, *track_open = NULL;
  gboolean utm = FALSE;
  HeraldCampaignSummary summary = { 0 };
  HeraldCampaignSpec spec = { 0 };
  HeraldStore *store;
  const char *name;
  int status;
  const GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template, N_("The template to send"), N_("T") },
    { "list", 0, 0, G_OPTION_ARG_STRING, &list, N_("The list to send it to"), N_("L") },
    { "account", 0, 0, G_OPTION_ARG_STRING_ARRAY, &accounts, N_("An account to send it through (again for several)"), N_("A") },
    { "weights", 0, 0, G_OPTION_ARG_STRING, &weights, N_("Each account’s share, in the order named (default equal)"), N_("2,1") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &segment, N_("Only the list’s contacts in the saved segment S"), N_("S") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Send at this time in your time zone, with “herald-cli run-due”"), N_("'YYYY-MM-DD HH:MM'") },
    { "if-late", 0, 0, G_OPTION_ARG_STRING, &if_late, N_("If that time passed while nothing ran: send or skip (default: ask)"), N_("send|skip") },
    { "utm", 0, 0, G_OPTION_ARG_NONE, &utm, N_("Add utm_source, utm_medium=email and utm_campaign (the campaign’s name) to every web link"), NULL },
    { "utm-source", 0, 0, G_OPTION_ARG_STRING, &utm_source, N_("With --utm: utm_source=S (default: the list’s name)"), N_("S") },
    { "track-click", 0, 0, G_OPTION_ARG_STRING, &track_click, N_("Send links through your click address, with {url} and {token}"), N_("URL") },
    { "track-open", 0, 0, G_OPTION_ARG_STRING, &track_open, N_("Add your one-pixel image at this address, with {token}"), N_("URL") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = parse_name (context, argc, argv, &status)) == NULL)
    return status;
  if (template == NULL || list == NULL || accounts == NULL)
    return _herald_cli_usage (context, _("campaign create needs --template, --list and --account."));
  if (weights != NULL && !parse_weights (weights, g_strv_length (accounts), &weight_values))
    return _herald_cli_usage (context, _("--weights needs one whole number from 1 to 1000 for each --account, "
                                         "separated by commas, e.g. --weights 2,1 for two accounts."));
  if (at != NULL && !herald_parse_local_time (at, NULL, &spec.scheduled_at, &error))
    return _herald_cli_usage (context, error->message);
  if (if_late != NULL &&
      (!herald_if_late_from_string (if_late, &spec.if_late) || spec.if_late == HERALD_IF_LATE_ASK))
    return _herald_cli_usage (context, _("--if-late is send or skip."));
  if (if_late != NULL && at == NULL)
    return _herald_cli_usage (context, _("--if-late goes with --at: it says what a late scheduled campaign does."));

  spec.name = name;
  spec.template_name = template;
  spec.list_name = list;
  spec.account_name = accounts[0];
  spec.more_accounts = (const char * const *) accounts + 1;
  spec.weights = weight_values;
  spec.segment = segment;
  if (utm_source != NULL && !utm)
    return _herald_cli_usage (context, _("--utm-source goes with --utm."));
  spec.utm = utm;
  spec.utm_source = utm_source;
  spec.track_click = track_click;
  spec.track_open = track_open;
  if ((track_click != NULL && !herald_tracking_check_pattern (track_click, HERALD_TRACKING_CLICK, &error)) ||
      (track_open != NULL && !herald_tracking_check_pattern (track_open, HERALD_TRACKING_OPEN, &error)))
    return _herald_cli_usage (context, error->message);
  if ((store = _herald_cli_open_store (cli, &error)) == NULL ||
      herald_campaign_create (store, &spec, &summary, &error) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));

  /* People who declined marketing mail are left out like suppressed ones. */
  g_print ("recipients %" G_GUINT64_FORMAT ", suppressed %" G_GUINT64_FORMAT ", unsubscribed %" G_GUINT64_FORMAT "\n",
           summary.n_recipients, summary.n_suppressed + summary.n_declined, summary.n_unsubscribed);
  if (summary.n_declined > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "Left out: %" PRIu64 " person who declined marketing mail "
                             "(counted as suppressed).\n",
                             "Left out: %" PRIu64 " people who declined marketing mail "
                             "(counted as suppressed).\n", summary.n_declined),
                summary.n_declined);
  if (summary.estimated_seconds > 0)
    {
      g_autofree char *duration = format_duration (summary.estimated_seconds);
      g_printerr (_("At the account’s pacing, sending takes at least %s.\n"), duration);
    }
  if (spec.scheduled_at != 0)
    {
      g_autofree char *when = format_local_time (spec.scheduled_at);
      g_printerr (_("Scheduled for %s: “herald-cli run-due” (a timer) or the open window sends it then.\n"), when);
    }
  return HERALD_EXIT_OK;
}

/* ---- send --------------------------------------------------------------- */

typedef struct
{
  GMainLoop    *loop;
  HeraldSender *sender;
  const char   *name;
  gboolean      tty;
  gint64        last_print;
  gsize         last_width;
} SendRun;

static void
print_progress (SendRun                    *run,
                const HeraldSenderProgress *p,
                gboolean                    force)
{
  const guint64 *c = p->counts;
  guint64 finished = c[HERALD_DELIVERY_SENT] + c[HERALD_DELIVERY_FAILED] +
                     c[HERALD_DELIVERY_UNCERTAIN] + c[HERALD_DELIVERY_SKIPPED];
  gint64 now = g_get_monotonic_time ();
  g_autofree char *eta = NULL;
  g_autoptr(GString) line = g_string_new (NULL);

  if (!force && now - run->last_print < (run->tty ? G_USEC_PER_SEC / 4 : 5 * G_USEC_PER_SEC))
    return;
  run->last_print = now;
  eta = format_duration (p->eta_seconds);
  g_string_printf (line, _("sent %" PRIu64 " · done %" PRIu64 "/%" PRIu64
                           " · %.1f/s · ETA %s · deferred %" PRIu64 " · failed %" PRIu64
                           " · uncertain %" PRIu64),
                   c[HERALD_DELIVERY_SENT], finished, p->total, p->rate, eta,
                   c[HERALD_DELIVERY_DEFERRED], c[HERALD_DELIVERY_FAILED], c[HERALD_DELIVERY_UNCERTAIN]);
  if (p->status == HERALD_SENDER_WAITING && p->wait_until > 0)
    {
      g_autofree char *until = format_local_time (p->wait_until);
      g_string_append_printf (line, _(" · waiting until %s"), until);
    }
  if (run->tty)
    {
      gsize width = line->len;
      while (line->len < run->last_width)
        g_string_append_c (line, ' ');
      run->last_width = width;
      g_printerr ("\r%s", line->str);
    }
  else
    g_printerr ("%s\n", line->str);
}

static void
on_sender_progress_cb (HeraldSender *sender,
                       gpointer      progress,
                       SendRun      *run)
{
  print_progress (run, progress, FALSE);
}

static void
on_sender_finished_cb (HeraldSender *sender,
                       SendRun      *run)
{
  print_progress (run, herald_sender_get_progress (sender), TRUE);
  if (run->tty)
    g_printerr ("\n");
  g_main_loop_quit (run->loop);
}

static gboolean
on_signal_cb (gpointer user_data)
{
  SendRun *run = user_data;

  g_printerr (_("\nStopping after the messages on the wire…\n"));
  herald_sender_stop (run->sender);
  return G_SOURCE_CONTINUE;
}

static int
report_end (SendRun                    *run,
            const HeraldSenderProgress *p)
{
  const char *name = run->name;
  guint64 uncertain = p->counts[HERALD_DELIVERY_UNCERTAIN];

  switch (p->status)
    {
    case HERALD_SENDER_DONE:
      g_printerr (_("Campaign “%s” is done: %" PRIu64 " sent, %" PRIu64 " failed, %"
                    PRIu64 " uncertain, %" PRIu64 " skipped (this run sent %"
                    PRIu64 ").\n"),
                  name, p->counts[HERALD_DELIVERY_SENT], p->counts[HERALD_DELIVERY_FAILED],
                  uncertain, p->counts[HERALD_DELIVERY_SKIPPED], p->sent_now);
      if (uncertain > 0)
        g_printerr (_("Uncertain messages may or may not have arrived: see them with “herald-cli report %s”, "
                      "then “herald-cli campaign resend %s --uncertain” or “herald-cli campaign skip %s --uncertain”.\n"),
                    name, name, name);
      return HERALD_EXIT_OK;
    case HERALD_SENDER_PAUSED:
      g_printerr (_("Campaign “%s” is paused. Resume it with “herald-cli campaign send %s”.\n"), name, name);
      return HERALD_EXIT_STOPPED;
    case HERALD_SENDER_FAULT:
      g_printerr (_("Campaign “%s” is paused: %s\nNo recipient was marked failed for it. "
                    "Resume with “herald-cli campaign send %s” once it is fixed.\n"),
                  name, p->reason != NULL ? p->reason : "", name);
      return HERALD_EXIT_STOPPED;
    case HERALD_SENDER_CANCELLED:
      g_printerr (_("Campaign “%s” was cancelled.\n"), name);
      return HERALD_EXIT_STOPPED;
    case HERALD_SENDER_STOPPED:
      g_printerr (_("Stopped. Resume with “herald-cli campaign send %s”.\n"), name);
      return HERALD_EXIT_STOPPED;
    case HERALD_SENDER_POSTPONED:
      {
        g_autofree char *when = format_local_time (p->wait_until);
        if (p->reason != NULL)
          {
            /* TRANSLATORS: %s: why it stopped (the quiet hours); then the campaign, a time, the campaign */
            g_printerr (_("%s The rest of “%s” can go at %s: run “herald-cli campaign send %s” again then, "
                          "or add --wait to wait for it.\n"), p->reason, name, when, name);
            return HERALD_EXIT_STOPPED;
          }
        g_printerr (_("What is left of “%s” is due later (retries or the account’s limits): the next at %s. "
                      "Run “herald-cli campaign send %s” again then, or add --wait to wait for it.\n"),
                    name, when, name);
        return HERALD_EXIT_STOPPED;
      }
    case HERALD_SENDER_FAILED:
    default:
      g_printerr ("herald-cli: %s\n", p->reason != NULL ? p->reason : _("Sending failed."));
      return HERALD_EXIT_FAILED;
    }
}

/* After a campaign: what its API accounts' providers hold (bounces,
 * complaints, unsubscribes) pulled into the suppression list, as the
 * window does. A failure is said, and changes nothing else. */
static void
pull_after_send (HeraldStore *store,
                 gint64       campaign_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = herald_provider_pull_for_campaign (store, campaign_id, NULL, &error);

  if (results == NULL)
    {
      g_printerr ("herald-cli: %s\n", error->message);
      return;
    }
  for (guint i = 0; i < results->len; i++)
    {
      const HeraldPullResult *r = g_ptr_array_index (results, i);

      if (r->error != NULL)
        /* TRANSLATORS: %s: a service (Mailgun), an account's name, why it failed */
        g_printerr (_("The suppressions of %s (account “%s”) were not pulled: %s\n"), r->provider, r->account,
                    r->error->message);
      else
        /* TRANSLATORS: %s: a service (Mailgun), an account's name; then two counts */
        g_printerr (_("Suppressions pulled from %s (account “%s”): %" PRIu64 ", %" PRIu64 " of them new.\n"),
                    r->provider, r->account, r->counts.n_pulled, r->counts.n_new);
    }
  {
    HeraldEventCounts events;

    g_clear_error (&error);
    if (!herald_provider_pull_events (store, campaign_id, &events, NULL, &error))
      /* TRANSLATORS: %s says why */
      g_printerr (_("The opens and clicks were not read from Mailgun: %s\n"), error->message);
    else if (events.n_accounts > 0)
      g_printerr (_("Opens and clicks read from Mailgun: %" PRIu64 ", %" PRIu64 " of them new.\n"),
                  events.n_events - events.n_unmatched, events.n_new);
  }
}

static int
campaign_send (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Send a campaign, or resume it."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autoptr(HeraldSender) sender = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *retry_first = NULL, *retry_max = NULL, *give_up = NULL, *reply_timeout = NULL;
  gint64 timeout = 0;
  HeraldSenderOptions options;
  SendRun run = { 0 };
  HeraldStore *store;
  gboolean wait = FALSE;
  int connections = 0;
  guint sigint, sigterm;
  const char *name;
  int status;
  const GOptionEntry entries[] = {
    { "connections", 0, 0, G_OPTION_ARG_INT, &connections, N_("SMTP connections in parallel (default: the account’s)"), N_("N") },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &wait, N_("Wait for retries and the account’s limits instead of stopping"), NULL },
    { "retry-first", 0, 0, G_OPTION_ARG_STRING, &retry_first, N_("First retry after a temporary failure (default 5m)"), N_("D") },
    { "retry-max", 0, 0, G_OPTION_ARG_STRING, &retry_max, N_("Longest wait between retries (default 4h)"), N_("D") },
    { "give-up", 0, 0, G_OPTION_ARG_STRING, &give_up, N_("Give up this long after the first failed try (default 2d)"), N_("D") },
    { "reply-timeout", 0, 0, G_OPTION_ARG_STRING, &reply_timeout,
      N_("Wait this long for each server reply (default 10m; shorter risks duplicates)"), N_("D") },
    { NULL }
  };

  herald_sender_options_init (&options);
  options.max_wait = 60;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = parse_name (context, argc, argv, &status)) == NULL)
    return status;
  if (connections < 0 || connections > 64)
    return _herald_cli_usage (context, _("--connections takes a number from 1 to 64."));
  if (!parse_duration (retry_first, &options.retry.first_delay) ||
      !parse_duration (retry_max, &options.retry.max_delay) ||
      !parse_duration (give_up, &options.retry.give_up_after) ||
      !parse_duration (reply_timeout, &timeout) || timeout > G_MAXUINT)
    return _herald_cli_usage (context, _("A duration is a number with s, m, h or d, such as 90s or 5m."));
  options.connections = connections;
  options.response_timeout = (guint) timeout;
  if (wait)
    options.max_wait = -1;

  if ((info = open_campaign (cli, name, &store, &error)) == NULL ||
      (problems = herald_campaign_check_attachments (store, info->id, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  if (problems->len > 0)
    {
      g_printerr ("herald-cli: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "%" PRIu64 " recipient’s attachment cannot be read, so nothing was sent. "
                               "See which with “herald-cli campaign check %s”.",
                               "%" PRIu64 " recipients’ attachments cannot be read, so nothing was sent. "
                               "See which with “herald-cli campaign check %s”.",
                               problems->len),
                  (uint64_t) problems->len, name);
      g_printerr ("\n");
      return HERALD_EXIT_FAILED;
    }

  sender = herald_sender_new (herald_store_get_path (store), info->id, &options);
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.sender = sender;
  run.name = name;
  run.tty = isatty (STDERR_FILENO);
  g_signal_connect (sender, "progress", G_CALLBACK (on_sender_progress_cb), &run);
  g_signal_connect (sender, "finished", G_CALLBACK (on_sender_finished_cb), &run);
  if (!herald_sender_start (sender, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  sigint = g_unix_signal_add (SIGINT, on_signal_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  status = report_end (&run, herald_sender_get_progress (sender));
  if (herald_sender_get_progress (sender)->status != HERALD_SENDER_STOPPED &&
      herald_sender_get_progress (sender)->status != HERALD_SENDER_CANCELLED)
    pull_after_send (store, info->id);
  return status;
}

/* ---- check -------------------------------------------------------------- */

static int
campaign_check (HeraldCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("List what to fix before a campaign goes out, one problem a line."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *selector = NULL;
  HeraldCheckOptions options = { 0 };
  gboolean offline = FALSE, dkim_missing = FALSE;
  int timeout = 10;
  HeraldStore *store;
  int status;
  const GOptionEntry entries[] = {
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds to wait for each DNS answer and each link (default 10)"), N_("SECONDS") },
    { "dkim-selector", 0, 0, G_OPTION_ARG_STRING, &selector, N_("The DKIM selector your domain signs with (default: the common providers’)"), N_("NAME") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Do not ask DNS or fetch the links"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((info = open_named (cli, context, argc, argv, &store, &status)) == NULL)
    return status;
  if (timeout < 1 || timeout > 600)
    return _herald_cli_usage (context, _("--timeout takes a number of seconds from 1 to 600."));
  options.timeout_seconds = (guint) timeout;
  options.dkim_selector = selector;
  options.offline = offline;
  if ((problems = herald_campaign_checklist (store, info->id, &options, NULL, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  /* address, field, value, why: tab-separated, one problem a line on
   * stdout; notes (what was left out or could not be checked) on stderr. */
  for (guint i = 0; i < problems->len; i++)
    {
      HeraldCheckProblem *p = g_ptr_array_index (problems, i);
      g_autofree char *value = g_strdelimit (g_strdup (p->value), "\t\r\n", ' ');
      g_autofree char *why = g_strdelimit (g_strdup (p->text), "\t\r\n", ' ');

      if (p->severity == HERALD_CHECK_NOTE)
        {
          g_printerr ("herald-cli: %s\n", why);
          continue;
        }
      if (p->kind == HERALD_CHECK_BUSINESS)
        {
          g_print ("%s\t%s\t%s\t%s %s\n", p->email, p->field, value, why,
                   /* TRANSLATORS: after the engine's sentence saying which business details are missing */
                   _("(Or: “herald-cli business set --name … --address … --contact …”.)"));
          continue;
        }
      if (p->kind == HERALD_CHECK_CONSENT)
        {
          g_autofree char *list = herald_store_dup_list_name (store, info->list_id, NULL);
          g_autofree char *hint =
            /* TRANSLATORS: the commands that record consent; %s is the list's name */
            g_strdup_printf (_("Add it with herald-cli import FILE --list %s --consent-source TEXT [--consent-at DATE] "
                               "(or a consent_at column), or herald-cli contact consent ADDR --given --source TEXT."),
                             list != NULL ? list : "");

          g_print ("%s\t%s\t%s\t%s %s\n", p->email, p->field, value, why, hint);
          continue;
        }
      g_print ("%s\t%s\t%s\t%s\n", p->email, p->field, value, why);
      if (p->kind == HERALD_CHECK_SENDER_DOMAIN && g_str_equal (p->field, "dkim"))
        dkim_missing = TRUE;
    }
  if (dkim_missing && selector == NULL)
    g_printerr ("herald-cli: %s\n", _("If your domain signs with a DKIM selector not tried, give it with --dkim-selector NAME."));
  return herald_check_problems_any (problems) ? HERALD_EXIT_FAILED : HERALD_EXIT_OK;
}

/* ---- pause, status, resend, skip ---------------------------------------- */

static int
campaign_pause (HeraldCli  *cli,
                int         argc,
                char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Pause a campaign. A running send stops after the message on the wire."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  HeraldStore *store;
  int status;

  if ((info = open_named (cli, context, argc, argv, &store, &status)) == NULL)
    return status;
  if (!herald_campaign_pause (store, info->id, NULL, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  g_printerr (_("Campaign “%s” is paused. Resume it with “herald-cli campaign send %s”.\n"), info->name, info->name);
  return HERALD_EXIT_OK;
}

/* The schedule's lines of `campaign status`, and a word for people about
 * a late one. */
static void
print_schedule (const HeraldCampaignInfo *info)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (info->scheduled_at);
  g_autofree char *when = at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M %Z") : g_strdup ("?");
  gint64 now = herald_now_seconds ();
  const char *schedule;

  switch (herald_due_classify (info, now))
    {
    case HERALD_DUE_NOT_YET:
      schedule = info->late_skipped_at != 0 ? "skipped-late"
               : info->state == HERALD_CAMPAIGN_SCHEDULED ? "waiting"
               : info->state == HERALD_CAMPAIGN_DONE ? "done" : "started";
      break;
    case HERALD_DUE_GO:
      schedule = info->state == HERALD_CAMPAIGN_SCHEDULED ? "due" : "started";
      break;
    case HERALD_DUE_SKIP_LATE:
    case HERALD_DUE_ASK:
    default:
      schedule = "late";
      break;
    }
  g_print ("scheduled\t%s\n", when);
  g_print ("if-late\t%s\n", herald_if_late_to_string (info->if_late));
  g_print ("schedule\t%s\n", schedule);
  if (g_str_equal (schedule, "late") && info->if_late == HERALD_IF_LATE_ASK)
    g_printerr (_("“%s” was due at %s and nothing sent it then. Send it now with “herald-cli campaign send %s”, "
                  "or keep it unsent with “herald-cli campaign skip %s --late”.\n"),
                info->name, when, info->name, info->name);
}

static int
campaign_status (HeraldCli  *cli,
                 int         argc,
                 char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), _("Print a campaign’s state and its deliveries’ counts by state, tab-separated."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autoptr(GPtrArray) uses = NULL;
  guint64 counts[HERALD_DELIVERY_N_STATES];
  HeraldStore *store;
  gint64 next;
  int status;

  if ((info = open_named (cli, context, argc, argv, &store, &status)) == NULL)
    return status;
  if (!herald_campaign_count_states (store, info->id, counts, &error) ||
      (next = herald_campaign_next_attempt_at (store, info->id, &error)) < 0)
    return _herald_cli_fail (g_steal_pointer (&error));

  g_print ("campaign\t%s\n", herald_campaign_state_to_string (info->state));
  if (info->pause_reason != NULL)
    {
      g_autofree char *reason = g_strdelimit (g_strdup (info->pause_reason), "\t\r\n", ' ');
      g_print ("reason\t%s\n", reason);
    }
  for (guint i = 0; i < HERALD_DELIVERY_N_STATES; i++)
    g_print ("%s\t%" G_GUINT64_FORMAT "\n", herald_delivery_state_to_string (i), counts[i]);
  g_print ("suppressed\t%" G_GINT64_FORMAT "\n", info->n_suppressed);
  if (info->scheduled_at != 0)
    print_schedule (info);
  if ((uses = herald_campaign_list_account_use (store, info->id, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  for (guint i = 0; i < uses->len; i++)
    {
      HeraldCampaignAccountUse *use = g_ptr_array_index (uses, i);
      g_autofree char *reason = use->pause_reason != NULL
                                ? g_strdelimit (g_strdup (use->pause_reason), "\t\r\n", ' ') : NULL;

      g_print ("account\t%s\t%u\t%" G_GUINT64_FORMAT "%s%s\n", use->name, use->weight, use->n_sent,
               reason != NULL ? "\t" : "", reason != NULL ? reason : "");
    }

  if (info->state == HERALD_CAMPAIGN_SENDING && !herald_journal_campaign_has_sender (store, info->id))
    g_printerr (_("No sender is running: resume with “herald-cli campaign send %s”.\n"), info->name);
  if (next > herald_now_seconds ())
    {
      g_autofree char *when = format_local_time (next);
      g_printerr (_("The next delivery is due at %s.\n"), when);
    }
  return HERALD_EXIT_OK;
}

static int
campaign_skip_late (HeraldCli  *cli,
                    const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  HeraldStore *store;

  if ((info = open_campaign (cli, name, &store, &error)) == NULL ||
      !herald_due_decide (store, info->id, FALSE, &error))
    return _herald_cli_fail (g_steal_pointer (&error));
  g_printerr (_("“%s” will not be sent by its schedule. It is kept: send it with “herald-cli campaign send %s”.\n"),
              name, name);
  return HERALD_EXIT_OK;
}

static int
campaign_resend_or_skip (HeraldCli  *cli,
                         int         argc,
                         char      **argv,
                         gboolean    resend)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"), resend
      ? _("Queue uncertain or failed deliveries again, with the same Message-ID.")
      : _("Never send the uncertain deliveries."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  gboolean uncertain = FALSE, failed = FALSE, late = FALSE;
  HeraldDeliveryState state;
  HeraldStore *store;
  guint64 changed = 0;
  const char *name;
  int status;
  const GOptionEntry resend_entries[] = {
    { "uncertain", 0, 0, G_OPTION_ARG_NONE, &uncertain, N_("The uncertain deliveries"), NULL },
    { "failed", 0, 0, G_OPTION_ARG_NONE, &failed, N_("The failed deliveries"), NULL },
    { NULL }
  };
  const GOptionEntry skip_entries[] = {
    { "uncertain", 0, 0, G_OPTION_ARG_NONE, &uncertain, N_("The uncertain deliveries"), NULL },
    { "late", 0, 0, G_OPTION_ARG_NONE, &late, N_("A scheduled campaign whose time passed: keep it unsent"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, resend ? resend_entries : skip_entries, GETTEXT_PACKAGE);
  if ((name = parse_name (context, argc, argv, &status)) == NULL)
    return status;
  if (late && !uncertain)
    return campaign_skip_late (cli, name);
  if (uncertain == failed || (!resend && failed))
    return _herald_cli_usage (context, resend ? _("Say which: --uncertain or --failed.")
                                              : _("skip takes --uncertain, or --late for a late scheduled campaign."));
  state = uncertain ? HERALD_DELIVERY_UNCERTAIN : HERALD_DELIVERY_FAILED;

  if ((info = open_campaign (cli, name, &store, &error)) == NULL ||
      !(resend ? herald_campaign_resend_all : herald_campaign_skip_all) (store, info->id, state, &changed, &error))
    return _herald_cli_fail (g_steal_pointer (&error));

  if (resend)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " delivery queued again. Send it with “herald-cli campaign send %s”.\n",
                          "%" PRIu64 " deliveries queued again. Send them with “herald-cli campaign send %s”.\n",
                          changed),
                changed, name);
  else
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " delivery skipped.\n", "%" PRIu64 " deliveries skipped.\n", changed),
                changed);
  return HERALD_EXIT_OK;
}

static int
campaign_resend (HeraldCli  *cli,
                 int         argc,
                 char      **argv)
{
  return campaign_resend_or_skip (cli, argc, argv, TRUE);
}

static int
campaign_skip (HeraldCli  *cli,
               int         argc,
               char      **argv)
{
  return campaign_resend_or_skip (cli, argc, argv, FALSE);
}

int
_herald_cli_campaign (HeraldCli  *cli,
                      int         argc,
                      char      **argv)
{
  static const HeraldCliSubcommand subcommands[] = {
    { "create", campaign_create },
    { "send", campaign_send },
    { "pause", campaign_pause },
    { "check", campaign_check },
    { "status", campaign_status },
    { "resend", campaign_resend },
    { "skip", campaign_skip },
    { "report", _herald_cli_campaign_report },
    { "retry-failed", _herald_cli_campaign_retry_failed },
    { "tracking-import", _herald_cli_campaign_tracking_import },
  };

  g_autofree char *help = g_strconcat (_(campaign_help), "\n\n", _(schedule_help), "\n\n",
                                       _(_herald_cli_tracking_help), NULL);

  return _herald_cli_dispatch (cli, argc, argv, subcommands, G_N_ELEMENTS (subcommands),
                               _("Usage: herald-cli campaign COMMAND NAME [OPTIONS]"), help);
}

/* ---- report ------------------------------------------------------------- */

int
_herald_cli_report (HeraldCli  *cli,
                    int         argc,
                    char      **argv)
{
  g_autoptr(GOptionContext) context = _herald_cli_new_context (_("NAME"),
      _("Print each recipient’s delivery as UTF-8 CSV:\n"
        "email,state,attempts,code,response,message_id,updated_at (ISO 8601, UTC),account\n"
        "(the account that sent it, or last tried)."));
  g_autoptr(GError) error = NULL;
  g_autoptr(HeraldCampaignInfo) info = NULL;
  g_autoptr(HeraldDeliveryCursor) cursor = NULL;
  g_autoptr(GString) out = g_string_sized_new (65536);
  g_autofree char *format = NULL;
  const HeraldDeliveryRow *row;
  HeraldStore *store;
  const char *name;
  int status;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format (only csv)"), N_("FORMAT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if ((name = parse_name (context, argc, argv, &status)) == NULL)
    return status;
  if (format != NULL && !g_str_equal (format, "csv"))
    return _herald_cli_usage (context, _("The only format is csv."));

  if ((info = open_campaign (cli, name, &store, &error)) == NULL ||
      (cursor = herald_delivery_cursor_new (store, info->id, -1, &error)) == NULL)
    return _herald_cli_fail (g_steal_pointer (&error));

  g_string_append (out, "email,state,attempts,code,response,message_id,updated_at,account\r\n");
  while ((row = herald_delivery_cursor_next (cursor, &error)) != NULL)
    {
      g_autoptr(GDateTime) updated = g_date_time_new_from_unix_utc (row->updated_at);
      g_autofree char *attempts = g_strdup_printf ("%" G_GINT64_FORMAT, row->attempts);
      g_autofree char *code = row->code > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, row->code) : g_strdup ("");
      g_autofree char *response = NULL;
      g_autofree char *when = updated != NULL ? g_date_time_format (updated, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
      const char *values[8];

      /* The enhanced code leads the reply when the reply lacks it. */
      if (row->enhanced != NULL && (row->reply == NULL || strstr (row->reply, row->enhanced) == NULL))
        response = g_strdup_printf ("%s %s", row->enhanced, row->reply != NULL ? row->reply : "");
      else
        response = g_strdup (row->reply != NULL ? row->reply : "");

      values[0] = row->email;
      values[1] = herald_delivery_state_to_string (row->state);
      values[2] = attempts;
      values[3] = code;
      values[4] = response;
      values[5] = row->message_id;
      values[6] = when;
      values[7] = row->account != NULL ? row->account : "";
      herald_csv_append_row (out, values, G_N_ELEMENTS (values));
      if (out->len > 60000)
        {
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
        }
    }
  fwrite (out->str, 1, out->len, stdout);
  if (error != NULL)
    return _herald_cli_fail (g_steal_pointer (&error));
  return fflush (stdout) == 0 ? HERALD_EXIT_OK : HERALD_EXIT_FAILED;
}
