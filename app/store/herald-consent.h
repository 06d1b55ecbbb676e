/* herald-consent.h — consent records: when and how each person agreed to
 * marketing mail, and who said no
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_CONSENT_ERROR (herald_consent_error_quark ())
GQuark herald_consent_error_quark (void);

typedef enum
{
  HERALD_CONSENT_ERROR_NO_CONTACT,
} HeraldConsentError;

/* What a cell of a "accepts marketing mail" column says. */
typedef enum
{
  HERALD_CONSENT_ANSWER_NONE,       /* blank, or not understood */
  HERALD_CONSENT_ANSWER_GIVEN,
  HERALD_CONSENT_ANSWER_DECLINED,
} HeraldConsentAnswer;

/* A contact's consent record. */
typedef struct
{
  gint64    at;        /* seconds since 1970; 0: unknown */
  char     *source;    /* how they agreed, in the user's words; NULL: unknown */
  gboolean  declined;  /* said no to marketing mail: never mailed */
} HeraldConsent;

/* What an import's row says about consent, and the import's own values. */
typedef struct
{
  HeraldConsentAnswer  answer;
  gint64               at;              /* 0: the row gives none */
  const char          *source;          /* NULL: the row gives none */
  gboolean             clear_at;        /* a blank cell with blank_clears */
  gboolean             clear_source;
  gint64               default_at;      /* the whole import's, or 0 */
  const char          *default_source;  /* the whole import's, or NULL */
  const char          *fallback_source; /* for a "yes" that says nothing else */
} HeraldConsentRow;

void     herald_consent_clear     (HeraldConsent          *consent);
gboolean herald_consent_equal     (const HeraldConsent    *a,
                                   const HeraldConsent    *b);
gboolean herald_consent_has_record (const HeraldConsent   *consent);
gboolean herald_consent_row_says_anything (const HeraldConsentRow *row);
void     herald_consent_merge     (const HeraldConsent    *old,
                                   const HeraldConsentRow *row,
                                   HeraldConsent          *out);

gboolean herald_consent_get       (HeraldStore            *store,
                                   const char             *email,
                                   HeraldConsent          *out,
                                   GError                **error);
gboolean herald_consent_set       (HeraldStore            *store,
                                   const char             *email,
                                   HeraldConsentAnswer     answer,
                                   gint64                  at,
                                   const char             *source,
                                   GError                **error);
gboolean herald_consent_set_for_contact (HeraldStore      *store,
                                   gint64                  contact_id,
                                   HeraldConsentAnswer     answer,
                                   gint64                  at,
                                   const char             *source,
                                   GError                **error);
gboolean herald_consent_count_campaign (HeraldStore       *store,
                                   gint64                  campaign_id,
                                   guint64                *out_without,
                                   guint64                *out_declined,
                                   GError                **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HeraldConsent, herald_consent_clear)

G_END_DECLS
