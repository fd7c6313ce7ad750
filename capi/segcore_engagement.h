/*
 * segcore: engagement, C ABI: per-customer features from interactions of any kinds.
 *
 * Interactions (view, click, open, like, comment, share, follow, mention, ... the caller's
 * kinds, coded 0 to n_kinds - 1) of customers coded 0 to n_customers - 1 give, per customer:
 * counts and windowed counts per kind, velocity and trend per kind (the profiles' definitions),
 * an engagement rate against a reach column, the preferred channel, and the local hour and
 * weekend counts in the customer's time zone. The exact definitions: segcore/engagement.hpp
 * and docs/guides/social.md ("Engagement").
 *
 * The conventions of segcore.h apply: int status codes, segcore_last_error_message(),
 * caller-owned outputs, options structs that begin with struct_size.
 */
#ifndef SEGCORE_ENGAGEMENT_H
#define SEGCORE_ENGAGEMENT_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

#define SEGCORE_REACH_SUM 0            /* engagement rate against the sum of reach values. Since: 0.2 */
#define SEGCORE_REACH_LATEST 1         /* against the latest reach value (a follower count). Since: 0.2 */
#define SEGCORE_NO_CHANNEL 0xFFFFFFFFu /* a channel value meaning "none". Since: 0.2 */

/* Options of segcore_engagement_aggregate(); fill with segcore_engagement_options_init()
 * first. Since: 0.2 */
typedef struct segcore_engagement_options {
  size_t struct_size;             /* sizeof(segcore_engagement_options) as the caller knows it */
  int64_t as_of;                  /* Unix seconds; later interactions are left out; default 0 */
  const int32_t* window_days;     /* windows in days, 1 to 36500, at most 16; NULL: 7, 30, 90 */
  size_t n_windows;               /* entries of window_days (ignored when it is NULL) */
  int32_t velocity_days;          /* 1 to 36500; default 30 */
  int32_t trend_weeks;            /* 2 to 5200; default 12 */
  const uint32_t* engaging_kinds; /* kinds counted by the engagement rate; NULL: every kind */
  size_t n_engaging_kinds;        /* entries of engaging_kinds */
  int32_t reach_mode;             /* SEGCORE_REACH_SUM (default) or SEGCORE_REACH_LATEST */
  int32_t reserved0;              /* must be 0 */
  const uint32_t* customer_zone;  /* n_customers indices into zone_names; NULL: UTC for all */
  const char* const* zone_names;  /* "UTC", "+05:30", or a tz database name ("Europe/Paris") */
  size_t n_zones;                 /* entries of zone_names */
} segcore_engagement_options;

/* Where segcore_engagement_aggregate() writes; any pointer may be NULL (not written). Arrays
 * are customer-major: counts[c * n_kinds + k]. Set struct_size to sizeof(...). Since: 0.2 */
typedef struct segcore_engagement_outputs {
  size_t struct_size;         /* sizeof(segcore_engagement_outputs) as the caller knows it */
  uint64_t* counts;           /* n_customers x n_kinds: interactions up to as_of */
  uint64_t* window_counts;    /* n_customers x n_windows x n_kinds: within each window */
  double* velocity;           /* n_customers x n_kinds: velocity_<v>d per kind */
  double* trend;              /* n_customers x n_kinds: trend_<t>w per kind */
  double* engagement_rate;    /* n_customers: engaging interactions / reach; NaN without reach */
  int32_t* preferred_channel; /* n_customers: channel of most interactions (ties: smaller); -1 */
  uint64_t* hour_counts;      /* n_customers x 24: interactions by local hour */
  uint64_t* weekend;          /* n_customers: interactions on a local Saturday or Sunday */
  int32_t* peak_hour;         /* n_customers: local hour of most interactions (ties: earlier); -1 */
  uint64_t* after_as_of;      /* 1 value: interactions after as_of */
} segcore_engagement_outputs;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.2 */
SEGCORE_API int segcore_engagement_options_init(segcore_engagement_options* opts, size_t struct_size);

/* Aggregates n interactions (customer, kind and time required; channel NULL for none, else
 * values below n_channels or SEGCORE_NO_CHANNEL; reach NULL for none, else finite >= 0 or NaN
 * for none) per customer into *out; opts NULL for defaults. Errors: SEGCORE_EINVAL for a
 * NULL required column, a code out of range, a bad reach value, n_kinds outside 1 to 4096,
 * n_channels above 4096, a bad option or zone name (each naming the argument and row);
 * SEGCORE_ENOTFOUND for a zone the system's time-zone database lacks; SEGCORE_EUNSUPPORTED
 * for a newer struct whose unknown fields are set. Nothing is written on error. Since: 0.2 */
SEGCORE_API int segcore_engagement_aggregate(const uint32_t* customer, const uint32_t* kind, const int64_t* time,
                                             const uint32_t* channel, const double* reach, size_t n, size_t n_customers,
                                             size_t n_kinds, size_t n_channels, const segcore_engagement_options* opts,
                                             const segcore_engagement_outputs* out);

SEGCORE_END_DECLS

#endif /* SEGCORE_ENGAGEMENT_H */
