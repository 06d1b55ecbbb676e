/* herald-parts.c — a template's images and attachments
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-parts"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "herald-html-scan.h"
#include "herald-parts.h"

G_DEFINE_QUARK (herald-parts-error-quark, herald_parts_error)

#define FETCH_TIMEOUT_SECONDS 30

/* ---- files ------------------------------------------------------------- */

static char *
format_size (gsize size)
{
  return g_format_size_full (size, G_FORMAT_SIZE_LONG_FORMAT);
}

/* A regular file (readable, when @readable asks) of at most @max_size
 * bytes; errors name it and say what to do. */
static gboolean
check_regular_file (const char  *path,
                    const char  *what,
                    gsize        max_size,
                    gboolean     readable,
                    GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || (readable && g_access (path, R_OK) != 0))
    {
      int saved = errno;
      /* TRANSLATORS: first %s is "the image" or "the attachment", then a path, then why */
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_MISSING,
                   _("Cannot read %s “%s”: %s."), what, path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_MISSING,
                   _("Cannot read %s “%s”: it is not a file."), what, path);
      return FALSE;
    }
  if ((guint64) st.st_size > max_size)
    {
      g_autofree char *size = format_size (st.st_size), *limit = format_size (max_size);
      /* TRANSLATORS: a path or URL, its size, the limit */
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_TOO_BIG,
                   _("“%s” is too big (%s; at most %s). Make it smaller or link to it instead."),
                   path, size, limit);
      return FALSE;
    }
  return TRUE;
}

/**
 * herald_parts_read_file:
 * @what: for the error, e.g. "the image" or "the attachment"
 *
 * Reads a whole regular file of at most @max_size bytes. Errors name the
 * file and say what to do.
 *
 * Returns: (transfer full) (nullable): the contents
 */
GBytes *
herald_parts_read_file (const char  *path,
                        gsize        max_size,
                        const char  *what,
                        GError     **error)
{
  g_autoptr(GError) local = NULL;
  char *data = NULL;
  gsize len = 0;

  if (!check_regular_file (path, what, max_size, FALSE, error))
    return NULL;
  if (!g_file_get_contents (path, &data, &len, &local))
    {
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_MISSING,
                   _("Cannot read %s “%s”: %s."), what, path, local->message);
      return NULL;
    }
  if (len > max_size)
    {
      g_autofree char *limit = format_size (max_size);
      g_free (data);
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_TOO_BIG,
                   _("“%s” is too big (%s; at most %s). Make it smaller or link to it instead."),
                   path, "?", limit);
      return NULL;
    }
  return g_bytes_new_take (data, len);
}

static char *
guess_type (const char *filename,
            GBytes     *data)
{
  gsize len;
  const guchar *bytes = g_bytes_get_data (data, &len);
  g_autofree char *type = g_content_type_guess (filename, bytes, MIN (len, 4096), NULL);
  char *mime = type != NULL ? g_content_type_get_mime_type (type) : NULL;

  return mime != NULL ? mime : g_strdup ("application/octet-stream");
}

/**
 * herald_parts_attach_file:
 *
 * Reads a file to attach for everyone.
 *
 * Returns: (transfer full) (nullable): the attachment
 */
HeraldTemplatePart *
herald_parts_attach_file (const char  *path,
                          GError     **error)
{
  g_autoptr(GBytes) data = herald_parts_read_file (path, HERALD_PARTS_MAX_ATTACHMENT, _("the attachment"), error);
  g_autofree char *name = NULL, *type = NULL;

  if (data == NULL)
    return NULL;
  name = g_path_get_basename (path);
  type = guess_type (name, data);
  return herald_template_part_new (HERALD_PART_ATTACHMENT, NULL, name, type, data, path);
}

/**
 * herald_parts_recipient_path:
 * @value: a recipient's field value: an absolute path or a file:// URI
 *
 * Returns: (transfer full) (nullable): the path, or %NULL with @error set
 *   (a relative path cannot be read the same from every program and folder)
 */
char *
herald_parts_recipient_path (const char  *value,
                             GError     **error)
{
  return herald_parts_recipient_path_in (value, NULL, error);
}

/**
 * herald_parts_recipient_path_in:
 * @value: a recipient's field value: a path or a file:// URI
 * @folder: (nullable): the absolute folder a relative path is in (the
 *   template's folder of recipients' files); %NULL: relative paths are
 *   refused. A relative path that leads out of @folder ("../") is
 *   refused too; an absolute one is taken as written.
 *
 * Returns: (transfer full) (nullable): the absolute path, or %NULL with
 *   @error set
 */
char *
herald_parts_recipient_path_in (const char  *value,
                                const char  *folder,
                                GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  if (g_str_has_prefix (trimmed, "file:"))
    {
      char *path = g_filename_from_uri (trimmed, NULL, NULL);

      if (path != NULL)
        return path;
    }
  else if (g_path_is_absolute (trimmed))
    return g_steal_pointer (&trimmed);
  else if (folder != NULL && g_path_is_absolute (folder) && *trimmed != '\0')
    {
      g_autofree char *joined = g_build_filename (folder, trimmed, NULL);
      g_autofree char *path = g_canonicalize_filename (joined, NULL);
      g_autofree char *base = g_canonicalize_filename (folder, NULL);
      gsize len = strlen (base);

      /* "../" must not lead a relative path out of the folder; a full
       * path is read as the user wrote it. */
      if (strncmp (path, base, len) == 0 && (path[len] == '/' || path[len] == '\0' || len == 1))
        return g_steal_pointer (&path);
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                   /* TRANSLATORS: first %s a field's value, second a folder */
                   _("“%s” leads out of the folder “%s”, where recipients’ files are read from. Put the file in that folder and write its name there, or write the file’s full path."),
                   value, folder);
      return NULL;
    }

  if (folder != NULL)
    g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                 /* TRANSLATORS: first %s a field's value, second a folder */
                 _("“%s” is not a path to a file in “%s”. Write the file’s name in that folder, such as invoices/1.pdf, or its full path."),
                 value, folder);
  else
    g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                 _("“%s” is not an absolute path to a file. Write the full path, such as /home/me/invoices/1.pdf."),
                 value);
  return NULL;
}

/**
 * herald_parts_check_recipient_file:
 * @value: a recipient's field value
 *
 * Checks, without reading it, that the file a recipient's field names can
 * be attached: an absolute path to a readable regular file within the size
 * limit.
 */
gboolean
herald_parts_check_recipient_file (const char  *value,
                                   GError     **error)
{
  return herald_parts_check_recipient_file_in (value, NULL, error);
}

/**
 * herald_parts_check_recipient_file_in:
 * @folder: (nullable): the folder relative paths are in
 *
 * herald_parts_check_recipient_file(), with relative paths read from
 * @folder (herald_parts_recipient_path_in()).
 */
gboolean
herald_parts_check_recipient_file_in (const char  *value,
                                      const char  *folder,
                                      GError     **error)
{
  g_autofree char *path = herald_parts_recipient_path_in (value, folder, error);

  return path != NULL &&
         check_regular_file (path, _("the attachment"), HERALD_PARTS_MAX_ATTACHMENT, TRUE, error);
}

/* ---- images -------------------------------------------------------------- */

static gboolean
check_image (const char  *source,
             const char  *type,
             GError     **error)
{
  if (g_str_has_prefix (type, "image/"))
    return TRUE;
  g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_NOT_IMAGE,
               /* TRANSLATORS: %s is a path or URL; the second a MIME type such as text/html */
               _("The image “%s” is not an image (it is %s)."), source, type);
  return FALSE;
}

/* The content decides; the name only when the content says nothing
 * (a text file called logo.png is not an image). */
static char *
guess_image_type (const char *filename,
                  GBytes     *data)
{
  gsize len;
  const guchar *bytes = g_bytes_get_data (data, &len);
  gboolean uncertain = TRUE;
  g_autofree char *by_data = g_content_type_guess (NULL, bytes, MIN (len, 4096), &uncertain);
  g_autofree char *mime = by_data != NULL ? g_content_type_get_mime_type (by_data) : NULL;

  if (mime != NULL && (g_str_has_prefix (mime, "image/") || !uncertain))
    return g_steal_pointer (&mime);
  return guess_type (filename, data);
}

static HeraldTemplatePart *
read_image (const char  *path,
            GError     **error)
{
  g_autoptr(GBytes) data = herald_parts_read_file (path, HERALD_PARTS_MAX_IMAGE, _("the image"), error);
  g_autofree char *name = NULL, *type = NULL;

  if (data == NULL)
    return NULL;
  name = g_path_get_basename (path);
  type = guess_image_type (name, data);
  if (!check_image (path, type, error))
    return NULL;
  return herald_template_part_new (HERALD_PART_INLINE, NULL, name, type, data, path);
}

/**
 * herald_parts_fetch_image:
 * @url: an http:// or https:// URL
 *
 * Fetches a remote image with libsoup (synchronously: call it from a
 * worker thread in a program with a window), following redirects, with a
 * timeout and the image size limit.
 *
 * Returns: (transfer full) (nullable): the image, without a Content-ID yet
 */
HeraldTemplatePart *
herald_parts_fetch_image (const char    *url,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  g_autofree char *name = NULL, *type = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  const char *header_type;
  goffset length;
  guint status;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                   _("“%s” is not an http or https address of an image."), url);
      return NULL;
    }

  session = soup_session_new_with_options ("timeout", FETCH_TIMEOUT_SECONDS,
                                           "user-agent", "Herald/" PACKAGE_VERSION " ",
                                           NULL);
  msg = soup_message_new_from_uri ("GET", uri);
  in = soup_session_send (session, msg, cancellable, &local);
  if (in == NULL)
    {
      /* TRANSLATORS: %s is a URL, then why it failed */
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_HTTP,
                   _("Cannot fetch the image “%s”: %s."), url, local->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *code = g_strdup_printf ("%u", status);
      /* TRANSLATORS: first %s is a URL, then an HTTP status number and its words */
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_HTTP,
                   _("Cannot fetch the image “%s”: the server answered %s %s."),
                   url, code, soup_message_get_reason_phrase (msg) != NULL ? soup_message_get_reason_phrase (msg) : "");
      return NULL;
    }

  headers = soup_message_get_response_headers (msg);
  length = soup_message_headers_get_content_length (headers);
  buffer = g_byte_array_new ();
  if (length <= HERALD_PARTS_MAX_IMAGE)
    {
      guint8 chunk[16384];

      for (;;)
        {
          gssize n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, &local);

          if (n < 0)
            {
              g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_HTTP,
                           _("Cannot fetch the image “%s”: %s."), url, local->message);
              return NULL;
            }
          if (n == 0)
            break;
          g_byte_array_append (buffer, chunk, n);
          if (buffer->len > HERALD_PARTS_MAX_IMAGE)
            break;
        }
    }
  if (length > HERALD_PARTS_MAX_IMAGE || buffer->len > HERALD_PARTS_MAX_IMAGE)
    {
      g_autofree char *limit = format_size (HERALD_PARTS_MAX_IMAGE);
      g_autofree char *size = format_size (MAX ((gsize) MAX (length, 0), buffer->len));
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_TOO_BIG,
                   _("“%s” is too big (%s; at most %s). Make it smaller or link to it instead."),
                   url, size, limit);
      return NULL;
    }
  g_input_stream_close (in, NULL, NULL);
  data = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));

  name = g_path_get_basename (g_uri_get_path (uri));
  if (name == NULL || *name == '\0' || g_str_equal (name, "/") || g_str_equal (name, "."))
    {
      g_free (name);
      name = g_strdup ("image");
    }
  else
    {
      char *unescaped = g_uri_unescape_string (name, "/");
      if (unescaped != NULL)
        {
          g_free (name);
          name = unescaped;
        }
    }
  header_type = soup_message_headers_get_content_type (headers, NULL);
  if (header_type != NULL && g_str_has_prefix (header_type, "image/"))
    type = g_ascii_strdown (header_type, -1);
  else
    type = guess_image_type (name, data);
  if (!check_image (url, type, error))
    return NULL;
  return herald_template_part_new (HERALD_PART_INLINE, NULL, name, type, data, url);
}

/* ---- finding the images in the HTML ------------------------------------------ */

typedef struct
{
  gsize  start;    /* the attribute value's bytes in the source */
  gsize  end;
  char  *value;    /* as the parser decoded it */
} ImgRef;

typedef struct
{
  HeraldHtmlScan    base;
  GArray           *refs;      /* ImgRef */
  gboolean          lost;      /* an <img src> whose bytes could not be found */
} Scan;

static void
img_ref_clear (ImgRef *ref)
{
  g_free (ref->value);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Finds the value of the first "src" attribute of the start tag at @p
 * (just after "<img"), with HTML's attribute syntax: the parser said where
 * the tag is and what the value is; this only says which bytes hold it. */
static gboolean
find_src_value (const char *p,
                const char *end,
                gsize      *out_start,
                gsize      *out_end,
                const char *base)
{
  while (p < end)
    {
      const char *name, *name_end, *vstart = NULL, *vend = NULL;

      while (p < end && (is_space (*p) || *p == '/'))
        p++;
      if (p >= end || *p == '>')
        return FALSE;
      name = p;
      p++;   /* a name may start with "=" */
      while (p < end && !is_space (*p) && *p != '/' && *p != '>' && *p != '=')
        p++;
      name_end = p;
      while (p < end && is_space (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && is_space (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              char quote = *p++;
              vstart = p;
              while (p < end && *p != quote)
                p++;
              vend = p;
              if (p < end)
                p++;
            }
          else
            {
              vstart = p;
              while (p < end && !is_space (*p) && *p != '>')
                p++;
              vend = p;
            }
        }
      if (name_end - name == 3 && g_ascii_strncasecmp (name, "src", 3) == 0)
        {
          if (vstart == NULL)
            return FALSE;
          *out_start = vstart - base;
          *out_end = vend - base;
          return TRUE;
        }
    }
  return FALSE;
}

static void
on_start_element (HeraldHtmlScan  *scan,
                  const char      *name,
                  const char     **atts)
{
  Scan *s = (Scan *) scan;
  const char *html = scan->html, *src = NULL;

  if (g_ascii_strcasecmp (name, "img") == 0)
    {
      for (guint i = 0; atts != NULL && atts[i] != NULL; i += 2)
        if (g_ascii_strcasecmp (atts[i], "src") == 0)
          {
            src = atts[i + 1];
            break;
          }
    }
  if (src != NULL)
    {
      const char *lt = memchr (html + scan->last_end, '<', scan->len - scan->last_end);
      ImgRef ref = { 0 };

      if (lt != NULL && (gsize) (lt - html) + 4 <= scan->len &&
          g_ascii_strncasecmp (lt, "<img", 4) == 0 &&
          find_src_value (lt + 4, html + scan->len, &ref.start, &ref.end, html))
        {
          g_autofree char *raw = g_strndup (html + ref.start, ref.end - ref.start);

          /* Without character references the bytes are the value. */
          if (strchr (raw, '&') == NULL && !g_str_equal (raw, src))
            s->lost = TRUE;
          else
            {
              ref.value = g_strdup (src);
              g_array_append_val (s->refs, ref);
            }
        }
      else
        s->lost = TRUE;
    }
}

/* Every <img src> in @html, with where its value's bytes are. */
static GArray *
scan_images (const char  *html,
             GError     **error)
{
  Scan s = { 0 };
  gsize len = strlen (html);

  s.refs = g_array_new (FALSE, TRUE, sizeof (ImgRef));
  g_array_set_clear_func (s.refs, (GDestroyNotify) img_ref_clear);
  if (len == 0)
    return s.refs;

  herald_html_scan_init (&s.base, html, len, on_start_element, NULL);
  if (!herald_html_scan_run (&s.base, HERALD_HTML_SCAN_NO_BLANKS))
    {
      g_array_unref (s.refs);
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID, _("The HTML could not be read."));
      return NULL;
    }

  if (s.lost)
    {
      g_array_unref (s.refs);
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                   _("An <img> tag in the HTML is malformed, so its image cannot be embedded. "
                     "Write it as <img src=\"file.png\" alt=\"…\">."));
      return NULL;
    }
  return s.refs;
}

/* ---- embedding ------------------------------------------------------------- */

typedef enum
{
  REF_SKIP,
  REF_LOCAL,
  REF_REMOTE,
} RefKind;

static RefKind
classify (const char *value)
{
  const char *colon;

  if (*value == '\0' || strstr (value, "{{") != NULL)
    return REF_SKIP;   /* empty, or a merge field: the recipient's own URL */
  if (g_ascii_strncasecmp (value, "http://", 7) == 0 || g_ascii_strncasecmp (value, "https://", 8) == 0)
    return REF_REMOTE;
  if (g_ascii_strncasecmp (value, "file:", 5) == 0 || value[0] == '/')
    return REF_LOCAL;
  if (g_str_has_prefix (value, "//"))
    return REF_SKIP;
  colon = strchr (value, ':');
  if (colon != NULL && strcspn (value, "/?#") > (gsize) (colon - value))
    return REF_SKIP;   /* cid:, data:, other schemes */
  return REF_LOCAL;    /* relative */
}

static char *
resolve_local (const char  *value,
               const char  *base_dir,
               GError     **error)
{
  g_autofree char *unescaped = NULL;
  gsize cut;

  if (g_ascii_strncasecmp (value, "file:", 5) == 0)
    {
      char *path = g_filename_from_uri (value, NULL, NULL);

      if (path == NULL)
        g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                     _("The image address “%s” is not a valid file:// URI."), value);
      return path;
    }

  /* A path in a URL: drop ?query and #fragment, undo %-escapes. */
  cut = strcspn (value, "?#");
  {
    g_autofree char *head = g_strndup (value, cut);
    unescaped = g_uri_unescape_string (head, NULL);
    if (unescaped == NULL)
      unescaped = g_steal_pointer (&head);
  }
  if (g_path_is_absolute (unescaped))
    return g_steal_pointer (&unescaped);
  if (base_dir == NULL)
    {
      g_set_error (error, HERALD_PARTS_ERROR, HERALD_PARTS_ERROR_INVALID,
                   _("The image “%s” has a relative path and there is no folder to look in. "
                     "Write its full path."), value);
      return NULL;
    }
  {
    g_autofree char *dir = g_canonicalize_filename (base_dir, NULL);
    return g_canonicalize_filename (unescaped, dir);
  }
}

static gboolean
cid_taken (const HeraldTemplateParts *parts,
           const char                *cid)
{
  return herald_template_parts_find_cid (parts, cid) != NULL;
}

/* A Content-ID from the file name: letters, digits, ".", "-" and "_" only,
 * so it needs no escaping in a "cid:" URL or a header. */
static char *
make_cid (const HeraldTemplateParts *parts,
          const char                *filename)
{
  GString *base = g_string_new (NULL);
  g_autofree char *stem = NULL;
  const char *dot;
  char *cid;

  for (const char *p = filename; *p != '\0' && base->len < 48; p++)
    {
      char c = *p;
      if (g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_')
        g_string_append_c (base, c);
      else if (base->len > 0 && base->str[base->len - 1] != '_')
        g_string_append_c (base, '_');
    }
  while (base->len > 0 && base->str[0] == '.')
    g_string_erase (base, 0, 1);
  if (base->len == 0)
    g_string_assign (base, "image");

  if (!cid_taken (parts, base->str))
    return g_string_free (base, FALSE);

  dot = strrchr (base->str, '.');
  stem = dot != NULL ? g_strndup (base->str, dot - base->str) : g_strdup (base->str);
  for (guint n = 2; ; n++)
    {
      cid = g_strdup_printf ("%s-%u%s", stem, n, dot != NULL ? dot : "");
      if (!cid_taken (parts, cid))
        break;
      g_free (cid);
    }
  g_string_free (base, TRUE);
  return cid;
}

static const HeraldTemplatePart *
find_inline_source (const HeraldTemplateParts *parts,
                    const char                *source,
                    GBytes                    *data)
{
  for (guint i = 0; i < parts->parts->len; i++)
    {
      const HeraldTemplatePart *part = g_ptr_array_index (parts->parts, i);

      if (part->kind != HERALD_PART_INLINE)
        continue;
      if ((source != NULL && g_strcmp0 (part->source, source) == 0) ||
          (data != NULL && g_bytes_equal (part->data, data)))
        return part;
    }
  return NULL;
}

/**
 * herald_parts_embed_images:
 * @html: the template's HTML (with merge fields)
 * @base_dir: (nullable): the folder relative image paths are in (the HTML
 *   file's); %NULL: a relative path is an error
 * @parts: the template's parts: new images are added (an image already
 *   there, by path or by content, is reused)
 * @out_html: (out) (transfer full): @html with each embedded image's src
 *   replaced by "cid:…"; the rest byte for byte unchanged
 *
 * Finds every <img src> with libxml2's HTML parser and embeds what @flags
 * ask for: local files (always checked: missing, not an image, too big are
 * errors naming the path) and http/https images. Sources holding a merge
 * field, cid: and data: URLs are left alone.
 */
gboolean
herald_parts_embed_images (const char           *html,
                           const char           *base_dir,
                           HeraldEmbedFlags      flags,
                           HeraldTemplateParts  *parts,
                           char                **out_html,
                           GCancellable         *cancellable,
                           GError              **error)
{
  g_autoptr(GArray) refs = scan_images (html, error);
  g_autoptr(GString) out = NULL;
  gsize at = 0;

  if (refs == NULL)
    return FALSE;

  out = g_string_sized_new (strlen (html) + 64);
  for (guint i = 0; i < refs->len; i++)
    {
      ImgRef *ref = &g_array_index (refs, ImgRef, i);
      RefKind kind = classify (ref->value);
      g_autoptr(HeraldTemplatePart) part = NULL;
      g_autofree char *path = NULL;
      const HeraldTemplatePart *found;
      const char *cid;

      if (kind == REF_SKIP ||
          (kind == REF_LOCAL && !(flags & HERALD_EMBED_LOCAL)) ||
          (kind == REF_REMOTE && !(flags & HERALD_EMBED_REMOTE)))
        continue;
      if (ref->start < at)
        continue;   /* cannot happen: the parser goes forward */

      if (kind == REF_LOCAL)
        {
          if ((path = resolve_local (ref->value, base_dir, error)) == NULL)
            return FALSE;
          found = find_inline_source (parts, path, NULL);
          if (found == NULL && (part = read_image (path, error)) == NULL)
            return FALSE;
        }
      else
        {
          found = find_inline_source (parts, ref->value, NULL);
          if (found == NULL &&
              (part = herald_parts_fetch_image (ref->value, cancellable, error)) == NULL)
            return FALSE;
        }
      if (found == NULL)
        found = find_inline_source (parts, NULL, part->data);
      if (found == NULL)
        {
          part->cid = make_cid (parts, part->filename);
          found = part;
          g_ptr_array_add (parts->parts, g_steal_pointer (&part));
        }
      cid = found->cid;

      g_string_append_len (out, html + at, ref->start - at);
      g_string_append (out, "cid:");
      g_string_append (out, cid);
      at = ref->end;
    }
  g_string_append (out, html + at);
  *out_html = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}
