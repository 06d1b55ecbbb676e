/* herald-import-consent.h — consent in an imported file: the columns that
 * say when, how and whether a person agreed to marketing mail
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-consent.h"

G_BEGIN_DECLS

/* The field names a --map gives a column to make it a consent column. */
#define HERALD_CONSENT_FIELD_AT      "consent_at"
#define HERALD_CONSENT_FIELD_SOURCE  "consent_source"
#define HERALD_CONSENT_FIELD_ANSWER  "consent"

HeraldConsentAnswer herald_consent_parse_answer (const char *text,
                                                 gssize      len);
gint64              herald_consent_parse_at     (const char *text,
                                                 gssize      len);
char               *herald_consent_fold         (const char *text,
                                                 gssize      len);

G_END_DECLS
