/* herald-provider-parse.h — the pages of a sending provider's
 * suppression lists, read (herald-provider-parse.c, fuzzed): GLib only
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HERALD_PROVIDER_PULL_ERROR (herald_provider_pull_error_quark ())
GQuark herald_provider_pull_error_quark (void);

typedef enum
{
  HERALD_PROVIDER_PULL_ERROR_NOT_API,     /* the account sends by SMTP or to the Outbox */
  HERALD_PROVIDER_PULL_ERROR_REFUSED,     /* 401, 403: the key */
  HERALD_PROVIDER_PULL_ERROR_ANSWER,      /* another HTTP status, after retries */
  HERALD_PROVIDER_PULL_ERROR_PARSE,       /* a page that is not the provider's JSON */
} HeraldProviderPullError;

/* One address read from a provider's list. */
typedef struct
{
  char       *email;     /* normalised */
  const char *reason;    /* Herald's: bounced, complaint, unsubscribed */
  const char *kind;      /* the provider's list, for the source: "bounce", "spam report", … */
} HeraldPulledAddress;

void      herald_pulled_address_free (HeraldPulledAddress *address);

/* The pages, read: each adds its valid addresses to @out
 * (HeraldPulledAddress), sets the number of items the page held (valid or
 * not) and where the next page is (nullable: none). */
gboolean  herald_sendgrid_parse_suppressions (GBytes      *body,
                                              const char  *reason,
                                              const char  *kind,
                                              GPtrArray   *out,
                                              guint       *out_n_items,
                                              GError     **error);
gboolean  herald_mailgun_parse_suppressions  (GBytes      *body,
                                              const char  *reason,
                                              const char  *kind,
                                              GPtrArray   *out,
                                              guint       *out_n_items,
                                              char       **out_next,
                                              GError     **error);
gboolean  herald_ses_parse_suppressions      (GBytes      *body,
                                              GPtrArray   *out,
                                              guint       *out_n_items,
                                              char       **out_next_token,
                                              GError     **error);

/* One open or click a provider tracked (Mailgun's events). */
typedef struct
{
  char       *id;           /* the provider's id of the event */
  const char *kind;         /* "opened" or "clicked" */
  gint64      at;           /* seconds since 1970 */
  char       *message_id;   /* the provider's message id, without "<>" */
  char       *url;          /* nullable: the link clicked */
} HeraldProviderEvent;

void      herald_provider_event_free   (HeraldProviderEvent *event);
gboolean  herald_mailgun_parse_events  (GBytes      *body,
                                        GPtrArray   *out,
                                        guint       *out_n_items,
                                        char       **out_next,
                                        GError     **error);

G_END_DECLS
