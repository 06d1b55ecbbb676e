/* herald-page-common.c — what the window's pages, dialogs and models share
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "session" property: each page and dialog of the window (and the
 * contacts model) is handed the window's #HeraldSession as a property
 * named "session" and keeps it in a `HeraldSession *session` field of its
 * own. herald_session_prop_new() writes that property once: its
 * #GParamSpec remembers where the field is and how the session is taken
 * in, so that a class whose only property is the session uses
 * herald_session_prop_get() and herald_session_prop_set() as its
 * get_property and set_property, and a class with more properties calls
 * them for this one.
 *
 * The status page a page shows in place of its content when there is none
 * to show or it could not be read: herald_status_page_show().
 */
#define G_LOG_DOMAIN "herald-page-common"

#include "config.h"

#include "herald-page-common.h"

typedef struct
{
  gsize                   offset;
  HeraldSessionPropSetter setter;
} SessionProp;

static GQuark
session_prop_quark (void)
{
  return g_quark_from_static_string ("herald-session-prop");
}

/**
 * herald_session_prop_new:
 * @offset: where the object's `HeraldSession *` field is, as
 *   G_STRUCT_OFFSET() gives it
 * @setter: (nullable): how a session handed over later is taken in
 *
 * Makes the "session" property. Without @setter it is construct-only: the
 * session given at construction is kept in the field. With @setter it may
 * be set once after construction (the window opens its database after
 * building its pages): setting it calls @setter, which notifies; setting
 * %NULL is ignored.
 *
 * Returns: (transfer floating): the property's specification, to install
 */
GParamSpec *
herald_session_prop_new (gsize                   offset,
                         HeraldSessionPropSetter setter)
{
  GParamFlags mode = setter != NULL ? G_PARAM_EXPLICIT_NOTIFY : G_PARAM_CONSTRUCT_ONLY;
  SessionProp *prop = g_new (SessionProp, 1);
  GParamSpec *pspec;

  pspec = g_param_spec_object ("session", NULL, NULL,
                               HERALD_TYPE_SESSION,
                               G_PARAM_READWRITE | mode | G_PARAM_STATIC_STRINGS);
  prop->offset = offset;
  prop->setter = setter;
  g_param_spec_set_qdata_full (pspec, session_prop_quark (), prop, g_free);
  return pspec;
}

static const SessionProp *
lookup (GObject    *object,
        guint       prop_id,
        GParamSpec *pspec)
{
  const SessionProp *prop = g_param_spec_get_qdata (pspec, session_prop_quark ());

  if (prop == NULL)
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
  return prop;
}

/**
 * herald_session_prop_get:
 *
 * A get_property for a property made by herald_session_prop_new().
 */
void
herald_session_prop_get (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  const SessionProp *prop = lookup (object, prop_id, pspec);

  if (prop != NULL)
    g_value_set_object (value, G_STRUCT_MEMBER (HeraldSession *, object, prop->offset));
}

/**
 * herald_session_prop_set:
 *
 * A set_property for a property made by herald_session_prop_new().
 */
void
herald_session_prop_set (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  const SessionProp *prop = lookup (object, prop_id, pspec);

  if (prop == NULL)
    return;
  if (prop->setter == NULL)
    G_STRUCT_MEMBER (HeraldSession *, object, prop->offset) = g_value_dup_object (value);
  else if (g_value_get_object (value) != NULL)
    prop->setter (object, g_value_get_object (value));
}

/**
 * herald_status_page_show:
 * @stack: the stack @page is a child of
 * @page: the status page
 * @icon_name: (nullable): its icon
 * @title: (nullable): its title
 * @description: (nullable): its description
 *
 * Fills @page in and shows it in @stack.
 */
void
herald_status_page_show (GtkStack      *stack,
                         AdwStatusPage *page,
                         const char    *icon_name,
                         const char    *title,
                         const char    *description)
{
  g_return_if_fail (GTK_IS_STACK (stack));
  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  adw_status_page_set_icon_name (page, icon_name);
  adw_status_page_set_title (page, title);
  adw_status_page_set_description (page, description);
  gtk_stack_set_visible_child (stack, GTK_WIDGET (page));
}
