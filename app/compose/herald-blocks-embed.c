/* herald-blocks-embed.c — new blocks, and a document's image files stored
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-blocks"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "herald-blocks.h"
#include "herald-parts.h"

/* The members of each block type that hold an image. */
static const char *
image_member (const char *type)
{
  if (g_strcmp0 (type, "header") == 0)
    return "logo";
  if (g_strcmp0 (type, "image") == 0)
    return "src";
  if (g_strcmp0 (type, "columns") == 0)
    return "image";
  return NULL;
}

static gboolean
is_local (const char *src)
{
  const char *colon = strchr (src, ':');

  if (*src == '\0' || strstr (src, "{{") != NULL)
    return FALSE;
  if (g_ascii_strncasecmp (src, "file:", 5) == 0)
    return TRUE;
  return colon == NULL || strcspn (src, "/?#") < (gsize) (colon - src);
}

/* One local image stored in @parts through herald_parts_embed_images(),
 * which checks it (missing, not an image, too big) as for an HTML
 * template; returns its "cid:" reference. */
static char *
embed_one (const char           *src,
           const char           *base_dir,
           HeraldTemplateParts  *parts,
           GError              **error)
{
  g_autofree char *escaped = g_markup_escape_text (src, -1);
  g_autofree char *html = g_strdup_printf ("<img src=\"%s\">", escaped);
  g_autofree char *out = NULL;
  const char *start, *end;

  if (!herald_parts_embed_images (html, base_dir, HERALD_EMBED_LOCAL, parts, &out, NULL, error))
    return NULL;
  start = strstr (out, "src=\"cid:");
  end = start != NULL ? strchr (start + 5, '"') : NULL;
  if (end == NULL)
    {
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                   _("The image “%s” could not be stored. Choose the file again."), src);
      return NULL;
    }
  return g_strndup (start + 5, end - (start + 5));
}

/**
 * herald_blocks_embed_images:
 * @base_dir: (nullable): the folder relative image paths are in
 * @parts: the template's parts: the images are added (or reused)
 * @out_json: (out) (transfer full): the document with each local image
 *   replaced by its "cid:" reference
 *
 * Stores every image a document shows from a local file with the
 * template, so that the newsletter cannot change when the file does.
 */
gboolean
herald_blocks_embed_images (const char           *json,
                            const char           *base_dir,
                            HeraldTemplateParts  *parts,
                            char                **out_json,
                            GError              **error)
{
  g_autoptr(JsonNode) document = herald_blocks_parse (json, error);
  JsonArray *blocks;

  if (document == NULL)
    return FALSE;
  blocks = json_object_get_array_member (json_node_get_object (document), "blocks");
  for (guint i = 0; i < json_array_get_length (blocks); i++)
    {
      JsonObject *block = json_array_get_object_element (blocks, i);
      const char *type = json_object_get_string_member (block, "type");
      const char *member = image_member (type);
      const char *src;
      g_autofree char *cid = NULL;
      g_autoptr(GError) local_error = NULL;

      if (member == NULL || !json_object_has_member (block, member))
        continue;
      src = json_object_get_string_member (block, member);
      if (!is_local (src))
        continue;
      if ((cid = embed_one (src, base_dir, parts, &local_error)) == NULL)
        {
          g_set_error (error, HERALD_BLOCKS_ERROR, HERALD_BLOCKS_ERROR_BLOCK,
                       _("Block %u (%s): %s"), i + 1, herald_blocks_type_title (type), local_error->message);
          return FALSE;
        }
      json_object_set_string_member (block, member, cid);
    }
  *out_json = herald_blocks_to_json (document);
  return TRUE;
}

/* ---- new blocks ------------------------------------------------------------ */

static void
set (JsonObject *o, const char *name, const char *value)
{
  json_object_set_string_member (o, name, value);
}

/**
 * herald_blocks_new_block:
 * @lang: (nullable): "ja" or "en" (the default), for the example text
 *
 * A block as the window's "Add block" menu adds it: with example text the
 * user replaces, valid as it is.
 *
 * Returns: (transfer full): the block, or %NULL for an unknown @type
 */
JsonNode *
herald_blocks_new_block (const char *type,
                         const char *lang)
{
  gboolean ja = g_strcmp0 (lang, "ja") == 0;
  JsonObject *o;
  JsonNode *node;

  if (!g_strv_contains (herald_blocks_types (), type))
    return NULL;
  o = json_object_new ();
  set (o, "type", type);
  if (g_str_equal (type, "header"))
    {
      set (o, "tagline", "{{ sender_name }}");
      set (o, "title", ja ? "今月のお知らせ" : "This month’s news");
    }
  else if (g_str_equal (type, "text"))
    set (o, "text", ja ? "{{ name | \"お客\" }}様\n\nいつもご利用いただき、誠にありがとうございます。"
                       : "Hello {{ name | \"there\" }},\n\nThank you for being a customer of {{ sender_name }}.");
  else if (g_str_equal (type, "image"))
    {
      set (o, "src", "https://example.com/image.png");
      set (o, "alt", ja ? "画像の説明" : "What the picture shows");
    }
  else if (g_str_equal (type, "button"))
    {
      set (o, "label", ja ? "詳しくはこちら" : "Read more");
      set (o, "url", "https://example.com/");
    }
  else if (g_str_equal (type, "columns"))
    {
      set (o, "image", "https://example.com/image.png");
      set (o, "alt", ja ? "画像の説明" : "What the picture shows");
      set (o, "heading", ja ? "見出し" : "Heading");
      set (o, "text", ja ? "画像の横に表示される文章です。" : "Text shown beside the picture.");
    }
  else if (g_str_equal (type, "notice"))
    {
      set (o, "heading", ja ? "お知らせ" : "Please note");
      set (o, "text", ja ? "大切なお知らせをここに書きます。" : "Something important goes here.");
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  return node;
}

/**
 * herald_blocks_new_document:
 *
 * Returns: (transfer full): a document with a header, a text and the
 *   footer: a new block template to write in
 */
JsonNode *
herald_blocks_new_document (const char *lang)
{
  JsonObject *root = json_object_new ();
  JsonArray *blocks = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (root, "version", HERALD_BLOCKS_VERSION);
  set (root, "lang", g_strcmp0 (lang, "ja") == 0 ? "ja" : "en");
  json_array_add_element (blocks, herald_blocks_new_block ("header", lang));
  json_array_add_element (blocks, herald_blocks_new_block ("text", lang));
  json_array_add_element (blocks, herald_blocks_new_block ("footer", lang));
  json_object_set_array_member (root, "blocks", blocks);
  json_node_take_object (node, root);
  return node;
}
