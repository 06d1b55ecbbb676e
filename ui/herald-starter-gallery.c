/* herald-starter-gallery.c — choose how a new template begins
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A grid of cards, one a starter template (app/herald-starters.h) and
 * "Blank" and "HTML Source": each a small drawing of the newsletter's
 * layout, its title and one sentence. Choosing a card emits "chosen" with
 * the starter's name and closes the window; the templates page makes the
 * template, in the user interface's language.
 */
#define G_LOG_DOMAIN "herald-starter-gallery"

#include "config.h"

#include <glib/gi18n.h>

#include "herald-starter-gallery.h"
#include "herald-starters.h"

struct _HeraldStarterGallery
{
  AdwWindow    parent_instance;

  /* template widgets */
  GtkFlowBox  *flow_box;
  GtkLabel    *intro_label;
};

G_DEFINE_FINAL_TYPE (HeraldStarterGallery, herald_starter_gallery, ADW_TYPE_WINDOW)

enum { CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- thumbnails ----------------------------------------------------------- */

/* What a thumbnail shows of a starter's layout: its colour, a header band,
 * a big offer line, a box of details, a button; every one has text lines
 * and the footer. */
typedef struct
{
  const char *name;
  const char *accent;
  guint       header : 1;
  guint       offer : 1;
  guint       details : 1;
  guint       button : 1;
  guint       code : 1;
  guint       n_lines;
} Sketch;

static const Sketch sketches[] = {
  { "newsletter", "#1c71d8", TRUE,  FALSE, FALSE, TRUE,  FALSE, 7 },
  { "sale",       "#c01c28", TRUE,  TRUE,  TRUE,  TRUE,  FALSE, 3 },
  { "event",      "#26a269", TRUE,  FALSE, TRUE,  TRUE,  FALSE, 4 },
  { "letter",     "#3d3846", FALSE, FALSE, FALSE, FALSE, FALSE, 10 },
  { "blank",      "#9a9996", FALSE, FALSE, FALSE, FALSE, FALSE, 2 },
  { "html",       "#613583", FALSE, FALSE, FALSE, FALSE, TRUE,  0 },
};

static void
set_color (cairo_t    *cr,
           const char *spec)
{
  GdkRGBA rgba;

  gdk_rgba_parse (&rgba, spec);
  gdk_cairo_set_source_rgba (cr, &rgba);
}

static void
text_lines (cairo_t *cr,
            double   x,
            double  *y,
            double   width,
            guint    n)
{
  set_color (cr, "#c0bfbc");
  for (guint i = 0; i < n; i++)
    {
      /* the last line of a paragraph is shorter */
      double w = (i % 4 == 3 || i + 1 == n) ? width * 0.6 : width;

      cairo_rectangle (cr, x, *y, w, 3);
      *y += 7;
    }
  cairo_fill (cr);
  *y += 4;
}

static void
draw_sketch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const Sketch *s = user_data;
  double scale = MIN (width / 120.0, height / 150.0);
  double x = 12, y = 10, w = 96;

  cairo_translate (cr, (width - 120 * scale) / 2, (height - 150 * scale) / 2);
  cairo_scale (cr, scale, scale);
  /* the mail program's background, then the 600 px column */
  set_color (cr, "#f6f5f4");
  cairo_rectangle (cr, 0, 0, 120, 150);
  cairo_fill (cr);
  set_color (cr, "#ffffff");
  cairo_rectangle (cr, 6, 4, 108, 142);
  cairo_fill (cr);

  if (s->header)
    {
      set_color (cr, s->accent);
      cairo_rectangle (cr, 6, 4, 108, 24);
      cairo_fill (cr);
      set_color (cr, "#ffffff");
      cairo_rectangle (cr, x, 10, 30, 2);
      cairo_rectangle (cr, x, 16, 60, 5);
      cairo_fill (cr);
      y = 36;
    }
  if (s->code)
    {
      static const double indent[] = { 0, 0, 6, 12, 12, 6, 6, 12, 6, 0 };

      set_color (cr, s->accent);
      for (guint i = 0; i < G_N_ELEMENTS (indent); i++)
        cairo_rectangle (cr, x + indent[i], y + i * 8, 24 + (i * 17 % 40), 3);
      cairo_fill (cr);
      return;
    }
  text_lines (cr, x, &y, w, MIN (s->n_lines, 3));
  if (s->offer)
    {
      set_color (cr, s->accent);
      cairo_rectangle (cr, 30, y, 60, 10);
      cairo_fill (cr);
      y += 16;
    }
  if (s->details)
    {
      set_color (cr, "#effaf3");
      if (s->offer)
        set_color (cr, "#fdf0f0");
      cairo_rectangle (cr, x, y, w, 20);
      cairo_fill (cr);
      y += 4;
      text_lines (cr, x + 4, &y, w - 30, 3);
      y += 2;
    }
  if (s->n_lines > 3)
    text_lines (cr, x, &y, w, s->n_lines - 3);
  if (s->button)
    {
      set_color (cr, s->accent);
      cairo_rectangle (cr, 38, y, 44, 10);
      cairo_fill (cr);
      y += 16;
    }
  /* the footer: who sends it, and the unsubscribe link */
  y = MAX (y, 118);
  set_color (cr, "#deddda");
  cairo_rectangle (cr, 6, y, 108, 1);
  cairo_fill (cr);
  y += 5;
  set_color (cr, "#9a9996");
  for (guint i = 0; i < 3; i++)
    cairo_rectangle (cr, x, y + i * 5, i == 2 ? 40 : 70, 2);
  cairo_fill (cr);
  set_color (cr, "#1a5fb4");
  cairo_rectangle (cr, x + 44, y + 10, 26, 2);
  cairo_fill (cr);
}

/* ---- cards ---------------------------------------------------------------- */

static void
on_card_clicked_cb (HeraldStarterGallery *self,
                    GtkButton            *button)
{
  const char *name = g_object_get_data (G_OBJECT (button), "herald-starter");

  g_signal_emit (self, signals[CHOSEN], 0, name);
  gtk_window_destroy (GTK_WINDOW (self));
}

static const Sketch *
find_sketch (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sketches); i++)
    if (g_str_equal (sketches[i].name, name))
      return &sketches[i];
  return &sketches[4];
}

static GtkWidget *
make_card (HeraldStarterGallery *self,
           const HeraldStarter  *starter)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_drawing_area_new ();
  GtkWidget *title = gtk_label_new (_(starter->title));
  GtkWidget *description = gtk_label_new (_(starter->description));

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (picture), 144);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (picture), 180);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (picture), draw_sketch,
                                  (gpointer) find_sketch (starter->name), NULL);
  gtk_widget_add_css_class (picture, "starter-thumbnail");
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  /* TRANSLATORS: accessible name of a starter template's thumbnail */
                                  _("Layout of the starter"), -1);

  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 24);
  gtk_label_set_justify (GTK_LABEL (description), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");

  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), description);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "starter-card");

  /* A screen reader says the title, then what it is. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(starter->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(starter->description),
                                  -1);
  g_object_set_data (G_OBJECT (button), "herald-starter", (gpointer) starter->name);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_card_clicked_cb), self, G_CONNECT_SWAPPED);
  return button;
}

static void
herald_starter_gallery_class_init (HeraldStarterGalleryClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * HeraldStarterGallery::chosen:
   * @starter: the starter's name: one of herald_starters_get()'s,
   *   "blank" or "html"
   *
   * A card was chosen; the window closes.
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/heraldmail/Herald/herald-starter-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, HeraldStarterGallery, flow_box);
  gtk_widget_class_bind_template_child (widget_class, HeraldStarterGallery, intro_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
herald_starter_gallery_init (HeraldStarterGallery *self)
{
  const HeraldStarter *starters;
  guint n;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_label_set_text (self->intro_label,
                      _("Choose how the new template begins. Each starter is a finished newsletter "
                        "in the language of Herald’s windows, with your business details and an "
                        "unsubscribe link in its footer: replace the example text with your own."));
  starters = herald_starters_get (&n);
  for (guint i = 0; i < n; i++)
    gtk_flow_box_append (self->flow_box, make_card (self, &starters[i]));
  starters = herald_starters_get_plain (&n);
  for (guint i = 0; i < n; i++)
    gtk_flow_box_append (self->flow_box, make_card (self, &starters[i]));
}

HeraldStarterGallery *
herald_starter_gallery_new (GtkWindow *parent)
{
  return g_object_new (HERALD_TYPE_STARTER_GALLERY,
                       "transient-for", parent,
                       NULL);
}
