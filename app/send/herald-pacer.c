/* herald-pacer.c — how fast the sender may go: token buckets per account
 * and per recipient domain
 *
 * Copyright 2026 Herald developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per-second and per-minute limits are each enforced twice:
 *
 *  - Spacing against absolute deadlines: message k's slot is slot k-1
 *    plus the interval (the limit's period / N, HEADROOM slower), not
 *    "the moment k-1 went plus the interval". Time a worker spends
 *    rendering, writing the journal or waking late does not drift the
 *    mean rate down: a late message is followed by a shorter gap, and
 *    lateness up to one interval is made up entirely.
 *  - A true sliding window on the moments messages actually started:
 *    message k+N never starts less than the period plus WINDOW_GUARD_US
 *    after message k, whatever the catching up does. The guard absorbs
 *    the difference in transit and processing time between two messages,
 *    so that the receiver's own clock does not see N+1 in a period.
 *
 * With messages on time, consecutive N+1 span N intervals = the period
 * + HEADROOM, more than the window needs; the difference (HEADROOM minus
 * the guard) is what lets a late message's successors get back on the
 * slots instead of dragging the window along.
 *
 * Per-hour and per-day limits are sliding windows of minute bins, seeded
 * from the journal by the sender so that a restart does not reset them.
 * A "slow down" reply halves the per-second rate; it then recovers by a
 * twentieth every 30 seconds (AIMD).
 */
#define G_LOG_DOMAIN "herald-pacer"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "herald-pacer.h"

/* Spacing: 2 % slower than the limit, so that N+1 messages on their
 * slots span the period plus 20 ms at 1 s. */
#define HEADROOM            HERALD_PACING_HEADROOM
/* The sliding window: message k+N starts at least the period plus this
 * after message k (5 ms, well under HEADROOM so that lateness is made up). */
#define WINDOW_GUARD_US     5000
/* The most start times a window keeps; a larger N (per-minute limits in
 * the thousands) gets strict spacing without catching up instead. */
#define RING_MAX            4096
#define N_BINS              1442          /* a day of minutes, and both ends */
#define SLOW_FLOOR          0.1           /* msg/s: slowing down never stops */
#define SLOW_MIN_GAP_US     (1 * G_USEC_PER_SEC)
#define RECOVERY_PERIOD_US  (30 * G_USEC_PER_SEC)
#define RECOVERY_STEPS      20
#define N_RECENT            64

typedef struct
{
  gint64  minute[N_BINS];       /* the minute a bin counts; -1: empty */
  guint32 count[N_BINS];
} Window;

/* One per-period limit (per second or per minute): the next slot and the
 * start times of the latest messages. */
typedef struct
{
  gint64  slot;                 /* µs: the earliest the next one may go */
  gint64 *ring;                 /* start times, µs, ring_len of them */
  guint   ring_cap;
  guint   ring_len;
  guint   ring_head;            /* where the next start time goes */
} Pace;

typedef struct
{
  HeraldPacingLimits  limits;
  Pace                second;
  Pace                minute;
  Window             *window;       /* NULL without hour or day limits */
} Bucket;

struct _HeraldPacer
{
  GMutex               mutex;
  HeraldPacerClock     clock;
  gpointer             clock_data;
  HeraldPacingPresets *presets;
  Bucket               account;
  GHashTable          *overrides;   /* lower-case domain → HeraldPacingLimits */
  GHashTable          *buckets;     /* matched domain key → Bucket */

  double               slow_rate;   /* msg/s; 0: not slowed down */
  double               slow_ceiling;
  gint64               slow_changed_at;

  gint64               recent[N_RECENT];
  guint                n_recent;
};

/* ---- buckets -------------------------------------------------------- */

static gboolean
limits_have_window (const HeraldPacingLimits *limits)
{
  return limits->per_hour > 0 || limits->per_day > 0;
}

static void
bucket_init (Bucket                   *bucket,
             const HeraldPacingLimits *limits)
{
  bucket->limits = *limits;
  if (limits_have_window (limits) && bucket->window == NULL)
    {
      bucket->window = g_new0 (Window, 1);
      for (guint i = 0; i < N_BINS; i++)
        bucket->window->minute[i] = -1;
    }
}

static void
bucket_clear (Bucket *bucket)
{
  g_clear_pointer (&bucket->window, g_free);
  g_clear_pointer (&bucket->second.ring, g_free);
  g_clear_pointer (&bucket->minute.ring, g_free);
}

static void
bucket_free (Bucket *bucket)
{
  bucket_clear (bucket);
  g_free (bucket);
}

static void
window_add (Window *window,
            gint64  minute,
            guint   count)
{
  guint i = (guint) (minute % N_BINS);

  if (window->minute[i] != minute)
    {
      /* The bin held a minute more than a day old: forget it. Never
       * overwrite a newer minute with an older one. */
      if (window->minute[i] > minute)
        return;
      window->minute[i] = minute;
      window->count[i] = 0;
    }
  window->count[i] += count;
}

/* A bin of minute m counts while any instant of it lies in the window
 * (now - span, now]: it leaves at (m + 1) * 60 + span. Conservative. */
static gint64
window_ready_at (Window *window,
                 gint64  now,
                 gint64  span,
                 guint   cap)
{
  gint64 now_s = now / G_USEC_PER_SEC;
  gint64 first = (now_s - span) / 60;
  gint64 last = now_s / 60;
  guint64 total = 0;
  guint64 need;

  for (gint64 m = first; m <= last; m++)
    {
      guint i = (guint) (m % N_BINS);
      if (window->minute[i] == m && (m + 1) * 60 > now_s - span)
        total += window->count[i];
    }
  if (total < cap)
    return now;

  need = total - cap + 1;
  for (gint64 m = first; m <= last; m++)
    {
      guint i = (guint) (m % N_BINS);
      if (window->minute[i] != m || (m + 1) * 60 <= now_s - span)
        continue;
      if (window->count[i] >= need)
        return ((m + 1) * 60 + span) * G_USEC_PER_SEC;
      need -= window->count[i];
    }
  return ((last + 1) * 60 + span) * G_USEC_PER_SEC;
}

/* The gap between slots: the period over the limit, HEADROOM slower. */
static gint64
spacing_us (double per_period,
            gint64 period_us)
{
  return (gint64) ceil (period_us * HEADROOM / per_period - 1e-3);
}

/* How many messages a period may hold: ceil (per_period), at least 1. A
 * fractional limit (2.5/s) allows 3 in some second and 5 in two. */
static guint
window_count (double per_period)
{
  return (guint) MAX (1.0, ceil (per_period - 1e-9));
}

/* The start time of the n-th latest message (n ≥ 1), or G_MININT64 when
 * fewer than n are known. */
static gint64
pace_nth_latest (const Pace *pace,
                 guint       n)
{
  if (n == 0 || n > pace->ring_len)
    return G_MININT64;
  return pace->ring[(pace->ring_head + pace->ring_cap - n) % pace->ring_cap];
}

static gint64
pace_ready_at (const Pace *pace,
               double      per_period,
               gint64      period_us)
{
  guint n = window_count (per_period);
  gint64 ready = pace->slot;
  gint64 nth = pace_nth_latest (pace, n);

  if (nth != G_MININT64)
    ready = MAX (ready, nth + period_us + WINDOW_GUARD_US);
  return ready;
}

static void
pace_push (Pace  *pace,
           guint  n,
           gint64 now)
{
  if (n > pace->ring_cap)
    {
      /* Grow, keeping the start times in order (oldest first). */
      guint cap = MIN (MAX (n, 2 * pace->ring_cap), RING_MAX);
      gint64 *ring = g_new (gint64, cap);

      for (guint i = 0; i < pace->ring_len; i++)
        ring[i] = pace_nth_latest (pace, pace->ring_len - i);
      g_free (pace->ring);
      pace->ring = ring;
      pace->ring_cap = cap;
      pace->ring_head = pace->ring_len % cap;
    }
  pace->ring[pace->ring_head] = now;
  pace->ring_head = (pace->ring_head + 1) % pace->ring_cap;
  pace->ring_len = MIN (pace->ring_len + 1, pace->ring_cap);
}

static void
pace_take (Pace   *pace,
           double  per_period,
           gint64  period_us,
           gint64  now)
{
  gint64 spacing = spacing_us (per_period, period_us);
  guint n = window_count (per_period);
  /* A late message keeps the slots: lateness up to one interval is made
   * up (the window above stops that from ever crowding a period). Later
   * than that, or after a pause, or without a window to check, the slots
   * start again from now: no burst. */
  if (n <= RING_MAX && pace->ring_len > 0 && pace->slot >= now - spacing)
    pace->slot += spacing;
  else
    pace->slot = MAX (pace->slot, now) + spacing;
  pace_push (pace, MIN (n, RING_MAX), now);
}

static gint64
bucket_ready_at (Bucket *bucket,
                 double  per_second,
                 gint64  now)
{
  gint64 ready = now;

  if (per_second > 0)
    ready = MAX (ready, pace_ready_at (&bucket->second, per_second, G_USEC_PER_SEC));
  if (bucket->limits.per_minute > 0)
    ready = MAX (ready, pace_ready_at (&bucket->minute, bucket->limits.per_minute, 60 * G_USEC_PER_SEC));
  if (bucket->window != NULL && bucket->limits.per_hour > 0)
    ready = MAX (ready, window_ready_at (bucket->window, now, 3600, bucket->limits.per_hour));
  if (bucket->window != NULL && bucket->limits.per_day > 0)
    ready = MAX (ready, window_ready_at (bucket->window, now, 86400, bucket->limits.per_day));
  return ready;
}

static void
bucket_take (Bucket *bucket,
             double  per_second,
             gint64  now)
{
  if (per_second > 0)
    pace_take (&bucket->second, per_second, G_USEC_PER_SEC, now);
  if (bucket->limits.per_minute > 0)
    pace_take (&bucket->minute, bucket->limits.per_minute, 60 * G_USEC_PER_SEC, now);
  if (bucket->window != NULL)
    window_add (bucket->window, now / G_USEC_PER_SEC / 60, 1);
}

/* ---- the pacer ------------------------------------------------------ */

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

static guint
ascii_case_hash (gconstpointer key)
{
  guint h = 5381;

  for (const char *p = key; *p != '\0'; p++)
    h = h * 33 + (guchar) g_ascii_tolower (*p);
  return h;
}

static gboolean
ascii_case_equal (gconstpointer a,
                  gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

/**
 * herald_pacer_new:
 * @account: (nullable): the account's limits; %NULL: unlimited
 * @presets: (nullable): domain presets, e.g. herald_pacing_presets_dup_default()
 *
 * Returns: (transfer full): a pacer, shared by one sender's workers
 */
HeraldPacer *
herald_pacer_new (const HeraldPacingLimits *account,
                  HeraldPacingPresets      *presets)
{
  HeraldPacer *self = g_new0 (HeraldPacer, 1);
  HeraldPacingLimits none = { 0 };

  g_mutex_init (&self->mutex);
  self->clock = real_clock;
  self->presets = presets != NULL ? herald_pacing_presets_ref (presets) : NULL;
  bucket_init (&self->account, account != NULL ? account : &none);
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->buckets = g_hash_table_new_full (ascii_case_hash, ascii_case_equal, g_free, (GDestroyNotify) bucket_free);
  return self;
}

void
herald_pacer_free (HeraldPacer *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->presets, herald_pacing_presets_unref);
  bucket_clear (&self->account);
  g_hash_table_unref (self->overrides);
  g_hash_table_unref (self->buckets);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

void
herald_pacer_set_clock (HeraldPacer      *self,
                        HeraldPacerClock  clock,
                        gpointer          user_data)
{
  g_mutex_lock (&self->mutex);
  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = user_data;
  g_mutex_unlock (&self->mutex);
}

gint64
herald_pacer_now (HeraldPacer *self)
{
  return self->clock (self->clock_data);
}

/**
 * herald_pacer_set_domain_limits:
 *
 * Limits for messages to @domain (and its subdomains), replacing a preset.
 */
void
herald_pacer_set_domain_limits (HeraldPacer              *self,
                                const char               *domain,
                                const HeraldPacingLimits *limits)
{
  g_mutex_lock (&self->mutex);
  g_hash_table_insert (self->overrides, g_ascii_strdown (domain, -1), g_memdup2 (limits, sizeof *limits));
  g_hash_table_remove (self->buckets, domain);
  g_mutex_unlock (&self->mutex);
}

/* Called with the mutex held. Returns NULL for a domain without limits. */
static Bucket *
lookup_bucket (HeraldPacer *self,
               const char  *domain)
{
  gpointer value = NULL;
  const char *key;
  Bucket *bucket;

  if (domain == NULL || *domain == '\0')
    return NULL;
  key = herald_pacing_match_domain (self->overrides, domain, &value);
  if (key == NULL && self->presets != NULL)
    key = herald_pacing_presets_match_domain (self->presets, domain, (const HeraldPacingLimits **) &value);
  if (key == NULL)
    return NULL;

  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket_init (bucket, value);
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }
  return bucket;
}

gboolean
herald_pacer_domain_has_limits (HeraldPacer *self,
                                const char  *domain)
{
  gboolean found;

  g_mutex_lock (&self->mutex);
  found = lookup_bucket (self, domain) != NULL;
  g_mutex_unlock (&self->mutex);
  return found;
}

/**
 * herald_pacer_record_past:
 * @domain: (nullable): a recipient domain, or %NULL for the account
 * @sent_at: Unix time in seconds
 *
 * Counts @count messages sent at @sent_at in the hour and day windows:
 * the sender seeds them from the journal when it starts.
 */
void
herald_pacer_record_past (HeraldPacer *self,
                          const char  *domain,
                          gint64       sent_at,
                          guint        count)
{
  Bucket *bucket;

  g_mutex_lock (&self->mutex);
  bucket = domain == NULL ? &self->account : lookup_bucket (self, domain);
  if (bucket != NULL && bucket->window != NULL)
    window_add (bucket->window, sent_at / 60, count);
  g_mutex_unlock (&self->mutex);
}

static double
observed_rate (HeraldPacer *self)
{
  guint n = MIN (self->n_recent, N_RECENT);
  gint64 newest, oldest;

  if (n < 2)
    return 0;
  newest = self->recent[(self->n_recent - 1) % N_RECENT];
  oldest = self->recent[(self->n_recent - n) % N_RECENT];
  if (newest <= oldest)
    return 0;
  return (n - 1) * (double) G_USEC_PER_SEC / (newest - oldest);
}

/* The account's per-second rate now, after any slow-down and the recovery
 * it has earned since. Called with the mutex held. */
static double
effective_rate (HeraldPacer *self,
                gint64       now)
{
  double configured = self->account.limits.per_second;

  if (self->slow_rate > 0 && now - self->slow_changed_at >= RECOVERY_PERIOD_US)
    {
      gint64 steps = (now - self->slow_changed_at) / RECOVERY_PERIOD_US;

      self->slow_rate += steps * self->slow_ceiling / RECOVERY_STEPS;
      self->slow_changed_at += steps * RECOVERY_PERIOD_US;
      if (self->slow_rate >= self->slow_ceiling)
        self->slow_rate = 0;
    }
  if (self->slow_rate > 0)
    return configured > 0 ? MIN (configured, self->slow_rate) : self->slow_rate;
  return configured;
}

static HeraldPacerScope
check (HeraldPacer *self,
       const char  *domain,
       gboolean     take,
       gint64      *out_ready_at)
{
  HeraldPacerScope scope = HERALD_PACER_SCOPE_NONE;
  Bucket *bucket;
  gint64 now, ready, domain_ready;
  double rate;

  g_mutex_lock (&self->mutex);
  now = self->clock (self->clock_data);
  rate = effective_rate (self, now);
  ready = bucket_ready_at (&self->account, rate, now);
  if (ready > now)
    scope = HERALD_PACER_SCOPE_ACCOUNT;

  bucket = lookup_bucket (self, domain);
  if (bucket != NULL)
    {
      domain_ready = bucket_ready_at (bucket, bucket->limits.per_second, now);
      if (domain_ready > ready)
        {
          ready = domain_ready;
          scope = HERALD_PACER_SCOPE_DOMAIN;
        }
    }

  if (scope == HERALD_PACER_SCOPE_NONE && take)
    {
      bucket_take (&self->account, rate, now);
      if (bucket != NULL)
        bucket_take (bucket, bucket->limits.per_second, now);
      self->recent[self->n_recent % N_RECENT] = now;
      self->n_recent++;
    }
  g_mutex_unlock (&self->mutex);

  if (out_ready_at != NULL)
    *out_ready_at = ready;
  return scope;
}

/**
 * herald_pacer_try_acquire:
 * @domain: (nullable): the recipient's domain
 * @out_ready_at: (out) (optional): when it is worth trying again (Unix µs)
 *
 * Takes a token from every bucket that applies, or from none.
 *
 * Returns: %HERALD_PACER_SCOPE_NONE when the message may go now; otherwise
 *   which limit holds it back
 */
HeraldPacerScope
herald_pacer_try_acquire (HeraldPacer *self,
                          const char  *domain,
                          gint64      *out_ready_at)
{
  return check (self, domain, TRUE, out_ready_at);
}

/**
 * herald_pacer_peek:
 *
 * Like herald_pacer_try_acquire(), but takes nothing: whether a message
 * to @domain could go now, and if not, when.
 */
HeraldPacerScope
herald_pacer_peek (HeraldPacer *self,
                   const char  *domain,
                   gint64      *out_ready_at)
{
  return check (self, domain, FALSE, out_ready_at);
}

/**
 * herald_pacer_slow_down:
 *
 * The server asked us to slow down (421, 451 4.7.x): halve the account's
 * per-second rate (or the rate observed, when it has none). Replies that
 * arrive together on several connections count once.
 */
void
herald_pacer_slow_down (HeraldPacer *self)
{
  gint64 now;
  double current;

  g_mutex_lock (&self->mutex);
  now = self->clock (self->clock_data);
  if (self->slow_rate > 0 && now - self->slow_changed_at < SLOW_MIN_GAP_US)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  current = effective_rate (self, now);
  if (current <= 0)
    current = observed_rate (self);
  if (current <= 0)
    current = 2 * SLOW_FLOOR;
  if (self->slow_rate <= 0)
    self->slow_ceiling = self->account.limits.per_second > 0 ? self->account.limits.per_second : current;
  self->slow_rate = MAX (current / 2, SLOW_FLOOR);
  self->slow_changed_at = now;
  g_mutex_unlock (&self->mutex);
}

/**
 * herald_pacer_get_rate_limit:
 *
 * Returns: the account's per-second limit in force now, after slow-downs;
 *   0 when there is none
 */
double
herald_pacer_get_rate_limit (HeraldPacer *self)
{
  double rate;

  g_mutex_lock (&self->mutex);
  rate = effective_rate (self, self->clock (self->clock_data));
  g_mutex_unlock (&self->mutex);
  return rate;
}
