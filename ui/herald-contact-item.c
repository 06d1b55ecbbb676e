/* herald-contact-item.c — one contact as a list model item
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-contact-item"

#include "config.h"

#include "herald-contact-item.h"

struct _HeraldContactItem
{
  GObject   parent_instance;

  gint64    contact_id;    /* 0: not read from the store (yet) */
  gint64    member_id;
  char     *email;
  char     *status;
  char     *consent;       /* the consent record in words, or NULL */
  GStrv     values;        /* aligned with the list's fields */
  guint     n_values;
  gboolean  placeholder;   /* stands in for a row still being read */
};

G_DEFINE_FINAL_TYPE (HeraldContactItem, herald_contact_item, G_TYPE_OBJECT)

static void
herald_contact_item_finalize (GObject *object)
{
  HeraldContactItem *self = HERALD_CONTACT_ITEM (object);

  g_free (self->email);
  g_free (self->status);
  g_free (self->consent);
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
  return herald_contact_item_new_full (0, 0, email, "subscribed", values);
}

HeraldContactItem *
herald_contact_item_new_full (gint64              contact_id,
                              gint64              member_id,
                              const char         *email,
                              const char         *status,
                              const char * const *values)
{
  HeraldContactItem *self = g_object_new (HERALD_TYPE_CONTACT_ITEM, NULL);

  self->contact_id = contact_id;
  self->member_id = member_id;
  self->email = g_strdup (email != NULL ? email : "");
  self->status = g_strdup (status != NULL ? status : "subscribed");
  self->values = g_strdupv ((char **) values);
  self->n_values = self->values != NULL ? g_strv_length (self->values) : 0;
  return self;
}

HeraldContactItem *
herald_contact_item_new_placeholder (void)
{
  HeraldContactItem *self = herald_contact_item_new (NULL, NULL);

  self->placeholder = TRUE;
  return self;
}

gboolean
herald_contact_item_is_placeholder (HeraldContactItem *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), FALSE);

  return self->placeholder;
}

gint64
herald_contact_item_get_contact_id (HeraldContactItem *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), 0);

  return self->contact_id;
}

gint64
herald_contact_item_get_member_id (HeraldContactItem *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), 0);

  return self->member_id;
}

const char *
herald_contact_item_get_email (HeraldContactItem *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), NULL);

  return self->email;
}

const char *
herald_contact_item_get_status (HeraldContactItem *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), NULL);

  return self->status;
}

/**
 * herald_contact_item_get_value:
 *
 * Returns: the value of the list's field @index, "" when the contact has none
 */
const char *
herald_contact_item_get_value (HeraldContactItem *self,
                               guint              index)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), NULL);

  return index < self->n_values ? self->values[index] : "";
}

/* Keeps the item in step with what was just saved to the store. */
void
herald_contact_item_set_value (HeraldContactItem *self,
                               guint              index,
                               const char        *value)
{
  g_return_if_fail (HERALD_IS_CONTACT_ITEM (self));

  if (index >= self->n_values)
    {
      self->values = g_renew (char *, self->values, index + 2);
      for (guint i = self->n_values; i <= index + 1; i++)
        self->values[i] = i <= index ? g_strdup ("") : NULL;
      self->n_values = index + 1;
    }
  g_free (self->values[index]);
  self->values[index] = g_strdup (value != NULL ? value : "");
}

/* The consent record in words ("" for none), as the Consent column shows it. */
const char *
herald_contact_item_get_consent (HeraldContactItem *self)
{
  g_return_val_if_fail (HERALD_IS_CONTACT_ITEM (self), NULL);

  return self->consent != NULL ? self->consent : "";
}

void
herald_contact_item_set_consent (HeraldContactItem *self,
                                 const char        *consent)
{
  g_return_if_fail (HERALD_IS_CONTACT_ITEM (self));

  g_free (self->consent);
  self->consent = g_strdup (consent);
}

void
herald_contact_item_set_status (HeraldContactItem *self,
                                const char        *status)
{
  g_return_if_fail (HERALD_IS_CONTACT_ITEM (self));

  g_free (self->status);
  self->status = g_strdup (status);
}
