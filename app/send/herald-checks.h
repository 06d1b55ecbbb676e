/* herald-checks.h — the pre-send checklist
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything worth knowing before a campaign goes out, as a list of
 * problems the window and `herald-cli campaign check` show one a line:
 * merge fields, attachments and unsubscribe links (which stop the send),
 * then recipients' addresses and domains, the sender's own domain (SPF,
 * DKIM, DMARC), the links in the message, the sender identity and opt-out
 * that the law asks for, the message's size and the day's volume.
 *
 * It asks DNS (through GIO's default GResolver) and fetches every link,
 * so it takes seconds: call it from a thread, never the UI thread.
 */
#pragma once

#include <gio/gio.h>

#include "herald-store.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_CHECK_FIELD,           /* a merge field the list lacks */
  HERALD_CHECK_ATTACHMENT,      /* a recipient's own attachment */
  HERALD_CHECK_UNSUBSCRIBE,     /* no unsubscribe link, address or header */
  HERALD_CHECK_DOMAIN,          /* a recipient domain that takes no mail */
  HERALD_CHECK_TYPO,            /* a likely typo of a provider's domain */
  HERALD_CHECK_ROLE,            /* a role address (info@, noreply@ …) */
  HERALD_CHECK_SENDER_DOMAIN,   /* the sender's SPF, DKIM, DMARC */
  HERALD_CHECK_LINK,            /* a link that does not answer 2xx */
  HERALD_CHECK_IDENTITY,        /* sender name, postal address, contact, opt-out */
  HERALD_CHECK_SIZE,            /* the HTML or the whole message */
  HERALD_CHECK_VOLUME,          /* near the bulk-sender threshold */
  HERALD_CHECK_EXCLUDED,        /* suppressed or bounced: left out (a note) */
  HERALD_CHECK_UNCHECKED,       /* DNS or a link did not answer (a note) */
  HERALD_CHECK_CHARSET,         /* text ISO-2022-JP cannot carry: UTF-8 instead */
  HERALD_CHECK_CONSENT,         /* recipients without a consent record */
  HERALD_CHECK_BUSINESS,        /* business details the footer shows but nobody set */
} HeraldCheckKind;

typedef enum
{
  HERALD_CHECK_NOTE,      /* for information: not a problem */
  HERALD_CHECK_WARNING,   /* worth fixing; the user may send anyway */
  HERALD_CHECK_ERROR,     /* the sender will refuse or stop */
} HeraldCheckSeverity;

typedef struct
{
  HeraldCheckKind      kind;
  HeraldCheckSeverity  severity;
  char                *email;   /* the recipient concerned, or "" */
  char                *field;   /* the field, or what is checked: "email", "from", "link" … */
  char                *value;   /* the path, domain, URL …, or "" */
  char                *text;    /* for people: what is wrong and what to do */
} HeraldCheckProblem;

typedef struct
{
  guint        timeout_seconds;   /* for each DNS answer and each link; 0: 10 */
  const char  *dkim_selector;     /* nullable: the sender's DKIM selector */
  gboolean     offline;           /* no DNS, no links */
} HeraldCheckOptions;

/* Gmail's bulk-sender rules apply from 5,000 messages a day to its users. */
#define HERALD_CHECK_BULK_THRESHOLD 5000
/* Gmail clips a message whose HTML is larger than about 102 KB. */
#define HERALD_CHECK_HTML_CLIP_BYTES (100 * 1024)

GPtrArray *herald_campaign_checklist   (HeraldStore               *store,
                                        gint64                     campaign_id,
                                        const HeraldCheckOptions  *options,
                                        GCancellable              *cancellable,
                                        GError                   **error);
gboolean   herald_check_problems_any   (GPtrArray                 *problems);
GPtrArray *herald_check_problems_group (GPtrArray                *problems);
void       herald_check_problem_free   (HeraldCheckProblem        *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldCheckProblem, herald_check_problem_free)

G_END_DECLS
