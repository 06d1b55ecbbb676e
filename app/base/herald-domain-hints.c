/* herald-domain-hints.c — likely typos of common mail providers' domains,
 * and role addresses
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "herald-base"

#include "config.h"

#include <string.h>

#include "herald-domain-hints.h"

/* Domains many recipients use: global providers, Japanese providers and
 * ISPs, and the mobile carriers' mail domains (where one hard bounce can
 * get a sender blocked). A domain one edit away from one of these, and
 * not one of these itself, is most likely a typo of it. Real domains
 * that sit one edit from another entry are listed too, so that neither
 * is flagged (mail.com / gmail.com, ocn.ne.jp / odn.ne.jp). */
static const char * const providers[] = {
  /* global */
  "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com",
  "yahoo.co.uk", "yahoo.fr", "yahoo.de", "hotmail.com", "hotmail.co.uk",
  "hotmail.fr", "hotmail.de", "hotmail.co.jp", "outlook.com", "outlook.jp",
  "live.com", "live.jp", "msn.com", "icloud.com", "me.com", "mac.com",
  "aol.com", "aol.jp", "protonmail.com", "proton.me", "pm.me", "gmx.com",
  "gmx.de", "gmx.net", "mail.com", "email.com", "yandex.ru", "yandex.com",
  "zoho.com", "fastmail.com", "hey.com", "qq.com", "163.com", "126.com",
  "naver.com", "daum.net", "comcast.net", "verizon.net", "att.net",
  /* Japanese providers and ISPs */
  "yahoo.co.jp", "ybb.ne.jp", "nifty.com", "biglobe.ne.jp", "so-net.ne.jp",
  "ocn.ne.jp", "odn.ne.jp", "plala.or.jp", "dion.ne.jp", "infoweb.ne.jp",
  "excite.co.jp", "goo.jp", "mail.goo.ne.jp", "rakuten.jp", "jcom.home.ne.jp",
  "zaq.ne.jp", "eonet.ne.jp", "bb.excite.co.jp", "mineo.jp", "tiki.ne.jp",
  /* Japanese mobile carriers */
  "docomo.ne.jp", "ezweb.ne.jp", "au.com", "biz.ezweb.ne.jp", "softbank.ne.jp",
  "i.softbank.jp", "disney.ne.jp", "ymobile.ne.jp", "y-mobile.ne.jp",
  "emobile.ne.jp", "willcom.com", "pdx.ne.jp", "uqmobile.jp", "rakumail.jp",
  "mopera.net", "vodafone.ne.jp",
  NULL
};

/* Local parts that name a function, not a person: mail to them reaches a
 * team, a ticket system or nobody, and they complain and bounce more. */
static const char * const roles[] = {
  "abuse", "admin", "administrator", "billing", "contact", "customerservice",
  "donotreply", "do-not-reply", "enquiries", "enquiry", "help", "helpdesk",
  "hostmaster", "hr", "info", "inquiry", "jobs", "mailer-daemon", "marketing",
  "news", "newsletter", "no-reply", "noc", "noreply", "office", "postmaster",
  "recruit", "root", "sales", "security", "support", "sysadmin", "webmaster",
  NULL
};

/**
 * herald_edit_distance:
 * @limit: stop counting past this
 *
 * The optimal-string-alignment distance between two strings of bytes:
 * insertions, deletions, substitutions and swaps of two neighbours each
 * count one. Returns at most @limit + 1.
 */
guint
herald_edit_distance (const char *a,
                      const char *b,
                      guint       limit)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree guint *rows = NULL;
  guint *prev2, *prev, *cur;
  guint result;

  if ((n > m ? n - m : m - n) > limit)
    return limit + 1;
  rows = g_new0 (guint, 3 * (m + 1));
  prev2 = rows;
  prev = rows + (m + 1);
  cur = rows + 2 * (m + 1);
  for (gsize j = 0; j <= m; j++)
    prev[j] = j;
  for (gsize i = 1; i <= n; i++)
    {
      guint *t;

      cur[0] = i;
      for (gsize j = 1; j <= m; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint v = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);

          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            v = MIN (v, prev2[j - 2] + 1);
          cur[j] = v;
        }
      t = prev2; prev2 = prev; prev = cur; cur = t;
    }
  result = prev[m];
  return MIN (result, limit + 1);
}

/**
 * herald_domain_is_provider:
 *
 * Whether @domain (lower case) is one of the common providers' domains.
 */
gboolean
herald_domain_is_provider (const char *domain)
{
  return domain != NULL && g_strv_contains (providers, domain);
}

/**
 * herald_domain_suggest:
 * @domain: an address's domain
 *
 * Returns: (transfer full) (nullable): the provider's domain that @domain
 *   is most likely a typo of (one edit away: a letter added, missing,
 *   wrong or two swapped), or %NULL when it is a provider's own domain or
 *   near none (or near two, when it cannot tell which).
 */
char *
herald_domain_suggest (const char *domain)
{
  g_autofree char *lower = NULL;
  const char *found = NULL;

  if (domain == NULL || *domain == '\0')
    return NULL;
  lower = g_ascii_strdown (domain, -1);
  if (herald_domain_is_provider (lower))
    return NULL;
  for (guint i = 0; providers[i] != NULL; i++)
    {
      /* Short domains sit one edit from many others (au.com, me.com):
       * only a swap or a doubled letter counts as a typo there. */
      if (strlen (providers[i]) < 8 && strlen (lower) != strlen (providers[i]) + 1 &&
          strlen (lower) != strlen (providers[i]))
        continue;
      if (strlen (providers[i]) < 8 && strlen (lower) == strlen (providers[i]))
        {
          /* the same length: only two neighbours swapped */
          gsize k = 0, len = strlen (lower);

          while (k < len && lower[k] == providers[i][k])
            k++;
          if (!(k + 1 < len && lower[k] == providers[i][k + 1] && lower[k + 1] == providers[i][k] &&
                strcmp (lower + k + 2, providers[i] + k + 2) == 0))
            continue;
        }
      if (herald_edit_distance (lower, providers[i], 1) <= 1)
        {
          if (found != NULL)
            return NULL;
          found = providers[i];
        }
    }
  return g_strdup (found);
}

/**
 * herald_address_is_role:
 * @address: an address, local@domain
 *
 * Whether the address's local part (without a +tag) names a role
 * (info@, support@, noreply@ …) rather than a person.
 */
gboolean
herald_address_is_role (const char *address)
{
  const char *at;
  g_autofree char *local = NULL;
  char *plus;

  if (address == NULL || (at = strrchr (address, '@')) == NULL)
    return FALSE;
  local = g_ascii_strdown (address, at - address);
  if ((plus = strchr (local, '+')) != NULL)
    *plus = '\0';
  return g_strv_contains (roles, local);
}
