/* test-page-common.c — the "session" property the window's pages share, with no display
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two small classes declare the property as the pages and dialogs do, one
 * construct-only (the dialogs, the contacts model), one set once later (the
 * lists and templates pages, the preferences window, whose session the
 * window opens after building them), and a third keeps a property of its
 * own beside it (the preferences window's settings). The sessions are real,
 * only never opened on a database: the property does not use the store.
 */
#define G_LOG_DOMAIN "test-page-common"

#include "config.h"

#include "herald-page-common.h"

/* ---- a construct-only session ---------------------------------------------- */

#define TEST_TYPE_FIXED (test_fixed_get_type ())
G_DECLARE_FINAL_TYPE (TestFixed, test_fixed, TEST, FIXED, GObject)

struct _TestFixed
{
  GObject        parent_instance;
  int            sentinel;
  HeraldSession *session;
};

G_DEFINE_FINAL_TYPE (TestFixed, test_fixed, G_TYPE_OBJECT)

enum { FIXED_PROP_0, FIXED_PROP_SESSION, FIXED_N_PROPS };
static GParamSpec *fixed_properties[FIXED_N_PROPS];

static void
test_fixed_finalize (GObject *object)
{
  g_clear_object (&TEST_FIXED (object)->session);
  G_OBJECT_CLASS (test_fixed_parent_class)->finalize (object);
}

static void
test_fixed_class_init (TestFixedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = test_fixed_finalize;
  object_class->get_property = herald_session_prop_get;
  object_class->set_property = herald_session_prop_set;
  fixed_properties[FIXED_PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (TestFixed, session), NULL);
  g_object_class_install_properties (object_class, FIXED_N_PROPS, fixed_properties);
}

static void
test_fixed_init (TestFixed *self)
{
  self->sentinel = 42;
}

/* ---- a session set once, later ---------------------------------------------- */

#define TEST_TYPE_LATER (test_later_get_type ())
G_DECLARE_FINAL_TYPE (TestLater, test_later, TEST, LATER, GObject)

struct _TestLater
{
  GObject        parent_instance;
  HeraldSession *session;
  guint          n_set;
  int            level;
};

G_DEFINE_FINAL_TYPE (TestLater, test_later, G_TYPE_OBJECT)

enum { LATER_PROP_0, LATER_PROP_LEVEL, LATER_PROP_SESSION, LATER_N_PROPS };
static GParamSpec *later_properties[LATER_N_PROPS];

/* As herald_lists_page_set_session(): takes the session, notifies. */
static void
test_later_set_session (TestLater     *self,
                        HeraldSession *session)
{
  g_assert_true (HERALD_IS_SESSION (session));
  self->n_set++;
  if (!g_set_object (&self->session, session))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), later_properties[LATER_PROP_SESSION]);
}

static void
test_later_finalize (GObject *object)
{
  g_clear_object (&TEST_LATER (object)->session);
  G_OBJECT_CLASS (test_later_parent_class)->finalize (object);
}

/* A property of its own beside the session, as the preferences window's. */
static void
test_later_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  if (prop_id == LATER_PROP_LEVEL)
    TEST_LATER (object)->level = g_value_get_int (value);
  else
    herald_session_prop_set (object, prop_id, value, pspec);
}

static void
test_later_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  if (prop_id == LATER_PROP_LEVEL)
    g_value_set_int (value, TEST_LATER (object)->level);
  else
    herald_session_prop_get (object, prop_id, value, pspec);
}

static void
test_later_class_init (TestLaterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = test_later_finalize;
  object_class->get_property = test_later_get_property;
  object_class->set_property = test_later_set_property;
  later_properties[LATER_PROP_LEVEL] =
    g_param_spec_int ("level", NULL, NULL, 0, 10, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  later_properties[LATER_PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (TestLater, session),
                             (HeraldSessionPropSetter) test_later_set_session);
  g_object_class_install_properties (object_class, LATER_N_PROPS, later_properties);
}

static void
test_later_init (TestLater *self)
{
}

/* ---- the tests ---------------------------------------------------------------- */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_construct_only (void)
{
  g_autoptr(HeraldSession) session = g_object_new (HERALD_TYPE_SESSION, NULL);
  g_autoptr(HeraldSession) got = NULL;
  g_autoptr(TestFixed) fixed = NULL;
  GParamSpec *pspec;

  pspec = g_object_class_find_property (G_OBJECT_CLASS (g_type_class_ref (TEST_TYPE_FIXED)), "session");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->value_type == HERALD_TYPE_SESSION);
  g_assert_cmpint (pspec->flags & (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY),
                   ==, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY);

  fixed = g_object_new (TEST_TYPE_FIXED, "session", session, NULL);
  g_assert_true (fixed->session == session);
  g_assert_cmpint (fixed->sentinel, ==, 42);
  /* The object holds a reference of its own. */
  g_object_get (fixed, "session", &got, NULL);
  g_assert_true (got == session);
  g_clear_object (&got);
  g_clear_object (&fixed);
  g_assert_true (G_IS_OBJECT (session));
  g_assert_cmpuint (G_OBJECT (session)->ref_count, ==, 1);

  /* Without one, the field stays NULL. */
  fixed = g_object_new (TEST_TYPE_FIXED, NULL);
  g_assert_null (fixed->session);
  g_object_get (fixed, "session", &got, NULL);
  g_assert_null (got);
}

static void
test_set_later (void)
{
  g_autoptr(HeraldSession) session = g_object_new (HERALD_TYPE_SESSION, NULL);
  g_autoptr(HeraldSession) got = NULL;
  g_autoptr(TestLater) later = NULL;
  GParamSpec *pspec;
  guint n_notify = 0;

  pspec = g_object_class_find_property (G_OBJECT_CLASS (g_type_class_ref (TEST_TYPE_LATER)), "session");
  g_assert_nonnull (pspec);
  g_assert_cmpint (pspec->flags & (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY),
                   ==, G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY);

  later = g_object_new (TEST_TYPE_LATER, "level", 3, NULL);
  g_signal_connect (later, "notify::session", G_CALLBACK (count_notify_cb), &n_notify);
  g_assert_null (later->session);
  g_assert_cmpuint (later->n_set, ==, 0);

  /* NULL is ignored: the setter is not called, nothing is notified. */
  g_object_set (later, "session", NULL, NULL);
  g_assert_cmpuint (later->n_set, ==, 0);
  g_assert_cmpuint (n_notify, ==, 0);

  /* A session goes through the setter, which notifies once. */
  g_object_set (later, "session", session, NULL);
  g_assert_cmpuint (later->n_set, ==, 1);
  g_assert_cmpuint (n_notify, ==, 1);
  g_assert_true (later->session == session);
  g_object_get (later, "session", &got, NULL);
  g_assert_true (got == session);

  /* The same one again: the setter decides, and does not notify. */
  g_object_set (later, "session", session, NULL);
  g_assert_cmpuint (later->n_set, ==, 2);
  g_assert_cmpuint (n_notify, ==, 1);

  /* The class's own property is left to the class. */
  g_assert_cmpint (later->level, ==, 3);
  g_object_set (later, "level", 7, NULL);
  g_assert_cmpint (later->level, ==, 7);
  g_assert_true (later->session == session);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/page-common/session/construct-only", test_construct_only);
  g_test_add_func ("/page-common/session/set-later", test_set_later);

  return g_test_run ();
}
