// The table of bad inputs across the library. Each row: area, case, expected status, the
// fragments the message must hold, and the call. docs/ERRORS.md shows this table (generated
// from it and checked against it by the badinput-doc test).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "boundary_fixtures.hpp"
#include "fixtures.hpp"
#include "matrix.hpp"
#include "segcore_privacy.h"
#include "segcore_social.h"
#include "segcore_engagement.h"
#include "segcore_listening.h"
#include "segcore_sentiment.h"

namespace badinput {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDenormal = 4.9e-324;
constexpr int64_t kDay = 86400;

using KMeansPartial = Owned<segcore_kmeans_partial, segcore_kmeans_partial_destroy>;
using ClusterSums = Owned<segcore_cluster_sums, segcore_cluster_sums_destroy>;
using ClusterSpread = Owned<segcore_cluster_spread, segcore_cluster_spread_destroy>;
using HistoryCounts = Owned<segcore_clv_history_counts, segcore_clv_history_counts_destroy>;

// segcore_engagement_aggregate on one interaction of a customer in the zone named `zone`.
int engagement_in_zone(const char* zone) {
  const uint32_t customer[] = {0}, kind[] = {0}, zone_index[] = {0};
  const int64_t time[] = {10};
  const char* names[] = {zone};
  segcore_engagement_options o;
  segcore_engagement_options_init(&o, sizeof o);
  o.customer_zone = zone_index;
  o.zone_names = names;
  o.n_zones = 1;
  segcore_engagement_outputs out{};
  out.struct_size = sizeof out;
  return segcore_engagement_aggregate(customer, kind, time, nullptr, nullptr, 1, 1, 1, 0, &o, &out);
}

// segcore_listening_create on the sets named `names`, pattern p belonging to set owner[p]; a
// handle made despite the case is freed.
int create_listening(std::vector<const char*> names, std::vector<const char*> patterns, std::vector<uint32_t> owner) {
  segcore_listening* sets = nullptr;
  const int status =
      segcore_listening_create(&sets, names.data(), names.size(), patterns.data(), owner.data(), patterns.size());
  segcore_listening_destroy(sets);
  return status;
}

// PageRank of the 3-node graph 0 -> 1 -> 2, 1 -> 0 with the options `adjust` makes.
int rank_small_graph(void (*adjust)(segcore_pagerank_options*)) {
  const uint32_t src[] = {0, 1, 1}, dst[] = {1, 2, 0};
  segcore_influence_graph* g = nullptr;
  segcore_influence_graph_create(&g, 3, src, dst, nullptr, 3, nullptr);
  segcore_pagerank_options o;
  segcore_pagerank_options_init(&o, sizeof o);
  adjust(&o);
  double out[3];
  const int status = segcore_influence_graph_pagerank(g, &o, out, 3);
  segcore_influence_graph_destroy(g);
  return status;
}

// An empty k-means partial state for the first two rows of kX as centers (double data).
KMeansPartial kmeans_partial() {
  segcore_kmeans_partial* s = nullptr;
  segcore_kmeans_partial_create(&s, kX, 2, 2, SEGCORE_PARTIAL_F64);
  return KMeansPartial(s);
}

// Empty clustering-metric sums relative to kX's first row.
ClusterSums cluster_sums() {
  segcore_cluster_sums* s = nullptr;
  segcore_cluster_sums_create(&s, kX, 2);
  return ClusterSums(s);
}

// The byte form of kmeans_partial().
std::vector<unsigned char> kmeans_partial_bytes() {
  KMeansPartial s = kmeans_partial();
  size_t size = 0;
  segcore_kmeans_partial_to_bytes(s.get(), nullptr, 0, &size);
  std::vector<unsigned char> b(size);
  segcore_kmeans_partial_to_bytes(s.get(), b.data(), b.size(), &size);
  return b;
}

using RfmSelection = Owned<segcore_rfm_selection, segcore_rfm_selection_destroy>;
using RfmCounts = Owned<segcore_rfm_counts, segcore_rfm_counts_destroy>;

// A quantile selection of 5 scores over R, F and M, and its first request.
RfmSelection rfm_selection() {
  segcore_rfm_selection* s = nullptr;
  segcore_rfm_selection_create(&s, 5, SEGCORE_RFM_QUANTILE, 3);
  return RfmSelection(s);
}

RfmCounts rfm_request(const segcore_rfm_selection* s) {
  segcore_rfm_counts* c = nullptr;
  segcore_rfm_selection_request(s, &c);
  return RfmCounts(c);
}

// The byte form of rfm_selection()'s first request.
std::vector<unsigned char> rfm_counts_bytes() {
  RfmSelection s = rfm_selection();
  RfmCounts c = rfm_request(s.get());
  size_t size = 0;
  segcore_rfm_counts_to_bytes(c.get(), nullptr, 0, &size);
  std::vector<unsigned char> b(size);
  segcore_rfm_counts_to_bytes(c.get(), b.data(), b.size(), &size);
  return b;
}

// An options struct one field larger than this library knows, with that field set.
template <class Options>
struct Newer {
  Options base;
  int64_t future;
};

// The header and one good row of a default CSV.
const std::string kHeader = "customer_id,timestamp,amount\n";
const std::string kGoodRow = "c1,2024-01-02,10\n";
// kHeader + kGoodRow, gzip-compressed (Python's gzip.compress with mtime 0).
const std::string kGzipCsv(
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\x4b\x2e\x2d\x2e\xc9\xcf\x4d\x2d\x8a\xcf\x4c\xd1\x29\xc9\xcc\x4d"
    "\x2d\x2e\x49\xcc\x2d\xd0\x49\xcc\xcd\x2f\xcd\x2b\xe1\x4a\x36\xd4\x31\x32\x30\x32\xd1\x35\x30\xd4\x35\x30"
    "\xd2\x31\x34\xe0\x02\x00\xab\xe1\xee\xa5\x2e\x00\x00\x00",
    66);

// A FIFO in a folder of its own, removed with it. Nothing ever writes to it: a reader that
// opened it for reading would wait forever.
class TempFifo {
 public:
  TempFifo() {
    const char* t = std::getenv("TMPDIR");
    dir_ = std::string(t != nullptr && *t != '\0' ? t : "/tmp") + "/segcore-fifo-XXXXXX";
    if (mkdtemp(dir_.data()) != nullptr) {
      path_ = dir_ + "/fifo";
      mkfifo(path_.c_str(), 0600);
    }
  }
  ~TempFifo() {
    unlink(path_.c_str());
    rmdir(dir_.c_str());
  }
  TempFifo(const TempFifo&) = delete;
  TempFifo& operator=(const TempFifo&) = delete;
  const char* path() const { return path_.c_str(); }

 private:
  std::string dir_, path_;
};

}  // namespace

const std::vector<Case>& cases() {
  static const std::vector<Case> table = {
      // ---- Null handles: every handle type -------------------------------------------------
      {"null handle", "scaler", SEGCORE_EINVAL, {"segcore_scaler_transform_f64", "scaler is NULL"},
       +[] { double out[2]; return segcore_scaler_transform_f64(nullptr, kX, 1, 2, out, 2); }},
      {"null handle", "k-means", SEGCORE_EINVAL, {"segcore_kmeans_predict_f64", "km is NULL"},
       +[] { int32_t l[6]; return segcore_kmeans_predict_f64(nullptr, kX, 6, 2, l, 6); }},
      {"null handle", "PCA", SEGCORE_EINVAL, {"segcore_pca_transform_f64", "pca is NULL"},
       +[] { double out[12]; return segcore_pca_transform_f64(nullptr, kX, 6, 2, out, 12); }},
      {"null handle", "dendrogram", SEGCORE_EINVAL, {"segcore_dendrogram_n_leaves", "tree is NULL"},
       +[] { size_t n; return segcore_dendrogram_n_leaves(nullptr, &n); }},
      {"null handle", "personas", SEGCORE_EINVAL, {"segcore_personas_count", "profiles is NULL"},
       +[] { size_t n; return segcore_personas_count(nullptr, &n); }},
      {"null handle", "events", SEGCORE_EINVAL, {"segcore_events_n_rows", "events is NULL"},
       +[] { size_t n; return segcore_events_n_rows(nullptr, &n); }},
      {"null handle", "profiles", SEGCORE_EINVAL, {"segcore_profiles_n_customers", "profiles is NULL"},
       +[] { size_t n; return segcore_profiles_n_customers(nullptr, &n); }},
      {"null handle", "profile store", SEGCORE_EINVAL, {"segcore_profile_store_add", "store is NULL"},
       +[] { return segcore_profile_store_add(nullptr, "c", kDay, 1, nullptr); }},
      {"null handle", "RFM", SEGCORE_EINVAL, {"segcore_rfm_n_customers", "rfm is NULL"},
       +[] { size_t n; return segcore_rfm_n_customers(nullptr, &n); }},
      {"null handle", "identity", SEGCORE_EINVAL, {"segcore_identity_resolve", "identity is NULL"},
       +[] { uint32_t c[1]; size_t n; return segcore_identity_resolve(nullptr, c, 1, &n); }},
      {"null handle", "rule", SEGCORE_EINVAL, {"segcore_rule_evaluate", "rule is NULL"},
       +[] { Columns c; uint8_t out[3]; return segcore_rule_evaluate(nullptr, &c.data, 1, out, 3); }},
      {"null handle", "segment set", SEGCORE_EINVAL, {"segcore_segment_set_assign", "set is NULL"},
       +[] { Columns c; int32_t out[3]; return segcore_segment_set_assign(nullptr, &c.data, 1, out, 3); }},
      {"null handle", "segment tracker", SEGCORE_EINVAL, {"segcore_segment_tracker_update", "tracker is NULL"},
       +[] {
         ProfilesPtr p = profiles();
         return segcore_segment_tracker_update(nullptr, p.get(), 1, nullptr, nullptr);
       }},
      {"null handle", "weighted model", SEGCORE_EINVAL, {"segcore_weighted_model_score_one", "model is NULL"},
       +[] { double v[1] = {1}, out; return segcore_weighted_model_score_one(nullptr, v, 1, 0, &out); }},
      {"null handle", "score bands", SEGCORE_EINVAL, {"segcore_score_bands_assign", "bands is NULL"},
       +[] { double s[1] = {1}; int32_t out[1]; return segcore_score_bands_assign(nullptr, s, 1, out, 1); }},
      {"null handle", "logistic", SEGCORE_EINVAL, {"segcore_logistic_predict_proba", "model is NULL"},
       +[] { double out[6]; return segcore_logistic_predict_proba(nullptr, kX, 6, 2, out, 6); }},
      {"null handle", "triggers", SEGCORE_EINVAL, {"segcore_triggers_update", "triggers is NULL"},
       +[] {
         ProfilesPtr p = profiles();
         return segcore_triggers_update(nullptr, p.get(), 1, nullptr, nullptr);
       }},
      {"null handle", "event triggers", SEGCORE_EINVAL, {"segcore_event_triggers_flush", "triggers is NULL"},
       +[] { return segcore_event_triggers_flush(nullptr, nullptr, nullptr); }},
      {"null handle", "CLV model", SEGCORE_EINVAL, {"segcore_clv_get_params", "model is NULL"},
       +[] { double out[4]; return segcore_clv_get_params(nullptr, out, 4); }},

      // ---- Null out-pointers: every constructor, and getters --------------------------------
      {"null out", "scaler create", SEGCORE_EINVAL, {"segcore_scaler_create", "out is NULL"},
       +[] { return segcore_scaler_create(nullptr, nullptr); }},
      {"null out", "k-means create", SEGCORE_EINVAL, {"segcore_kmeans_create", "out is NULL"},
       +[] { return segcore_kmeans_create(nullptr, nullptr); }},
      {"null out", "PCA create", SEGCORE_EINVAL, {"segcore_pca_create", "out is NULL"},
       +[] { return segcore_pca_create(nullptr, nullptr); }},
      {"null out", "dendrogram build", SEGCORE_EINVAL, {"segcore_dendrogram_build_f64", "out is NULL"},
       +[] { return segcore_dendrogram_build_f64(nullptr, kX, 6, 2, SEGCORE_LINKAGE_WARD); }},
      {"null out", "personas build", SEGCORE_EINVAL, {"segcore_personas_build_f64", "out is NULL"},
       +[] {
         return segcore_personas_build_f64(nullptr, kX, 6, 2, kLabels, 6, nullptr, nullptr, nullptr, 2, 0.5);
       }},
      {"null out", "events read CSV", SEGCORE_EINVAL, {"segcore_events_read_csv", "out is NULL"},
       +[] { return segcore_events_read_csv(nullptr, "x.csv", nullptr); }},
      {"null out", "events from arrays", SEGCORE_EINVAL, {"segcore_events_from_arrays", "out is NULL"},
       +[] {
         const int64_t c[1] = {1}, t[1] = {kDay};
         const double a[1] = {1};
         return segcore_events_from_arrays(nullptr, c, t, a, nullptr, 1);
       }},
      {"null out", "profiles build", SEGCORE_EINVAL, {"segcore_profiles_build", "out is NULL"},
       +[] { Events ev = events(); return segcore_profiles_build(nullptr, ev.get(), nullptr); }},
      {"null out", "profile store create", SEGCORE_EINVAL, {"segcore_profile_store_create", "out is NULL"},
       +[] { return segcore_profile_store_create(nullptr, nullptr); }},
      {"null out", "store snapshot", SEGCORE_EINVAL, {"segcore_profile_store_snapshot", "out is NULL"},
       +[] {
         segcore_profile_store* s = nullptr;
         segcore_profile_store_create(&s, nullptr);
         Store store(s);
         return segcore_profile_store_snapshot(store.get(), nullptr, 0, 0);
       }},
      {"null out", "RFM score", SEGCORE_EINVAL, {"segcore_rfm_score", "out is NULL"},
       +[] { ProfilesPtr p = profiles(); return segcore_rfm_score(nullptr, p.get(), nullptr); }},
      {"null out", "identity create", SEGCORE_EINVAL, {"segcore_identity_create", "out is NULL"},
       +[] { return segcore_identity_create(nullptr, nullptr); }},
      {"null out", "rule compile", SEGCORE_EINVAL, {"segcore_rule_compile", "out is NULL"},
       +[] { Columns c; return segcore_rule_compile(nullptr, "spend > 1", &c.data); }},
      {"null out", "segment set parse", SEGCORE_EINVAL, {"segcore_segment_set_parse", "out is NULL"},
       +[] { Columns c; return segcore_segment_set_parse(nullptr, "segment a: spend > 1\n", &c.data); }},
      {"null out", "segment tracker create", SEGCORE_EINVAL, {"segcore_segment_tracker_create", "out is NULL"},
       +[] { return segcore_segment_tracker_create(nullptr, nullptr); }},
      {"null out", "weighted model create", SEGCORE_EINVAL, {"segcore_weighted_model_create", "out is NULL"},
       +[] {
         segcore_score_feature f{"spend", 1.0, SEGCORE_NORMALIZE_NONE, 0, 0.0, 1.0};
         return segcore_weighted_model_create(nullptr, &f, 1, 0.0);
       }},
      {"null out", "score bands create", SEGCORE_EINVAL, {"segcore_score_bands_create", "out is NULL"},
       +[] {
         const double e[1] = {1};
         const char* names[2] = {"low", "high"};
         return segcore_score_bands_create(nullptr, e, 1, names);
       }},
      {"null out", "logistic create", SEGCORE_EINVAL, {"segcore_logistic_create", "out is NULL"},
       +[] { return segcore_logistic_create(nullptr, nullptr); }},
      {"null out", "triggers create", SEGCORE_EINVAL, {"segcore_triggers_create", "out is NULL"},
       +[] {
         Columns c;
         const char* names[1] = {"big"};
         const char* rules[1] = {"spend > 15"};
         return segcore_triggers_create(nullptr, names, rules, 1, &c.data);
       }},
      {"null out", "event triggers parse", SEGCORE_EINVAL, {"segcore_event_triggers_parse", "out is NULL"},
       +[] { return segcore_event_triggers_parse(nullptr, "", nullptr, 0); }},
      {"null out", "CLV create", SEGCORE_EINVAL, {"segcore_clv_create", "out is NULL"},
       +[] { return segcore_clv_create(nullptr, nullptr); }},
      {"null out", "scaler n_features", SEGCORE_EINVAL, {"segcore_scaler_n_features", "out is NULL"},
       +[] { Scaler s = fitted_scaler(); return segcore_scaler_n_features(s.get(), nullptr); }},
      {"null out", "k-means inertia", SEGCORE_EINVAL, {"segcore_kmeans_get_inertia", "out is NULL"},
       +[] { KMeans km = fitted_kmeans(); return segcore_kmeans_get_inertia(km.get(), nullptr); }},
      {"null out", "silhouette score", SEGCORE_EINVAL, {"segcore_silhouette_score_f64", "out is NULL"},
       +[] { return segcore_silhouette_score_f64(kX, 6, 2, kLabels, 6, nullptr, nullptr); }},
      {"null out", "Welch t-test", SEGCORE_EINVAL, {"segcore_welch_t_test", "out is NULL"},
       +[] { return segcore_welch_t_test(kX, 6, kX + 6, 6, 0.95, nullptr); }},
      {"null out", "ingest summary", SEGCORE_EINVAL, {"segcore_events_ingest_summary", "out is NULL"},
       +[] { Events ev = events(); return segcore_events_ingest_summary(ev.get(), nullptr); }},

      // ---- Options struct_size ---------------------------------------------------------------
      {"options", "scaler: struct_size too small", SEGCORE_EINVAL, {"segcore_scaler_create", "struct_size is 12"},
       +[] {
         segcore_scaler_options o;
         segcore_scaler_options_init(&o, sizeof o);
         o.struct_size = 12;
         segcore_scaler* s = nullptr;
         return segcore_scaler_create(&s, &o);
       }},
      {"options", "scaler: larger, non-zero tail", SEGCORE_EUNSUPPORTED,
       {"segcore_scaler_create", "newer fields are set"},
       +[] {
         Newer<segcore_scaler_options> o{};
         segcore_scaler_options_init(&o.base, sizeof o);
         o.future = 1;
         segcore_scaler* s = nullptr;
         const int status = segcore_scaler_create(&s, &o.base);
         segcore_scaler_destroy(s);
         return status;
       }},
      {"options", "k-means: struct_size too small", SEGCORE_EINVAL, {"segcore_kmeans_create", "struct_size is 8"},
       +[] {
         segcore_kmeans_options o;
         segcore_kmeans_options_init(&o, sizeof o);
         o.struct_size = 8;
         segcore_kmeans* km = nullptr;
         return segcore_kmeans_create(&km, &o);
       }},
      {"options", "k-means: larger, non-zero tail", SEGCORE_EUNSUPPORTED,
       {"segcore_kmeans_create", "newer fields are set"},
       +[] {
         Newer<segcore_kmeans_options> o{};
         segcore_kmeans_options_init(&o.base, sizeof o);
         o.future = -1;
         segcore_kmeans* km = nullptr;
         const int status = segcore_kmeans_create(&km, &o.base);
         segcore_kmeans_destroy(km);
         return status;
       }},
      {"options", "k-means: larger, zero tail", SEGCORE_OK, {},
       +[] {
         Newer<segcore_kmeans_options> o{};
         segcore_kmeans_options_init(&o.base, sizeof o);
         segcore_kmeans* km = nullptr;
         const int status = segcore_kmeans_create(&km, &o.base);
         segcore_kmeans_destroy(km);
         return status;
       }},
      {"options", "PCA: struct_size 0", SEGCORE_EINVAL, {"segcore_pca_create", "struct_size is 0"},
       +[] {
         segcore_pca_options o{};
         segcore_pca* p = nullptr;
         return segcore_pca_create(&p, &o);
       }},
      {"options", "CSV: struct_size too small", SEGCORE_EINVAL, {"segcore_events_read_csv", "struct_size is 8"},
       +[] {
         TempCsv file(kHeader + kGoodRow);
         segcore_csv_options o;
         segcore_csv_options_init(&o, sizeof o);
         o.struct_size = 8;
         segcore_events* ev = nullptr;
         return segcore_events_read_csv(&ev, file.path(), &o);
       }},
      {"options", "profiles: larger, non-zero tail", SEGCORE_EUNSUPPORTED,
       {"segcore_profiles_build", "newer fields are set"},
       +[] {
         Events ev = events();
         Newer<segcore_profile_options> o{};
         segcore_profile_options_init(&o.base, sizeof o);
         o.future = 7;
         segcore_profiles* p = nullptr;
         const int status = segcore_profiles_build(&p, ev.get(), &o.base);
         segcore_profiles_destroy(p);
         return status;
       }},
      {"options", "RFM: struct_size too small", SEGCORE_EINVAL, {"segcore_rfm_score", "struct_size is 4"},
       +[] {
         ProfilesPtr p = profiles();
         segcore_rfm_options o;
         segcore_rfm_options_init(&o, sizeof o);
         o.struct_size = 4;
         segcore_rfm* r = nullptr;
         return segcore_rfm_score(&r, p.get(), &o);
       }},
      {"options", "CLV: larger, non-zero tail", SEGCORE_EUNSUPPORTED, {"segcore_clv_create", "newer fields are set"},
       +[] {
         Newer<segcore_clv_options> o{};
         segcore_clv_options_init(&o.base, sizeof o);
         o.future = 1;
         segcore_clv_model* m = nullptr;
         const int status = segcore_clv_create(&m, &o.base);
         segcore_clv_destroy(m);
         return status;
       }},
      {"options", "CLV: q_constraint on a purchase model", SEGCORE_EINVAL,
       {"segcore_clv_create", "q_constraint is set for model 0", "SEGCORE_CLV_GAMMA_GAMMA"},
       +[] {
         segcore_clv_options o;
         segcore_clv_options_init(&o, sizeof o);
         o.q_constraint = 1;
         segcore_clv_model* m = nullptr;
         const int status = segcore_clv_create(&m, &o);
         segcore_clv_destroy(m);
         return status;
       }},
      {"options", "logistic: struct_size too small", SEGCORE_EINVAL, {"segcore_logistic_create", "struct_size is 8"},
       +[] {
         segcore_logistic_options o;
         segcore_logistic_options_init(&o, sizeof o);
         o.struct_size = 8;
         segcore_logistic* m = nullptr;
         return segcore_logistic_create(&m, &o);
       }},
      {"options", "options_init: struct_size too small", SEGCORE_EINVAL,
       {"segcore_silhouette_options_init", "struct_size is 3"},
       +[] {
         segcore_silhouette_options o;
         return segcore_silhouette_options_init(&o, 3);
       }},
      {"options", "rule data: struct_size 0", SEGCORE_EINVAL, {"segcore_rule_compile", "schema->struct_size is 0", "sizeof(segcore_rule_data)"},
       +[] {
         Columns c;
         c.data.struct_size = 0;
         segcore_rule* r = nullptr;
         return segcore_rule_compile(&r, "spend > 1", &c.data);
       }},
      {"options", "stream event: struct_size 0", SEGCORE_EINVAL,
       {"segcore_event_triggers_add", "event->struct_size is 0", "sizeof(segcore_stream_event)"},
       +[] {
         const char* names[1] = {"type"};
         segcore_event_triggers* raw = nullptr;
         segcore_event_triggers_parse(&raw, "trigger a to B: count(type = 'x') >= 1 within 1 days\n", names, 1);
         const char* cats[1] = {"x"};
         segcore_stream_event e{};
         e.customer = "c1";
         e.timestamp = kDay;
         e.categories = cats;
         e.n_categories = 1;
         const int status = segcore_event_triggers_add(raw, &e, nullptr, nullptr, nullptr);
         segcore_event_triggers_destroy(raw);
         return status;
       }},
      {"options", "output struct: struct_size 0", SEGCORE_EINVAL,
       {"segcore_events_ingest_summary", "out->struct_size is 0"},
       +[] {
         Events ev = events();
         segcore_ingest_summary s{};
         return segcore_events_ingest_summary(ev.get(), &s);
       }},
      {"options", "reserved field set", SEGCORE_EINVAL, {"segcore_scaler_create", "reserved0"},
       +[] {
         segcore_scaler_options o;
         segcore_scaler_options_init(&o, sizeof o);
         o.reserved0 = 1;
         segcore_scaler* s = nullptr;
         return segcore_scaler_create(&s, &o);
       }},

      // ---- Scaler ----------------------------------------------------------------------------
      {"scaler", "NaN in data", SEGCORE_EINVAL, {"Scaler::fit", "row 1, column 1", "NaN"},
       +[] {
         double x[4] = {1, 2, 3, kNaN};
         Scaler s = fitted_scaler();
         return segcore_scaler_fit_f64(s.get(), x, 2, 2);
       }},
      {"scaler", "infinity in float data", SEGCORE_EINVAL, {"Scaler::fit", "row 0, column 1", "infinite"},
       +[] {
         float x[4] = {1, std::numeric_limits<float>::infinity(), 3, 4};
         Scaler s = fitted_scaler();
         return segcore_scaler_fit_f32(s.get(), x, 2, 2);
       }},
      {"scaler", "empty input (0 rows)", SEGCORE_EINVAL, {"Scaler::fit", "empty (0 x 2)"},
       +[] { Scaler s = fitted_scaler(); return segcore_scaler_fit_f64(s.get(), kX, 0, 2); }},
      {"scaler", "D = 0", SEGCORE_EINVAL, {"Scaler::fit", "empty (6 x 0)"},
       +[] { Scaler s = fitted_scaler(); return segcore_scaler_fit_f64(s.get(), kX, 6, 0); }},
      {"scaler", "zero-variance column: scale 1, reported", SEGCORE_OK, {},
       +[] {
         const double x[6] = {1, 5, 2, 5, 3, 5};
         Scaler s = fitted_scaler();
         int status = segcore_scaler_fit_f64(s.get(), x, 3, 2);
         int32_t flags[2] = {-1, -1};
         double scale[2] = {0, 0};
         if (status == SEGCORE_OK) status = segcore_scaler_zero_variance_columns(s.get(), flags, 2);
         if (status == SEGCORE_OK) status = segcore_scaler_get_scale(s.get(), scale, 2);
         if (status != SEGCORE_OK) return status;
         return flags[0] == 0 && flags[1] == 1 && scale[1] == 1.0 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"scaler", "huge values (+-1e308)", SEGCORE_EINVAL, {"Scaler::fit", "column 0 overflows double precision"},
       +[] {
         const double x[4] = {1e308, -1e308, -1e308, 1e308};
         Scaler s = fitted_scaler();
         return segcore_scaler_fit_f64(s.get(), x, 2, 2);
       }},
      {"scaler", "DBL_MAX values", SEGCORE_EINVAL, {"Scaler::fit", "column 0 overflows double precision"},
       +[] {
         const double x[4] = {DBL_MAX, DBL_MAX, -DBL_MAX, 0};
         Scaler s = fitted_scaler();
         return segcore_scaler_fit_f64(s.get(), x, 2, 2);
       }},
      {"scaler", "denormal values: finite result", SEGCORE_OK, {},
       +[] {
         const double x[4] = {kDenormal, 0, 2 * kDenormal, kDenormal};
         double out[4];
         Scaler s = fitted_scaler();
         int status = segcore_scaler_fit_f64(s.get(), x, 2, 2);
         if (status == SEGCORE_OK) status = segcore_scaler_transform_f64(s.get(), x, 2, 2, out, 4);
         if (status != SEGCORE_OK) return status;
         for (double v : out)
           if (!std::isfinite(v)) return kWrongOutcome;
         return SEGCORE_OK;
       }},
      {"scaler", "log1p of a value <= -1", SEGCORE_EINVAL, {"Scaler::fit", "row 1, column 0", "log1p"},
       +[] {
         segcore_scaler_options o;
         segcore_scaler_options_init(&o, sizeof o);
         o.log1p = 1;
         segcore_scaler* raw = nullptr;
         segcore_scaler_create(&raw, &o);
         Scaler s(raw);
         const double x[4] = {1, 2, -1, 3};
         return segcore_scaler_fit_f64(s.get(), x, 2, 2);
       }},
      {"scaler", "transform before fit", SEGCORE_ENOTFITTED, {"Scaler::transform", "not fitted"},
       +[] {
         segcore_scaler* raw = nullptr;
         segcore_scaler_create(&raw, nullptr);
         Scaler s(raw);
         double out[12];
         return segcore_scaler_transform_f64(s.get(), kX, 6, 2, out, 12);
       }},
      {"scaler", "transform with another width", SEGCORE_EINVAL, {"Scaler::transform", "3 columns", "fitted on 2"},
       +[] {
         Scaler s = fitted_scaler();
         double out[12];
         return segcore_scaler_transform_f64(s.get(), kX, 4, 3, out, 12);
       }},
      {"scaler", "output buffer too small", SEGCORE_ERANGE, {"segcore_scaler_transform_f64", "out holds 11 values", "12"},
       +[] {
         Scaler s = fitted_scaler();
         double out[12];
         return segcore_scaler_transform_f64(s.get(), kX, 6, 2, out, 11);
       }},
      {"scaler", "input NULL with rows", SEGCORE_EINVAL, {"segcore_scaler_fit_f64", "x is NULL"},
       +[] { Scaler s = fitted_scaler(); return segcore_scaler_fit_f64(s.get(), nullptr, 6, 2); }},
      {"scaler", "rows x columns overflow", SEGCORE_EINVAL, {"segcore_scaler_fit_f64", "too large to address"},
       +[] { Scaler s = fitted_scaler(); return segcore_scaler_fit_f64(s.get(), kX, SIZE_MAX / 2, 4); }},

      // ---- k-means ---------------------------------------------------------------------------
      {"k-means", "NaN in data", SEGCORE_EINVAL, {"KMeans::fit", "row 2, column 1", "NaN"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[5] = kNaN;
         KMeans km = kmeans(2);
         return segcore_kmeans_fit_f64(km.get(), x, 6, 2, nullptr);
       }},
      {"k-means", "infinity in float data", SEGCORE_EINVAL, {"KMeans::fit", "row 0, column 0", "infinite"},
       +[] {
         float x[12];
         std::copy(kXf, kXf + 12, x);
         x[0] = -std::numeric_limits<float>::infinity();
         KMeans km = kmeans(2);
         return segcore_kmeans_fit_f32(km.get(), x, 6, 2, nullptr);
       }},
      {"k-means", "empty input", SEGCORE_EINVAL, {"KMeans::fit", "empty (0 x 2)"},
       +[] { KMeans km = kmeans(2); return segcore_kmeans_fit_f64(km.get(), kX, 0, 2, nullptr); }},
      {"k-means", "k > n", SEGCORE_EINVAL, {"KMeans::fit", "n_clusters = 7", "6 rows"},
       +[] { KMeans km = kmeans(7); return segcore_kmeans_fit_f64(km.get(), kX, 6, 2, nullptr); }},
      {"k-means", "k = 0", SEGCORE_EINVAL, {"KMeans options", "n_clusters is 0"},
       +[] {
         segcore_kmeans_options o;
         segcore_kmeans_options_init(&o, sizeof o);
         o.n_clusters = 0;
         segcore_kmeans* km = nullptr;
         return segcore_kmeans_create(&km, &o);
       }},
      {"k-means", "D = 0", SEGCORE_EINVAL, {"KMeans::fit", "empty (6 x 0)"},
       +[] { KMeans km = kmeans(2); return segcore_kmeans_fit_f64(km.get(), kX, 6, 0, nullptr); }},
      {"k-means", "fewer distinct rows than k", SEGCORE_EINVAL, {"KMeans::fit", "2 distinct", "n_clusters = 3"},
       +[] {
         const double x[8] = {1, 1, 1, 1, 2, 2, 2, 2};
         KMeans km = kmeans(3);
         return segcore_kmeans_fit_f64(km.get(), x, 4, 2, nullptr);
       }},
      {"k-means", "all rows equal, k = 1: accepted", SEGCORE_OK, {},
       +[] {
         const double x[8] = {3, 4, 3, 4, 3, 4, 3, 4};
         KMeans km = kmeans(1);
         int status = segcore_kmeans_fit_f64(km.get(), x, 4, 2, nullptr);
         double inertia = -1;
         if (status == SEGCORE_OK) status = segcore_kmeans_get_inertia(km.get(), &inertia);
         if (status != SEGCORE_OK) return status;
         return inertia == 0.0 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"k-means", "huge values (+-1e308)", SEGCORE_EINVAL, {"column 0 overflows double precision"},
       +[] {
         const double x[8] = {1e308, 1e308, -1e308, -1e308, 1e308, -1e308, -1e308, 1e308};
         KMeans km = kmeans(2);
         return segcore_kmeans_fit_f64(km.get(), x, 4, 2, nullptr);
       }},
      {"k-means", "DBL_MAX values", SEGCORE_EINVAL, {"column 0 overflows double precision"},
       +[] {
         const double x[8] = {DBL_MAX, 0, -DBL_MAX, 0, DBL_MAX, 1, 0, 0};
         KMeans km = kmeans(2);
         return segcore_kmeans_fit_f64(km.get(), x, 4, 2, nullptr);
       }},
      {"k-means", "denormal values (squared distances underflow to 0)", SEGCORE_EINVAL,
       {"KMeans::fit", "only 1 distinct values", "n_clusters = 2"},
       +[] {
         const double x[8] = {kDenormal, 0, 0, kDenormal, 5 * kDenormal, 0, 0, 0};
         KMeans km = kmeans(2);
         return segcore_kmeans_fit_f64(km.get(), x, 4, 2, nullptr);
       }},
      {"k-means", "negative sample weight", SEGCORE_EINVAL, {"KMeans::fit", "sample_weight[3] is -1"},
       +[] {
         const double w[6] = {1, 1, 1, -1, 1, 1};
         KMeans km = kmeans(2);
         return segcore_kmeans_fit_f64(km.get(), kX, 6, 2, w);
       }},
      {"k-means", "NaN sample weight", SEGCORE_EINVAL, {"KMeans::fit", "sample_weight[0] is nan"},
       +[] {
         const double w[6] = {kNaN, 1, 1, 1, 1, 1};
         KMeans km = kmeans(2);
         return segcore_kmeans_fit_f64(km.get(), kX, 6, 2, w);
       }},
      {"k-means", "predict before fit", SEGCORE_ENOTFITTED, {"segcore_kmeans_predict_f64", "not fitted"},
       +[] {
         KMeans km = kmeans(2);
         int32_t l[6];
         return segcore_kmeans_predict_f64(km.get(), kX, 6, 2, l, 6);
       }},
      {"k-means", "predict with another width", SEGCORE_EINVAL, {"KMeans::predict", "3 columns", "fitted on 2"},
       +[] {
         KMeans km = fitted_kmeans();
         int32_t l[4];
         return segcore_kmeans_predict_f64(km.get(), kX, 4, 3, l, 4);
       }},
      {"k-means", "labels buffer too small", SEGCORE_ERANGE, {"segcore_kmeans_predict_f64", "labels", "5", "6"},
       +[] {
         KMeans km = fitted_kmeans();
         int32_t l[6];
         return segcore_kmeans_predict_f64(km.get(), kX, 6, 2, l, 5);
       }},
      {"k-means", "centers buffer too small", SEGCORE_ERANGE, {"segcore_kmeans_get_centers", "3", "4"},
       +[] {
         KMeans km = fitted_kmeans();
         double c[4];
         return segcore_kmeans_get_centers(km.get(), c, 3);
       }},
      {"k-means", "initial centers of another width", SEGCORE_EINVAL, {"KMeans::fit", "initial centers have 3 columns", "x has 2"},
       +[] {
         KMeans km = kmeans(2);
         const double c[6] = {0, 0, 0, 1, 1, 1};
         segcore_kmeans_set_init_centers(km.get(), c, 2, 3);
         return segcore_kmeans_fit_f64(km.get(), kX, 6, 2, nullptr);
       }},
      {"k-means partial state", "NaN in a block", SEGCORE_EINVAL,
       {"KMeansPartial::accumulate", "block from row 600", "row 2, column 1", "NaN"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[5] = kNaN;
         KMeansPartial s = kmeans_partial();
         return segcore_kmeans_partial_accumulate_f64(s.get(), x, 6, 2, nullptr, 600, nullptr, 0);
       }},
      {"k-means partial state", "a block of another width", SEGCORE_EINVAL,
       {"KMeansPartial::accumulate", "3 columns", "the state has 2"},
       +[] {
         KMeansPartial s = kmeans_partial();
         return segcore_kmeans_partial_accumulate_f64(s.get(), kX, 4, 3, nullptr, 0, nullptr, 0);
       }},
      {"k-means partial state", "float data for a double state", SEGCORE_EINVAL,
       {"KMeansPartial::accumulate", "float", "double"},
       +[] {
         KMeansPartial s = kmeans_partial();
         return segcore_kmeans_partial_accumulate_f32(s.get(), kXf, 6, 2, nullptr, 0, nullptr, 0);
       }},
      {"k-means partial state", "merge of states of different centers", SEGCORE_EINVAL,
       {"KMeansPartial::merge", "different centers"},
       +[] {
         KMeansPartial a = kmeans_partial();
         segcore_kmeans_partial* b = nullptr;
         segcore_kmeans_partial_create(&b, kX + 4, 2, 2, SEGCORE_PARTIAL_F64);
         KMeansPartial owned(b);
         return segcore_kmeans_partial_merge(a.get(), b);
       }},
      {"k-means partial state", "next before any row", SEGCORE_EINVAL, {"KMeansPartial::next", "no row"},
       +[] {
         KMeansPartial s = kmeans_partial();
         segcore_kmeans_partial* next = nullptr;
         return segcore_kmeans_partial_next(s.get(), &next, nullptr);
       }},
      {"k-means partial state", "truncated bytes", SEGCORE_ECORRUPT, {"k-means partial state", "truncated"},
       +[] {
         const std::vector<unsigned char> b = kmeans_partial_bytes();
         segcore_kmeans_partial* back = nullptr;
         return segcore_kmeans_partial_from_bytes(&back, b.data(), b.size() - 1);
       }},
      {"k-means partial state", "a flipped byte", SEGCORE_ECORRUPT, {"k-means partial state", "checksum"},
       +[] {
         std::vector<unsigned char> b = kmeans_partial_bytes();
         b[40] ^= 4;
         segcore_kmeans_partial* back = nullptr;
         return segcore_kmeans_partial_from_bytes(&back, b.data(), b.size());
       }},
      {"clustering-metric sums", "NaN in a block", SEGCORE_EINVAL,
       {"ClusterSums::accumulate", "X[602]", "not finite"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[5] = kNaN;
         const int32_t labels[6] = {0, 0, 1, 1, 2, 2};
         ClusterSums s = cluster_sums();
         return segcore_cluster_sums_accumulate_f64(s.get(), x, 6, 2, labels, 6, 600);
       }},
      {"clustering-metric sums", "one label only", SEGCORE_EINVAL,
       {"ClusterSpread::from_sums", "1 distinct labels for 6 rows"},
       +[] {
         const int32_t labels[6] = {4, 4, 4, 4, 4, 4};
         ClusterSums s = cluster_sums();
         segcore_cluster_sums_accumulate_f64(s.get(), kX, 6, 2, labels, 6, 0);
         segcore_cluster_spread* spread = nullptr;
         const int status = segcore_cluster_spread_create_from_sums(&spread, s.get());
         ClusterSpread owned(spread);
         return status;
       }},
      {"clustering-metric sums", "a label beyond the centers", SEGCORE_EINVAL,
       {"ClusterSpread::accumulate", "labels[3] is 2", "the 2 centers"},
       +[] {
         const int32_t labels[6] = {0, 1, 0, 2, 0, 1};
         segcore_cluster_spread* spread = nullptr;
         segcore_cluster_spread_create_for_centers(&spread, kX, 2, 2);
         ClusterSpread owned(spread);
         return segcore_cluster_spread_accumulate_f64(spread, kX, 6, 2, labels, 6, 0);
       }},
      {"CLV history counts", "NaN recency", SEGCORE_EINVAL,
       {"ClvHistoryCounts::accumulate", "recency is nan in row 11"},
       +[] {
         const double rows[6] = {1, 2, 5, 2, kNaN, 5};
         segcore_clv_history_counts* c = nullptr;
         segcore_clv_history_counts_create(&c, SEGCORE_CLV_COUNTS_PURCHASES);
         HistoryCounts owned(c);
         return segcore_clv_history_counts_accumulate(c, rows, 2, 3, nullptr, 10);
       }},
      {"CLV history counts", "a flipped byte", SEGCORE_ECORRUPT, {"CLV history counts", "checksum"},
       +[] {
         const double rows[3] = {1, 2, 5};
         segcore_clv_history_counts* c = nullptr;
         segcore_clv_history_counts_create(&c, SEGCORE_CLV_COUNTS_PURCHASES);
         HistoryCounts owned(c);
         segcore_clv_history_counts_accumulate(c, rows, 1, 3, nullptr, 0);
         size_t size = 0;
         segcore_clv_history_counts_to_bytes(c, nullptr, 0, &size);
         std::vector<unsigned char> b(size);
         segcore_clv_history_counts_to_bytes(c, b.data(), b.size(), &size);
         b[30] ^= 4;
         segcore_clv_history_counts* back = nullptr;
         return segcore_clv_history_counts_from_bytes(&back, b.data(), b.size());
       }},

      // ---- RFM selection over partitions ----------------------------------------------------
      {"RFM selection", "bins out of range", SEGCORE_EINVAL, {"RfmSelection", "bins is 1"},
       +[] {
         segcore_rfm_selection* s = nullptr;
         return segcore_rfm_selection_create(&s, 1, SEGCORE_RFM_QUANTILE, 3);
       }},
      {"RFM selection", "NaN in a block", SEGCORE_EINVAL, {"RfmCounts::add", "measure 2", "value 1 is NaN"},
       +[] {
         RfmSelection s = rfm_selection();
         RfmCounts c = rfm_request(s.get());
         const double v[] = {1.0, kNaN};
         return segcore_rfm_counts_add(c.get(), 2, v, nullptr, 2);
       }},
      {"RFM selection", "counts with a partition missing", SEGCORE_EINVAL,
       {"RfmSelection::narrow", "a partition missing"},
       +[] {
         RfmSelection s = rfm_selection();
         RfmCounts all = rfm_request(s.get());
         const double v[] = {1.0, 2.0, 3.0, 4.0};
         for (size_t m = 0; m < 3; ++m) segcore_rfm_counts_add(all.get(), m, v, nullptr, 4);
         segcore_rfm_selection_narrow(s.get(), all.get());
         RfmCounts half = rfm_request(s.get());
         for (size_t m = 0; m < 3; ++m) segcore_rfm_counts_add(half.get(), m, v, nullptr, 2);
         return segcore_rfm_selection_narrow(s.get(), half.get());
       }},
      {"RFM selection", "edges before the last round", SEGCORE_ENOTFITTED, {"RfmSelection", "is not done"},
       +[] {
         RfmSelection s = rfm_selection();
         double edges[4];
         return segcore_rfm_selection_get_edges(s.get(), 0, edges, 4);
       }},
      {"RFM selection", "truncated counts bytes", SEGCORE_ECORRUPT, {"RFM selection counts", "truncated"},
       +[] {
         const std::vector<unsigned char> b = rfm_counts_bytes();
         segcore_rfm_counts* back = nullptr;
         return segcore_rfm_counts_from_bytes(&back, b.data(), b.size() - 1);
       }},
      {"RFM selection", "a flipped byte in counts", SEGCORE_ECORRUPT, {"RFM selection counts", "checksum"},
       +[] {
         std::vector<unsigned char> b = rfm_counts_bytes();
         b[30] ^= 4;
         segcore_rfm_counts* back = nullptr;
         return segcore_rfm_counts_from_bytes(&back, b.data(), b.size());
       }},

      // ---- PCA -------------------------------------------------------------------------------
      {"PCA", "NaN in data", SEGCORE_EINVAL, {"PCA::fit", "row 3, column 0", "NaN"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[6] = kNaN;
         Pca p = pca();
         return segcore_pca_fit_f64(p.get(), x, 6, 2);
       }},
      {"PCA", "infinity in float data", SEGCORE_EINVAL, {"PCA::fit", "row 5, column 1", "infinite"},
       +[] {
         float x[12];
         std::copy(kXf, kXf + 12, x);
         x[11] = std::numeric_limits<float>::infinity();
         Pca p = pca();
         return segcore_pca_fit_f32(p.get(), x, 6, 2);
       }},
      {"PCA", "empty input", SEGCORE_EINVAL, {"PCA::fit", "0 x 2", "at least 2 rows"},
       +[] { Pca p = pca(); return segcore_pca_fit_f64(p.get(), kX, 0, 2); }},
      {"PCA", "one row", SEGCORE_EINVAL, {"PCA::fit", "1 x 2", "at least 2 rows"},
       +[] { Pca p = pca(); return segcore_pca_fit_f64(p.get(), kX, 1, 2); }},
      {"PCA", "D = 0", SEGCORE_EINVAL, {"PCA::fit", "6 x 0", "1 column"},
       +[] { Pca p = pca(); return segcore_pca_fit_f64(p.get(), kX, 6, 0); }},
      {"PCA", "n_components > min(rows, columns)", SEGCORE_EINVAL, {"PCA::fit", "n_components is 3", "= 2"},
       +[] {
         segcore_pca_options o;
         segcore_pca_options_init(&o, sizeof o);
         o.n_components = 3;
         segcore_pca* raw = nullptr;
         segcore_pca_create(&raw, &o);
         Pca p(raw);
         return segcore_pca_fit_f64(p.get(), kX, 6, 2);
       }},
      {"PCA", "zero-variance column: accepted", SEGCORE_OK, {},
       +[] {
         const double x[8] = {1, 7, 2, 7, 4, 7, 3, 7};
         Pca p = pca();
         int status = segcore_pca_fit_f64(p.get(), x, 4, 2);
         double ratio[2] = {kNaN, kNaN};
         if (status == SEGCORE_OK) status = segcore_pca_get(p.get(), SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO, ratio, 2);
         if (status != SEGCORE_OK) return status;
         return std::fabs(ratio[0] - 1.0) < 1e-12 && ratio[1] == 0.0 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"PCA", "every column constant: ratios 0", SEGCORE_OK, {},
       +[] {
         const double x[6] = {1, 7, 1, 7, 1, 7};
         Pca p = pca();
         int status = segcore_pca_fit_f64(p.get(), x, 3, 2);
         double ratio[2] = {kNaN, kNaN};
         if (status == SEGCORE_OK) status = segcore_pca_get(p.get(), SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO, ratio, 2);
         if (status != SEGCORE_OK) return status;
         return ratio[0] == 0.0 && ratio[1] == 0.0 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"PCA", "huge values (+-1e308)", SEGCORE_EINVAL, {"PCA::fit", "column 0 overflows double precision"},
       +[] {
         const double x[6] = {1e308, -1e308, -1e308, 1e308, 1e308, 1e308};
         Pca p = pca();
         return segcore_pca_fit_f64(p.get(), x, 3, 2);
       }},
      {"PCA", "denormal values: accepted", SEGCORE_OK, {},
       +[] {
         const double x[6] = {kDenormal, 0, 0, kDenormal, 3 * kDenormal, kDenormal};
         Pca p = pca();
         return segcore_pca_fit_f64(p.get(), x, 3, 2);
       }},
      {"PCA", "transform before fit", SEGCORE_ENOTFITTED, {"segcore_pca_transform_f64", "not fitted"},
       +[] {
         Pca p = pca();
         double out[12];
         return segcore_pca_transform_f64(p.get(), kX, 6, 2, out, 12);
       }},
      {"PCA", "unknown quantity", SEGCORE_EINVAL, {"segcore_pca_get", "what", "99"},
       +[] {
         Pca p = pca();
         segcore_pca_fit_f64(p.get(), kX, 6, 2);
         double out[4];
         return segcore_pca_get(p.get(), 99, out, 4);
       }},
      {"PCA", "output buffer too small", SEGCORE_ERANGE, {"segcore_pca_transform_f64", "out holds 11", "12"},
       +[] {
         Pca p = pca();
         segcore_pca_fit_f64(p.get(), kX, 6, 2);
         double out[12];
         return segcore_pca_transform_f64(p.get(), kX, 6, 2, out, 11);
       }},

      // ---- Metrics ---------------------------------------------------------------------------
      {"metrics", "silhouette: NaN in data", SEGCORE_EINVAL, {"silhouette_score", "row 1, column 1", "NaN"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[3] = kNaN;
         double out;
         return segcore_silhouette_score_f64(x, 6, 2, kLabels, 6, nullptr, &out);
       }},
      {"metrics", "silhouette: one label", SEGCORE_EINVAL, {"silhouette_score", "1 distinct labels"},
       +[] {
         const int32_t l[6] = {4, 4, 4, 4, 4, 4};
         double out;
         return segcore_silhouette_score_f64(kX, 6, 2, l, 6, nullptr, &out);
       }},
      {"metrics", "silhouette: n_labels != n_rows", SEGCORE_EINVAL, {"silhouette_score", "5 values for 6 rows"},
       +[] {
         double out;
         return segcore_silhouette_score_f64(kX, 6, 2, kLabels, 5, nullptr, &out);
       }},
      {"metrics", "silhouette samples: buffer too small", SEGCORE_ERANGE, {"segcore_silhouette_samples_f64", "5", "6"},
       +[] {
         double out[6];
         return segcore_silhouette_samples_f64(kX, 6, 2, kLabels, 6, 1, out, 5);
       }},
      {"metrics", "Calinski-Harabasz: infinity", SEGCORE_EINVAL,
       {"calinski_harabasz_score", "row 4, column 0", "infinite"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[8] = kInf;
         double out;
         return segcore_calinski_harabasz_score_f64(x, 6, 2, kLabels, 6, &out);
       }},
      {"metrics", "Davies-Bouldin: NaN (float)", SEGCORE_EINVAL, {"davies_bouldin_score", "row 0, column 0", "NaN"},
       +[] {
         float x[12];
         std::copy(kXf, kXf + 12, x);
         x[0] = std::numeric_limits<float>::quiet_NaN();
         double out;
         return segcore_davies_bouldin_score_f32(x, 6, 2, kLabels, 6, &out);
       }},
      {"metrics", "Davies-Bouldin: empty input", SEGCORE_EINVAL, {"davies_bouldin_score", "no rows"},
       +[] {
         double out;
         return segcore_davies_bouldin_score_f64(kX, 0, 2, kLabels, 0, &out);
       }},
      {"metrics", "silhouette: huge values (+-1e308)", SEGCORE_EINVAL, {"silhouette_score", "overflow"},
       +[] {
         const double x[12] = {1e308, -1e308, 1e308, 1e308, -1e308, 1e308, -1e308, -1e308, 0, 1e308, 1e308, 0};
         double out;
         return segcore_silhouette_score_f64(x, 6, 2, kLabels, 6, nullptr, &out);
       }},
      {"metrics", "Davies-Bouldin: DBL_MAX values", SEGCORE_EINVAL, {"davies_bouldin_score", "overflow"},
       +[] {
         const double x[12] = {DBL_MAX, 0, DBL_MAX, 1, -DBL_MAX, 0, -DBL_MAX, 2, DBL_MAX, 3, -DBL_MAX, 4};
         double out;
         return segcore_davies_bouldin_score_f64(x, 6, 2, kLabels, 6, &out);
       }},
      {"metrics", "silhouette: denormal values: finite score", SEGCORE_OK, {},
       +[] {
         const double x[12] = {kDenormal, 0, 2 * kDenormal, 0, 0, 0, 0, 0, kDenormal, kDenormal, 0, 3 * kDenormal};
         double out = kNaN;
         const int status = segcore_silhouette_score_f64(x, 6, 2, kLabels, 6, nullptr, &out);
         if (status != SEGCORE_OK) return status;
         return std::isfinite(out) ? SEGCORE_OK : kWrongOutcome;
       }},
      {"metrics", "adjusted Rand: labels NULL", SEGCORE_EINVAL, {"segcore_adjusted_rand_score", "labels_pred is NULL"},
       +[] {
         double out;
         return segcore_adjusted_rand_score(kLabels, nullptr, 6, &out);
       }},

      // ---- Statistics ------------------------------------------------------------------------
      {"stats", "ANOVA: NaN in data", SEGCORE_EINVAL, {"anova_oneway", "row 2, column 0", "NaN"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[4] = kNaN;
         double f[2], p[2];
         return segcore_anova_f64(x, 6, 2, kLabels, 6, f, p, 2);
       }},
      {"stats", "ANOVA: zero-variance column gives NaN", SEGCORE_OK, {},
       +[] {
         const double x[12] = {1, 5, 2, 5, 3, 5, 4, 5, 5, 5, 6, 5};
         double f[2], p[2];
         const int status = segcore_anova_f64(x, 6, 2, kLabels, 6, f, p, 2);
         if (status != SEGCORE_OK) return status;
         return std::isfinite(f[0]) && std::isnan(f[1]) && std::isnan(p[1]) ? SEGCORE_OK : kWrongOutcome;
       }},
      {"stats", "ANOVA: one group", SEGCORE_EINVAL, {"anova_oneway", "1 group"},
       +[] {
         const int32_t l[6] = {1, 1, 1, 1, 1, 1};
         double f[2], p[2];
         return segcore_anova_f64(kX, 6, 2, l, 6, f, p, 2);
       }},
      {"stats", "Welch: NaN in a sample", SEGCORE_EINVAL, {"welch_t_test", "sample b, value 2", "nan"},
       +[] {
         const double a[3] = {1, 2, 3}, b[3] = {2, 3, kNaN};
         segcore_ab_result r;
         return segcore_welch_t_test(a, 3, b, 3, 0.95, &r);
       }},
      {"stats", "Welch: one value", SEGCORE_EINVAL, {"welch_t_test", "1 and 3 values", "at least 2"},
       +[] {
         const double a[1] = {1}, b[3] = {2, 3, 4};
         segcore_ab_result r;
         return segcore_welch_t_test(a, 1, b, 3, 0.95, &r);
       }},
      {"stats", "Welch: both samples constant: NaN statistic", SEGCORE_OK, {},
       +[] {
         const double a[3] = {2, 2, 2}, b[3] = {3, 3, 3};
         segcore_ab_result r;
         const int status = segcore_welch_t_test(a, 3, b, 3, 0.95, &r);
         if (status != SEGCORE_OK) return status;
         return std::isnan(r.statistic) && std::isnan(r.p_value) && r.difference == 1.0 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"stats", "Welch: huge values (+-1e308)", SEGCORE_EINVAL, {"welch_t_test", "sample a overflows double precision"},
       +[] {
         const double a[3] = {1e308, 1e308, -1e308}, b[3] = {2, 3, 4};
         segcore_ab_result r;
         return segcore_welch_t_test(a, 3, b, 3, 0.95, &r);
       }},
      {"stats", "confidence outside (0, 1)", SEGCORE_EINVAL, {"welch_t_test", "confidence is 1.5"},
       +[] {
         const double a[3] = {1, 2, 3}, b[3] = {2, 3, 5};
         segcore_ab_result r;
         return segcore_welch_t_test(a, 3, b, 3, 1.5, &r);
       }},
      {"stats", "chi-square: negative count", SEGCORE_EINVAL, {"chi2_independence", "row 1, column 0 is -1"},
       +[] {
         const double t[4] = {3, 4, -1, 6};
         double chi2, p;
         int64_t dof;
         return segcore_chi2_independence(t, 2, 2, 0, &chi2, &p, &dof, nullptr, 0);
       }},
      {"stats", "chi-square: NaN count", SEGCORE_EINVAL, {"chi2_independence", "row 0, column 1 is nan"},
       +[] {
         const double t[4] = {3, kNaN, 1, 6};
         double chi2, p;
         int64_t dof;
         return segcore_chi2_independence(t, 2, 2, 0, &chi2, &p, &dof, nullptr, 0);
       }},
      {"stats", "chi-square: a row of zeros", SEGCORE_EINVAL, {"chi2_independence", "row 1", "sums to 0"},
       +[] {
         const double t[4] = {3, 4, 0, 0};
         double chi2, p;
         int64_t dof;
         return segcore_chi2_independence(t, 2, 2, 0, &chi2, &p, &dof, nullptr, 0);
       }},
      {"stats", "chi-square: huge counts (1e308)", SEGCORE_EINVAL, {"chi2_independence", "overflow"},
       +[] {
         const double t[4] = {1e308, 1e308, 1e308, 1};
         double chi2, p;
         int64_t dof;
         return segcore_chi2_independence(t, 2, 2, 0, &chi2, &p, &dof, nullptr, 0);
       }},
      {"stats", "ANOVA: huge values (+-1e308)", SEGCORE_EINVAL, {"anova_oneway", "overflow"},
       +[] {
         const double x[12] = {1e308, 1, -1e308, 2, 1e308, 3, -1e308, 4, 1e308, 5, -1e308, 6};
         double f[2], p[2];
         return segcore_anova_f64(x, 6, 2, kLabels, 6, f, p, 2);
       }},
      {"stats", "two proportions: successes > n", SEGCORE_EINVAL, {"two_proportion_test", "successes 11 of 10"},
       +[] {
         segcore_ab_result r;
         return segcore_two_proportion_test(11, 10, 3, 10, 0.95, &r);
       }},
      {"stats", "personas: NaN in data", SEGCORE_EINVAL, {"row 0, column 1", "NaN"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[1] = kNaN;
         segcore_personas* p = nullptr;
         const int status = segcore_personas_build_f64(&p, x, 6, 2, kLabels, 6, nullptr, nullptr, nullptr, 2, 0.5);
         segcore_personas_destroy(p);
         return status;
       }},
      {"stats", "dendrogram: NaN in data", SEGCORE_EINVAL, {"linkage_tree", "row 0, column 0", "NaN"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[0] = kNaN;
         segcore_dendrogram* t = nullptr;
         const int status = segcore_dendrogram_build_f64(&t, x, 6, 2, SEGCORE_LINKAGE_WARD);
         segcore_dendrogram_destroy(t);
         return status;
       }},
      {"stats", "dendrogram: unknown linkage", SEGCORE_EINVAL, {"linkage_tree", "linkage 9"},
       +[] {
         segcore_dendrogram* t = nullptr;
         const int status = segcore_dendrogram_build_f64(&t, kX, 6, 2, 9);
         segcore_dendrogram_destroy(t);
         return status;
       }},

      // ---- Scores ----------------------------------------------------------------------------
      {"score", "weighted model: zero variance", SEGCORE_EINVAL, {"WeightedModel::fit", "'spend'", "zero variance"},
       +[] {
         Columns c;
         c.spend[0] = c.spend[1] = c.spend[2] = 4;
         segcore_score_feature f{"spend", 1.0, SEGCORE_NORMALIZE_ZSCORE, 0, 0.0, 0.0};
         segcore_weighted_model* m = nullptr;
         const int status = segcore_weighted_model_fit(&m, &c.data, &f, 1, 0.0);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"score", "weighted model: infinite value", SEGCORE_EINVAL, {"WeightedModel::fit", "column 'spend', row 1", "infinite"},
       +[] {
         Columns c;
         c.spend[1] = kInf;
         segcore_score_feature f{"spend", 1.0, SEGCORE_NORMALIZE_ZSCORE, 0, 0.0, 0.0};
         segcore_weighted_model* m = nullptr;
         const int status = segcore_weighted_model_fit(&m, &c.data, &f, 1, 0.0);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"score", "weighted model: huge values (+-1e308)", SEGCORE_EINVAL, {"WeightedModel::fit", "'spend'", "overflow"},
       +[] {
         Columns c;
         c.spend[0] = 1e308;
         c.spend[1] = -1e308;
         c.spend[2] = 1e308;
         segcore_score_feature f{"spend", 1.0, SEGCORE_NORMALIZE_ZSCORE, 0, 0.0, 0.0};
         segcore_weighted_model* m = nullptr;
         const int status = segcore_weighted_model_fit(&m, &c.data, &f, 1, 0.0);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"score", "weighted model score: infinite value", SEGCORE_EINVAL, {"WeightedModel::score", "column 'spend', row 0", "infinite"},
       +[] {
         Columns c;
         c.spend[0] = kInf;
         segcore_score_feature f{"spend", 1.0, SEGCORE_NORMALIZE_NONE, 0, 0.0, 1.0};
         segcore_weighted_model* m = nullptr;
         segcore_weighted_model_create(&m, &f, 1, 0.0);
         double out[3];
         const int status = segcore_weighted_model_score(m, &c.data, 0, 1, out, 3);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"score", "weighted score: infinite value", SEGCORE_EINVAL, {"weighted_score", "column 'spend', row 2", "infinite"},
       +[] {
         Columns c;
         c.spend[2] = -kInf;
         segcore_score_term t{"spend", 2.0};
         double out[3];
         return segcore_weighted_score(&c.data, &t, 1, 0.0, 0, out, 3);
       }},
      {"score", "weighted model: unknown column", SEGCORE_ENOTFOUND, {"WeightedModel::fit", "no column 'spnd'"},
       +[] {
         Columns c;
         segcore_score_feature f{"spnd", 1.0, SEGCORE_NORMALIZE_ZSCORE, 0, 0.0, 0.0};
         segcore_weighted_model* m = nullptr;
         const int status = segcore_weighted_model_fit(&m, &c.data, &f, 1, 0.0);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"score", "weighted model: NaN weight", SEGCORE_EINVAL, {"WeightedModel::create", "weight of 'spend'", "not finite"},
       +[] {
         segcore_score_feature f{"spend", kNaN, SEGCORE_NORMALIZE_NONE, 0, 0.0, 1.0};
         segcore_weighted_model* m = nullptr;
         const int status = segcore_weighted_model_create(&m, &f, 1, 0.0);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"score", "weighted model: scale 0", SEGCORE_EINVAL, {"WeightedModel::create", "'spend'", "scale 0"},
       +[] {
         segcore_score_feature f{"spend", 1.0, SEGCORE_NORMALIZE_ZSCORE, 0, 0.0, 0.0};
         segcore_weighted_model* m = nullptr;
         const int status = segcore_weighted_model_create(&m, &f, 1, 0.0);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"score", "weighted score: buffer too small", SEGCORE_ERANGE, {"segcore_weighted_score", "2", "3"},
       +[] {
         Columns c;
         segcore_score_term t{"spend", 2.0};
         double out[3];
         return segcore_weighted_score(&c.data, &t, 1, 0.0, 0, out, 2);
       }},
      {"score", "logistic: NaN in X", SEGCORE_EINVAL, {"LogisticRegression::fit", "row 1, column 0", "not finite"},
       +[] {
         double x[12];
         std::copy(kX, kX + 12, x);
         x[2] = kNaN;
         const double y[6] = {0, 0, 1, 1, 0, 1};
         segcore_logistic* raw = nullptr;
         segcore_logistic_create(&raw, nullptr);
         Logistic m(raw);
         return segcore_logistic_fit(m.get(), x, 6, 2, y, nullptr);
       }},
      {"score", "logistic: huge values (1e308)", SEGCORE_EINVAL, {"LogisticRegression::fit", "overflow"},
       +[] {
         const double x[12] = {1e308, 1, -1e308, 2, 1e308, 3, -1e308, 4, 1e308, 5, -1e308, 6};
         const double y[6] = {0, 0, 1, 1, 0, 1};
         segcore_logistic* raw = nullptr;
         segcore_logistic_create(&raw, nullptr);
         Logistic m(raw);
         return segcore_logistic_fit(m.get(), x, 6, 2, y, nullptr);
       }},
      {"score", "logistic: y not 0 or 1", SEGCORE_EINVAL, {"LogisticRegression::fit", "y[3] is 2"},
       +[] {
         const double y[6] = {0, 0, 1, 2, 0, 1};
         segcore_logistic* raw = nullptr;
         segcore_logistic_create(&raw, nullptr);
         Logistic m(raw);
         return segcore_logistic_fit(m.get(), kX, 6, 2, y, nullptr);
       }},
      {"score", "logistic: predict before fit", SEGCORE_ENOTFITTED, {"LogisticRegression", "not fitted"},
       +[] {
         segcore_logistic* raw = nullptr;
         segcore_logistic_create(&raw, nullptr);
         Logistic m(raw);
         double out[6];
         return segcore_logistic_predict_proba(m.get(), kX, 6, 2, out, 6);
       }},
      {"score", "bands: edges not ascending", SEGCORE_EINVAL, {"ScoreBands", "edge 1 (5)", "strictly ascending"},
       +[] {
         const double e[2] = {5, 5};
         const char* names[3] = {"a", "b", "c"};
         segcore_score_bands* b = nullptr;
         const int status = segcore_score_bands_create(&b, e, 2, names);
         segcore_score_bands_destroy(b);
         return status;
       }},
      {"score", "bands: NaN edge", SEGCORE_EINVAL, {"ScoreBands", "edge 0", "not finite"},
       +[] {
         const double e[2] = {kNaN, 5};
         const char* names[3] = {"a", "b", "c"};
         segcore_score_bands* b = nullptr;
         const int status = segcore_score_bands_create(&b, e, 2, names);
         segcore_score_bands_destroy(b);
         return status;
       }},

      // ---- CLV -------------------------------------------------------------------------------
      {"CLV", "NaN frequency", SEGCORE_EINVAL, {"BetaGeoModel::fit", "row 2", "must be finite"},
       +[] {
         Histories h;
         h.frequency[2] = kNaN;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_fit(m.get(), h.frequency, h.recency, h.T, nullptr, 6);
       }},
      {"CLV", "infinite T", SEGCORE_EINVAL, {"BetaGeoModel::fit", "row 4", "must be finite"},
       +[] {
         Histories h;
         h.T[4] = kInf;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_fit(m.get(), h.frequency, h.recency, h.T, nullptr, 6);
       }},
      {"CLV", "huge T (1e308)", SEGCORE_ENOTFITTED, {"BetaGeoModel::fit", "log-likelihood is not finite"},
       +[] {
         Histories h;
         h.T[4] = 1e308;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_fit(m.get(), h.frequency, h.recency, h.T, nullptr, 6);
       }},
      {"CLV", "T < recency", SEGCORE_EINVAL, {"BetaGeoModel::fit", "row 0", "recency 30 exceeds T 20"},
       +[] {
         Histories h;
         h.T[0] = 20;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_fit(m.get(), h.frequency, h.recency, h.T, nullptr, 6);
       }},
      {"CLV", "no repeat purchases", SEGCORE_EINVAL, {"BetaGeoModel::fit", "repeat purchase"},
       +[] {
         Histories h;
         for (int i = 0; i < 6; ++i) h.frequency[i] = h.recency[i] = 0;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_fit(m.get(), h.frequency, h.recency, h.T, nullptr, 6);
       }},
      {"CLV", "empty input", SEGCORE_EINVAL, {"BetaGeoModel::fit", "no customer"},
       +[] {
         Histories h;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_fit(m.get(), h.frequency, h.recency, h.T, nullptr, 0);
       }},
      {"CLV", "spend model: monetary 0 with purchases", SEGCORE_EINVAL, {"GammaGammaModel::fit", "row 3", "monetary is 0"},
       +[] {
         Histories h;
         h.monetary[3] = 0;
         segcore_clv_options o;
         segcore_clv_options_init(&o, sizeof o);
         o.model = SEGCORE_CLV_GAMMA_GAMMA;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, &o);
         Clv m(raw);
         return segcore_clv_fit_spend(m.get(), h.frequency, h.monetary, nullptr, 6);
       }},
      {"CLV", "set_params: negative", SEGCORE_EINVAL, {"ClvModel::set_params", "alpha is -2"},
       +[] {
         const double params[4] = {1, -2, 1, 1};
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_set_params(m.get(), params, 4);
       }},
      {"CLV", "predict before fit", SEGCORE_ENOTFITTED, {"probability_alive", "not fitted"},
       +[] {
         Histories h;
         double out[6];
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         return segcore_clv_probability_alive(m.get(), h.frequency, h.recency, h.T, 6, out, 6);
       }},
      {"CLV", "summary: NaN amount", SEGCORE_EINVAL, {"summarize_transactions", "transaction 1", "amount is nan"},
       +[] {
         const int64_t c[3] = {1, 1, 2}, t[3] = {0, 10 * kDay, 0};
         const double a[3] = {5, kNaN, 3};
         size_t n = 0;
         return segcore_clv_summarize(c, t, a, 3, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 0, &n);
       }},
      {"CLV", "summary: timestamps INT64_MIN and INT64_MAX", SEGCORE_EINVAL, {"summarize_transactions", "transaction 0", "timestamp -9223372036854775808", "years 0000 to 9999"},
       +[] {
         const int64_t c[3] = {1, 1, 2}, t[3] = {INT64_MIN, INT64_MAX, 0};
         const double a[3] = {5, 4, 3};
         int64_t id[2];
         double f[2], r[2], T[2], m[2];
         size_t n = 0;
         return segcore_clv_summarize(c, t, a, 3, nullptr, id, f, r, T, m, 2, &n);
       }},
      {"CLV", "n purchases: fractional n", SEGCORE_EINVAL, {"probability_of_n_purchases", "n[1] is 2.5", "whole number"},
       +[] {
         const double params[4] = {0.243, 4.414, 0.793, 2.426}, n[2] = {1, 2.5};
         double out[2];
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, nullptr);
         Clv m(raw);
         segcore_clv_set_params(m.get(), params, 4);
         return segcore_clv_probability_of_n_purchases(m.get(), 39, n, 2, out, 2);
       }},
      {"CLV", "n purchases: MBG/NBD model", SEGCORE_EUNSUPPORTED, {"segcore_clv_probability_of_n_purchases", "not BG/NBD"},
       +[] {
         const double params[4] = {0.55, 10.58, 0.61, 11.67}, n[1] = {1};
         double out[1];
         segcore_clv_options o;
         segcore_clv_options_init(&o, sizeof o);
         o.model = SEGCORE_CLV_MBGNBD;
         segcore_clv_model* raw = nullptr;
         segcore_clv_create(&raw, &o);
         Clv m(raw);
         segcore_clv_set_params(m.get(), params, 4);
         return segcore_clv_probability_of_n_purchases(m.get(), 39, n, 1, out, 1);
       }},
      {"CLV", "conditional n purchases: recency after T", SEGCORE_EINVAL, {"conditional_probability_of_n_purchases", "row 1", "recency 40 exceeds T 39"},
       +[] {
         const double n[2] = {0, 1}, x[2] = {2, 3}, tx[2] = {30, 40}, T[2] = {39, 39};
         double out[2];
         Clv m = clv_with_params(SEGCORE_CLV_PARETO_NBD, {0.55, 10.58, 0.61, 11.67});
         return segcore_clv_conditional_probability_of_n_purchases(m.get(), 39, n, x, tx, T, 2, out, 2);
       }},
      {"CLV", "conditional n purchases: negative n", SEGCORE_EINVAL, {"conditional_probability_of_n_purchases", "n[0] is -1", "whole number"},
       +[] {
         const double n[1] = {-1}, x[1] = {2}, tx[1] = {30}, T[1] = {39};
         double out[1];
         Clv m = clv_with_params(SEGCORE_CLV_PARETO_NBD, {0.55, 10.58, 0.61, 11.67});
         return segcore_clv_conditional_probability_of_n_purchases(m.get(), 39, n, x, tx, T, 1, out, 1);
       }},
      {"CLV", "conditional n purchases: BG/NBD model", SEGCORE_EUNSUPPORTED, {"segcore_clv_conditional_probability_of_n_purchases", "not Pareto/NBD"},
       +[] {
         const double n[1] = {1}, x[1] = {2}, tx[1] = {30}, T[1] = {39};
         double out[1];
         Clv m = clv_with_params(SEGCORE_CLV_BGNBD, {0.243, 4.414, 0.793, 2.426});
         return segcore_clv_conditional_probability_of_n_purchases(m.get(), 39, n, x, tx, T, 1, out, 1);
       }},

      // ---- CSV ingest ------------------------------------------------------------------------
      {"CSV", "unterminated quote", SEGCORE_EINVAL, {"line 3", "quot"},
       +[] { return read_csv(kHeader + kGoodRow + "\"c2,2024-01-03,5\n"); }},
      {"CSV", "wrong field count", SEGCORE_EINVAL, {"line 2", "2 fields", "the header has 3"},
       +[] { return read_csv(kHeader + "c1,2024-01-02\n"); }},
      {"CSV", "bad number", SEGCORE_EINVAL, {"line 2", "column 3", "bad number", "12x"},
       +[] { return read_csv(kHeader + "c1,2024-01-02,12x\n"); }},
      {"CSV", "amount 1e400 (overflows)", SEGCORE_EINVAL, {"line 2", "column 3", "1e400"},
       +[] { return read_csv(kHeader + "c1,2024-01-02,1e400\n"); }},
      {"CSV", "amount 1e308 (out of range)", SEGCORE_EINVAL, {"line 2", "column 3", "out of range"},
       +[] { return read_csv(kHeader + "c1,2024-01-02,1e308\n"); }},
      {"CSV", "denormal amount: accepted", SEGCORE_OK, {},
       +[] { return read_csv(kHeader + "c1,2024-01-02,4.9e-324\n"); }},
      {"CSV", "bad timestamp", SEGCORE_EINVAL, {"line 2", "column 2", "bad timestamp", "2024-13-01"},
       +[] { return read_csv(kHeader + "c1,2024-13-01,10\n"); }},
      {"CSV", "NUL byte", SEGCORE_EINVAL, {"line 2", "NUL"},
       +[] { return read_csv(kHeader + std::string("c1,2024-01-02,1\0" "0\n", 17)); }},
      {"CSV", "invalid UTF-8 in an id", SEGCORE_EINVAL, {"line 2", "column 1", "UTF-8"},
       +[] { return read_csv(kHeader + "c\xff\xfe,2024-01-02,10\n"); }},
      {"CSV", "invalid UTF-8 in the header", SEGCORE_EINVAL, {"line 1", "UTF-8"},
       +[] { return read_csv("customer_id,timestamp,amount\xc3\n" + kGoodRow); }},
      {"CSV", "empty file", SEGCORE_EINVAL, {"read_csv", "the file is empty"},
       +[] { return read_csv(""); }},
      {"CSV", "header only", SEGCORE_EINVAL, {"read_csv", "no data rows"},
       +[] { return read_csv(kHeader); }},
      {"CSV", "missing column", SEGCORE_ENOTFOUND, {"read_csv", "column 'amount' is not in the header", "customer_id, timestamp, total"},
       +[] { return read_csv("customer_id,timestamp,total\n" + kGoodRow); }},
      {"CSV", "missing file", SEGCORE_ENOTFOUND, {"read_csv", "/nonexistent/segcore.csv", "no such file"},
       +[] {
         segcore_events* ev = nullptr;
         return segcore_events_read_csv(&ev, "/nonexistent/segcore.csv", nullptr);
       }},
      {"CSV", "timestamp before 1900: accepted", SEGCORE_OK, {},
       +[] { return read_csv(kHeader + "c1,1850-03-01,10\n"); }},
      {"CSV", "timestamp after 9999", SEGCORE_EINVAL, {"line 2", "column 2", "bad timestamp", "10000-01-01"},
       +[] { return read_csv(kHeader + "c1,10000-01-01,10\n"); }},
      {"CSV", "epoch seconds beyond int64", SEGCORE_EINVAL, {"line 2", "column 2", "bad timestamp", "99999999999999999999"},
       +[] { return read_csv(kHeader + "c1,99999999999999999999,10\n", SEGCORE_TIMESTAMP_EPOCH); }},
      {"CSV", "epoch seconds after 9999", SEGCORE_EINVAL, {"line 2", "column 2", "bad timestamp", "999999999999"},
       +[] { return read_csv(kHeader + "c1,999999999999,10\n", SEGCORE_TIMESTAMP_EPOCH); }},
      {"CSV", "time-zone name", SEGCORE_EINVAL, {"line 2", "column 2", "time-zone names"},
       +[] { return read_csv(kHeader + "c1,2024-01-02 10:00 CET,10\n"); }},

      // ---- CSV inputs: lenient means lenient, real inputs, special files --------------------
      {"CSV input", "timestamp pushed past 9999 by its offset", SEGCORE_EINVAL, {"line 2", "column 2", "outside the years 0000 to 9999"},
       +[] { return read_csv(kHeader + "c1,9999-12-31T23:30:00-01:00,10\n"); }},
      {"CSV input", "timestamp pushed before 0000 by its offset", SEGCORE_EINVAL, {"line 2", "column 2", "outside the years 0000 to 9999"},
       +[] { return read_csv(kHeader + "c1,0000-01-01T00:30:00+01:00,10\n"); }},
      {"CSV input", "leap second after 9999-12-31 23:59:59", SEGCORE_EINVAL, {"line 2", "column 2", "bad timestamp", "23:59:60"},
       +[] { return read_csv(kHeader + "c1,9999-12-31 23:59:60,10\n"); }},
      {"CSV input", "hexadecimal amount", SEGCORE_EINVAL, {"line 2", "column 3", "bad number", "0x10"},
       +[] { return read_csv(kHeader + "c1,2024-01-02,0x10\n"); }},
      {"CSV input", "hexadecimal float amount", SEGCORE_EINVAL, {"line 2", "column 3", "bad number", "0x1p4"},
       +[] { return read_csv(kHeader + "c1,2024-01-02,0x1p4\n"); }},
      {"CSV input", "tab-separated file read with commas", SEGCORE_ENOTFOUND, {"not in the header", "looks tab-separated"},
       +[] { return read_csv("customer_id\ttimestamp\tamount\nc1\t2024-01-02\t10\n"); }},
      {"CSV input", "semicolon-separated file read with commas", SEGCORE_ENOTFOUND, {"not in the header", "looks ';'-separated"},
       +[] { return read_csv("customer_id;timestamp;amount\nc1;2024-01-02;10\n"); }},
      {"CSV input", "gzip file: accepted (decompressed)", SEGCORE_OK, {},
       +[] {
         TempCsv file(kGzipCsv);
         segcore_events* ev = nullptr;
         int status = segcore_events_read_csv(&ev, file.path(), nullptr);
         size_t rows = 0;
         if (status == SEGCORE_OK) segcore_events_n_rows(ev, &rows);
         segcore_events_destroy(ev);
         return status == SEGCORE_OK && rows != 1 ? kWrongOutcome : status;
       }},
      {"CSV input", "gzip file cut short", SEGCORE_EINVAL, {"read_csv", "gzip data is damaged or cut short"},
       +[] { return read_csv(kGzipCsv.substr(0, kGzipCsv.size() - 12)); }},
      {"CSV input", "xz file", SEGCORE_EINVAL, {"read_csv", "xz-compressed", "only gzip and zstd"},
       +[] { return read_csv(std::string("\xFD" "7zXZ\x00\x00\x04", 8) + kGoodRow); }},
      {"CSV input", "a device (/dev/zero)", SEGCORE_EIO, {"read_csv: /dev/zero", "not a regular file, pipe or FIFO (a device)"},
       +[] {
         segcore_events* ev = nullptr;
         return segcore_events_read_csv(&ev, "/dev/zero", nullptr);
       }},
      {"CSV input", "descriptor: negative", SEGCORE_EINVAL, {"segcore_events_read_csv_fd", "fd is -1"},
       +[] {
         segcore_events* ev = nullptr;
         return segcore_events_read_csv_fd(&ev, -1, nullptr);
       }},
      {"CSV input", "descriptor: a pipe: accepted", SEGCORE_OK, {},
       +[] {
         int p[2];
         if (pipe(p) != 0) return kWrongOutcome;
         const std::string text = kHeader + kGoodRow;
         const bool written = write(p[1], text.data(), text.size()) == static_cast<ssize_t>(text.size());
         close(p[1]);
         segcore_events* ev = nullptr;
         const int status = segcore_events_read_csv_fd(&ev, p[0], nullptr);
         close(p[0]);
         size_t rows = 0;
         if (status == SEGCORE_OK) segcore_events_n_rows(ev, &rows);
         segcore_events_destroy(ev);
         return !written || (status == SEGCORE_OK && rows != 1) ? kWrongOutcome : status;
       }},
      {"CSV input", "model file that is a FIFO (refused at once)", SEGCORE_EIO, {"segcore_scaler_load", "is not a regular file (a FIFO)"},
       +[] {
         TempFifo fifo;
         segcore_scaler* s = nullptr;
         const int status = segcore_scaler_load(&s, fifo.path());
         segcore_scaler_destroy(s);
         return status;
       }},
      {"CSV input", "model_file_info on a FIFO (refused at once)", SEGCORE_EIO, {"segcore_model_file_info", "is not a regular file (a FIFO)"},
       +[] {
         TempFifo fifo;
         int32_t kind, format, library;
         return segcore_model_file_info(fifo.path(), &kind, &format, &library);
       }},

      // ---- Events and profiles ---------------------------------------------------------------
      {"profiles", "events: NaN amount", SEGCORE_EINVAL, {"events_from_arrays", "row 1", "NaN"},
       +[] {
         const int64_t c[2] = {1, 2}, t[2] = {kDay, kDay};
         const double a[2] = {1, kNaN};
         segcore_events* ev = nullptr;
         const int status = segcore_events_from_arrays(&ev, c, t, a, nullptr, 2);
         segcore_events_destroy(ev);
         return status;
       }},
      {"profiles", "events: timestamp INT64_MAX", SEGCORE_EINVAL, {"events_from_arrays", "row 1", "timestamp 9223372036854775807", "years 0000 to 9999"},
       +[] {
         const int64_t c[2] = {1, 2}, t[2] = {kDay, INT64_MAX};
         const double a[2] = {1, 2};
         segcore_events* ev = nullptr;
         const int status = segcore_events_from_arrays(&ev, c, t, a, nullptr, 2);
         segcore_events_destroy(ev);
         return status;
       }},
      {"profiles", "events: timestamp INT64_MIN", SEGCORE_EINVAL, {"events_from_arrays", "row 0", "timestamp -9223372036854775808", "years 0000 to 9999"},
       +[] {
         const int64_t c[2] = {1, 2}, t[2] = {INT64_MIN, kDay};
         const double a[2] = {1, 2};
         segcore_events* ev = nullptr;
         const int status = segcore_events_from_arrays(&ev, c, t, a, nullptr, 2);
         segcore_events_destroy(ev);
         return status;
       }},
      {"profiles", "store: timestamp INT64_MAX", SEGCORE_EINVAL, {"ProfileStore::add", "customer 'c1'", "timestamp 9223372036854775807"},
       +[] {
         segcore_profile_store* raw = nullptr;
         segcore_profile_store_create(&raw, nullptr);
         Store s(raw);
         return segcore_profile_store_add(s.get(), "c1", INT64_MAX, 1, nullptr);
       }},
      {"profiles", "profiles: as_of INT64_MAX", SEGCORE_EINVAL, {"as_of 9223372036854775807", "years 0000 to 9999"},
       +[] {
         Events ev = events();
         segcore_profile_options o;
         segcore_profile_options_init(&o, sizeof o);
         o.as_of = INT64_MAX;
         o.has_as_of = 1;
         segcore_profiles* p = nullptr;
         const int status = segcore_profiles_build(&p, ev.get(), &o);
         segcore_profiles_destroy(p);
         return status;
       }},
      {"profiles", "snapshot: as_of INT64_MAX", SEGCORE_EINVAL, {"as_of 9223372036854775807", "years 0000 to 9999"},
       +[] {
         segcore_profile_store* raw = nullptr;
         segcore_profile_store_create(&raw, nullptr);
         Store s(raw);
         segcore_profile_store_add(s.get(), "c1", kDay, 1, nullptr);
         segcore_profiles* p = nullptr;
         const int status = segcore_profile_store_snapshot(s.get(), &p, INT64_MAX, 1);
         segcore_profiles_destroy(p);
         return status;
       }},
      {"profiles", "store: invalid UTF-8 customer id", SEGCORE_EINVAL, {"ProfileStore::add", "customer id is not valid UTF-8 (byte 1)"},
       +[] {
         segcore_profile_store* raw = nullptr;
         segcore_profile_store_create(&raw, nullptr);
         Store s(raw);
         return segcore_profile_store_add(s.get(), "c\xc0\xaf", kDay, 1, nullptr);
       }},
      {"profiles", "store: invalid UTF-8 order id", SEGCORE_EINVAL, {"ProfileStore::add", "customer 'c1'", "order id is not valid UTF-8 (byte 1)"},
       +[] {
         segcore_profile_store* raw = nullptr;
         segcore_profile_store_create(&raw, nullptr);
         Store s(raw);
         return segcore_profile_store_add(s.get(), "c1", kDay, 1, "o\xed\xa0\x80");
       }},
      {"profiles", "store: infinite amount", SEGCORE_EINVAL, {"ProfileStore::add", "customer 'c1'", "amount inf"},
       +[] {
         segcore_profile_store* raw = nullptr;
         segcore_profile_store_create(&raw, nullptr);
         Store s(raw);
         return segcore_profile_store_add(s.get(), "c1", kDay, kInf, nullptr);
       }},
      {"profiles", "store: invalid UTF-8 category", SEGCORE_EINVAL, {"segcore_profile_store_add_event", "categories[0]", "UTF-8"},
       +[] {
         const char* cats[1] = {"type"};
         segcore_profile_store* raw = nullptr;
         segcore_profile_store_create_with_schema(&raw, nullptr, cats, 1, nullptr, 0, nullptr, 0);
         Store s(raw);
         const char* values[1] = {"\xff"};
         return segcore_profile_store_add_event(s.get(), "c1", kDay, 1, nullptr, values, 1, nullptr, 0, nullptr, 0);
       }},
      {"profiles", "add_category: invalid UTF-8 label", SEGCORE_EINVAL, {"segcore_events_add_category", "labels[1]", "UTF-8"},
       +[] {
         Events ev = events();
         const uint32_t codes[4] = {0, 1, 0, 1};
         const char* labels[2] = {"ok", "\xe2\x82"};
         return segcore_events_add_category(ev.get(), "kind", codes, 4, labels, 2);
       }},
      {"profiles", "add_category: code out of range", SEGCORE_EINVAL, {"segcore_events_add_category", "codes[2]", "2"},
       +[] {
         Events ev = events();
         const uint32_t codes[4] = {0, 1, 2, 1};
         const char* labels[2] = {"a", "b"};
         return segcore_events_add_category(ev.get(), "kind", codes, 4, labels, 2);
       }},
      {"profiles", "add_numeric: infinity", SEGCORE_EINVAL, {"segcore_events_add_numeric", "'score' value 3", "infinite"},
       +[] {
         Events ev = events();
         const double v[4] = {1, 2, 3, -kInf};
         return segcore_events_add_numeric(ev.get(), "score", v, 4);
       }},
      {"profiles", "unknown column", SEGCORE_ENOTFOUND, {"segcore_profiles_get_f64", "'spend'"},
       +[] {
         ProfilesPtr p = profiles();
         double out[3];
         return segcore_profiles_get_f64(p.get(), "spend", out, 3);
       }},
      {"profiles", "column buffer too small", SEGCORE_ERANGE, {"segcore_profiles_get_f64", "2", "3"},
       +[] {
         ProfilesPtr p = profiles();
         double out[3];
         return segcore_profiles_get_f64(p.get(), "frequency", out, 2);
       }},
      {"profiles", "customer index out of range", SEGCORE_ERANGE, {"segcore_profiles_customer_id", "customer 3 of 3"},
       +[] {
         ProfilesPtr p = profiles();
         char buf[16];
         size_t len;
         return segcore_profiles_customer_id(p.get(), 3, buf, sizeof buf, &len);
       }},
      {"profiles", "as_of before an event", SEGCORE_ENOTFITTED, {"ProfileStore::snapshot", "as_of 86400 precedes an event at 864000"},
       +[] {
         segcore_profile_store* raw = nullptr;
         segcore_profile_store_create(&raw, nullptr);
         Store s(raw);
         segcore_profile_store_add(s.get(), "c1", 10 * kDay, 1, nullptr);
         segcore_profiles* p = nullptr;
         const int status = segcore_profile_store_snapshot(s.get(), &p, kDay, 1);
         segcore_profiles_destroy(p);
         return status;
       }},

      // ---- RFM -------------------------------------------------------------------------------
      {"RFM", "bins = 1", SEGCORE_EINVAL, {"RfmOptions", "bins is 1"},
       +[] {
         ProfilesPtr p = profiles();
         segcore_rfm_options o;
         segcore_rfm_options_init(&o, sizeof o);
         o.bins = 1;
         segcore_rfm* r = nullptr;
         return segcore_rfm_score(&r, p.get(), &o);
       }},
      {"RFM", "fixed edges not ascending", SEGCORE_EINVAL, {"rfm_score", "frequency_edges[0] is nan", "strictly ascending"},
       +[] {
         ProfilesPtr p = profiles();
         const double r_edges[1] = {10}, f_edges[1] = {kNaN}, m_edges[1] = {5};
         segcore_rfm_options o;
         segcore_rfm_options_init(&o, sizeof o);
         o.bins = 2;
         o.mode = SEGCORE_RFM_FIXED;
         o.recency_edges = r_edges;
         o.frequency_edges = f_edges;
         o.monetary_edges = m_edges;
         o.n_edges = 1;
         segcore_rfm* r = nullptr;
         const int status = segcore_rfm_score(&r, p.get(), &o);
         segcore_rfm_destroy(r);
         return status;
       }},
      {"RFM", "fixed edges: wrong count", SEGCORE_EINVAL, {"rfm_score", "recency_edges has 2 values", "1 are needed for 2 bins"},
       +[] {
         ProfilesPtr p = profiles();
         const double edges[2] = {1, 2};
         segcore_rfm_options o;
         segcore_rfm_options_init(&o, sizeof o);
         o.bins = 2;
         o.mode = SEGCORE_RFM_FIXED;
         o.recency_edges = o.frequency_edges = o.monetary_edges = edges;
         o.n_edges = 2;
         segcore_rfm* r = nullptr;
         const int status = segcore_rfm_score(&r, p.get(), &o);
         segcore_rfm_destroy(r);
         return status;
       }},

      // ---- Rules -----------------------------------------------------------------------------
      {"rules", "syntax error", SEGCORE_EINVAL, {"line 1, column 9", "expected"},
       +[] {
         Columns c;
         segcore_rule* r = nullptr;
         return segcore_rule_compile(&r, "spend > > 1", &c.data);
       }},
      {"rules", "unknown field", SEGCORE_ENOTFOUND, {"line 1, column 1", "spnd"},
       +[] {
         Columns c;
         segcore_rule* r = nullptr;
         return segcore_rule_compile(&r, "spnd > 1", &c.data);
       }},
      {"rules", "invalid UTF-8 in rule text", SEGCORE_EINVAL, {"line 1, column 10", "invalid UTF-8 (byte 0xff)"},
       +[] {
         Columns c;
         segcore_rule* r = nullptr;
         return segcore_rule_compile(&r, "city == '\xff'", &c.data);
       }},
      {"rules", "text compared with a number", SEGCORE_EINVAL, {"line 1", "city"},
       +[] {
         Columns c;
         segcore_rule* r = nullptr;
         return segcore_rule_compile(&r, "city > 3", &c.data);
       }},
      {"rules", "empty rule", SEGCORE_EINVAL, {"line 1, column 1", "expected"},
       +[] {
         Columns c;
         segcore_rule* r = nullptr;
         return segcore_rule_compile(&r, "", &c.data);
       }},
      {"rules", "segment set: unknown field", SEGCORE_ENOTFOUND, {"segment 'big'", "line 2", "spnd"},
       +[] {
         Columns c;
         segcore_segment_set* s = nullptr;
         return segcore_segment_set_parse(&s, "mode exclusive\nsegment big: spnd > 10\n", &c.data);
       }},
      {"rules", "segment set: invalid UTF-8", SEGCORE_EINVAL, {"line 2, column 10", "invalid UTF-8 (byte 0xff)"},
       +[] {
         Columns c;
         segcore_segment_set* s = nullptr;
         return segcore_segment_set_parse(&s, "mode exclusive\nsegment b\xff: spend > 10\n", &c.data);
       }},
      {"rules", "segment set: unknown entry", SEGCORE_EINVAL, {"line 2, column 1", "expected 'mode', 'fallback', 'segment' or 'trigger'", "found 'colour'"},
       +[] {
         Columns c;
         segcore_segment_set* s = nullptr;
         return segcore_segment_set_parse(&s, "mode exclusive\ncolour red\n", &c.data);
       }},
      {"rules", "event trigger: unknown field", SEGCORE_ENOTFOUND, {"line 1", "colour"},
       +[] {
         const char* names[1] = {"type"};
         segcore_event_triggers* t = nullptr;
         return segcore_event_triggers_parse(&t, "trigger a to B: count(colour = 'x') >= 1 within 1 days\n", names, 1);
       }},
      {"rules", "event trigger: invalid UTF-8", SEGCORE_EINVAL, {"line 1, column 15", "invalid UTF-8 (byte 0xff)"},
       +[] {
         const char* names[1] = {"type"};
         segcore_event_triggers* t = nullptr;
         return segcore_event_triggers_parse(&t, "trigger a to B\xff: count(type = 'x') >= 1 within 1 days\n", names, 1);
       }},
      {"rules", "column without a name", SEGCORE_EINVAL, {"segcore_rule_compile", "column 1: name is NULL"},
       +[] {
         Columns c;
         c.cols[1].name = nullptr;
         segcore_rule* r = nullptr;
         return segcore_rule_compile(&r, "spend > 1", &c.data);
       }},
      {"rules", "invalid UTF-8 in a text column: compared as bytes", SEGCORE_OK, {},
       +[] {
         Columns c;
         segcore_rule* raw = nullptr;
         segcore_rule_compile(&raw, "city == 'Oslo'", &c.data);
         Rule r(raw);
         c.city[0] = "Osl\xff";
         uint8_t out[3] = {9, 9, 9};
         const int status = segcore_rule_evaluate(r.get(), &c.data, 1, out, 3);
         if (status != SEGCORE_OK) return status;
         return out[0] == 0 && out[1] == 0 && out[2] == 0 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"rules", "NaN value is missing, not an error", SEGCORE_OK, {},
       +[] {
         Columns c;
         c.spend[1] = kNaN;
         segcore_rule* raw = nullptr;
         segcore_rule_compile(&raw, "spend > 5", &c.data);
         Rule r(raw);
         uint8_t out[3] = {9, 9, 9};
         const int status = segcore_rule_evaluate(r.get(), &c.data, 1, out, 3);
         if (status != SEGCORE_OK) return status;
         return out[0] == 1 && out[1] == 0 && out[2] == 1 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"rules", "evaluate: buffer too small", SEGCORE_ERANGE, {"segcore_rule_evaluate", "2", "3"},
       +[] {
         Columns c;
         segcore_rule* raw = nullptr;
         segcore_rule_compile(&raw, "spend > 5", &c.data);
         Rule r(raw);
         uint8_t out[3];
         return segcore_rule_evaluate(r.get(), &c.data, 1, out, 2);
       }},
      {"rules", "evaluate_one: wrong value count", SEGCORE_EINVAL, {"segcore_rule_evaluate_one", "2 values given", "reads 1 fields"},
       +[] {
         Columns c;
         segcore_rule* raw = nullptr;
         segcore_rule_compile(&raw, "spend > 5", &c.data);
         Rule r(raw);
         const double v[2] = {1, 2};
         int32_t truth;
         return segcore_rule_evaluate_one(r.get(), v, nullptr, nullptr, 2, nullptr, &truth);
       }},

      {"rules", "event triggers: invalid UTF-8 customer", SEGCORE_EINVAL, {"EventTriggers::add", "customer id is not valid UTF-8 (byte 1)"},
       +[] {
         const char* names[1] = {"type"};
         segcore_event_triggers* raw = nullptr;
         segcore_event_triggers_parse(&raw, "trigger a to B: count(type = 'x') >= 1 within 1 days\n", names, 1);
         const char* cats[1] = {"x"};
         segcore_stream_event e{};
         e.struct_size = sizeof e;
         e.customer = "c\xff";
         e.timestamp = kDay;
         e.categories = cats;
         e.n_categories = 1;
         const int status = segcore_event_triggers_add(raw, &e, nullptr, nullptr, nullptr);
         segcore_event_triggers_destroy(raw);
         return status;
       }},
      {"rules", "event triggers: timestamp INT64_MIN", SEGCORE_EINVAL, {"EventTriggers::add", "customer 'c1'", "timestamp -9223372036854775808", "beyond"},
       +[] {
         const char* names[1] = {"type"};
         segcore_event_triggers* raw = nullptr;
         segcore_event_triggers_parse(&raw, "trigger a to B: count(type = 'x') >= 1 within 1 days\n", names, 1);
         const char* cats[1] = {"x"};
         segcore_stream_event e{};
         e.struct_size = sizeof e;
         e.customer = "c1";
         e.timestamp = INT64_MIN;
         e.categories = cats;
         e.n_categories = 1;
         const int status = segcore_event_triggers_add(raw, &e, nullptr, nullptr, nullptr);
         segcore_event_triggers_destroy(raw);
         return status;
       }},
      {"rules", "tiers: NaN edge", SEGCORE_EINVAL, {"SegmentSet::tiers", "edge 1 is not finite"},
       +[] {
         Columns c;
         const double edges[2] = {10, kNaN};
         const char* names[3] = {"low", "mid", "high"};
         segcore_segment_set* set = nullptr;
         const int status = segcore_segment_set_tiers(&set, "spend", edges, 2, names, &c.data);
         segcore_segment_set_destroy(set);
         return status;
       }},
      {"rules", "weighted score_one: wrong value count", SEGCORE_EINVAL, {"WeightedModel::score_one", "2 values given", "1 features"},
       +[] {
         segcore_score_feature f{"spend", 1.0, SEGCORE_NORMALIZE_NONE, 0, 0.0, 1.0};
         segcore_weighted_model* m = nullptr;
         segcore_weighted_model_create(&m, &f, 1, 0.0);
         const double v[2] = {1, 2};
         double out;
         const int status = segcore_weighted_model_score_one(m, v, 2, 0, &out);
         segcore_weighted_model_destroy(m);
         return status;
       }},
      {"profiles", "profiles from no events", SEGCORE_EINVAL, {"build_profiles", "no events"},
       +[] {
         segcore_events* ev = nullptr;
         segcore_events_from_arrays(&ev, nullptr, nullptr, nullptr, nullptr, 0);
         Events owned(ev);
         segcore_profiles* p = nullptr;
         const int status = segcore_profiles_build(&p, ev, nullptr);
         segcore_profiles_destroy(p);
         return status;
       }},
      {"stats", "dendrogram cut: 0 clusters", SEGCORE_EINVAL, {"Dendrogram::cut", "n_clusters is 0", "[1, 6]"},
       +[] {
         segcore_dendrogram* t = nullptr;
         segcore_dendrogram_build_f64(&t, kX, 6, 2, SEGCORE_LINKAGE_WARD);
         int32_t labels[6];
         const int status = segcore_dendrogram_cut(t, 0, labels, 6);
         segcore_dendrogram_destroy(t);
         return status;
       }},
      {"stats", "dendrogram cut: more clusters than rows", SEGCORE_EINVAL, {"Dendrogram::cut", "n_clusters is 7", "[1, 6]"},
       +[] {
         segcore_dendrogram* t = nullptr;
         segcore_dendrogram_build_f64(&t, kX, 6, 2, SEGCORE_LINKAGE_WARD);
         int32_t labels[6];
         const int status = segcore_dendrogram_cut(t, 7, labels, 6);
         segcore_dendrogram_destroy(t);
         return status;
       }},
      {"metrics", "choose k: k_max >= rows", SEGCORE_EINVAL, {"choose_k", "k_max = 6", "at least 7 rows"},
       +[] {
         segcore_choose_k_options o;
         segcore_choose_k_options_init(&o, sizeof o);
         o.k_min = 2;
         o.k_max = 6;
         segcore_k_score scores[5];
         return segcore_choose_k_f64(kX, 6, 2, &o, scores, 5, nullptr, nullptr, nullptr, 0);
       }},
      {"metrics", "stability: sample_fraction 0", SEGCORE_EINVAL, {"cluster_stability", "sample_fraction is 0"},
       +[] {
         segcore_stability_options o;
         segcore_stability_options_init(&o, sizeof o);
         o.n_clusters = 2;
         o.sample_fraction = 0;
         double mean_ari, ari[20], jac[2];
         int32_t labels[6];
         return segcore_cluster_stability_f64(kX, 6, 2, &o, &mean_ari, ari, 20, jac, 2, labels, 6);
       }},
      {"identity", "phone with letters", SEGCORE_EINVAL, {"normalize_phone", "unexpected character 'A'"},
       +[] {
         char buf[32];
         size_t len;
         return segcore_normalize_phone("+33 6 12 AB 56 78", nullptr, buf, sizeof buf, &len);
       }},

      // ---- Identity --------------------------------------------------------------------------
      {"identity", "email without '@'", SEGCORE_EINVAL, {"normalize_email", "has no '@'"},
       +[] {
         char buf[64];
         size_t len;
         return segcore_normalize_email("someone.example.com", buf, sizeof buf, &len);
       }},
      {"identity", "email with invalid UTF-8", SEGCORE_EINVAL, {"normalize_email", "not valid UTF-8 (byte 1)"},
       +[] {
         char buf[64];
         size_t len;
         return segcore_normalize_email("s\xffo@example.com", buf, sizeof buf, &len);
       }},
      {"identity", "unknown identifier kind", SEGCORE_EINVAL, {"segcore_identity_add_record", "kinds[0]", "17"},
       +[] {
         segcore_identity* raw = nullptr;
         segcore_identity_create(&raw, nullptr);
         Identity id(raw);
         const int32_t kinds[1] = {17};
         const char* values[1] = {"x"};
         return segcore_identity_add_record(id.get(), kinds, values, 1, nullptr);
       }},
      {"identity", "invalid UTF-8 in a CRM id: rejected, reported", SEGCORE_OK, {},
       +[] {
         segcore_identity* raw = nullptr;
         segcore_identity_create(&raw, nullptr);
         Identity id(raw);
         const int32_t kinds[1] = {SEGCORE_ID_CRM};
         const char* values[1] = {"crm-\x80"};
         int status = segcore_identity_add_record(id.get(), kinds, values, 1, nullptr);
         uint32_t customer[1];
         size_t n = 0, rejected = 0;
         if (status == SEGCORE_OK) status = segcore_identity_resolve(id.get(), customer, 1, &n);
         if (status == SEGCORE_OK) status = segcore_identity_n_rejected(id.get(), &rejected);
         char reason[128] = "";
         if (status == SEGCORE_OK && rejected == 1)
           status = segcore_identity_rejected_reason(id.get(), 0, reason, sizeof reason, nullptr);
         if (status != SEGCORE_OK) return status;
         return rejected == 1 && std::string(reason).find("UTF-8") != std::string::npos ? SEGCORE_OK : kWrongOutcome;
       }},

      // ---- Keys: duplicate column names, opt-out ids -----------------------------------------
      {"keys", "numeric column named like a built-in feature", SEGCORE_EINVAL,
       {"build_profiles", "two profile columns are named 'monetary'"},
       +[] {
         Events ev = events();
         const double v[4] = {1, 2, 3, 4};
         segcore_events_add_numeric(ev.get(), "monetary", v, 4);
         segcore_profiles* p = nullptr;
         const int status = segcore_profiles_build(&p, ev.get(), nullptr);
         segcore_profiles_destroy(p);
         return status;
       }},
      {"keys", "CSV category column listed twice", SEGCORE_EINVAL,
       {"build_profiles", "two profile columns are named 'channel=web'"},
       +[] {
         TempCsv file("customer_id,timestamp,amount,channel\nc1,2024-01-02,10,web\nc2,2024-01-03,5,shop\n");
         const char* cats[2] = {"channel", "channel"};
         segcore_csv_options o;
         segcore_csv_options_init(&o, sizeof o);
         o.category_cols = cats;
         o.n_category_cols = 2;
         segcore_events* ev = nullptr;
         int status = segcore_events_read_csv(&ev, file.path(), &o);
         segcore_profiles* p = nullptr;
         if (status == SEGCORE_OK) status = segcore_profiles_build(&p, ev, nullptr);
         segcore_profiles_destroy(p);
         segcore_events_destroy(ev);
         return status;
       }},
      {"keys", "windows {7, 7}", SEGCORE_EINVAL, {"ProfileOptions", "window of 7 days is listed twice"},
       +[] {
         Events ev = events();
         const int32_t windows[2] = {7, 7};
         segcore_profile_options o;
         segcore_profile_options_init(&o, sizeof o);
         o.window_days = windows;
         o.n_windows = 2;
         segcore_profiles* p = nullptr;
         const int status = segcore_profiles_build(&p, ev.get(), &o);
         segcore_profiles_destroy(p);
         return status;
       }},
      {"keys", "store: numeric column named like a built-in feature", SEGCORE_EINVAL,
       {"ProfileStore::snapshot", "two profile columns are named 'recency_days'"},
       +[] {
         const char* numerics[1] = {"recency_days"};
         segcore_profile_store* s = nullptr;
         segcore_profile_store_create_with_schema(&s, nullptr, nullptr, 0, nullptr, 0, numerics, 1);
         Store store(s);
         segcore_profiles* p = nullptr;
         const double value[1] = {3};
         int status = segcore_profile_store_add_event(store.get(), "c1", kDay, 1, nullptr, nullptr, 0, nullptr, 0,
                                                      value, 1);
         if (status == SEGCORE_OK) status = segcore_profile_store_snapshot(store.get(), &p, 0, 0);
         segcore_profiles_destroy(p);
         return status;
       }},
      {"keys", "opt-out file with CR-only line ends: accepted", SEGCORE_OK, {},
       +[] {
         TempCsv list("# opted out\r1\r3\r");
         Events ev = events();
         uint64_t customers = 0, rows = 0;
         const int status = segcore_events_exclude_customers_file(ev.get(), list.path(), &customers, &rows);
         return status != SEGCORE_OK ? status : customers == 2 && rows == 3 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"keys", "opt-out ids with surrounding spaces: accepted, trimmed", SEGCORE_OK, {},
       +[] {
         Events ev = events();
         const char* ids[2] = {" 1", "2\t"};
         uint64_t customers = 0, rows = 0;
         const int status = segcore_events_exclude_customers(ev.get(), ids, 2, &customers, &rows);
         return status != SEGCORE_OK ? status : customers == 2 && rows == 3 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"keys", "opt-out list that is a FIFO", SEGCORE_EINVAL, {"opt-out list", "not a regular file"},
       +[] {
         TempDir dir;
         const std::string fifo = dir / "list";
         if (::mkfifo(fifo.c_str(), 0600) != 0) return kWrongOutcome;
         // A writer that feeds a reader waiting on the FIFO, if one ever does (a reader that
         // waited would then get an id and succeed), and gives up after 2 s.
         std::thread writer([&fifo] {
           for (int i = 0; i < 200; ++i, ::usleep(10000))
             if (const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK); fd >= 0) {
               if (::write(fd, "1\n", 2) != 2) { /* the reader left: nothing to feed */ }
               ::close(fd);
               return;
             }
         });
         Events ev = events();
         uint64_t customers = 0, rows = 0;
         const int status = segcore_events_exclude_customers_file(ev.get(), fifo.c_str(), &customers, &rows);
         writer.join();
         return status;
       }},

      // ---- Model files (docs/MODEL_FILES.md) -------------------------------------------------
      {"model file", "empty image", SEGCORE_ECORRUPT, {"segcore_scaler_from_bytes", "empty (0 bytes)"},
       +[] { return scaler_from(""); }},
      {"model file", "shorter than the header", SEGCORE_ECORRUPT, {"segcore_scaler_from_bytes", "truncated", "10 bytes"},
       +[] { return scaler_from(scaler_image().substr(0, 10)); }},
      {"model file", "truncated payload", SEGCORE_ECORRUPT, {"segcore_scaler_from_bytes", "truncated", "offset 16"},
       +[] {
         const std::string image = scaler_image();
         return scaler_from(image.substr(0, image.size() - 1));
       }},
      {"model file", "one bit flipped in the payload", SEGCORE_ECORRUPT, {"segcore_scaler_from_bytes", "checksum mismatch at offset"},
       +[] {
         std::string image = scaler_image();
         image[30] = static_cast<char>(image[30] ^ 1);
         return scaler_from(image);
       }},
      {"model file", "not a model file (magic)", SEGCORE_ECORRUPT, {"segcore_scaler_from_bytes", "offset 0", "magic"},
       +[] {
         std::string image = scaler_image();
         image[0] = 'X';
         return scaler_from(image);
       }},
      {"model file", "newer format version", SEGCORE_EUNSUPPORTED, {"segcore_scaler_from_bytes", "format version 2", "reads format versions 1 to 1"},
       +[] {
         std::string image = scaler_image();
         image[8] = 2;  // the format version, u16 at offset 8
         const uint32_t crc = crc32c(image.substr(0, image.size() - 4));
         for (int i = 0; i < 4; ++i) image[image.size() - 4 + i] = static_cast<char>(crc >> (8 * i));
         return scaler_from(image);
       }},
      {"model file", "another model's file", SEGCORE_EINVAL, {"segcore_kmeans_from_bytes", "holds a scaler model", "not a k-means"},
       +[] {
         const std::string image = scaler_image();
         segcore_kmeans* km = nullptr;
         const int status = segcore_kmeans_from_bytes(&km, image.data(), image.size());
         segcore_kmeans_destroy(km);
         return status;
       }},
      {"model file", "NULL data with a size", SEGCORE_EINVAL, {"segcore_scaler_from_bytes", "data is NULL but size is 5"},
       +[] {
         segcore_scaler* s = nullptr;
         return segcore_scaler_from_bytes(&s, nullptr, 5);
       }},
      {"model file", "truncated file on disk", SEGCORE_ECORRUPT, {"segcore_scaler_load", "model file '", "truncated"},
       +[] {
         const std::string image = scaler_image();
         TempCsv file(image.substr(0, image.size() / 2));
         segcore_scaler* s = nullptr;
         const int status = segcore_scaler_load(&s, file.path());
         segcore_scaler_destroy(s);
         return status;
       }},
      {"model file", "missing file", SEGCORE_ENOTFOUND, {"segcore_scaler_load", "cannot open '/nonexistent/model.segm'"},
       +[] {
         segcore_scaler* s = nullptr;
         return segcore_scaler_load(&s, "/nonexistent/model.segm");
       }},
      {"model file", "a folder instead of a file", SEGCORE_EIO, {"segcore_scaler_load", "is not a regular file"},
       +[] {
         segcore_scaler* s = nullptr;
         return segcore_scaler_load(&s, "/");
       }},
      {"model file", "save into a missing folder", SEGCORE_ENOTFOUND, {"segcore_scaler_save", "cannot create '/nonexistent/"},
       +[] { return segcore_scaler_save(fitted_scaler().get(), "/nonexistent/model.segm"); }},
      {"model file", "save an unfitted model", SEGCORE_ENOTFITTED, {"segcore_scaler_save", "not fitted"},
       +[] {
         segcore_scaler* s = nullptr;
         segcore_scaler_create(&s, nullptr);
         const int status = segcore_scaler_save(s, "/nonexistent/model.segm");
         segcore_scaler_destroy(s);
         return status;
       }},
      {"model file", "image buffer too small", SEGCORE_ERANGE, {"segcore_scaler_to_bytes", "the buffer holds 8 bytes"},
       +[] {
         char buffer[8];
         size_t size = 0;
         return segcore_scaler_to_bytes(fitted_scaler().get(), buffer, sizeof buffer, &size);
       }},
      {"model file", "save onto a character device (as /dev/null)", SEGCORE_EIO,
       {"segcore_scaler_save", "is a character device, not a regular file"},
       +[] {
         TempDir dir;
         const std::string node = char_device(dir);
         const int status = segcore_scaler_save(fitted_scaler().get(), node.c_str());
         return file_type(node) == S_IFCHR ? status : kWrongOutcome;
       }},
      {"model file", "save onto a FIFO", SEGCORE_EIO, {"segcore_scaler_save", "is a FIFO (named pipe)"},
       +[] {
         TempDir dir;
         const std::string fifo = dir / "model.segm";
         if (::mkfifo(fifo.c_str(), 0600) != 0) return kWrongOutcome;
         const int status = segcore_scaler_save(fitted_scaler().get(), fifo.c_str());
         return file_type(fifo) == S_IFIFO ? status : kWrongOutcome;
       }},
      {"model file", "save onto a symbolic link", SEGCORE_EIO, {"segcore_scaler_save", "is a symbolic link"},
       +[] {
         TempDir dir;
         const std::string target = dir / "elsewhere", link = dir / "model.segm";
         write_text(target, "not ours");
         if (::symlink(target.c_str(), link.c_str()) != 0) return kWrongOutcome;
         const int status = segcore_scaler_save(fitted_scaler().get(), link.c_str());
         return file_type(link) == S_IFLNK && read_text(target) == "not ours" ? status : kWrongOutcome;
       }},
      {"model file", "save over a 0600 file: stays 0600", SEGCORE_OK, {},
       +[] {
         TempDir dir;
         const std::string path = dir / "model.segm";
         write_text(path, "old");
         ::chmod(path.c_str(), 0600);
         const int status = segcore_scaler_save(fitted_scaler().get(), path.c_str());
         return status != SEGCORE_OK ? status : permissions(path) == 0600 ? SEGCORE_OK : kWrongOutcome;
       }},
      {"model file", "a killed save's temporary: removed by the next save", SEGCORE_OK, {},
       +[] {
         TempDir dir;
         const std::string path = dir / "model.segm";
         const std::string stale = path + ".tmp.4242.0", live = path + ".tmp.4243.0";
         write_text(stale, "partial");
         write_text(live, "being written");
         const int held = ::open(live.c_str(), O_RDONLY);  // a live writer's lock
         ::flock(held, LOCK_EX);
         const int status = segcore_scaler_save(fitted_scaler().get(), path.c_str());
         const bool ok = !exists(stale) && exists(live);
         ::close(held);
         return status != SEGCORE_OK ? status : ok ? SEGCORE_OK : kWrongOutcome;
       }},
      // ---- Influence graph (segcore_social.h) ----------------------------------------------
      {"influence graph", "target code out of range", SEGCORE_EINVAL,
       {"InfluenceGraph::from_edges", "edge 1", "target code 5 is not below n_nodes = 3"},
       +[] {
         const uint32_t src[] = {0, 1}, dst[] = {1, 5};
         segcore_influence_graph* g = nullptr;
         return segcore_influence_graph_create(&g, 3, src, dst, nullptr, 2, nullptr);
       }},
      {"influence graph", "NaN weight", SEGCORE_EINVAL, {"InfluenceGraph::from_edges", "edge 0", "weight nan"},
       +[] {
         const uint32_t src[] = {0}, dst[] = {1};
         const double w[] = {kNaN};
         segcore_influence_graph* g = nullptr;
         return segcore_influence_graph_create(&g, 2, src, dst, w, 1, nullptr);
       }},
      {"influence graph", "alpha outside (0, 1)", SEGCORE_EINVAL, {"pagerank", "alpha = 1 is not in (0, 1)"},
       +[] { return rank_small_graph([](segcore_pagerank_options* o) { o->alpha = 1; }); }},
      {"influence graph", "personalization all zero", SEGCORE_EINVAL,
       {"pagerank", "personalization is zero for every node"},
       +[] {
         return rank_small_graph([](segcore_pagerank_options* o) {
           static const double zero[] = {0, 0, 0};
           o->personalization = zero;
           o->personalization_count = 3;
         });
       }},
      {"influence graph", "not converged within max_iter", SEGCORE_ENOTFITTED,
       {"pagerank", "not converged after max_iter = 1"},
       +[] { return rank_small_graph([](segcore_pagerank_options* o) { o->max_iter = 1; }); }},
      {"influence graph", "tier bands not increasing", SEGCORE_EINVAL,
       {"influencer_tiers", "the mid bound 10 is not above the micro bound 10"},
       +[] {
         segcore_influencer_bands b;
         segcore_influencer_bands_init(&b, sizeof b);
         b.micro = 10, b.mid = 10, b.nano = 1;
         const uint64_t followers[] = {5};
         uint8_t out[1];
         return segcore_influencer_tiers(followers, 1, &b, out, 1);
       }},
      {"sentiment", "lexicon line without a tab", SEGCORE_EINVAL, {"lexicon.txt:2:", "no tab"},
       +[] {
         TempDir dir;
         write_text(dir / "lexicon.txt", "good\t1.9\nbad -2.5\n");
         segcore_sentiment_lexicon* lex = nullptr;
         return segcore_sentiment_lexicon_load(&lex, (dir / "lexicon.txt").c_str(), nullptr);
       }},
      {"sentiment", "lexicon valence not a number", SEGCORE_EINVAL, {"lexicon.txt:1:", "valence '1.9x'", "'good'"},
       +[] {
         TempDir dir;
         write_text(dir / "lexicon.txt", "good\t1.9x\n");
         segcore_sentiment_lexicon* lex = nullptr;
         return segcore_sentiment_lexicon_load(&lex, (dir / "lexicon.txt").c_str(), nullptr);
       }},
      {"sentiment", "lexicon file missing", SEGCORE_ENOTFOUND, {"sentiment lexicon", "no such file"},
       +[] {
         TempDir dir;
         segcore_sentiment_lexicon* lex = nullptr;
         return segcore_sentiment_lexicon_load(&lex, (dir / "none.txt").c_str(), nullptr);
       }},
      {"engagement", "reach negative", SEGCORE_EINVAL, {"aggregate_engagement", "reach[1] is -2"},
       +[] {
         const uint32_t customer[] = {0, 0}, kind[] = {0, 0};
         const int64_t time[] = {10, 20};
         const double reach[] = {1, -2};
         segcore_engagement_outputs out{};
         out.struct_size = sizeof out;
         return segcore_engagement_aggregate(customer, kind, time, nullptr, reach, 2, 1, 1, 0, nullptr, &out);
       }},
      {"engagement", "time zone a path", SEGCORE_EINVAL, {"'../../etc/passwd'", "is not UTC, an offset"},
       +[] { return engagement_in_zone("../../etc/passwd"); }},
      {"engagement", "time zone not in the database", SEGCORE_ENOTFOUND, {"'Nowhere/Atlantis'", "tzdata"},
       +[] { return engagement_in_zone("Nowhere/Atlantis"); }},
      {"sentiment", "lexicon is a device", SEGCORE_EIO, {"/dev/zero", "not a regular file (a device)"},
       +[] {
         segcore_sentiment_lexicon* lex = nullptr;
         return segcore_sentiment_lexicon_load(&lex, "/dev/zero", nullptr);
       }},
      {"sentiment", "text not valid UTF-8", SEGCORE_EINVAL, {"text 1", "invalid UTF-8 at byte 2"},
       +[] {
         segcore_sentiment_lexicon* lex = nullptr;
         segcore_sentiment_lexicon_shipped(&lex);
         const char data[] = "okgo\xC3(";
         const int64_t offsets[] = {0, 2, 6};
         double compound[2];
         const int status = segcore_sentiment_score(lex, data, offsets, 2, 1, compound, nullptr, nullptr, nullptr);
         segcore_sentiment_lexicon_destroy(lex);
         return status;
       }},
      {"sentiment", "text offsets decreasing", SEGCORE_EINVAL, {"segcore_sentiment_score", "offsets[1]"},
       +[] {
         segcore_sentiment_lexicon* lex = nullptr;
         segcore_sentiment_lexicon_shipped(&lex);
         const int64_t offsets[] = {0, 4, 2};
         double compound[2];
         const int status = segcore_sentiment_score(lex, "good", offsets, 2, 1, compound, nullptr, nullptr, nullptr);
         segcore_sentiment_lexicon_destroy(lex);
         return status;
       }},
      {"sentiment", "aggregate customer out of range", SEGCORE_EINVAL, {"customer[1] is 7", "2 customers"},
       +[] {
         const double compound[] = {0.1, 0.2};
         const uint32_t customer[] = {0, 7};
         const int64_t time[] = {0, 1};
         double mean[2];
         return segcore_sentiment_aggregate(compound, customer, time, 2, 2, nullptr, mean, nullptr, nullptr);
       }},
      // Listening: the sets are checked before RE2 is asked, so these hold in a build without it.
      {"listening", "empty set name", SEGCORE_EINVAL, {"ListeningSets::compile", "set 1 has an empty name"},
       +[] { return create_listening({"brand", ""}, {"acme", "refund"}, {0, 1}); }},
      {"listening", "empty pattern", SEGCORE_EINVAL, {"set 'issues' pattern 1 (' ')", "the pattern is empty"},
       +[] { return create_listening({"brand", "issues"}, {"acme", "refund", " "}, {0, 1, 1}); }},
      {"listening", "pattern not valid UTF-8", SEGCORE_EINVAL, {"set 'brand' pattern 0", "invalid UTF-8 at byte 2"},
       +[] { return create_listening({"brand"}, {"ac\xFFme"}, {0}); }},
      {"listening", "pattern of no set", SEGCORE_EINVAL, {"pattern_set[1] is 2", "2 sets"},
       +[] { return create_listening({"brand", "issues"}, {"acme", "refund"}, {0, 2}); }},
      {"listening", "hashtag of two words", SEGCORE_EINVAL, {"'#acme fail'", "a hashtag is '#' and one word"},
       +[] { return create_listening({"brand"}, {"#acme fail"}, {0}); }},
      {"listening", "NULL pattern", SEGCORE_EINVAL, {"segcore_listening_create", "patterns[0] is NULL"},
       +[] {
         const char* names[] = {"brand"};
         const char* patterns[] = {nullptr};
         const uint32_t owner[] = {0};
         segcore_listening* sets = nullptr;
         return segcore_listening_create(&sets, names, 1, patterns, owner, 1);
       }},
      {"listening", "aggregate window of 0 days", SEGCORE_EINVAL, {"aggregate_listening", "window_days[0] is 0"},
       +[] {
         const uint32_t counts[] = {1}, customer[] = {0};
         const int64_t time[] = {0};
         const int32_t windows[] = {0};
         uint64_t mentions[1];
         return segcore_listening_aggregate(counts, 1, customer, time, 1, 1, 0, windows, 1, mentions, nullptr,
                                            nullptr, nullptr);
       }},
  };
  return table;
}

}  // namespace badinput
