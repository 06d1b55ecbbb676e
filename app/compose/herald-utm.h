/* herald-utm.h — UTM tags on a message's web links
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a campaign's UTM tagging on, every http(s) link of a rendered
 * message gets utm_source, utm_medium and utm_campaign, so that clicks show
 * in the business's own web analytics with no tracking server. A link's
 * query string stays as it is (a utm_ key it already has is kept, never
 * doubled) and its fragment stays last. mailto:, cid: and the unsubscribe
 * link are never tagged.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *source;     /* utm_source */
  const char *medium;     /* utm_medium: "email" */
  const char *campaign;   /* utm_campaign */
} HeraldUtm;

char *herald_utm_tag_url  (const char      *url,
                           const HeraldUtm *utm,
                           gboolean         html);
char *herald_utm_tag_html (const char      *html,
                           const HeraldUtm *utm,
                           const char      *skip_url);
typedef char *(*HeraldLinkFunc) (const char *href,
                                 gpointer    user_data);

char *herald_html_rewrite_links (const char     *html,
                                 HeraldLinkFunc  func,
                                 gpointer        user_data);
char *herald_tracking_rewrite_html (const char *html,
                                    const char *click_pattern,
                                    const char *open_pattern,
                                    const char *token,
                                    const char *skip_url);
char *herald_utm_tag_text (const char      *text,
                           const HeraldUtm *utm,
                           const char      *skip_url,
                           const char      *html);

G_END_DECLS
