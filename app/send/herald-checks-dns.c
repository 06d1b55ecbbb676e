/* herald-checks-dns.c — the checklist's questions to DNS: do recipients'
 * domains take mail, and does the sender's domain publish SPF, DKIM and
 * DMARC
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each name is asked once per check, a few at a time, each with a time
 * limit, through GIO's default GResolver (which tests replace: see
 * app/base/herald-table-resolver.c). A name that does not answer, or
 * answers with an error other than "no such record", was not checked;
 * it is never reported as missing.
 */
#define G_LOG_DOMAIN "herald-checks"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-checks-private.h"
#include "herald-domain-hints.h"

#define PARALLEL_LOOKUPS 4

typedef enum { JOB_MX, JOB_TXT, JOB_NAME } JobType;
typedef enum { ANSWER_FOUND, ANSWER_NONE, ANSWER_UNKNOWN } Answer;

typedef struct _Runner Runner;

typedef struct
{
  JobType       type;
  char         *name;
  Answer        answer;
  GPtrArray    *strings;      /* MX hosts, or TXT records (each joined) */
  char         *why;          /* ANSWER_UNKNOWN: what went wrong */
  GCancellable *cancellable;
  GSource      *timeout;
  gboolean      timed_out;
  Runner       *runner;
} Job;

struct _Runner
{
  GResolver    *resolver;
  GPtrArray    *jobs;         /* (element-type Job) */
  guint         next;
  guint         running;
  guint         timeout_seconds;
  GMainContext *context;
  GCancellable *outer;
};

static Job *
job_new (JobType     type,
         const char *name)
{
  Job *job = g_new0 (Job, 1);

  job->type = type;
  job->name = g_strdup (name);
  job->strings = g_ptr_array_new_with_free_func (g_free);
  return job;
}

static void
job_free (Job *job)
{
  g_free (job->name);
  g_ptr_array_unref (job->strings);
  g_free (job->why);
  g_clear_object (&job->cancellable);
  if (job->timeout != NULL)
    {
      g_source_destroy (job->timeout);
      g_source_unref (job->timeout);
    }
  g_free (job);
}

static void start_next (Runner *runner);

static void
job_done (Job    *job,
          GList  *records,
          GError *error)
{
  if (error == NULL)
    {
      job->answer = ANSWER_FOUND;
      for (GList *l = records; l != NULL; l = l->next)
        {
          if (job->type == JOB_MX)
            {
              const char *host;
              guint16 pref;

              g_variant_get (l->data, "(q&s)", &pref, &host);
              g_ptr_array_add (job->strings, g_strdup (host));
            }
          else if (job->type == JOB_TXT)
            {
              g_autofree const char **parts = NULL;

              /* A TXT record may come in several strings: one value. */
              g_variant_get (l->data, "(^a&s)", &parts);
              g_ptr_array_add (job->strings, g_strjoinv ("", (char **) parts));
            }
          else
            g_ptr_array_add (job->strings, g_inet_address_to_string (l->data));
        }
    }
  else if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    job->answer = ANSWER_NONE;
  else
    {
      job->answer = ANSWER_UNKNOWN;
      job->why = job->timed_out
        /* TRANSLATORS: %u is a number of seconds */
        ? g_strdup_printf (_("no answer within %u seconds"), job->runner->timeout_seconds)
        : g_strdup (error->message);
    }
  if (job->timeout != NULL)
    {
      g_source_destroy (job->timeout);
      g_clear_pointer (&job->timeout, g_source_unref);
    }
  job->runner->running--;
  start_next (job->runner);
}

static void
on_records_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;
  GList *records = g_resolver_lookup_records_finish (G_RESOLVER (source), result, &error);

  job_done (job, records, error);
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  g_clear_error (&error);
}

static void
on_name_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  GError *error = NULL;
  GList *addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);

  job_done (job, addresses, error);
  g_resolver_free_addresses (addresses);
  g_clear_error (&error);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Job *job = user_data;

  job->timed_out = TRUE;
  g_cancellable_cancel (job->cancellable);
  g_clear_pointer (&job->timeout, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
start_next (Runner *runner)
{
  while (runner->running < PARALLEL_LOOKUPS && runner->next < runner->jobs->len)
    {
      Job *job = g_ptr_array_index (runner->jobs, runner->next++);

      job->runner = runner;
      job->cancellable = g_cancellable_new ();
      job->timeout = g_timeout_source_new_seconds (runner->timeout_seconds);
      g_source_set_callback (job->timeout, on_timeout_cb, job, NULL);
      g_source_attach (job->timeout, runner->context);
      runner->running++;
      if (job->type == JOB_NAME)
        g_resolver_lookup_by_name_async (runner->resolver, job->name, job->cancellable, on_name_cb, job);
      else
        g_resolver_lookup_records_async (runner->resolver, job->name,
                                         job->type == JOB_MX ? G_RESOLVER_RECORD_MX : G_RESOLVER_RECORD_TXT,
                                         job->cancellable, on_records_cb, job);
    }
}

/* Runs every job, PARALLEL_LOOKUPS at a time, on a main context of its
 * own; returns when each has an answer. */
static void
run_jobs (GPtrArray                 *jobs,
          const HeraldCheckOptions  *options,
          GCancellable              *cancellable)
{
  Runner runner = { 0 };

  runner.resolver = g_resolver_get_default ();
  runner.jobs = jobs;
  runner.timeout_seconds = options->timeout_seconds > 0 ? options->timeout_seconds : 10;
  runner.context = g_main_context_new ();
  runner.outer = cancellable;
  g_main_context_push_thread_default (runner.context);
  start_next (&runner);
  while (runner.running > 0)
    {
      g_main_context_iteration (runner.context, TRUE);
      if (g_cancellable_is_cancelled (cancellable))
        for (guint i = 0; i < jobs->len; i++)
          {
            Job *job = g_ptr_array_index (jobs, i);

            if (job->cancellable != NULL)
              g_cancellable_cancel (job->cancellable);
            runner.next = jobs->len;
          }
    }
  g_main_context_pop_thread_default (runner.context);
  g_main_context_unref (runner.context);
  g_object_unref (runner.resolver);
}

static char *
domain_of (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;

  return at != NULL && at[1] != '\0' ? g_ascii_strdown (at + 1, -1) : NULL;
}

/* RFC 7505: a single MX of "." says the domain takes no mail. */
static gboolean
is_null_mx (Job *job)
{
  if (job->strings->len != 1)
    return FALSE;
  return g_strcmp0 (g_ptr_array_index (job->strings, 0), ".") == 0 ||
         g_strcmp0 (g_ptr_array_index (job->strings, 0), "") == 0;
}

/* ---- recipients --------------------------------------------------------- */

static void
add_unchecked (GPtrArray  *problems,
               const char *name,
               const char *why)
{
  g_autofree char *text =
    /* TRANSLATORS: %s: a domain; %s: why (e.g. "no answer within 10 seconds") */
    g_strdup_printf (_("Could not check the domain “%s”: %s. Check again later."), name, why);

  _herald_check_add (problems, HERALD_CHECK_UNCHECKED, HERALD_CHECK_NOTE, "", "email", name, text);
}

/* Domains whose mail servers any working DNS knows: asked only when no
 * recipient domain had an MX record, to tell "these domains take no
 * mail" from "DNS does not answer at all" (no network, or a resolver
 * that says "no such name" to everything, as offline machines' do). */
static const char * const control_domains[] = { "gmail.com", "outlook.com", "yahoo.co.jp", NULL };

/* Whether DNS can be believed about @jobs (recipient domains' MX, asked
 * already). When no domain had an MX record, asks the control domains;
 * when none of them has one either, or every question failed, adds one
 * note saying the recipients' domains could not be checked, and returns
 * FALSE: then no domain is reported as taking no mail. */
static gboolean
dns_answers (GPtrArray                 *jobs,
             const HeraldCheckOptions  *options,
             GCancellable              *cancellable,
             GPtrArray                 *problems)
{
  g_autoptr(GPtrArray) control = NULL;
  g_autofree char *text = NULL;
  const char *why = NULL;
  guint n_none = 0;

  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (job->answer == ANSWER_FOUND)
        return TRUE;
      if (job->answer == ANSWER_NONE)
        n_none++;
      else if (why == NULL)
        why = job->why;
    }
  if (n_none > 0)
    {
      control = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
      for (guint i = 0; control_domains[i] != NULL; i++)
        g_ptr_array_add (control, job_new (JOB_MX, control_domains[i]));
      run_jobs (control, options, cancellable);
      for (guint i = 0; i < control->len; i++)
        if (((Job *) g_ptr_array_index (control, i))->answer == ANSWER_FOUND)
          return TRUE;
      /* TRANSLATORS: why the recipients' domains were not checked */
      why = _("DNS has no mail server even for gmail.com, so it is not really answering");
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: %u: a number of domains; %s: why (no answer, …) */
                                       "The mail server of the recipients’ %u domain could not be looked up: %s. "
                                       "This computer may be offline or its DNS failing. Nothing is known to be wrong "
                                       "with the addresses; check again when connected.",
                                       "The mail servers of the recipients’ %u domains could not be looked up: %s. "
                                       "This computer may be offline or its DNS failing. Nothing is known to be wrong "
                                       "with the addresses; check again when connected.",
                                       jobs->len),
                          jobs->len, why != NULL ? why : "?");
  _herald_check_add (problems, HERALD_CHECK_UNCHECKED, HERALD_CHECK_NOTE, "", "dns", "", text);
  return FALSE;
}

/**
 * _herald_check_recipient_domains:
 * @addresses: (element-type utf8): the recipients' addresses
 *
 * Flags each address whose domain looks like a typo of a common
 * provider's, each role address, and, asking DNS once per domain, each
 * address whose domain has no MX record and no address (A/AAAA), or a
 * null MX. When DNS answers for none of the domains (offline), says so
 * once instead.
 */
void
_herald_check_recipient_domains (GPtrArray                 *problems,
                                 GPtrArray                 *addresses,
                                 const HeraldCheckOptions  *options,
                                 GCancellable              *cancellable)
{
  g_autoptr(GHashTable) mx_jobs = g_hash_table_new (g_str_hash, g_str_equal);   /* domain → Job */
  g_autoptr(GHashTable) name_jobs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  g_autoptr(GPtrArray) fallback = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);

  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);
      g_autofree char *domain = domain_of (address);
      g_autofree char *suggestion = herald_domain_suggest (domain);

      if (suggestion != NULL)
        {
          g_autofree char *text =
            /* TRANSLATORS: %s: a domain as written; %s: the provider's domain */
            g_strdup_printf (_("“%s” looks like a typo of “%s”: correct the address in the list, or the message will bounce."),
                             domain, suggestion);

          _herald_check_add (problems, HERALD_CHECK_TYPO, HERALD_CHECK_WARNING, address, "email", domain, text);
        }
      if (herald_address_is_role (address))
        _herald_check_add (problems, HERALD_CHECK_ROLE, HERALD_CHECK_WARNING, address, "email", "",
                           _("A role address (a team’s or a system’s, not a person’s): such addresses rarely "
                             "signed up themselves and complain or bounce more. Remove it unless that team asked "
                             "for the newsletter."));
      if (!options->offline && domain != NULL && suggestion == NULL &&
          !g_hash_table_contains (mx_jobs, domain))
        {
          Job *job = job_new (JOB_MX, domain);

          g_ptr_array_add (jobs, job);
          g_hash_table_insert (mx_jobs, job->name, job);
        }
    }
  if (options->offline || jobs->len == 0)
    return;

  run_jobs (jobs, options, cancellable);
  if (!dns_answers (jobs, options, cancellable, problems))
    return;

  /* No MX: mail goes to the domain's own address (RFC 5321 §5.1). */
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (job->answer == ANSWER_NONE)
        {
          Job *name = job_new (JOB_NAME, job->name);

          g_ptr_array_add (fallback, name);
          g_hash_table_insert (name_jobs, name->name, name);
        }
      else if (job->answer == ANSWER_UNKNOWN)
        add_unchecked (problems, job->name, job->why);
    }
  if (fallback->len > 0)
    run_jobs (fallback, options, cancellable);
  for (guint i = 0; i < fallback->len; i++)
    {
      Job *job = g_ptr_array_index (fallback, i);

      if (job->answer == ANSWER_UNKNOWN)
        add_unchecked (problems, job->name, job->why);
    }

  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);
      g_autofree char *domain = domain_of (address);
      Job *mx = domain != NULL ? g_hash_table_lookup (mx_jobs, domain) : NULL;
      Job *name = domain != NULL ? g_hash_table_lookup (name_jobs, domain) : NULL;
      g_autofree char *text = NULL;

      if (mx != NULL && mx->answer == ANSWER_FOUND && is_null_mx (mx))
        /* TRANSLATORS: %s is a domain */
        text = g_strdup_printf (_("The domain “%s” says it takes no mail (a null MX record): remove the address or ask the person for another."), domain);
      else if (name != NULL && name->answer == ANSWER_NONE)
        /* TRANSLATORS: %s is a domain */
        text = g_strdup_printf (_("The domain “%s” has no mail server (no MX or address record in DNS): the message would bounce. Correct or remove the address."), domain);
      if (text != NULL)
        _herald_check_add (problems, HERALD_CHECK_DOMAIN, HERALD_CHECK_WARNING, address, "email", domain, text);
    }
}

/* ---- the sender's domain ------------------------------------------------ */

/* Selectors the common providers sign with, tried when the user gave none. */
static const char * const known_selectors[] = {
  "google",                   /* Google Workspace */
  "selector1", "selector2",   /* Microsoft 365 */
  "default", "dkim", "mail", "k1", "s1", "s2", "smtp", "mxvault",
  NULL
};

static gboolean
any_starts_with (Job        *job,
                 const char *prefix,
                 guint      *out_count)
{
  guint n = 0;

  for (guint i = 0; job != NULL && i < job->strings->len; i++)
    if (g_ascii_strncasecmp (g_ptr_array_index (job->strings, i), prefix, strlen (prefix)) == 0)
      n++;
  if (out_count != NULL)
    *out_count = n;
  return n > 0;
}

/* A DKIM key record: "p=" with a key after it (an empty p= is revoked). */
static gboolean
has_dkim_key (Job *job)
{
  for (guint i = 0; i < job->strings->len; i++)
    {
      const char *p = strstr (g_ptr_array_index (job->strings, i), "p=");

      if (p != NULL && (p == (const char *) g_ptr_array_index (job->strings, i) || p[-1] == ';' || p[-1] == ' ') &&
          p[2] != '\0' && p[2] != ';')
        return TRUE;
    }
  return FALSE;
}

static const char *
provider_hint (Job *mx)
{
  for (guint i = 0; mx != NULL && i < mx->strings->len; i++)
    {
      g_autofree char *host = g_ascii_strdown (g_ptr_array_index (mx->strings, i), -1);

      if (g_str_has_suffix (host, "google.com") || g_str_has_suffix (host, "googlemail.com"))
        return _("Your domain’s mail is at Google Workspace, which signs with the selector “google”: turn DKIM on in the Admin console (Apps → Gmail → Authenticate email) and publish the key it shows.");
      if (g_str_has_suffix (host, "outlook.com"))
        return _("Your domain’s mail is at Microsoft 365, which signs with the selectors “selector1” and “selector2”: turn DKIM on in the Defender portal and publish the two CNAME records it shows.");
    }
  return _("Turn on DKIM signing at your mail provider and publish the key it gives in your domain’s DNS; if it is on already under another selector, give that selector to the check.");
}

/* @what: "spf", "dmarc" or "dkim" */
static void
add_sender (GPtrArray  *problems,
            const char *what,
            const char *domain,
            const char *text)
{
  _herald_check_add (problems, HERALD_CHECK_SENDER_DOMAIN, HERALD_CHECK_WARNING, "", what, domain, text);
}

/**
 * _herald_check_sender_domain:
 * @from_address: the bare From address
 *
 * Asks DNS for the From domain's SPF record, its DMARC record and a DKIM
 * key (under the user's selector, or the known providers'), and says what
 * is missing and why it matters.
 */
void
_herald_check_sender_domain (GPtrArray                 *problems,
                             const char                *from_address,
                             const HeraldCheckOptions  *options,
                             GCancellable              *cancellable)
{
  g_autofree char *domain = domain_of (from_address);
  g_autofree char *dmarc_name = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  g_autoptr(GString) tried = g_string_new (NULL);
  Job *spf, *dmarc, *mx;
  gboolean dkim_found = FALSE, dkim_unknown = FALSE;
  guint n_spf = 0;

  if (options->offline || domain == NULL)
    return;
  /* The Outbox's own address, and others that can send nowhere
   * (RFC 6761: localhost, .invalid): no DNS to ask. */
  if (g_str_equal (domain, "localhost") || g_str_has_suffix (domain, ".localhost") ||
      g_str_has_suffix (domain, ".invalid") || g_str_equal (domain, "invalid"))
    return;
  if (herald_domain_is_provider (domain))
    {
      g_autofree char *text =
        /* TRANSLATORS: %s is a mail provider's domain, e.g. gmail.com */
        g_strdup_printf (_("You send from an address at “%s”, a mail provider’s domain: its SPF, DKIM and DMARC are the provider’s, "
                           "and Gmail and Yahoo expect bulk mail (5,000 a day or more) to come from a domain of your own."), domain);

      _herald_check_add (problems, HERALD_CHECK_SENDER_DOMAIN, HERALD_CHECK_NOTE, "", "from", domain, text);
      return;
    }

  dmarc_name = g_strconcat ("_dmarc.", domain, NULL);
  g_ptr_array_add (jobs, spf = job_new (JOB_TXT, domain));
  g_ptr_array_add (jobs, dmarc = job_new (JOB_TXT, dmarc_name));
  g_ptr_array_add (jobs, mx = job_new (JOB_MX, domain));
  if (options->dkim_selector != NULL && *options->dkim_selector != '\0')
    {
      g_autofree char *name = g_strconcat (options->dkim_selector, "._domainkey.", domain, NULL);

      g_ptr_array_add (jobs, job_new (JOB_TXT, name));
    }
  else
    for (guint i = 0; known_selectors[i] != NULL; i++)
      {
        g_autofree char *name = g_strconcat (known_selectors[i], "._domainkey.", domain, NULL);

        g_ptr_array_add (jobs, job_new (JOB_TXT, name));
      }
  run_jobs (jobs, options, cancellable);

  for (guint i = 3; i < jobs->len; i++)
    {
      Job *job = g_ptr_array_index (jobs, i);

      if (job->answer == ANSWER_FOUND && has_dkim_key (job))
        dkim_found = TRUE;
      else if (job->answer == ANSWER_UNKNOWN)
        dkim_unknown = TRUE;
      if (tried->len > 0)
        g_string_append (tried, ", ");
      g_string_append_len (tried, job->name, strstr (job->name, "._domainkey.") - job->name);
    }

  if (spf->answer == ANSWER_UNKNOWN)
    add_unchecked (problems, spf->name, spf->why);
  else if (!any_starts_with (spf, "v=spf1", &n_spf) || n_spf == 0)
    {
      g_autofree char *text =
        /* TRANSLATORS: %s is the sender's domain */
        g_strdup_printf (_("Your domain “%s” publishes no SPF record (a TXT record starting “v=spf1” that names the servers allowed to send its mail). "
                           "Gmail and Yahoo reject or junk unauthenticated mail and require SPF from bulk senders: "
                           "add the record your mail provider gives to your domain’s DNS."), domain);
      add_sender (problems, "spf", domain, text);
    }
  else if (n_spf > 1)
    {
      g_autofree char *text =
        /* TRANSLATORS: %s is the sender's domain */
        g_strdup_printf (_("Your domain “%s” publishes more than one SPF record, which makes SPF fail everywhere: merge them into one TXT record starting “v=spf1”."), domain);
      add_sender (problems, "spf", domain, text);
    }

  if (dmarc->answer == ANSWER_UNKNOWN)
    add_unchecked (problems, dmarc->name, dmarc->why);
  else if (!any_starts_with (dmarc, "v=DMARC1", NULL))
    {
      g_autofree char *text =
        /* TRANSLATORS: %s is the sender's domain */
        g_strdup_printf (_("Your domain “%s” publishes no DMARC record (a TXT record at “_dmarc.%s” starting “v=DMARC1”, "
                           "e.g. “v=DMARC1; p=none”). Gmail and Yahoo require one from anyone sending 5,000 or more messages a day; "
                           "it tells receivers what to do with mail that fails SPF and DKIM."), domain, domain);
      add_sender (problems, "dmarc", domain, text);
    }

  if (!dkim_found && dkim_unknown)
    add_unchecked (problems, domain, _("the DKIM key did not answer"));
  else if (!dkim_found)
    {
      g_autofree char *text =
        /* TRANSLATORS: %s: the sender's domain; %s: selectors tried, comma-separated; %s: what to do */
        g_strdup_printf (_("No DKIM key found for “%s” (selectors tried: %s). DKIM signs each message so that receivers can tell it "
                           "really comes from your domain; Gmail and Yahoo require it from bulk senders. %s"),
                         domain, tried->str, provider_hint (mx->answer == ANSWER_FOUND ? mx : NULL));
      add_sender (problems, "dkim", domain, text);
    }
}
