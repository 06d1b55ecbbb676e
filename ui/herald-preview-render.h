/* herald-preview-render.h — one recipient's message, rendered in a worker
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-merge.h"
#include "herald-session.h"

G_BEGIN_DECLS

typedef struct
{
  HeraldTemplateRecord *record;     /* text NULL: generated from the HTML */
  gint64                list_id;    /* 0: no list, render with no values */
  gint64                position;   /* 0-based, in the list's order */
  char                 *search;     /* nullable: first address holding it wins */

  /* Nullable: what the last full pass over this list counted. When the
   * template still uses exactly these fields, they are not counted again. */
  GStrv                 counted_fields;
  gint64               *counted_missing;
  gint64                counted_n;

  /* Read the template's stored images (record->id > 0) for "cid:" URLs. */
  gboolean              load_images;
} HeraldRenderRequest;

typedef struct
{
  /* A compile, store or render error; the other fields still hold what
   * could be found. */
  GError               *error;
  const char           *error_part; /* "subject", "html", "text" or NULL */
  guint                 error_line; /* 0: no position */
  guint                 error_column;

  gboolean              rendered;
  HeraldRendered        message;
  char                 *generated_text;  /* when the request's text was NULL */

  gint64                position;   /* of the recipient rendered */
  gint64                n_recipients;  /* -1: not counted */
  char                 *email;
  gboolean              search_failed;

  GStrv                 used_fields;
  gint64               *n_missing;  /* aligned with used_fields */
  /* When the template uses fields the list has no column for (none
   * matched to one either): those fields, and the list's columns. */
  GStrv                 unmatched_fields;
  GStrv                 list_fields;
  gboolean              counts_reused;  /* n_missing and n_recipients are the request's */
  /* Nullable: the business details the template shows that nobody set,
   * and where to set them (herald_template_check_business()). */
  char                 *business_missing;

  GHashTable           *images;     /* when asked: cid → GBytes, with "type:<cid>" → content type string */

  gint64                thread_started;   /* monotonic times, for HERALD_DEBUG_TIMING */
  gint64                store_locked;
  gint64                thread_finished;
} HeraldRenderResult;

void                herald_render_request_free (HeraldRenderRequest *request);
void                herald_render_result_free  (HeraldRenderResult  *result);

void                herald_preview_render_async  (HeraldSession        *session,
                                                  HeraldRenderRequest  *request,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
HeraldRenderResult *herald_preview_render_finish (GAsyncResult         *result,
                                                  GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldRenderRequest, herald_render_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldRenderResult, herald_render_result_free)

G_END_DECLS
