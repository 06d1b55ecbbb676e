/* herald-template.h — the merge language: compile once, render many
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The language
 * ------------
 *   {{ field }}                 the recipient's value, escaped for where it
 *                               stands (see "Contexts" below)
 *   {{ field | "fallback" }}    the fallback when the value is missing, empty
 *                               or only white space; inside the quotes \"
 *                               is a quote and \\ a backslash. The fallback
 *                               is escaped exactly like a value.
 *   {{#if field}} … {{else}} … {{/if}}
 *   {{#unless field}} … {{else}} … {{/unless}}
 *                               a field is true when it is neither missing,
 *                               empty nor only white space; blocks nest.
 *   \{{                         a literal "{{" (the backslash is dropped).
 *
 * White space inside the braces is optional (ASCII white space and the
 * ideographic space U+3000 are accepted). A field name is made of Unicode
 * letters, marks and digits and "_", "-", "." (`{{ 氏名 }}`, `{{会社名}}`);
 * names are compared after NFC normalisation. "else" is a keyword, not a
 * field name. The built-ins `email`, `unsubscribe_url`, `unsubscribe_mailto`,
 * `today` and the sender's business details `sender_name`, `sender_address`
 * and `sender_contact` are always known; their values come from the lookup
 * like any other field's.
 *
 * Contexts
 * --------
 * TEXT:   values are inserted as they are, except after one of the marks
 *         herald_text_from_html_for_merge() puts before a field of a
 *         link's URL: HERALD_TEMPLATE_MARK_URL (the field starts the URL)
 *         encodes it as a whole URL, HERALD_TEMPLATE_MARK_URL_PART as a
 *         part of one, both exactly as in an HTML href but without the
 *         HTML escaping. The marks themselves are dropped.
 * HEADER: values are inserted as they are, but a value (or fallback, or the
 *         literal text) holding CR, LF or any other C0 control but TAB, or
 *         DEL, is refused with HERALD_TEMPLATE_ERROR_HEADER_BREAK: no value
 *         can add a header line. (RFC 2047 encoding is the composer's job.)
 * HTML:   the compiler follows the markup of the literal text around each
 *         field (a small tokenizer, not a full HTML parser) and chooses:
 *         - element text, comments: HTML-escaped (& < > " ');
 *         - a quoted attribute value: HTML-escaped, quotes included;
 *         - a quoted URL attribute value (href, src, action, formaction,
 *           poster, background, cite, longdesc, srcset, data, codebase,
 *           xlink:href) when the field starts the value: the value must be
 *           an http:, https: or mailto: URL or a relative URL, else it
 *           renders as "#"; it is then percent-encoded outside the URL-safe
 *           set and HTML-escaped;
 *         - the same attributes when the field comes after other text
 *           (`https://x.jp/?u={{ email }}`): percent-encoded as a query
 *           component (RFC 3986 unreserved characters kept);
 *         - anywhere else in a tag (tag or attribute name, unquoted value),
 *           in event-handler (on…), style or srcdoc attributes, and in
 *           <script> and <style>: a compile-time error.
 *         The two branches of a conditional must end in the same place of
 *         the markup (both in element text, or both in the same attribute
 *         value …), else the template does not compile.
 *
 * Values are never parsed as template syntax: rendering is one linear pass
 * over the compiled nodes that appends values, and allocates nothing but the
 * growth of the output string. A compiled template is immutable, so any
 * number of threads may render it at once.
 *
 * Compile errors carry a message that starts with "LINE:COLUMN: " (1-based,
 * the column counted in characters); herald_template_error_get_position()
 * reads it back.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HeraldTemplate HeraldTemplate;

/* TEXT context: what follows is a field of a link's URL (see "Contexts"). */
#define HERALD_TEMPLATE_MARK_URL       '\x1e'
#define HERALD_TEMPLATE_MARK_URL_PART  '\x1f'

typedef enum
{
  HERALD_TEMPLATE_CONTEXT_HTML,
  HERALD_TEMPLATE_CONTEXT_TEXT,
  HERALD_TEMPLATE_CONTEXT_HEADER,
} HeraldTemplateContext;

#define HERALD_TEMPLATE_ERROR (herald_template_error_quark ())

typedef enum
{
  HERALD_TEMPLATE_ERROR_SYNTAX,
  HERALD_TEMPLATE_ERROR_UNKNOWN_FIELD,
  HERALD_TEMPLATE_ERROR_UNCLOSED,
  HERALD_TEMPLATE_ERROR_HEADER_BREAK,
} HeraldTemplateError;

/* A recipient's value for @field, borrowed, or NULL when it has none. */
typedef const char *(*HeraldTemplateLookup) (const char *field,
                                             gpointer    user_data);

GQuark              herald_template_error_quark        (void);

HeraldTemplate     *herald_template_compile            (const char             *source,
                                                        HeraldTemplateContext   context,
                                                        const char * const     *known_fields,
                                                        GError                **error);
void                herald_template_free               (HeraldTemplate         *self);
gboolean            herald_template_render             (const HeraldTemplate   *self,
                                                        HeraldTemplateLookup    lookup,
                                                        gpointer                user_data,
                                                        GString                *out,
                                                        GError                **error);
const char * const *herald_template_get_fields         (const HeraldTemplate   *self);
HeraldTemplateContext herald_template_get_context      (const HeraldTemplate   *self);
gboolean            herald_template_is_builtin_field   (const char             *field);
gboolean            herald_template_shows_field        (const HeraldTemplate   *self,
                                                        const char             *field);
gboolean            herald_template_error_get_position (const GError           *error,
                                                        guint                  *line,
                                                        guint                  *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HeraldTemplate, herald_template_free)

G_END_DECLS
