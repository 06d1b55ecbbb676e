/* herald-dialog.c — what every message dialog of Herald's needs
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "herald-dialog.h"

/**
 * herald_dialog_name_buttons:
 * @dialog: an AdwMessageDialog with its responses added
 *
 * GTK 4.8 names each button of an AdwMessageDialog twice for screen
 * readers ("Cancel Cancel"): its label is its mnemonic label, "labelled-by"
 * it as well. This names each button once, by its label without the
 * mnemonic underline.
 */
void
herald_dialog_name_buttons (GtkWidget *dialog)
{
  for (GtkWidget *child = gtk_widget_get_first_child (dialog); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *label = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child)) : NULL;

      if (label != NULL)
        {
          g_autoptr(GString) name = g_string_new (NULL);

          /* "_Cancel" is "Cancel", "__" is "_". */
          for (const char *p = label; *p != '\0'; p++)
            {
              if (*p == '_' && *++p == '\0')
                break;
              g_string_append_c (name, *p);
            }
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name->str, -1);
        }
      herald_dialog_name_buttons (child);
    }
}
