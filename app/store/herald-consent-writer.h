/* herald-consent-writer.h — an import's writes of consent records, for
 * herald-import-writer.c only
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-consent.h"

G_BEGIN_DECLS

typedef struct _HeraldConsentWriter HeraldConsentWriter;

/* What _herald_consent_writer_apply() did to one contact's record. */
typedef struct
{
  gboolean       changed;   /* a known contact's record changed */
  gboolean       recorded;  /* that made a new row of import_changes */
  HeraldConsent  consent;   /* the record it now has (owned: herald_consent_clear()) */
} HeraldConsentApplied;

HeraldConsentWriter *_herald_consent_writer_new   (HeraldStore             *store,
                                                   gint64                   import_id,
                                                   gint64                   now,
                                                   GError                 **error);
gboolean             _herald_consent_writer_apply (HeraldConsentWriter     *self,
                                                   gint64                   contact_id,
                                                   gboolean                 created,
                                                   const HeraldConsentRow  *row,
                                                   HeraldConsentApplied    *out,
                                                   GError                 **error);
void                 _herald_consent_writer_free  (HeraldConsentWriter     *self);

G_END_DECLS
