/* herald-test-fixture.h — what the unit tests share: a temporary folder, a
 * store opened in it (optionally with the demo data), SQL helpers, imports
 * from memory
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-import.h"
#include "herald-store.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_TEST_DIR   = 0,        /* the folder only: the test opens stores itself */
  HERALD_TEST_STORE = 1 << 0,   /* a store opened on @path */
  HERALD_TEST_DEMO  = 1 << 1,   /* with the first-run sample data (implies STORE) */
  HERALD_TEST_CUSTOMERS = 1 << 2, /* with the list "customers" (implies STORE):
                                   * see herald_test_fixture_init() */
} HeraldTestFlags;

typedef struct
{
  char        *dir;     /* a new temporary folder, removed with all it holds */
  char        *path;    /* dir/herald.db */
  HeraldStore *store;   /* open on @path, or %NULL */
  gint64       list_id; /* with HERALD_TEST_CUSTOMERS: that list */
} HeraldTestFixture;

void     herald_test_init          (int               *argc,
                                    char            ***argv);
void     herald_test_fixture_init  (HeraldTestFixture *f,
                                    HeraldTestFlags    flags);
void     herald_test_fixture_clear (HeraldTestFixture *f);
void     herald_test_fixture_back_to_schema (HeraldTestFixture *f,
                                             int                version);

/* For g_test_add() with HeraldTestFixture itself as the fixture. */
void     herald_test_set_up_dir    (HeraldTestFixture *f,
                                    gconstpointer      data);
void     herald_test_set_up_store  (HeraldTestFixture *f,
                                    gconstpointer      data);
void     herald_test_set_up_demo   (HeraldTestFixture *f,
                                    gconstpointer      data);
void     herald_test_set_up_customers (HeraldTestFixture *f,
                                    gconstpointer      data);
void     herald_test_tear_down     (HeraldTestFixture *f,
                                    gconstpointer      data);

gint64   herald_test_create_campaign (HeraldTestFixture *f,
                                    const char        *name);

void     herald_test_remove_tree   (const char        *dir);
void     herald_test_write_file    (const char        *dir,
                                    const char        *name,
                                    const char        *data,
                                    gssize             len);
void     herald_test_import_text   (HeraldStore               *store,
                                    const char                *list,
                                    const char                *data,
                                    const HeraldImportOptions *options,
                                    HeraldImportRejectFunc     note,
                                    gpointer                   user_data,
                                    HeraldImportSummary       *summary);
void     herald_test_exec          (HeraldStore       *store,
                                    const char        *sql);
gint64   herald_test_query_int     (HeraldStore       *store,
                                    const char        *sql);
char    *herald_test_dump_list     (HeraldStore       *store,
                                    const char        *list);

/* A list's contacts, as herald_test_dump_list() writes them. */
#define herald_test_assert_list(store, list, expected) \
  G_STMT_START { \
    g_autofree char *got_ = herald_test_dump_list (store, list); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

/* An import's HeraldImportSummary. */
#define herald_test_assert_counts(s, imp, upd, dup, inv, sup) \
  G_STMT_START { \
    g_assert_cmpuint ((s)->imported, ==, imp); \
    g_assert_cmpuint ((s)->updated, ==, upd); \
    g_assert_cmpuint ((s)->duplicates, ==, dup); \
    g_assert_cmpuint ((s)->invalid, ==, inv); \
    g_assert_cmpuint ((s)->suppressed, ==, sup); \
  } G_STMT_END

G_END_DECLS
