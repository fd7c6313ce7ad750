// One set of defaults: every C `*_options_init` gives what the C++ options struct defaults to,
// field by field (Python takes its defaults from the C init functions, so this closes the chain
// C++ -> C -> Python). Enum fields compare as numbers: the C constants are the C++ values.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "segcore.h"
#include "segcore_analysis.h"
#include "segcore_cluster.h"
#include "segcore_clv.h"
#include "segcore_profile.h"
#include "segcore_rules.h"
#include "segcore/clv.hpp"
#include "segcore/io.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/metrics.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/pca.hpp"
#include "segcore/profile.hpp"
#include "segcore/rfm.hpp"
#include "segcore/scaler.hpp"
#include "segcore/score.hpp"
#include "segcore/selection.hpp"

namespace {

// A C options struct filled by its init function.
template <class C, class Init>
C init(Init fn) {
  C c;
  std::memset(&c, 0xAB, sizeof c);  // every field must be written by the init
  REQUIRE(fn(&c, sizeof c) == SEGCORE_OK);
  return c;
}

template <class E>
int as_int(E e) {
  return static_cast<int>(e);
}

void check_kmeans(const segcore_kmeans_options& c, const segcore::KMeansOptions& k) {
  CHECK(c.n_clusters == k.n_clusters);
  CHECK(c.n_init == k.n_init);
  CHECK(c.max_iter == k.max_iter);
  CHECK(c.tol == k.tol);
  CHECK(c.algorithm == as_int(k.algorithm));
  CHECK(c.seed == k.seed);
  CHECK(c.n_threads == k.n_threads);
}

}  // namespace

TEST_CASE("defaults: k-means and mini-batch k-means, C as C++") {
  const auto c = init<segcore_kmeans_options>(segcore_kmeans_options_init);
  check_kmeans(c, segcore::KMeansOptions{});
  const segcore::MiniBatchKMeansOptions m;
  const auto mb = init<segcore_kmeans_options>(segcore_kmeans_minibatch_options_init);
  CHECK(mb.algorithm == SEGCORE_KMEANS_MINIBATCH);
  CHECK(mb.n_clusters == m.n_clusters);
  CHECK(mb.batch_size == m.batch_size);
  CHECK(mb.max_iter == m.max_iter);
  CHECK(mb.tol == m.tol);
  CHECK(mb.max_no_improvement == m.max_no_improvement);
  CHECK(mb.reassignment_ratio == m.reassignment_ratio);
  CHECK(mb.seed == m.seed);
  CHECK(mb.n_threads == m.n_threads);
  // The mini-batch fields of the k-means init are mini-batch's too, for a caller who only
  // switches the algorithm.
  CHECK(c.batch_size == m.batch_size);
  CHECK(c.reassignment_ratio == m.reassignment_ratio);
  CHECK(c.max_no_improvement == m.max_no_improvement);
}

TEST_CASE("defaults: choose-k and stability, C as C++") {
  const segcore::ChooseKOptions k;
  const auto c = init<segcore_choose_k_options>(segcore_choose_k_options_init);
  CHECK(c.k_min == k.k_min);
  CHECK(c.k_max == k.k_max);
  CHECK(c.n_init == k.kmeans.n_init);
  CHECK(c.max_iter == k.kmeans.max_iter);
  CHECK(c.algorithm == as_int(k.kmeans.algorithm));
  CHECK(c.n_threads == k.kmeans.n_threads);
  CHECK(c.tol == k.kmeans.tol);
  CHECK(c.seed == k.kmeans.seed);
  CHECK(c.silhouette_sample == k.silhouette_sample);
  const segcore::StabilityOptions s;
  const auto cs = init<segcore_stability_options>(segcore_stability_options_init);
  CHECK(cs.n_clusters == s.kmeans.n_clusters);
  CHECK(cs.n_resamples == s.n_resamples);
  CHECK(cs.sample_fraction == s.sample_fraction);
  CHECK(cs.n_init == s.kmeans.n_init);
  CHECK(cs.max_iter == s.kmeans.max_iter);
  CHECK(cs.algorithm == as_int(s.kmeans.algorithm));
  CHECK(cs.n_threads == s.kmeans.n_threads);
  CHECK(cs.tol == s.kmeans.tol);
  CHECK(cs.seed == s.kmeans.seed);
}

TEST_CASE("defaults: scaler, PCA, silhouette and logistic regression, C as C++") {
  const segcore::ScalerOptions s;
  const auto cs = init<segcore_scaler_options>(segcore_scaler_options_init);
  CHECK(cs.kind == as_int(s.kind));
  CHECK(cs.log1p == static_cast<int>(s.log1p));
  CHECK(cs.n_threads == s.n_threads);
  CHECK(cs.range_min == s.range_min);
  CHECK(cs.range_max == s.range_max);
  const segcore::PCAOptions p;
  const auto cp = init<segcore_pca_options>(segcore_pca_options_init);
  CHECK(cp.n_components == p.n_components);
  CHECK(cp.whiten == static_cast<int>(p.whiten));
  CHECK(cp.n_threads == p.n_threads);
  CHECK(cp.variance_fraction == p.variance_fraction);
  CHECK(cp.mle == static_cast<int>(p.mle));
  const segcore::SilhouetteOptions si;
  const auto csi = init<segcore_silhouette_options>(segcore_silhouette_options_init);
  CHECK(csi.n_threads == si.n_threads);
  CHECK(csi.sample_size == si.sample_size);
  CHECK(csi.seed == si.seed);
  const segcore::LogisticOptions l;
  const auto cl = init<segcore_logistic_options>(segcore_logistic_options_init);
  CHECK(cl.C == l.C);
  CHECK(cl.fit_intercept == static_cast<int>(l.fit_intercept));
  CHECK(cl.max_iter == l.max_iter);
  CHECK(cl.tol == l.tol);
  CHECK(cl.n_threads == l.n_threads);
}

TEST_CASE("defaults: RFM, CSV and profiles, C as C++") {
  const segcore::RfmOptions r;
  const auto cr = init<segcore_rfm_options>(segcore_rfm_options_init);
  CHECK(cr.bins == r.bins);
  CHECK(cr.mode == as_int(r.mode));
  CHECK(cr.n_threads == r.n_threads);
  CHECK(cr.n_edges == 0);
  const segcore::CsvOptions o;
  const auto cc = init<segcore_csv_options>(segcore_csv_options_init);
  CHECK(std::string(cc.customer_col) == o.columns.customer);
  CHECK(std::string(cc.timestamp_col) == o.columns.timestamp);
  CHECK(std::string(cc.amount_col) == o.columns.amount);
  CHECK(cc.delimiter == o.delimiter);
  CHECK(cc.mode == as_int(o.mode));
  CHECK(cc.timestamp_format == as_int(o.timestamp_format));
  CHECK(cc.duplicates == as_int(o.duplicates));
  CHECK(cc.n_threads == o.n_threads);
  CHECK(cc.max_reported == o.max_reported);
  CHECK(cc.n_category_cols == 0);
  CHECK(cc.n_attribute_cols == 0);
  CHECK(cc.n_numeric_cols == 0);
  const segcore::ProfileOptions p;
  const auto cp = init<segcore_profile_options>(segcore_profile_options_init);
  CHECK(cp.has_as_of == 0);
  CHECK(cp.n_threads == p.n_threads);
  CHECK(cp.velocity_days == p.velocity_days);
  CHECK(cp.trend_weeks == p.trend_weeks);
  CHECK(cp.n_windows == 0);  // NULL windows: the C++ default windows, by the documented rule
}

TEST_CASE("defaults: CLV fit, summary and value options, C as C++") {
  const segcore::ClvFitOptions f;
  const auto c = init<segcore_clv_options>(segcore_clv_options_init);
  CHECK(c.model == SEGCORE_CLV_BGNBD);
  CHECK(c.max_iter == f.max_iter);
  CHECK(c.l2_penalty == f.l2_penalty);
  CHECK(c.gradient_tol == f.gradient_tol);
  CHECK(c.n_threads == f.n_threads);
  CHECK(c.max_seconds == f.max_seconds);
  CHECK((c.q_constraint != 0) == f.q_constraint);
  const segcore::ClvSummaryOptions s;
  const auto cs = init<segcore_clv_summary_options>(segcore_clv_summary_options_init);
  CHECK(cs.period_days == s.period_days);
  CHECK(cs.time_unit_days == s.time_unit_days);
  CHECK(cs.calibration_end == s.calibration_end);
  CHECK(cs.period_anchor == s.period_anchor);
  const segcore::ClvValueOptions v;
  const auto cv = init<segcore_clv_value_options>(segcore_clv_value_options_init);
  CHECK(cv.horizon == v.horizon);
  CHECK(cv.steps == v.steps);
  CHECK(cv.discount_rate == v.discount_rate);
}
