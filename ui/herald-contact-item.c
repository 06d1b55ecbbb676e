/* herald-contact-item.c — one contact as a list model item
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-contact-item"

#include "config.h"

#include "herald-contact-item.h"

/* Immutable, so items built in a worker thread can be handed to the UI. */
struct _HeraldContactItem
{
  GObject  parent_instance;

  char    *email;
  GStrv    values;   /* aligned with the list's fields */
  guint    n_values;
};

G_DEFINE_FINAL_TYPE (HeraldContactItem, herald_contact_item, G_TYPE_OBJECT)

static void
herald_contact_item_finalize (GObject *object)
{
  HeraldContactItem *self = HERALD_CONTACT_ITEM (object);

  g_free (self->email);
  g_strfreev (self->values);

  G_OBJECT_CLASS (herald_contact_item_parent_class)->finalize (object);
}

static void
herald_contact_item_class_init (HeraldContactItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = herald_contact_item_finalize;
}

static void
herald_contact_item_init (HeraldContactItem *self)
{
}

HeraldContactItem *
herald_contact_item_new (const char         *email,
                         const char * const *values)
{
  HeraldContactItem *self = g_object_new (HERALD_TYPE_CONTACT_ITEM, NULL);

  self->email = g_strdup (email != NULL ? email : "");
  self->values = g_strdupv ((char **) values);
  self->n_values = self->values != NULL ? g_strv_length (self->values) : 0;
  return self;
}

const char *
herald_contact_item_get_email (HeraldContactItem *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), NULL);

  return self->email;
}

/**
 * herald_contact_item_get_value:
 * @index: the field's position among the list's fields
 *
 * Returns: (transfer none): the value, "" when the contact has none
 */
const char *
herald_contact_item_get_value (HeraldContactItem *self,
                               guint              index)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), NULL);

  return index < self->n_values ? self->values[index] : "";
}
