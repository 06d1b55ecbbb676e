/* herald-list-store.h — browsing and editing one list's contacts page by page
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "herald-store.h"

G_BEGIN_DECLS

typedef enum
{
  HERALD_LIST_SORT_IMPORT,      /* list_members.id: the order rows were imported */
  HERALD_LIST_SORT_EMAIL,       /* the address, case-insensitive */
} HeraldListSort;

/* One contact of a page, with values aligned with the list's fields. */
typedef struct
{
  gint64   member_id;
  gint64   contact_id;
  char    *email;
  char    *status;     /* "subscribed" or "unsubscribed" */
  GStrv    values;
  gint64   consent_at;        /* the consent record (herald-consent.h): 0 unknown */
  char    *consent_source;    /* nullable */
  gboolean consent_declined;
} HeraldListRow;

/* A member taken out of a list, enough to put it back where it was. */
typedef struct
{
  gint64   member_id;
  gint64   contact_id;
  char    *status;
  gint64   added_at;
} HeraldListRemoved;

/* What herald_list_store_fetch() reads: one page of one list. */
typedef struct
{
  gint64               list_id;
  const char * const  *fields;          /* the list's fields, as herald_store_dup_list_fields() gives them */
  const char          *search;          /* nullable: as for herald_list_store_count() */
  HeraldListSort       sort;
  gboolean             descending;
  guint64              offset;          /* the page is the rows [offset, offset + n_rows) */
  guint                n_rows;
  gint64               after_member_id; /* HERALD_LIST_SORT_IMPORT: the member id of the row just
                                         * before offset, or 0 when not known */
  const char          *after_email;     /* HERALD_LIST_SORT_EMAIL: the address of the row just
                                         * before offset, or NULL when not known */
} HeraldListQuery;

void       herald_list_row_free          (HeraldListRow       *row);
void       herald_list_removed_free      (HeraldListRemoved   *removed);

gint64     herald_list_store_count       (HeraldStore         *store,
                                          gint64               list_id,
                                          const char          *search,
                                          GError             **error);
GPtrArray *herald_list_store_fetch       (HeraldStore         *store,
                                          const HeraldListQuery *query,
                                          GError             **error);
gboolean   herald_list_store_set_field   (HeraldStore         *store,
                                          gint64               contact_id,
                                          const char          *field,
                                          const char          *value,
                                          GError             **error);
gint64     herald_list_store_add         (HeraldStore         *store,
                                          gint64               list_id,
                                          const char          *address,
                                          const char * const  *names,
                                          const char * const  *values,
                                          GError             **error);
GPtrArray *herald_list_store_remove      (HeraldStore         *store,
                                          gint64               list_id,
                                          const gint64        *contact_ids,
                                          guint                n_contacts,
                                          GError             **error);
gboolean   herald_list_store_restore     (HeraldStore         *store,
                                          gint64               list_id,
                                          GPtrArray           *removed,
                                          GError             **error);
gboolean   herald_list_store_unsubscribe (HeraldStore         *store,
                                          gint64               list_id,
                                          gint64               contact_id,
                                          GError             **error);
gboolean   herald_list_store_suppress    (HeraldStore         *store,
                                          gint64               list_id,
                                          gint64               contact_id,
                                          GError             **error);
gint64     herald_list_store_export      (HeraldStore         *store,
                                          gint64               list_id,
                                          GFile               *file,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldListRow, herald_list_row_free)

G_END_DECLS
