/* herald-suppressions.h — the addresses Herald never sends to
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

#define HERALD_SUPPRESSION_ERROR (herald_suppression_error_quark ())
GQuark herald_suppression_error_quark (void);

typedef enum
{
  HERALD_SUPPRESSION_ERROR_NOT_FOUND,
  HERALD_SUPPRESSION_ERROR_INVALID_REASON,
  HERALD_SUPPRESSION_ERROR_NO_ADDRESSES,   /* a file with no column of addresses */
} HeraldSuppressionError;

typedef struct
{
  char   *email;
  char   *reason;      /* bounced, unsubscribed, complaint, manual */
  char   *source;      /* what caused it (a message, an import, a person); nullable */
  gint64  created_at;  /* seconds since 1970 */
} HeraldSuppression;

void       herald_suppression_free       (HeraldSuppression  *suppression);
gboolean   herald_suppression_reason_is_valid (const char    *reason);

GPtrArray *herald_suppressions_list      (HeraldStore        *store,
                                          const char         *search,
                                          GError            **error);
gboolean   herald_suppressions_add       (HeraldStore        *store,
                                          const char         *email,
                                          const char         *reason,
                                          const char         *source,
                                          gboolean           *out_added,
                                          GError            **error);
gboolean   herald_suppressions_remove    (HeraldStore        *store,
                                          const char         *email,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldSuppression, herald_suppression_free)

G_END_DECLS
