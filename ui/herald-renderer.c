/* herald-renderer.c — choose how GTK draws the window
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4.8 draws with OpenGL when it can, even when OpenGL is a software
 * rasteriser (Mesa's llvmpipe: virtual machines, remote desktops, machines
 * without a GPU driver). There every frame of the whole window costs the
 * UI thread 70–140 ms on two cores, and typing in the template editor
 * waits on it; GTK's cairo renderer draws the same window in a fraction
 * of that. So Herald asks for cairo when the OpenGL it would get is a
 * software one — unless the user chose a renderer with GSK_RENDERER.
 */
#define G_LOG_DOMAIN "herald-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <gtk/gtk.h>
#include <string.h>

#include "herald-renderer.h"

static gboolean
is_software (const char *renderer)
{
  static const char * const names[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    if (strstr (renderer, names[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * herald_renderer_choose:
 *
 * Call once the display is open and before any window is shown: GTK reads
 * GSK_RENDERER when it makes the first window's renderer.
 *
 * Returns: whether Herald chose the cairo renderer
 */
gboolean
herald_renderer_choose (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *renderer;
  gboolean software;

  if (g_getenv ("GSK_RENDERER") != NULL || display == NULL)
    return FALSE;
  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("no OpenGL context (%s): GTK chooses", error != NULL ? error->message : "?");
      return FALSE;
    }
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  software = renderer != NULL && is_software (renderer);
  g_debug ("OpenGL renderer “%s”%s", renderer != NULL ? renderer : "?",
           software ? ": software, so Herald draws with cairo" : "");
  gdk_gl_context_clear_current ();
  if (software)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return software;
}
