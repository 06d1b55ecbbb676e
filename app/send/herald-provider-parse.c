/* herald-provider-parse.c — the pages of a provider's suppression lists,
 * read
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Outside input (the provider's answers, or whatever answers in its
 * place): fuzzed by tests/fuzz/fuzz-provider-pull.c. Each reader takes a
 * page's JSON as the provider documents it:
 *
 * - SendGrid (/v3/suppression/bounces, blocks, spam_reports,
 *   invalid_emails, unsubscribes): an array of objects with "email";
 *   paged with limit and offset, so the reader says how many items the
 *   page held;
 * - Mailgun (/v3/DOMAIN/bounces, complaints, unsubscribes):
 *   {"items": [{"address": …}, …], "paging": {"next": URL, …}};
 * - Amazon SES v2 (ListSuppressedDestinations):
 *   {"SuppressedDestinationSummaries": [{"EmailAddress": …, "Reason":
 *   "BOUNCE"|"COMPLAINT"}, …], "NextToken": …}.
 *
 * - Mailgun's events (/v3/DOMAIN/events): {"items": [{"id", "event":
 *   "opened"|"clicked", "timestamp": seconds, "message": {"headers":
 *   {"message-id": …}}, "url": …}, …], "paging": {"next": URL}}.
 *
 * An address that is not one (an event without its ids) is left out (the provider's list may hold
 * anything); a page that is not of that shape is an error.
 */
#define G_LOG_DOMAIN "herald-provider"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "herald-address.h"
#include "herald-provider-parse.h"

G_DEFINE_QUARK (herald-provider-pull-error-quark, herald_provider_pull_error)

void
herald_pulled_address_free (HeraldPulledAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->email);
  g_free (address);
}

static JsonNode *
parse_json (GBytes      *body,
            const char  *provider,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (data == NULL || len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, &local) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_PARSE,
                   /* TRANSLATORS: %s is a service, e.g. Mailgun */
                   _("%s answered with something that is not the list Herald asked for. "
                     "Check the account’s address (its endpoint), then try again."), provider);
      return NULL;
    }
  return json_node_copy (root);
}

static gboolean
not_the_shape (const char  *provider,
               GError     **error)
{
  g_set_error (error, HERALD_PROVIDER_PULL_ERROR, HERALD_PROVIDER_PULL_ERROR_PARSE,
               _("%s answered with something that is not the list Herald asked for. "
                 "Check the account’s address (its endpoint), then try again."), provider);
  return FALSE;
}

static void
add_address (GPtrArray  *out,
             const char *text,
             const char *reason,
             const char *kind)
{
  g_autofree char *email = NULL;
  HeraldPulledAddress *a;

  if (text == NULL || (email = herald_address_normalize (text, NULL)) == NULL)
    return;
  a = g_new0 (HeraldPulledAddress, 1);
  a->email = g_steal_pointer (&email);
  a->reason = reason;
  a->kind = kind;
  g_ptr_array_add (out, a);
}

/* The string member @name of @node, when @node is an object holding one. */
static const char *
string_member (JsonNode   *node,
               const char *name)
{
  JsonObject *obj;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  member = json_object_get_member (obj, name);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (member);
}

gboolean
herald_sendgrid_parse_suppressions (GBytes      *body,
                                    const char  *reason,
                                    const char  *kind,
                                    GPtrArray   *out,
                                    guint       *out_n_items,
                                    GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (body, "SendGrid", error);
  JsonArray *items;

  *out_n_items = 0;
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return not_the_shape ("SendGrid", error);
  items = json_node_get_array (root);
  *out_n_items = json_array_get_length (items);
  for (guint i = 0; i < *out_n_items; i++)
    add_address (out, string_member (json_array_get_element (items, i), "email"), reason, kind);
  return TRUE;
}

gboolean
herald_mailgun_parse_suppressions (GBytes      *body,
                                   const char  *reason,
                                   const char  *kind,
                                   GPtrArray   *out,
                                   guint       *out_n_items,
                                   char       **out_next,
                                   GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (body, "Mailgun", error);
  JsonObject *obj;
  JsonNode *items;
  JsonNode *paging;
  JsonArray *array;
  const char *next;

  *out_n_items = 0;
  *out_next = NULL;
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return not_the_shape ("Mailgun", error);
  obj = json_node_get_object (root);
  items = json_object_get_member (obj, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    return not_the_shape ("Mailgun", error);
  array = json_node_get_array (items);
  *out_n_items = json_array_get_length (array);
  for (guint i = 0; i < *out_n_items; i++)
    add_address (out, string_member (json_array_get_element (array, i), "address"), reason, kind);
  paging = json_object_get_member (obj, "paging");
  next = string_member (paging, "next");
  if (next != NULL && *next != '\0')
    *out_next = g_strdup (next);
  return TRUE;
}

gboolean
herald_ses_parse_suppressions (GBytes      *body,
                               GPtrArray   *out,
                               guint       *out_n_items,
                               char       **out_next_token,
                               GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (body, "Amazon SES", error);
  JsonObject *obj;
  JsonNode *items;
  JsonArray *array;
  const char *next;

  *out_n_items = 0;
  *out_next_token = NULL;
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return not_the_shape ("Amazon SES", error);
  obj = json_node_get_object (root);
  items = json_object_get_member (obj, "SuppressedDestinationSummaries");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    return not_the_shape ("Amazon SES", error);
  array = json_node_get_array (items);
  *out_n_items = json_array_get_length (array);
  for (guint i = 0; i < *out_n_items; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *why = string_member (item, "Reason");

      /* SES keeps addresses for these two reasons only. */
      if (g_strcmp0 (why, "COMPLAINT") == 0)
        add_address (out, string_member (item, "EmailAddress"), "complaint", "complaint");
      else if (g_strcmp0 (why, "BOUNCE") == 0)
        add_address (out, string_member (item, "EmailAddress"), "bounced", "bounce");
    }
  next = string_member (root, "NextToken");
  if (next != NULL && *next != '\0')
    *out_next_token = g_strdup (next);
  return TRUE;
}

void
herald_provider_event_free (HeraldProviderEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->id);
  g_free (event->message_id);
  g_free (event->url);
  g_free (event);
}

/* The member @name of object @node, when @node is an object. */
static JsonNode *
member (JsonNode   *node,
        const char *name)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_member (json_node_get_object (node), name);
}

static HeraldProviderEvent *
read_event (JsonNode *item)
{
  const char *id = string_member (item, "id");
  const char *kind = string_member (item, "event");
  const char *message_id = string_member (member (member (item, "message"), "headers"), "message-id");
  const char *url = string_member (item, "url");
  JsonNode *timestamp = member (item, "timestamp");
  HeraldProviderEvent *event;
  gsize len;
  double at;

  if (id == NULL || *id == '\0' || message_id == NULL || *message_id == '\0' || timestamp == NULL ||
      !JSON_NODE_HOLDS_VALUE (timestamp) ||
      (json_node_get_value_type (timestamp) != G_TYPE_DOUBLE && json_node_get_value_type (timestamp) != G_TYPE_INT64))
    return NULL;
  if (g_strcmp0 (kind, "opened") != 0 && g_strcmp0 (kind, "clicked") != 0)
    return NULL;
  at = json_node_get_value_type (timestamp) == G_TYPE_DOUBLE ? json_node_get_double (timestamp)
                                                             : (double) json_node_get_int (timestamp);
  if (!(at >= 0 && at < 1e11))
    return NULL;
  event = g_new0 (HeraldProviderEvent, 1);
  event->id = g_utf8_make_valid (id, -1);
  event->kind = g_str_equal (kind, "opened") ? "opened" : "clicked";
  event->at = (gint64) at;
  len = strlen (message_id);
  if (len >= 2 && message_id[0] == '<' && message_id[len - 1] == '>')
    event->message_id = g_utf8_make_valid (message_id + 1, (gssize) len - 2);
  else
    event->message_id = g_utf8_make_valid (message_id, -1);
  if (url != NULL && event->kind[0] == 'c')
    event->url = g_utf8_make_valid (url, -1);
  return event;
}

gboolean
herald_mailgun_parse_events (GBytes      *body,
                             GPtrArray   *out,
                             guint       *out_n_items,
                             char       **out_next,
                             GError     **error)
{
  g_autoptr(JsonNode) root = parse_json (body, "Mailgun", error);
  JsonNode *items;
  JsonArray *array;
  const char *next;

  *out_n_items = 0;
  *out_next = NULL;
  if (root == NULL)
    return FALSE;
  items = member (root, "items");
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items))
    return not_the_shape ("Mailgun", error);
  array = json_node_get_array (items);
  *out_n_items = json_array_get_length (array);
  for (guint i = 0; i < *out_n_items; i++)
    {
      HeraldProviderEvent *event = read_event (json_array_get_element (array, i));

      if (event != NULL)
        g_ptr_array_add (out, event);
    }
  next = string_member (member (root, "paging"), "next");
  if (next != NULL && *next != '\0')
    *out_next = g_strdup (next);
  return TRUE;
}
