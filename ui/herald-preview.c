/* herald-preview.c — a rendered message shown safely: no script, no remote
 * content unless allowed, links opened in the user's browser
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-preview"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>
#include <webkit/webkit.h>

#include "herald-preview.h"

struct _HeraldPreview
{
  GtkWidget      parent_instance;

  /* children */
  AdwClamp      *clamp;
  WebKitWebView *web_view;

  /* owned */
  char          *html;       /* as given, before the policy is added */
  gboolean       mobile;
  gboolean       loaded;     /* WebKit finished loading self->html */
  gboolean       failed;     /* the load in progress failed (was replaced) */
  GHashTable    *images;     /* cid → GBytes, "type:<cid>" → content type (see herald-preview-render.h) */
  guint          images_served;
};

G_DEFINE_FINAL_TYPE (HeraldPreview, herald_preview, GTK_TYPE_WIDGET)

enum
{
  SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The page may show inline styles, data: images and (once the template
 * allows it) remote images; nothing else is fetched, no script runs. */
#define POLICY_LOCAL  "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'"
#define POLICY_REMOTE "default-src 'none'; img-src * data: cid:; style-src 'unsafe-inline'"

/**
 * herald_preview_dup_safe_html:
 *
 * Returns: (transfer full): @html with a Content-Security-Policy <meta>
 *   before anything else the page holds (after the doctype, so the page
 *   keeps its rendering mode)
 */
char *
herald_preview_dup_safe_html (const char *html,
                              gboolean    allow_remote)
{
  g_autofree char *meta = g_strdup_printf ("<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">",
                                           allow_remote ? POLICY_REMOTE : POLICY_LOCAL);
  const char *p = html;
  gsize at = 0;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "<!doctype", 9) == 0)
    {
      const char *end = strchr (p, '>');

      if (end != NULL)
        at = end + 1 - html;
    }
  return g_strdup_printf ("%.*s%s%s", (int) at, html, meta, html + at);
}

static gboolean
is_external_uri (const char *uri)
{
  return g_str_has_prefix (uri, "http://") ||
         g_str_has_prefix (uri, "https://") ||
         g_str_has_prefix (uri, "mailto:");
}

/* The preview itself is only ever loaded from a string, as about:blank.
 * Any other navigation (a clicked link, a form, a refresh) is refused; a
 * link a person clicked opens in their browser instead. */
static gboolean
on_web_view_decide_policy_cb (HeraldPreview            *self,
                              WebKitPolicyDecision     *decision,
                              WebKitPolicyDecisionType  type,
                              WebKitWebView            *web_view)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
      webkit_navigation_action_get_navigation_type (action) != WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
      g_strcmp0 (uri, "about:blank") == 0)
    {
      webkit_policy_decision_use (decision);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);
  if (webkit_navigation_action_is_user_gesture (action) && uri != NULL && is_external_uri (uri))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
    }
  return TRUE;
}

static void
on_web_view_load_changed_cb (HeraldPreview   *self,
                             WebKitLoadEvent  event,
                             WebKitWebView   *web_view)
{
  if (event == WEBKIT_LOAD_STARTED)
    self->failed = FALSE;
  self->loaded = event == WEBKIT_LOAD_FINISHED;
  if (self->loaded && !self->failed)
    g_signal_emit (self, signals[SHOWN], 0);
}

/* A load replaced by a newer one fails (cancelled), then finishes: that
 * finish is not the newer HTML shown. */
static gboolean
on_web_view_load_failed_cb (HeraldPreview   *self,
                            WebKitLoadEvent  event,
                            const char      *uri,
                            GError          *error,
                            WebKitWebView   *web_view)
{
  self->failed = TRUE;
  return FALSE;
}

/* No context menu: it would offer "Open Link" and "Reload", which bypass
 * the rules above. */
static gboolean
on_web_view_context_menu_cb (WebKitWebView *web_view)
{
  return TRUE;
}

static void
herald_preview_dispose (GObject *object)
{
  HeraldPreview *self = HERALD_PREVIEW (object);

  g_clear_pointer ((GtkWidget **) &self->clamp, gtk_widget_unparent);
  self->web_view = NULL;

  G_OBJECT_CLASS (herald_preview_parent_class)->dispose (object);
}

static void
herald_preview_finalize (GObject *object)
{
  HeraldPreview *self = HERALD_PREVIEW (object);

  g_clear_pointer (&self->html, g_free);
  g_clear_pointer (&self->images, g_hash_table_unref);

  G_OBJECT_CLASS (herald_preview_parent_class)->finalize (object);
}

static void
herald_preview_class_init (HeraldPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = herald_preview_dispose;
  object_class->finalize = herald_preview_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "preview");

  /**
   * HeraldPreview::shown:
   *
   * WebKit finished loading the HTML last given to
   * herald_preview_show_html() (the web process has it laid out).
   */
  signals[SHOWN] = g_signal_new ("shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* "cid:NAME" in the message: the template's embedded image NAME, from
 * memory. Any other name is not found; nothing is fetched. */
static void
on_cid_request_cb (WebKitURISchemeRequest *request,
                   gpointer                user_data)
{
  WebKitWebView *web_view = webkit_uri_scheme_request_get_web_view (request);
  HeraldPreview *self = web_view != NULL ? g_object_get_data (G_OBJECT (web_view), "herald-preview") : NULL;
  const char *uri = webkit_uri_scheme_request_get_uri (request);
  g_autofree char *cid = g_uri_unescape_string (uri + strlen ("cid:"), NULL);
  g_autofree char *type_key = g_strconcat ("type:", cid != NULL ? cid : "", NULL);
  GBytes *bytes = self != NULL && self->images != NULL && cid != NULL ? g_hash_table_lookup (self->images, cid) : NULL;
  GBytes *type = bytes != NULL ? g_hash_table_lookup (self->images, type_key) : NULL;
  g_autoptr(GInputStream) stream = NULL;

  if (bytes == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s", uri);

      webkit_uri_scheme_request_finish_error (request, error);
      return;
    }
  self->images_served++;
  stream = g_memory_input_stream_new_from_bytes (bytes);
  webkit_uri_scheme_request_finish (request, stream, g_bytes_get_size (bytes),
                                    type != NULL && *(const char *) g_bytes_get_data (type, NULL) != '\0'
                                    ? g_bytes_get_data (type, NULL) : NULL);
}

static void
register_cid_scheme (WebKitWebContext *context)
{
  if (g_object_get_data (G_OBJECT (context), "herald-cid") != NULL)
    return;
  g_object_set_data (G_OBJECT (context), "herald-cid", GINT_TO_POINTER (1));
  webkit_web_context_register_uri_scheme (context, "cid", on_cid_request_cb, NULL, NULL);
}

static void
herald_preview_init (HeraldPreview *self)
{
  g_autoptr(WebKitNetworkSession) session = webkit_network_session_new_ephemeral ();
  WebKitSettings *settings;

  /* Ephemeral: the preview keeps no cache, cookies or history on disk. */
  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", session, NULL);
  g_object_set_data (G_OBJECT (self->web_view), "herald-preview", self);
  register_cid_scheme (webkit_web_view_get_context (self->web_view));
  settings = webkit_web_view_get_settings (self->web_view);
  webkit_settings_set_enable_javascript (settings, FALSE);
  webkit_settings_set_enable_javascript_markup (settings, FALSE);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_enable_page_cache (settings, FALSE);
  webkit_settings_set_enable_html5_local_storage (settings, FALSE);
  webkit_settings_set_enable_html5_database (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->web_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message preview"),
                                  -1);
  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (on_web_view_decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (on_web_view_load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-failed",
                           G_CALLBACK (on_web_view_load_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->web_view, "context-menu", G_CALLBACK (on_web_view_context_menu_cb), NULL);

  self->clamp = ADW_CLAMP (adw_clamp_new ());
  adw_clamp_set_maximum_size (self->clamp, HERALD_PREVIEW_DESKTOP_WIDTH);
  adw_clamp_set_tightening_threshold (self->clamp, HERALD_PREVIEW_DESKTOP_WIDTH);
  adw_clamp_set_child (self->clamp, GTK_WIDGET (self->web_view));
  gtk_widget_set_parent (GTK_WIDGET (self->clamp), GTK_WIDGET (self));
}

GtkWidget *
herald_preview_new (void)
{
  return g_object_new (HERALD_TYPE_PREVIEW, NULL);
}

/**
 * herald_preview_show_html:
 * @html: a rendered message's HTML
 * @allow_remote: whether remote images may load
 *
 * Shows @html. The string kept (see herald_preview_get_html()) is @html
 * exactly; what WebKit gets has the content policy added.
 */
void
herald_preview_show_html (HeraldPreview *self,
                          const char    *html,
                          gboolean       allow_remote)
{
  g_autofree char *safe = NULL;

  g_return_if_fail (HERALD_IS_PREVIEW (self));
  g_return_if_fail (html != NULL);

  g_free (self->html);
  self->html = g_strdup (html);
  safe = herald_preview_dup_safe_html (html, allow_remote);
  self->loaded = FALSE;
  self->failed = FALSE;
  webkit_web_view_load_html (self->web_view, safe, "about:blank");
}

/**
 * herald_preview_get_html:
 *
 * Returns: (nullable): the HTML last shown, without the content policy
 */
const char *
herald_preview_get_html (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), NULL);

  return self->html;
}

void
herald_preview_set_mobile (HeraldPreview *self,
                           gboolean       mobile)
{
  int width = mobile ? HERALD_PREVIEW_MOBILE_WIDTH : HERALD_PREVIEW_DESKTOP_WIDTH;

  g_return_if_fail (HERALD_IS_PREVIEW (self));

  self->mobile = !!mobile;
  adw_clamp_set_maximum_size (self->clamp, width);
  adw_clamp_set_tightening_threshold (self->clamp, width);
}

gboolean
herald_preview_get_mobile (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), FALSE);

  return self->mobile;
}

/**
 * herald_preview_get_loaded:
 *
 * Returns: whether WebKit has finished loading the HTML last shown
 */
gboolean
herald_preview_get_loaded (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), FALSE);

  return self->loaded;
}

/**
 * herald_preview_set_images:
 * @images: (transfer full) (nullable): cid → #GBytes, and "type:<cid>" →
 *   the content type as a NUL-terminated #GBytes
 *
 * The images "cid:" URLs in the HTML shown refer to.
 */
void
herald_preview_set_images (HeraldPreview *self,
                           GHashTable    *images)
{
  g_return_if_fail (HERALD_IS_PREVIEW (self));

  g_clear_pointer (&self->images, g_hash_table_unref);
  self->images = images;
}

/**
 * herald_preview_get_images_served:
 *
 * Returns: how many "cid:" images WebKit was given (for tests)
 */
guint
herald_preview_get_images_served (HeraldPreview *self)
{
  g_return_val_if_fail (HERALD_IS_PREVIEW (self), 0);

  return self->images_served;
}
