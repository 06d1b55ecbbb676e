/* herald-starters.h — starter templates: a newsletter to begin from
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"
#include "herald-templates.h"

G_BEGIN_DECLS

#define HERALD_STARTER_ERROR (herald_starter_error_quark ())
GQuark herald_starter_error_quark (void);

typedef enum
{
  HERALD_STARTER_ERROR_UNKNOWN,          /* no starter of that name */
  HERALD_STARTER_ERROR_UNKNOWN_LANGUAGE, /* not one of herald_starter_languages */
  HERALD_STARTER_ERROR_NAME_TAKEN,       /* a template of that name exists */
} HeraldStarterError;

typedef struct
{
  const char *name;          /* "newsletter": the CLI's and the resources' name */
  const char *title;         /* untranslated (N_): _(title) in the UI language */
  const char *description;   /* untranslated (N_), one sentence */
} HeraldStarter;

/* "ja", "en", NULL */
extern const char * const herald_starter_languages[];

const HeraldStarter  *herald_starters_get          (guint          *n_starters);
const HeraldStarter  *herald_starters_get_plain    (guint          *n_starters);
const HeraldStarter  *herald_starters_find         (const char     *name);
const char           *herald_starters_default_language (void);
HeraldTemplateRecord *herald_starter_dup_record    (const char     *starter,
                                                    const char     *language,
                                                    GError        **error);
gint64                herald_starter_add           (HeraldStore    *store,
                                                    const char     *template_name,
                                                    const char     *starter,
                                                    const char     *language,
                                                    GError        **error);
gint64                herald_starter_add_unique    (HeraldStore    *store,
                                                    const char     *base_name,
                                                    const char     *starter,
                                                    const char     *language,
                                                    char          **out_name,
                                                    GError        **error);

G_END_DECLS
