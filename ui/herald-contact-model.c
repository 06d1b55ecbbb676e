/* herald-contact-model.c — a list's contacts, read from the store on demand
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model knows how many contacts match (one count, a job of the
 * session's) and reads them in pages of HERALD_CONTACT_MODEL_PAGE_SIZE rows,
 * also as jobs, when a view asks for an item it has not got: meanwhile the
 * view gets a placeholder item, replaced (items-changed) once the page has
 * arrived. A few pages are kept; a million-row list costs a few hundred
 * rows of memory.
 *
 * When the number of rows is already known (the lists page counted every
 * list when it read them, and a new order does not change it), the model
 * starts with it and reads the first page at once: the rows show after one
 * page's query instead of a count of the whole list plus a page. The count
 * then runs anyway, a moment after that first page (so that it does not
 * compete with drawing it), and corrects the model if the list changed
 * meanwhile.
 */
#define G_LOG_DOMAIN "herald-contact-model"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-contact-item.h"
#include "herald-contact-model.h"
#include "herald-page-common.h"

typedef struct
{
  guint      index;
  GPtrArray *items;      /* HeraldContactItem */
  gboolean   loaded;
  guint64    last_used;
} Page;

struct _HeraldContactModel
{
  GObject          parent_instance;

  HeraldSession   *session;
  gint64           list_id;
  GStrv            fields;
  char            *search;
  HeraldListSort   sort;
  gboolean         descending;

  guint            n_items;
  gboolean         counted;
  gboolean         confirm_count;  /* n_items is a hint: count after page 0 */
  guint            confirm_id;     /* timeout that starts that count */
  guint            generation;    /* results of older queries are dropped */
  guint64          clock;
  GHashTable      *pages;         /* index → Page */
  GCancellable    *cancellable;
};

enum { SIGNAL_COUNTED, SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HeraldContactModel, herald_contact_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct
{
  gint64          list_id;
  GStrv           fields;
  char           *search;
  HeraldListSort  sort;
  gboolean        descending;
  guint           generation;
  guint           page;
  gint64          after_member_id;   /* the row before the page, when known */
  char           *after_email;
  gint64          count;
  gboolean        count_only;  /* confirming a known size: no first page */
  GPtrArray      *rows;        /* HeraldListRow */
  gint64          started;
} Request;

static void
request_free (Request *request)
{
  g_strfreev (request->fields);
  g_free (request->search);
  g_free (request->after_email);
  g_clear_pointer (&request->rows, g_ptr_array_unref);
  g_free (request);
}

static Request *
request_new (HeraldContactModel *self)
{
  Request *request = g_new0 (Request, 1);

  request->list_id = self->list_id;
  request->fields = g_strdupv (self->fields);
  request->search = g_strdup (self->search);
  request->sort = self->sort;
  request->descending = self->descending;
  request->generation = self->generation;
  request->started = g_get_monotonic_time ();
  return request;
}

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static gboolean start_confirm_count_cb (gpointer user_data);

#define CONFIRM_DELAY_MS 1000

/* What @request reads: its page, after the row before it when known (a
 * count's request is for the first page). */
static HeraldListQuery
request_query (const Request *request)
{
  HeraldListQuery query = {
    .list_id = request->list_id,
    .fields = (const char * const *) request->fields,
    .search = request->search,
    .sort = request->sort,
    .descending = request->descending,
    .offset = (guint64) request->page * HERALD_CONTACT_MODEL_PAGE_SIZE,
    .n_rows = HERALD_CONTACT_MODEL_PAGE_SIZE,
    .after_member_id = request->after_member_id,
    .after_email = request->after_email,
  };

  return query;
}

/* ---- reading pages -------------------------------------------------- */

static gboolean
fetch_job (HeraldStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Request *request = data;

  HeraldListQuery query = request_query (request);

  request->rows = herald_list_store_fetch (store, &query, error);
  return request->rows != NULL;
}

/* A contact's consent record in words, for the Consent column. */
static char *
describe_consent (const HeraldListRow *row)
{
  g_autofree char *day = NULL;

  if (row->consent_declined)
    /* TRANSLATORS: the Consent column: the person said no to marketing mail */
    return g_strdup (_("Declined"));
  if (row->consent_at != 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (row->consent_at);
      day = time != NULL ? g_date_time_format (time, "%Y-%m-%d") : NULL;
    }
  if (day != NULL && row->consent_source != NULL)
    /* TRANSLATORS: the Consent column: a date, then how the person agreed */
    return g_strdup_printf (_("%s, %s"), day, row->consent_source);
  if (day != NULL)
    return g_steal_pointer (&day);
  if (row->consent_source != NULL)
    return g_strdup (row->consent_source);
  /* TRANSLATORS: the Consent column: nobody recorded when or how the person agreed */
  return g_strdup (_("No record"));
}

static void
fill_page (Page      *page,
           GPtrArray *rows,
           guint      n)
{
  g_ptr_array_set_size (page->items, 0);
  for (guint i = 0; i < rows->len && i < n; i++)
    {
      const HeraldListRow *row = g_ptr_array_index (rows, i);
      HeraldContactItem *item = herald_contact_item_new_full (row->contact_id, row->member_id, row->email,
                                                              row->status, (const char * const *) row->values);
      g_autofree char *consent = describe_consent (row);

      herald_contact_item_set_consent (item, consent);
      g_ptr_array_add (page->items, item);
    }
  /* The list shrank under us (another window, the CLI): keep the count,
   * show empty rows until the next reload. */
  while (page->items->len < n)
    g_ptr_array_add (page->items, herald_contact_item_new (NULL, NULL));
  page->loaded = TRUE;
}


/* The request a job filled in, or %NULL when it failed (said by "failed"
 * unless it was cancelled) or the list changed since it was asked for. */
static Request *
finish_request (HeraldContactModel *self,
                GObject            *source,
                GAsyncResult       *result)
{
  g_autoptr(GError) error = NULL;
  Request *request = NULL;

  if (!herald_session_run_finish (HERALD_SESSION (source), result, (gpointer *) &request, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          request->generation == self->generation)
        g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return NULL;
    }
  return request->generation == self->generation ? request : NULL;
}
static void
on_page_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HeraldContactModel) self = user_data;
  Request *request;
  Page *page;
  guint position;
  guint n;

  if ((request = finish_request (self, source, result)) == NULL)
    return;
  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (request->page));
  if (page == NULL || page->loaded)
    return;

  g_debug ("page %u (%u rows) read in %.2f ms", request->page, request->rows->len,
           (g_get_monotonic_time () - request->started) / 1000.0);

  position = request->page * HERALD_CONTACT_MODEL_PAGE_SIZE;
  n = page->items->len;
  fill_page (page, request->rows, n);
  g_list_model_items_changed (G_LIST_MODEL (self), position, n, n);

  if (request->page == 0 && self->confirm_count)
    {
      /* The first rows are there: show them, then check the size. */
      self->confirm_count = FALSE;
      g_signal_emit (self, signals[SIGNAL_COUNTED], 0);
      self->confirm_id = g_timeout_add (CONFIRM_DELAY_MS, start_confirm_count_cb, self);
    }
}

static void
evict_pages (HeraldContactModel *self)
{
  while (g_hash_table_size (self->pages) > HERALD_CONTACT_MODEL_MAX_PAGES)
    {
      GHashTableIter iter;
      Page *page, *oldest = NULL;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
        if (page->loaded && (oldest == NULL || page->last_used < oldest->last_used))
          oldest = page;
      if (oldest == NULL)
        return;
      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest->index));
    }
}

static Page *
ensure_page (HeraldContactModel *self,
             guint               index)
{
  Page *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  Request *request;
  guint first, n;

  if (page != NULL)
    return page;

  first = index * HERALD_CONTACT_MODEL_PAGE_SIZE;
  n = MIN (HERALD_CONTACT_MODEL_PAGE_SIZE, self->n_items - first);
  page = g_new0 (Page, 1);
  page->index = index;
  page->items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (page->items, herald_contact_item_new_placeholder ());
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);

  g_debug ("reading page %u", index);
  request = request_new (self);
  request->page = index;
  /* Scrolling down: the page before is here, so its last row says where
   * this one starts, and the store need not count its way there. */
  if (index > 0)
    {
      Page *before = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index - 1));

      if (before != NULL && before->loaded && before->items->len == HERALD_CONTACT_MODEL_PAGE_SIZE)
        {
          HeraldContactItem *last = g_ptr_array_index (before->items, before->items->len - 1);

          if (herald_contact_item_get_member_id (last) > 0)
            {
              request->after_member_id = herald_contact_item_get_member_id (last);
              request->after_email = g_strdup (herald_contact_item_get_email (last));
            }
        }
    }
  /* The model is user data: released by the callback, on the main
   * thread, never by a worker dropping the task. */
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, fetch_job, request,
                            (GDestroyNotify) request_free, self->cancellable,
                            on_page_fetched_cb, g_object_ref (self));

  evict_pages (self);
  return page;
}

/* ---- counting --------------------------------------------------------- */

static gboolean
count_job (HeraldStore   *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Request *request = data;

  request->count = herald_list_store_count (store, request->list_id, request->search, error);
  /* The first page comes with the count: the view then builds its first
   * rows once, with data, instead of with placeholders and again. */
  if (request->count > 0 && !request->count_only)
    {
      HeraldListQuery query = request_query (request);

      request->rows = herald_list_store_fetch (store, &query, error);
    }
  if (request->count > 0 && !request->count_only && request->rows == NULL)
    request->count = -1;
  return request->count >= 0;
}

static void on_counted_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
run_count (HeraldContactModel *self,
           Request            *request)
{
  herald_session_run_async (self->session, HERALD_SESSION_JOB_SHARED, count_job, request,
                            (GDestroyNotify) request_free, self->cancellable,
                            on_counted_cb, g_object_ref (self));
}

static void
on_counted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HeraldContactModel) self = user_data;
  Request *request;
  guint old_n;

  if ((request = finish_request (self, source, result)) == NULL)
    return;

  g_debug ("counted %" G_GINT64_FORMAT " contacts in %.2f ms", request->count,
           (g_get_monotonic_time () - request->started) / 1000.0);
  /* The size the model started with was right: nothing to redo. */
  if (request->count_only && request->count == (gint64) self->n_items)
    return;
  old_n = self->n_items;
  self->n_items = (guint) MIN (request->count, (gint64) G_MAXUINT);
  self->counted = TRUE;
  g_hash_table_remove_all (self->pages);
  if (request->rows != NULL && self->n_items > 0)
    {
      Page *page = g_new0 (Page, 1);

      page->items = g_ptr_array_new_with_free_func (g_object_unref);
      fill_page (page, request->rows, MIN (HERALD_CONTACT_MODEL_PAGE_SIZE, self->n_items));
      page->last_used = ++self->clock;
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), page);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  g_signal_emit (self, signals[SIGNAL_COUNTED], 0);
}

/* Drops what older queries would still deliver. */
static void
new_generation (HeraldContactModel *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  self->confirm_count = FALSE;
  g_clear_handle_id (&self->confirm_id, g_source_remove);
}

static void
start_count (HeraldContactModel *self)
{
  new_generation (self);
  self->counted = FALSE;
  run_count (self, request_new (self));
}

static gboolean
start_confirm_count_cb (gpointer user_data)
{
  HeraldContactModel *self = user_data;
  Request *request = request_new (self);

  self->confirm_id = 0;
  request->count_only = TRUE;
  run_count (self, request);
  return G_SOURCE_REMOVE;
}

/* Shows @n_items rows at once, reads the first page, then counts. */
static void
start_sized (HeraldContactModel *self,
             guint               n_items)
{
  guint old_n = self->n_items;

  new_generation (self);
  g_hash_table_remove_all (self->pages);
  self->n_items = n_items;
  self->counted = TRUE;
  self->confirm_count = TRUE;
  if (old_n > 0 || n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n_items);
  ensure_page (self, 0);
}

/* ---- GListModel ------------------------------------------------------- */

static GType
herald_contact_model_get_item_type (GListModel *model)
{
  return HERALD_TYPE_CONTACT_ITEM;
}

static guint
herald_contact_model_get_n_items (GListModel *model)
{
  return HERALD_CONTACT_MODEL (model)->n_items;
}

static gpointer
herald_contact_model_get_item (GListModel *model,
                               guint       position)
{
  HeraldContactModel *self = HERALD_CONTACT_MODEL (model);
  Page *page;

  if (position >= self->n_items)
    return NULL;
  page = ensure_page (self, position / HERALD_CONTACT_MODEL_PAGE_SIZE);
  page->last_used = ++self->clock;
  return g_object_ref (g_ptr_array_index (page->items, position % HERALD_CONTACT_MODEL_PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = herald_contact_model_get_item_type;
  iface->get_n_items = herald_contact_model_get_n_items;
  iface->get_item = herald_contact_model_get_item;
}

/* ---- the object --------------------------------------------------------- */

static void
herald_contact_model_dispose (GObject *object)
{
  HeraldContactModel *self = HERALD_CONTACT_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->confirm_id, g_source_remove);

  G_OBJECT_CLASS (herald_contact_model_parent_class)->dispose (object);
}

static void
herald_contact_model_finalize (GObject *object)
{
  HeraldContactModel *self = HERALD_CONTACT_MODEL (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_strfreev (self->fields);
  g_free (self->search);

  G_OBJECT_CLASS (herald_contact_model_parent_class)->finalize (object);
}

static void
herald_contact_model_class_init (HeraldContactModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = herald_contact_model_dispose;
  object_class->finalize = herald_contact_model_finalize;
  object_class->get_property = herald_session_prop_get;
  object_class->set_property = herald_session_prop_set;

  /**
   * HeraldContactModel:session:
   *
   * The open database the rows are read from.
   */
  properties[PROP_SESSION] =
    herald_session_prop_new (G_STRUCT_OFFSET (HeraldContactModel, session),
                             NULL);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The number of matching contacts is known (after a query or reload). */
  signals[SIGNAL_COUNTED] = g_signal_new ("counted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Reading failed; the argument is a message for people. */
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
herald_contact_model_init (HeraldContactModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
}

/**
 * herald_contact_model_new:
 * @fields: the list's fields, in the order of the items' values
 *
 * Returns: (transfer full): an empty model that starts counting the list
 */
HeraldContactModel *
herald_contact_model_new (HeraldSession      *session,
                          gint64              list_id,
                          const char * const *fields)
{
  return herald_contact_model_new_sized (session, list_id, fields, -1);
}

/**
 * herald_contact_model_new_sized:
 * @fields: the list's fields, in the order of the items' values
 * @n_contacts: how many contacts the list had when last counted, or -1
 *
 * As herald_contact_model_new(), but a list known to have @n_contacts
 * contacts shows that many rows at once and reads its first page before
 * counting again (which corrects the model if the list changed).
 *
 * Returns: (transfer full): the model
 */
HeraldContactModel *
herald_contact_model_new_sized (HeraldSession      *session,
                                gint64              list_id,
                                const char * const *fields,
                                gint64              n_contacts)
{
  HeraldContactModel *self;

  g_return_val_if_fail (HERALD_IS_SESSION (session), NULL);

  self = g_object_new (HERALD_TYPE_CONTACT_MODEL, "session", session, NULL);
  self->list_id = list_id;
  self->fields = g_strdupv ((char **) fields);
  if (n_contacts > 0 && n_contacts <= G_MAXUINT)
    start_sized (self, (guint) n_contacts);
  else
    start_count (self);
  return self;
}

gint64
herald_contact_model_get_list_id (HeraldContactModel *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_MODEL (self), 0);

  return self->list_id;
}

const char * const *
herald_contact_model_get_fields (HeraldContactModel *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_MODEL (self), NULL);

  return (const char * const *) self->fields;
}

gboolean
herald_contact_model_is_counted (HeraldContactModel *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_MODEL (self), FALSE);

  return self->counted;
}

/**
 * herald_contact_model_set_query:
 * @search: (nullable): only contacts whose address or a field contains it
 *
 * Changes what the model shows; it empties, counts again and refills.
 */
void
herald_contact_model_set_query (HeraldContactModel *self,
                                const char         *search,
                                HeraldListSort      sort,
                                gboolean            descending)
{
  g_return_if_fail (HERALD_IS_CONTACT_MODEL (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0 && self->sort == sort && self->descending == descending)
    return;
  /* Another order of the same rows: as many as before. */
  if (g_strcmp0 (self->search, search) == 0 && self->counted && !self->confirm_count &&
      self->n_items > 0)
    {
      self->sort = sort;
      self->descending = descending;
      start_sized (self, self->n_items);
      return;
    }
  g_free (self->search);
  self->search = g_strdup (search);
  self->sort = sort;
  self->descending = descending;
  start_count (self);
}

/**
 * herald_contact_model_reload:
 *
 * Reads the list again, after it was changed.
 */
void
herald_contact_model_reload (HeraldContactModel *self)
{
  g_return_if_fail (HERALD_IS_CONTACT_MODEL (self));

  start_count (self);
}
