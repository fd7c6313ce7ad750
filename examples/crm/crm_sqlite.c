/* A CRM over SQLite that keeps customer segments in its own tables, through segcore's C ABI.
 *
 *   crm_sqlite CRM.db [data/online_retail_sample.csv]
 *
 * 1. builds CRM.db from the CSV: customers and orders up to 2011-11-01 (later orders are held
 *    back to arrive in step 3);
 * 2. streams the orders into a profile store, scores RFM, assigns rule segments and writes
 *    each customer's segments to segment_membership in one transaction;
 * 3. receives the held-back orders (an insert into orders, as the shop would do);
 * 4. applies only the new orders to the store, re-segments as of 2011-12-10 and writes the
 *    changes, again in one transaction, with a log of who moved where;
 * 5. checks that the store's incremental profiles equal profiles rebuilt from every order.
 *
 * docs/guides/crm-sqlite.md walks through it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm_db.h"
#include "segcore_rules.h"

#define CUTOFF "2011-11-01 00:00:00"
#define CUTOFF_EPOCH INT64_C(1320105600) /* the same instant */
#define LATER "2011-12-10 00:00:00"
#define LATER_EPOCH INT64_C(1323475200)

/* The CRM's own segments, in the rule-set format of docs/RULES.md. */
static const char* const crm_segments =
    "mode exclusive\n"
    "fallback Prospect\n"
    "segment Lapsed: recency_days > 180\n"
    "segment \"At Risk\": recency_days > 60 and frequency >= 2\n"
    "segment VIP: monetary >= 5000 or frequency >= 20\n"
    "segment New: tenure_days <= 30\n"
    "segment Loyal: frequency >= 5\n"
    "segment Active: frequency >= 1\n";

static int fail(const char* what, int rc) {
  fprintf(stderr, "crm_sqlite: %s: %s (%s)\n", what, segcore_last_error_message(), segcore_status_string(rc));
  return rc;
}

/* ---- orders into the profile store ------------------------------------------------------ */

typedef struct feed {
  segcore_profile_store* store;
  int64_t orders;
  int status; /* the first segcore error */
} feed;

static int add_order(void* payload, int64_t customer_id, int64_t ordered_at, double amount, const char* invoice_no) {
  feed* f = payload;
  char customer[24];
  snprintf(customer, sizeof customer, "%lld", (long long)customer_id);
  f->status = segcore_profile_store_add(f->store, customer, ordered_at, amount, invoice_no);
  if (f->status != SEGCORE_OK) return fail("profile store", f->status), 1;
  ++f->orders;
  return 0;
}

/* ---- segment changes reported by the tracker ------------------------------------------ */

typedef struct change {
  char customer[24];
  int32_t from, to; /* segment indices; -1 fallback, SEGCORE_SEGMENT_NONE: first seen */
} change;

typedef struct changes {
  change* items;
  size_t n, capacity;
} changes;

static int on_change(void* payload, const char* customer, int32_t from, int32_t to) {
  changes* c = payload;
  if (c->n == c->capacity) {
    size_t capacity = c->capacity ? 2 * c->capacity : 256;
    change* items = realloc(c->items, capacity * sizeof *items);
    if (!items) return 1; /* stops the update with SEGCORE_ECANCELLED */
    c->items = items, c->capacity = capacity;
  }
  change* ch = &c->items[c->n++];
  snprintf(ch->customer, sizeof ch->customer, "%s", customer);
  ch->from = from, ch->to = to;
  return 0;
}

/* ---- one segmentation run --------------------------------------------------------------- */

typedef struct segments {
  segcore_segment_set* set;
  segcore_segment_tracker* tracker;
  char names[16][32]; /* rule segments, then the fallback at index n_names */
  size_t n_names;
} segments;

static const char* rule_segment_name(const segments* s, int32_t k) {
  if (k == SEGCORE_SEGMENT_NONE) return "(new)";
  return s->names[k < 0 ? s->n_names : (size_t)k];
}

static int prepare_segments(segments* s, const segcore_profiles* schema) {
  segcore_rule_data data = {sizeof data, schema, NULL, 0, 0, 0, 0, 0};
  int rc = segcore_segment_set_parse(&s->set, crm_segments, &data);
  if (rc != SEGCORE_OK) return fail("segment set", rc);
  if ((rc = segcore_segment_set_n_segments(s->set, &s->n_names)) != SEGCORE_OK) return rc;
  if (s->n_names >= sizeof s->names / sizeof s->names[0]) {
    fprintf(stderr, "crm_sqlite: %zu segments; this example keeps names for %zu\n", s->n_names,
            sizeof s->names / sizeof s->names[0] - 1);
    return SEGCORE_ERANGE;
  }
  for (size_t k = 0; k < s->n_names; ++k) segcore_segment_set_name(s->set, k, s->names[k], sizeof s->names[k], NULL);
  segcore_segment_set_fallback(s->set, s->names[s->n_names], sizeof s->names[0], NULL);
  rc = segcore_segment_tracker_create(&s->tracker, s->set);
  return rc == SEGCORE_OK ? rc : fail("tracker", rc);
}

/* Writes every customer's RFM and rule segment; a row changes only when its segment did,
 * and each change is logged. One transaction: readers see the old run or the new one. */
static int write_segments(sqlite3* db, const segcore_profiles* profiles, const segcore_rfm* rfm, const segments* s,
                          const changes* moved, const char* as_of, int64_t* rfm_changed) {
  size_t n = 0;
  segcore_profiles_n_customers(profiles, &n);
  int32_t* rfm_codes = malloc((n + 1) * sizeof *rfm_codes);
  int32_t* rule_codes = malloc((n + 1) * sizeof *rule_codes);
  segcore_rule_data data = {sizeof data, profiles, NULL, 0, 0, 0, 0, 0};
  int rc = rfm_codes && rule_codes ? SEGCORE_OK : SEGCORE_ENOMEM;
  if (rc == SEGCORE_OK) rc = segcore_rfm_get_segments(rfm, rfm_codes, n);
  if (rc == SEGCORE_OK) rc = segcore_segment_set_assign(s->set, &data, 1, rule_codes, n);
  if (rc != SEGCORE_OK) {
    free(rfm_codes), free(rule_codes);
    return fail("segments", rc);
  }
  sqlite3_stmt *upsert = NULL, *log = NULL;
  int db_rc = crm_db_exec(db, "BEGIN;");
  if (db_rc == SQLITE_OK)
    db_rc = sqlite3_prepare_v2(db,
                               "INSERT INTO segment_membership VALUES (?1, ?2, ?3, ?4)"
                               " ON CONFLICT (customer_id, segment_set) DO UPDATE"
                               " SET segment = excluded.segment, since = excluded.since"
                               " WHERE segment != excluded.segment",
                               -1, &upsert, NULL);
  if (db_rc == SQLITE_OK)
    db_rc = sqlite3_prepare_v2(db, "INSERT INTO segment_changes VALUES (?1, 'lifecycle', ?2, ?3, ?4)", -1, &log, NULL);
  *rfm_changed = 0;
  for (size_t i = 0; i < n && db_rc == SQLITE_OK; ++i) {
    char customer[24], rfm_name[64];
    segcore_profiles_customer_id(profiles, i, customer, sizeof customer, NULL);
    segcore_rfm_segment_name(rfm, (size_t)rfm_codes[i], rfm_name, sizeof rfm_name, NULL);
    const char* set_names[2] = {"rfm", "lifecycle"};
    const char* segment[2] = {rfm_name, rule_segment_name(s, rule_codes[i])};
    for (int k = 0; k < 2 && db_rc == SQLITE_OK; ++k) {
      sqlite3_bind_int64(upsert, 1, atoll(customer));
      sqlite3_bind_text(upsert, 2, set_names[k], -1, SQLITE_STATIC);
      sqlite3_bind_text(upsert, 3, segment[k], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(upsert, 4, as_of, -1, SQLITE_STATIC);
      db_rc = sqlite3_step(upsert) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
      if (k == 0) *rfm_changed += sqlite3_changes(db);
      sqlite3_reset(upsert);
    }
  }
  for (size_t j = 0; j < moved->n && db_rc == SQLITE_OK; ++j) {
    const change* ch = &moved->items[j];
    sqlite3_bind_int64(log, 1, atoll(ch->customer));
    if (ch->from == SEGCORE_SEGMENT_NONE)
      sqlite3_bind_null(log, 2);
    else
      sqlite3_bind_text(log, 2, rule_segment_name(s, ch->from), -1, SQLITE_STATIC);
    sqlite3_bind_text(log, 3, rule_segment_name(s, ch->to), -1, SQLITE_STATIC);
    sqlite3_bind_text(log, 4, as_of, -1, SQLITE_STATIC);
    db_rc = sqlite3_step(log) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
    sqlite3_reset(log);
  }
  if (db_rc != SQLITE_OK) fprintf(stderr, "crm_sqlite: %s\n", sqlite3_errmsg(db));
  sqlite3_finalize(upsert);
  sqlite3_finalize(log);
  free(rfm_codes), free(rule_codes);
  if (crm_db_exec(db, db_rc == SQLITE_OK ? "COMMIT;" : "ROLLBACK;") != SQLITE_OK || db_rc != SQLITE_OK)
    return SEGCORE_EIO;
  return SEGCORE_OK;
}

/* Snapshot as of `as_of`, RFM, rule segments with the tracker's changes, write-back. */
static int segment_run(sqlite3* db, segcore_profile_store* store, segments* s, int64_t as_of, const char* as_of_text,
                       changes* moved, segcore_profiles** out) {
  segcore_profiles* profiles = NULL;
  segcore_rfm* rfm = NULL;
  int rc = segcore_profile_store_snapshot(store, &profiles, as_of, 1);
  if (rc != SEGCORE_OK) return fail("snapshot", rc);
  if (!s->set && (rc = prepare_segments(s, profiles)) != SEGCORE_OK) goto done;
  moved->n = 0;
  if ((rc = segcore_segment_tracker_update(s->tracker, profiles, 1, on_change, moved)) != SEGCORE_OK) {
    fail("tracker", rc);
    goto done;
  }
  segcore_rfm_options ropts;
  segcore_rfm_options_init(&ropts, sizeof ropts);
  if ((rc = segcore_rfm_score(&rfm, profiles, &ropts)) != SEGCORE_OK) {
    fail("rfm", rc);
    goto done;
  }
  int64_t rfm_changed = 0;
  if ((rc = write_segments(db, profiles, rfm, s, moved, as_of_text, &rfm_changed)) != SEGCORE_OK) goto done;
  size_t n = 0;
  segcore_profiles_n_customers(profiles, &n);
  printf(
      "   %zu customers as of %s; segment_membership written in one transaction:\n"
      "   %lld RFM and %zu lifecycle memberships new or changed\n",
      n, as_of_text, (long long)rfm_changed, moved->n);
done:
  segcore_rfm_destroy(rfm);
  if (rc == SEGCORE_OK)
    *out = profiles;
  else
    segcore_profiles_destroy(profiles);
  return rc;
}

/* How many customers moved from each segment to each other, in segment order. */
static void print_moves(const segments* s, const changes* moved) {
  enum { max = sizeof s->names / sizeof s->names[0] + 1 };
  size_t count[max][max] = {{0}};
  const size_t none = s->n_names + 1; /* after the fallback, at n_names */
  for (size_t j = 0; j < moved->n; ++j) {
    const int32_t code[2] = {moved->items[j].from, moved->items[j].to};
    size_t at[2];
    for (int e = 0; e < 2; ++e)
      at[e] = code[e] == SEGCORE_SEGMENT_NONE ? none : code[e] < 0 ? s->n_names : (size_t)code[e];
    ++count[at[0]][at[1]];
  }
  printf("   %zu customers changed lifecycle segment (each one logged in segment_changes):\n", moved->n);
  for (size_t from = 0; from <= none; ++from)
    for (size_t to = 0; to <= none; ++to)
      if (count[from][to])
        printf("     %-9s -> %-9s %4zu\n", from == none ? "(new)" : s->names[from], s->names[to], count[from][to]);
}

/* ---- the check: incremental profiles equal a rebuild from every order ----------------- */

typedef struct arrays {
  int64_t *customer, *timestamp;
  double* amount;
  size_t n, capacity;
} arrays;

static int collect_order(void* payload, int64_t customer_id, int64_t ordered_at, double amount,
                         const char* invoice_no) {
  arrays* a = payload;
  (void)invoice_no; /* each orders row is one order: no order ids needed */
  if (a->n == a->capacity) {
    size_t capacity = a->capacity ? 2 * a->capacity : 1024;
    int64_t* c = realloc(a->customer, capacity * sizeof *c);
    if (c) a->customer = c;
    int64_t* t = realloc(a->timestamp, capacity * sizeof *t);
    if (t) a->timestamp = t;
    double* m = realloc(a->amount, capacity * sizeof *m);
    if (m) a->amount = m;
    if (!c || !t || !m) return 1;
    a->capacity = capacity;
  }
  a->customer[a->n] = customer_id, a->timestamp[a->n] = ordered_at, a->amount[a->n] = amount;
  ++a->n;
  return 0;
}

/* 1 when every numeric column of a and b holds the same bits (NaN = missing included). */
static int same_profiles(const segcore_profiles* a, const segcore_profiles* b) {
  size_t n = 0, nb = 0, cols = 0;
  segcore_profiles_n_customers(a, &n);
  segcore_profiles_n_customers(b, &nb);
  segcore_profiles_n_columns(a, &cols);
  if (n != nb) return 0;
  double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
  int same = x && y;
  for (size_t i = 0; i < n && same; ++i) {
    char id_a[24], id_b[24];
    segcore_profiles_customer_id(a, i, id_a, sizeof id_a, NULL);
    segcore_profiles_customer_id(b, i, id_b, sizeof id_b, NULL);
    same = strcmp(id_a, id_b) == 0;
  }
  for (size_t j = 0; j < cols && same; ++j) {
    char name[64];
    int32_t type = 0;
    segcore_profiles_column_name(a, j, name, sizeof name, NULL);
    segcore_profiles_column_type(a, j, &type);
    if (type == SEGCORE_COLUMN_TEXT) continue;
    same = segcore_profiles_get_f64(a, name, x, n) == SEGCORE_OK &&
           segcore_profiles_get_f64(b, name, y, n) == SEGCORE_OK && memcmp(x, y, n * sizeof *x) == 0;
    if (!same) printf("   column %s differs\n", name);
  }
  free(x), free(y);
  return same;
}

static int check_against_rebuild(sqlite3* db, const segcore_profiles* incremental, int64_t as_of) {
  arrays a = {0};
  int64_t after = 0;
  segcore_events* events = NULL;
  segcore_profiles* rebuilt = NULL;
  int rc = crm_db_each_order(db, &after, collect_order, &a) == SQLITE_OK ? SEGCORE_OK : SEGCORE_EIO;
  if (rc == SEGCORE_OK) rc = segcore_events_from_arrays(&events, a.customer, a.timestamp, a.amount, NULL, a.n);
  segcore_profile_options popts;
  segcore_profile_options_init(&popts, sizeof popts);
  popts.as_of = as_of, popts.has_as_of = 1;
  if (rc == SEGCORE_OK) rc = segcore_profiles_build(&rebuilt, events, &popts);
  if (rc == SEGCORE_OK) {
    int same = same_profiles(incremental, rebuilt);
    printf("5. check: the store's profiles equal profiles rebuilt from all %zu orders: %s\n", a.n, same ? "yes" : "NO");
    if (!same) rc = SEGCORE_EINTERNAL;
  } else {
    fail("rebuild", rc);
  }
  segcore_profiles_destroy(rebuilt);
  segcore_events_destroy(events);
  free(a.customer), free(a.timestamp), free(a.amount);
  return rc;
}

/* ---- the run ---------------------------------------------------------------------------- */

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: crm_sqlite CRM.db [data/online_retail_sample.csv]\n");
    return 2;
  }
  const char* csv = argc > 2 ? argv[2] : "data/online_retail_sample.csv";
  sqlite3* db = NULL;
  segcore_profile_store* store = NULL;
  segcore_profiles *before = NULL, *after = NULL;
  segments seg = {0};
  changes moved = {0};
  int64_t cursor = 0, received = 0;
  int status = 1;

  if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
    fprintf(stderr, "crm_sqlite: %s: %s\n", argv[1], sqlite3_errmsg(db));
    goto done;
  }
  if (crm_db_create(db, csv, CUTOFF) != SQLITE_OK) goto done;
  printf("1. %s: customers and orders before %s loaded from %s\n", argv[1], CUTOFF, csv);

  /* The store lives as long as the service; it sees each order once. */
  segcore_profile_options popts;
  segcore_profile_options_init(&popts, sizeof popts);
  int rc = segcore_profile_store_create(&store, &popts);
  if (rc != SEGCORE_OK) {
    fail("profile store", rc);
    goto done;
  }
  feed f = {store, 0, SEGCORE_OK};
  if (crm_db_each_order(db, &cursor, add_order, &f) != SQLITE_OK) goto done;
  printf("2. %lld orders streamed into the profile store\n", (long long)f.orders);
  if (segment_run(db, store, &seg, CUTOFF_EPOCH, CUTOFF, &moved, &before) != SEGCORE_OK) goto done;

  if (crm_db_receive_orders(db, &received) != SQLITE_OK) goto done;
  printf("3. %lld new orders placed up to %s\n", (long long)received, LATER);

  f.orders = 0;
  int64_t seen = cursor;
  if (crm_db_each_order(db, &cursor, add_order, &f) != SQLITE_OK) goto done;
  printf("4. %lld new orders (order_id > %lld) applied to the store\n", (long long)f.orders, (long long)seen);
  if (segment_run(db, store, &seg, LATER_EPOCH, LATER, &moved, &after) != SEGCORE_OK) goto done;
  print_moves(&seg, &moved);

  if (check_against_rebuild(db, after, LATER_EPOCH) != SEGCORE_OK) goto done;
  status = 0;

done:
  segcore_profiles_destroy(after);
  segcore_profiles_destroy(before);
  segcore_segment_tracker_destroy(seg.tracker);
  segcore_segment_set_destroy(seg.set);
  segcore_profile_store_destroy(store);
  free(moved.items);
  sqlite3_close(db);
  return status;
}
