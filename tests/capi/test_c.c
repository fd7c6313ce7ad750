/* Compiled as C99: every public C header must be usable from C. */
#include "segcore.h"
#include "segcore_cluster.h"
#include "segcore_clv.h"
#include "segcore_model.h"
#include "segcore_profile.h"
#include "segcore_analysis.h"
#include "segcore_rules.h"
#include "segcore_privacy.h"
#include "segcore_social.h"
#include "segcore_engagement.h"
#include "segcore_listening.h"
#include "segcore_sentiment.h"
#include "segcore_version.h"

#include <stdio.h>
#include <string.h>

/* Counts trigger changes; stops when the payload's limit is reached. */
static int count_changes(void* payload, const char* customer, size_t trigger, int32_t entered) {
  int* n = (int*)payload;
  (void)customer;
  (void)trigger;
  (void)entered;
  return ++*n > 100;
}

/* Counts segment moves caused by events. */
static int count_moves(void* payload, const segcore_segment_move* move) {
  int* n = (int*)payload;
  (void)move;
  ++*n;
  return 0;
}

int main(void) {
  segcore_scaler_options opts;
  segcore_scaler* scaler = NULL;
  double x[6] = {1, 2, 3, 4, 5, 6};
  double y[6];
  int failures = 0;

  if (segcore_version_number() != SEGCORE_VERSION_NUMBER) {
    printf("runtime version %d differs from header version %d\n", (int)segcore_version_number(),
           SEGCORE_VERSION_NUMBER);
    failures++;
  }
  if (segcore_scaler_options_init(&opts, sizeof opts) != SEGCORE_OK) failures++;
  if (segcore_scaler_create(&scaler, &opts) != SEGCORE_OK) failures++;
  if (segcore_scaler_fit_f64(scaler, x, 3, 2) != SEGCORE_OK) failures++;
  if (segcore_scaler_transform_f64(scaler, x, 3, 2, y, 6) != SEGCORE_OK) failures++;
  if (y[0] >= 0 || y[4] <= 0) {
    printf("unexpected transform: %g %g\n", y[0], y[4]);
    failures++;
  }
  if (segcore_scaler_fit_f64(NULL, x, 3, 2) != SEGCORE_EINVAL ||
      strstr(segcore_last_error_message(), "scaler is NULL") == NULL) {
    printf("NULL handle not reported: %s\n", segcore_last_error_message());
    failures++;
  }
  segcore_scaler_destroy(scaler);
  segcore_scaler_destroy(NULL);
  {
    uint32_t src[3] = {0, 1, 2}, dst[3] = {1, 2, 0};
    double rank[3];
    segcore_pagerank_options popts;
    segcore_influence_graph* graph = NULL;
    if (segcore_pagerank_options_init(&popts, sizeof popts) != SEGCORE_OK) failures++;
    if (segcore_influence_graph_create(&graph, 3, src, dst, NULL, 3, NULL) != SEGCORE_OK) failures++;
    if (segcore_influence_graph_pagerank(graph, &popts, rank, 3) != SEGCORE_OK || rank[0] < 0.33 || rank[0] > 0.34) {
      printf("unexpected pagerank of a 3-cycle: %g\n", rank[0]);
      failures++;
    }
    segcore_influence_graph_destroy(graph);
  }
  {
    segcore_kmeans_options kopts;
    segcore_kmeans* km = NULL;
    double pts[8] = {0, 0, 0, 1, 10, 10, 10, 11};
    int32_t labels[4];
    if (segcore_kmeans_options_init(&kopts, sizeof kopts) != SEGCORE_OK) failures++;
    kopts.n_clusters = 2;
    if (segcore_kmeans_create(&km, &kopts) != SEGCORE_OK) failures++;
    if (segcore_kmeans_fit_f64(km, pts, 4, 2, NULL) != SEGCORE_OK) failures++;
    if (segcore_kmeans_get_labels(km, labels, 4) != SEGCORE_OK || labels[0] != labels[1] || labels[2] != labels[3] ||
        labels[0] == labels[2]) {
      printf("k-means from C: unexpected labels\n");
      failures++;
    }
    segcore_kmeans_destroy(km);
    segcore_kmeans_destroy(NULL);
  }
  {
    /* Two customers: one buys on days 0, 7 and 14, one once; then BG/NBD with given
     * parameters, as a C caller would use it after a fit. */
    int64_t ids[4] = {5, 5, 5, 9};
    int64_t ts[4] = {0, 7 * 86400, 14 * 86400, 3 * 86400};
    double amount[4] = {10, 20, 30, 5};
    segcore_clv_summary_options sopts;
    size_t n_customers = 0;
    double fr[2], rec[2], T[2], mon[2], alive[2];
    double params[4] = {0.243, 4.414, 0.793, 2.426};
    segcore_clv_model* bg = NULL;
    if (segcore_clv_summary_options_init(&sopts, sizeof sopts) != SEGCORE_OK) failures++;
    sopts.time_unit_days = 7;
    if (segcore_clv_summarize(ids, ts, amount, 4, &sopts, NULL, NULL, NULL, NULL, NULL, 0, &n_customers) !=
            SEGCORE_ERANGE ||
        n_customers != 2) {
      printf("clv summary size query failed: %s\n", segcore_last_error_message());
      failures++;
    }
    if (segcore_clv_summarize(ids, ts, amount, 4, &sopts, NULL, fr, rec, T, mon, 2, &n_customers) != SEGCORE_OK ||
        fr[0] != 2 || rec[0] != 2 || T[1] != 11.0 / 7 || mon[0] != 25) {
      printf("clv summary from C: unexpected values\n");
      failures++;
    }
    if (segcore_clv_create(&bg, NULL) != SEGCORE_OK || segcore_clv_set_params(bg, params, 4) != SEGCORE_OK ||
        segcore_clv_probability_alive(bg, fr, rec, T, 2, alive, 2) != SEGCORE_OK || !(alive[0] > 0 && alive[0] <= 1) ||
        alive[1] != 1) {
      printf("clv from C: %s\n", segcore_last_error_message());
      failures++;
    }
    segcore_clv_destroy(bg);
    segcore_clv_destroy(NULL);
  }

  {
    /* Profiles and RFM from arrays: customer 2 buys recently and often. */
    const int64_t customer[5] = {1, 2, 2, 2, 3};
    const int64_t ts[5] = {86400, 86400 * 5, 86400 * 9, 86400 * 10, 86400 * 2};
    const double amount[5] = {10, 20, 30, 40, -5};
    segcore_events* ev = NULL;
    segcore_profiles* prof = NULL;
    segcore_rfm* rfm = NULL;
    segcore_rfm_options ro;
    int32_t r[3], f[3], m[3];
    double freq[3];
    char name[64];
    size_t len = 0;
    if (segcore_events_from_arrays(&ev, customer, ts, amount, NULL, 5) != SEGCORE_OK) failures++;
    if (segcore_profiles_build(&prof, ev, NULL) != SEGCORE_OK) failures++;
    if (segcore_profiles_get_f64(prof, "frequency", freq, 3) != SEGCORE_OK || freq[1] != 3 || freq[2] != 0) {
      printf("frequency: %s\n", segcore_last_error_message());
      failures++;
    }
    if (segcore_rfm_options_init(&ro, sizeof ro) != SEGCORE_OK) failures++;
    ro.bins = 2;
    if (segcore_rfm_score(&rfm, prof, &ro) != SEGCORE_OK || segcore_rfm_get_scores(rfm, r, f, m, 3) != SEGCORE_OK ||
        r[1] != 2 || f[1] != 2 || r[2] != 0) {
      printf("rfm: %s\n", segcore_last_error_message());
      failures++;
    }
    if (segcore_profiles_column_name(prof, 0, name, 4, &len) != SEGCORE_OK || len != 8 || strcmp(name, "n_e") != 0) {
      printf("column name: %s (%u)\n", name, (unsigned)len);
      failures++;
    }
    if (segcore_profiles_get_f64(prof, "nope", freq, 3) != SEGCORE_ENOTFOUND) failures++;
    segcore_rfm_destroy(rfm);
    segcore_profiles_destroy(prof);
    segcore_events_destroy(ev);
    segcore_rfm_destroy(NULL);
    segcore_profiles_destroy(NULL);
    segcore_events_destroy(NULL);
    segcore_profile_store_destroy(NULL);
  }
  {
    /* The RFM selection from C: frequencies 1, 3 in one partition and 2, 2 in another give the
     * median edge 2 (bins 2), as segcore_rfm_score would on the four values. */
    const double part[2][2] = {{1, 3}, {2, 2}};
    segcore_rfm_selection* sel = NULL;
    int32_t done = 0, scores[2];
    double edge = -1;
    if (segcore_rfm_selection_create(&sel, 2, SEGCORE_RFM_QUANTILE, 1) != SEGCORE_OK) failures++;
    while (sel != NULL && segcore_rfm_selection_done(sel, &done, NULL) == SEGCORE_OK && !done) {
      segcore_rfm_counts *sum = NULL, *other = NULL;
      unsigned char bytes[256];
      size_t size = 0;
      if (segcore_rfm_selection_request(sel, &sum) != SEGCORE_OK ||
          segcore_rfm_counts_to_bytes(sum, bytes, sizeof bytes, &size) != SEGCORE_OK ||
          segcore_rfm_counts_from_bytes(&other, bytes, size) != SEGCORE_OK ||
          segcore_rfm_counts_add(sum, 0, part[0], NULL, 2) != SEGCORE_OK ||
          segcore_rfm_counts_add(other, 0, part[1], NULL, 2) != SEGCORE_OK ||
          segcore_rfm_counts_merge(sum, other) != SEGCORE_OK || segcore_rfm_selection_narrow(sel, sum) != SEGCORE_OK) {
        printf("rfm selection: %s\n", segcore_last_error_message());
        failures++;
        done = 1;
      }
      segcore_rfm_counts_destroy(sum);
      segcore_rfm_counts_destroy(other);
      if (done) break;
    }
    if (segcore_rfm_selection_get_edges(sel, 0, &edge, 1) != SEGCORE_OK || edge != 2 ||
        segcore_rfm_selection_score(sel, 0, part[0], NULL, 2, scores, 2) != SEGCORE_OK || scores[0] != 1 ||
        scores[1] != 2) {
      printf("rfm selection edges: %s\n", segcore_last_error_message());
      failures++;
    }
    segcore_rfm_selection_destroy(sel);
  }
  {
    double pts[8] = {0, 0, 0, 1, 10, 10, 10, 11};
    int32_t labels[4] = {0, 0, 1, 1}, cut[4];
    double score = 0;
    segcore_dendrogram* tree = NULL;
    if (segcore_silhouette_score_f64(pts, 4, 2, labels, 4, NULL, &score) != SEGCORE_OK || score < 0.9) {
      printf("silhouette from C: %g (%s)\n", score, segcore_last_error_message());
      failures++;
    }
    if (segcore_silhouette_score_f64(pts, 4, 2, labels, 3, NULL, &score) != SEGCORE_EINVAL) failures++;
    if (segcore_dendrogram_build_f64(&tree, pts, 4, 2, SEGCORE_LINKAGE_WARD) != SEGCORE_OK ||
        segcore_dendrogram_cut(tree, 2, cut, 4) != SEGCORE_OK || cut[0] != cut[1] || cut[0] == cut[2]) {
      printf("ward from C: unexpected labels\n");
      failures++;
    }
    segcore_dendrogram_destroy(tree);
    segcore_dendrogram_destroy(NULL);
    segcore_pca_destroy(NULL);
    segcore_personas_destroy(NULL);
  }
  {
    /* A rule over the caller's columns, and the lifecycle text round trip. */
    const double spend[3] = {5, 50, 500};
    const char* const city[3] = {"Oslo", NULL, "Lima"};
    segcore_column cols[2];
    segcore_rule_data data;
    segcore_rule *rule = NULL, *bad = NULL;
    segcore_segment_set* set = NULL;
    uint8_t hit[3];
    int32_t truth = -1, seg[3];
    double one = 60;
    char text[1024];
    size_t len = 0;
    memset(cols, 0, sizeof cols);
    memset(&data, 0, sizeof data);
    cols[0].name = "spend";
    cols[0].type = SEGCORE_COLUMN_F64;
    cols[0].f64 = spend;
    cols[1].name = "city";
    cols[1].type = SEGCORE_COLUMN_TEXT;
    cols[1].text = city;
    data.struct_size = sizeof data;
    data.columns = cols;
    data.n_columns = 2;
    data.n_rows = 3;
    if (segcore_rule_compile(&rule, "spend > 10 and city != 'Lima'", &data) != SEGCORE_OK ||
        segcore_rule_evaluate(rule, &data, 1, hit, 3) != SEGCORE_OK || hit[0] != 0 || hit[1] != 0 || hit[2] != 0) {
      printf("rule: %s\n", segcore_last_error_message());
      failures++;
    }
    if (segcore_rule_evaluate_one(rule, &one, NULL, NULL, 1, NULL, &truth) != SEGCORE_EINVAL) failures++;
    {
      double nums[2] = {60, 0};
      const char* texts[2] = {NULL, "Oslo"};
      if (segcore_rule_evaluate_one(rule, nums, texts, NULL, 2, NULL, &truth) != SEGCORE_OK ||
          truth != SEGCORE_RULE_TRUE) {
        printf("evaluate_one: %d %s\n", (int)truth, segcore_last_error_message());
        failures++;
      }
    }
    if (segcore_rule_compile(&bad, "spend >", &data) != SEGCORE_EINVAL || bad != NULL ||
        strstr(segcore_last_error_message(), "line 1, column 8") == NULL) {
      printf("compile error: %s\n", segcore_last_error_message());
      failures++;
    }
    if (segcore_segment_set_parse(&set, "segment big: spend >= 50\nsegment oslo: city = 'Oslo'\n", &data) !=
            SEGCORE_OK ||
        segcore_segment_set_assign(set, &data, 0, seg, 3) != SEGCORE_OK || seg[0] != 1 || seg[1] != 0 || seg[2] != 0) {
      printf("segment set: %s\n", segcore_last_error_message());
      failures++;
    }
    if (segcore_segment_set_lifecycle_text(text, sizeof text, &len) != SEGCORE_OK ||
        strstr(text, "segment Lapsed") == NULL)
      failures++;
    {
      segcore_profile_store* store = NULL;
      segcore_profiles* snap = NULL;
      segcore_triggers* trig = NULL;
      segcore_rule_data pd;
      const char* tnames[1] = {"buyer"};
      const char* trules[1] = {"frequency >= 1"};
      int changes = 0;
      memset(&pd, 0, sizeof pd);
      pd.struct_size = sizeof pd;
      if (segcore_profile_store_create(&store, NULL) != SEGCORE_OK ||
          segcore_profile_store_add(store, "c1", 86400, 9.5, NULL) != SEGCORE_OK ||
          segcore_profile_store_snapshot(store, &snap, 0, 0) != SEGCORE_OK)
        failures++;
      pd.profiles = snap;
      if (segcore_triggers_create(&trig, tnames, trules, 1, &pd) != SEGCORE_OK ||
          segcore_triggers_update(trig, snap, 1, count_changes, &changes) != SEGCORE_OK || changes != 1) {
        printf("triggers: %d %s\n", changes, segcore_last_error_message());
        failures++;
      }
      segcore_triggers_destroy(trig);
      segcore_profiles_destroy(snap);
      segcore_profile_store_destroy(store);
    }
    segcore_segment_set_destroy(set);
    segcore_segment_set_destroy(NULL);
    segcore_rule_destroy(rule);
    segcore_rule_destroy(NULL);
  }
  {
    /* Event triggers, fed one event at a time. */
    const char* names[] = {"type"};
    const char* types[] = {"purchase"};
    segcore_event_triggers* et = NULL;
    segcore_stream_event e;
    int moves = 0, k;
    memset(&e, 0, sizeof e);
    e.struct_size = sizeof e;
    e.customer = "c1";
    e.amount = 5;
    e.categories = types;
    e.n_categories = 1;
    if (segcore_event_triggers_parse(&et, "trigger t to Loyal: count(type = 'purchase') >= 3 within 30 days", names,
                                     1) != SEGCORE_OK) {
      printf("event triggers: %s\n", segcore_last_error_message());
      failures++;
    }
    for (k = 0; k < 3; ++k) {
      e.timestamp = k * 86400;
      if (segcore_event_triggers_add(et, &e, NULL, count_moves, &moves) != SEGCORE_OK) failures++;
    }
    if (moves != 1) {
      printf("event triggers: %d moves\n", moves);
      failures++;
    }
    segcore_event_triggers_destroy(et);
  }
  {
    /* Privacy: erase from a store and a resolver, pseudonyms, an opt-out list. */
    segcore_profile_store* st = NULL;
    segcore_identity* id = NULL;
    int32_t kinds[2] = {SEGCORE_ID_EMAIL, SEGCORE_ID_CRM};
    const char* values[2] = {"Ann@Example.com", "A-1"};
    const char* emails[3] = {"Ann@Example.com", " ann@example.com", NULL};
    const uint8_t key[4] = {'J', 'e', 'f', 'e'};
    char out[3 * SEGCORE_PSEUDONYM_SIZE];
    uint64_t n_events = 0, records = 0, identifiers = 0;
    size_t rejected = 9;
    int64_t cust[3] = {1, 2, 1};
    int64_t when[3] = {0, 1, 2};
    double amt[3] = {1, 2, 3};
    const char* gone[1] = {"1"};
    uint64_t removed = 0, rows = 0;
    size_t left = 0;
    segcore_events* ev = NULL;
    if (segcore_profile_store_create(&st, NULL) != SEGCORE_OK ||
        segcore_profile_store_add(st, "a", 0, 1, NULL) != SEGCORE_OK ||
        segcore_profile_store_erase(st, "a", &n_events, NULL, NULL) != SEGCORE_OK || n_events != 1 ||
        segcore_profile_store_erase(st, "a", NULL, NULL, NULL) != SEGCORE_ENOTFOUND) {
      printf("store erase: %s\n", segcore_last_error_message());
      failures++;
    }
    segcore_profile_store_destroy(st);
    if (segcore_identity_create(&id, NULL) != SEGCORE_OK ||
        segcore_identity_add_record(id, kinds, values, 2, NULL) != SEGCORE_OK ||
        segcore_identity_erase(id, SEGCORE_ID_EMAIL, "ann@example.com", &records, &identifiers, NULL, NULL) !=
            SEGCORE_OK ||
        records != 1 || identifiers != 2) {
      printf("identity erase: %s\n", segcore_last_error_message());
      failures++;
    }
    segcore_identity_destroy(id);
    if (segcore_pseudonyms_available()) {
      if (segcore_pseudonymize_identifiers(key, sizeof key, SEGCORE_ID_EMAIL, NULL, emails, 3, 1, out, sizeof out,
                                           &rejected) != SEGCORE_OK ||
          strcmp(out, out + SEGCORE_PSEUDONYM_SIZE) != 0 || strlen(out) != 64 || out[2 * SEGCORE_PSEUDONYM_SIZE] != 0 ||
          rejected != 0) {
        printf("pseudonyms: %s\n", segcore_last_error_message());
        failures++;
      }
    } else if (segcore_pseudonymize_identifiers(key, sizeof key, SEGCORE_ID_RAW, NULL, emails, 1, 1, out, sizeof out,
                                                NULL) != SEGCORE_EUNSUPPORTED) {
      failures++;
    }
    if (segcore_events_from_arrays(&ev, cust, when, amt, NULL, 3) != SEGCORE_OK ||
        segcore_events_exclude_customers(ev, gone, 1, &removed, &rows) != SEGCORE_OK || removed != 1 || rows != 2 ||
        segcore_events_n_customers(ev, &left) != SEGCORE_OK || left != 1) {
      printf("opt-out: %s\n", segcore_last_error_message());
      failures++;
    }
    segcore_events_destroy(ev);
  }
  printf("%s\n", failures ? "FAIL" : "ok");
  return failures ? 1 : 0;
}
