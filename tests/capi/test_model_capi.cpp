// Model files through the C ABI: a round trip for every handle kind, the caller-buffer
// convention of _to_bytes, and the status code and message of each failure.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "model/container.hpp"
#include "model/model_test_support.hpp"
#include "segcore/model_file.hpp"
#include "segcore_model.h"
#include "support/random.hpp"

using segcore_test::same_bits;
using segcore_test::ScratchDir;

namespace {

std::string last_error() { return segcore_last_error_message(); }

// The image of a handle through the size query, then a buffer of that size.
template <class Handle, class ToBytes>
std::vector<std::uint8_t> image_of(const Handle* h, ToBytes to_bytes) {
  size_t size = 0;
  REQUIRE(to_bytes(h, nullptr, 0, &size) == SEGCORE_OK);
  std::vector<std::uint8_t> bytes(size);
  REQUIRE(to_bytes(h, bytes.data(), bytes.size(), &size) == SEGCORE_OK);
  REQUIRE(size == bytes.size());
  return bytes;
}

}  // namespace

TEST_CASE("C ABI model files: k-means save, load, bytes and every failure") {
  const auto x = segcore_test::random_matrix(150, 3, 71);
  segcore_kmeans_options o;
  REQUIRE(segcore_kmeans_options_init(&o, sizeof o) == SEGCORE_OK);
  o.n_clusters = 4;
  o.seed = 3;
  segcore_kmeans* km = nullptr;
  REQUIRE(segcore_kmeans_create(&km, &o) == SEGCORE_OK);

  ScratchDir dir;
  const std::string path = dir.file("km.segmodel");
  CHECK(segcore_kmeans_save(km, path.c_str()) == SEGCORE_ENOTFITTED);
  CHECK(dir.entries().empty());
  REQUIRE(segcore_kmeans_fit_f64(km, x.data(), 150, 3, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_save(km, path.c_str()) == SEGCORE_OK);

  segcore_kmeans* back = nullptr;
  REQUIRE(segcore_kmeans_load(&back, path.c_str()) == SEGCORE_OK);
  std::vector<int32_t> la(150), lb(150);
  REQUIRE(segcore_kmeans_predict_f64(km, x.data(), 150, 3, la.data(), la.size()) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_predict_f64(back, x.data(), 150, 3, lb.data(), lb.size()) == SEGCORE_OK);
  CHECK(la == lb);
  std::vector<double> da(600), db(600);
  REQUIRE(segcore_kmeans_transform_f64(km, x.data(), 150, 3, da.data(), da.size()) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_transform_f64(back, x.data(), 150, 3, db.data(), db.size()) == SEGCORE_OK);
  CHECK(same_bits(da, db));

  // Bytes: a size query, a buffer too small (nothing written), then the image itself.
  const auto bytes = image_of(km, segcore_kmeans_to_bytes);
  CHECK(bytes == segcore_test::read_bytes(path));
  std::vector<std::uint8_t> small(bytes.size() - 1, 0xAB);
  size_t size = 0;
  CHECK(segcore_kmeans_to_bytes(km, small.data(), small.size(), &size) == SEGCORE_ERANGE);
  CHECK(size == bytes.size());
  CHECK(small == std::vector<std::uint8_t>(bytes.size() - 1, 0xAB));
  segcore_kmeans* from_bytes = nullptr;
  REQUIRE(segcore_kmeans_from_bytes(&from_bytes, bytes.data(), bytes.size()) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_predict_f64(from_bytes, x.data(), 150, 3, lb.data(), lb.size()) == SEGCORE_OK);
  CHECK(la == lb);

  int32_t kind = 0, version = 0, library = 0;
  REQUIRE(segcore_model_info(bytes.data(), bytes.size(), &kind, &version, &library) == SEGCORE_OK);
  CHECK(kind == SEGCORE_MODEL_KMEANS);
  CHECK(version == SEGCORE_MODEL_FORMAT_VERSION);
  CHECK(library == segcore_version_number());
  REQUIRE(segcore_model_file_info(path.c_str(), &kind, nullptr, nullptr) == SEGCORE_OK);
  CHECK(kind == SEGCORE_MODEL_KMEANS);

  // Failures: *out is NULL and the message names the call and the place.
  segcore_kmeans* bad = km;
  auto damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x20;
  CHECK(segcore_kmeans_from_bytes(&bad, damaged.data(), damaged.size()) == SEGCORE_ECORRUPT);
  CHECK(bad == nullptr);
  CHECK(last_error().rfind("segcore_kmeans_from_bytes: model bytes: checksum mismatch", 0) == 0);
  CHECK(segcore_kmeans_from_bytes(&bad, bytes.data(), 10) == SEGCORE_ECORRUPT);
  CHECK(segcore_kmeans_load(&bad, dir.file("missing").c_str()) == SEGCORE_ENOTFOUND);
  CHECK(last_error().find("missing") != std::string::npos);
  CHECK(segcore_kmeans_load(&bad, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_save(km, dir.file("no/folder").c_str()) == SEGCORE_ENOTFOUND);
  CHECK(segcore_kmeans_to_bytes(km, nullptr, 5, &size) == SEGCORE_EINVAL);
  // A file from a newer format version names both versions.
  const auto newer = segcore::model_detail::seal(
      segcore::ModelKind::kmeans, std::span<const std::uint8_t>(bytes).subspan(24, bytes.size() - 28), 3, 2005000);
  CHECK(segcore_kmeans_from_bytes(&bad, newer.data(), newer.size()) == SEGCORE_EUNSUPPORTED);
  CHECK(last_error().find("format version 3 (written by segcore 2.5.0)") != std::string::npos);
  CHECK(last_error().find("reads format versions 1 to 1") != std::string::npos);
  CHECK(bad == nullptr);
  segcore_scaler* wrong = nullptr;
  CHECK(segcore_scaler_load(&wrong, path.c_str()) == SEGCORE_EINVAL);
  CHECK(last_error().find("holds a k-means model, not a scaler model") != std::string::npos);
  CHECK(wrong == nullptr);

  segcore_kmeans_destroy(from_bytes);
  segcore_kmeans_destroy(back);
  segcore_kmeans_destroy(km);
}

TEST_CASE("C ABI model files: mini-batch k-means keeps its partial_fit state") {
  const auto b1 = segcore_test::random_matrix(64, 2, 81), b2 = segcore_test::random_matrix(64, 2, 82);
  segcore_kmeans_options o;
  REQUIRE(segcore_kmeans_options_init(&o, sizeof o) == SEGCORE_OK);
  o.n_clusters = 3;
  o.algorithm = SEGCORE_KMEANS_MINIBATCH;
  segcore_kmeans* km = nullptr;
  REQUIRE(segcore_kmeans_create(&km, &o) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_partial_fit_f64(km, b1.data(), 64, 2, nullptr) == SEGCORE_OK);
  const auto bytes = image_of(km, segcore_kmeans_to_bytes);
  segcore_kmeans* back = nullptr;
  REQUIRE(segcore_kmeans_from_bytes(&back, bytes.data(), bytes.size()) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_partial_fit_f64(km, b2.data(), 64, 2, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_partial_fit_f64(back, b2.data(), 64, 2, nullptr) == SEGCORE_OK);
  std::vector<double> ca(6), cb(6);
  REQUIRE(segcore_kmeans_get_centers(km, ca.data(), ca.size()) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_get_centers(back, cb.data(), cb.size()) == SEGCORE_OK);
  CHECK(same_bits(ca, cb));
  segcore_kmeans_destroy(back);
  segcore_kmeans_destroy(km);
}

TEST_CASE("C ABI model files: scaler, PCA and logistic regression") {
  const auto x = segcore_test::random_matrix(40, 3, 91);
  ScratchDir dir;

  segcore_scaler_options so;
  REQUIRE(segcore_scaler_options_init(&so, sizeof so) == SEGCORE_OK);
  so.kind = SEGCORE_SCALER_MINMAX;
  so.range_min = -2;
  segcore_scaler* s = nullptr;
  REQUIRE(segcore_scaler_create(&s, &so) == SEGCORE_OK);
  REQUIRE(segcore_scaler_fit_f64(s, x.data(), 40, 3) == SEGCORE_OK);
  REQUIRE(segcore_scaler_save(s, dir.file("s").c_str()) == SEGCORE_OK);
  segcore_scaler* s2 = nullptr;
  REQUIRE(segcore_scaler_load(&s2, dir.file("s").c_str()) == SEGCORE_OK);
  segcore_scaler_options got;
  got.struct_size = sizeof got;
  REQUIRE(segcore_scaler_get_options(s2, &got) == SEGCORE_OK);
  CHECK(got.kind == SEGCORE_SCALER_MINMAX);
  CHECK(got.range_min == -2);
  CHECK(got.range_max == 1);
  got.struct_size = 4;
  CHECK(segcore_scaler_get_options(s2, &got) == SEGCORE_EINVAL);
  std::vector<double> a(120), b(120);
  REQUIRE(segcore_scaler_transform_f64(s, x.data(), 40, 3, a.data(), a.size()) == SEGCORE_OK);
  REQUIRE(segcore_scaler_transform_f64(s2, x.data(), 40, 3, b.data(), b.size()) == SEGCORE_OK);
  CHECK(same_bits(a, b));
  const auto sb = image_of(s, segcore_scaler_to_bytes);
  segcore_scaler* s3 = nullptr;
  REQUIRE(segcore_scaler_from_bytes(&s3, sb.data(), sb.size()) == SEGCORE_OK);
  segcore_scaler_destroy(s3);
  segcore_scaler_destroy(s2);
  segcore_scaler_destroy(s);

  segcore_pca* p = nullptr;
  REQUIRE(segcore_pca_create(&p, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_pca_fit_f64(p, x.data(), 40, 3) == SEGCORE_OK);
  const auto pb = image_of(p, segcore_pca_to_bytes);
  segcore_pca* p2 = nullptr;
  REQUIRE(segcore_pca_from_bytes(&p2, pb.data(), pb.size()) == SEGCORE_OK);
  REQUIRE(segcore_pca_transform_f64(p, x.data(), 40, 3, a.data(), a.size()) == SEGCORE_OK);
  REQUIRE(segcore_pca_transform_f64(p2, x.data(), 40, 3, b.data(), b.size()) == SEGCORE_OK);
  CHECK(same_bits(a, b));
  REQUIRE(segcore_pca_save(p2, dir.file("p").c_str()) == SEGCORE_OK);
  segcore_pca* p3 = nullptr;
  REQUIRE(segcore_pca_load(&p3, dir.file("p").c_str()) == SEGCORE_OK);
  segcore_pca_destroy(p3);
  segcore_pca_destroy(p2);
  segcore_pca_destroy(p);

  std::vector<double> y(40);
  for (int i = 0; i < 40; ++i) y[i] = x[i * 3] + x[i * 3 + 2] > 0 ? 1 : 0;
  segcore_logistic* m = nullptr;
  REQUIRE(segcore_logistic_create(&m, nullptr) == SEGCORE_OK);
  CHECK(segcore_logistic_save(m, dir.file("m").c_str()) == SEGCORE_ENOTFITTED);
  REQUIRE(segcore_logistic_fit(m, x.data(), 40, 3, y.data(), nullptr) == SEGCORE_OK);
  REQUIRE(segcore_logistic_save(m, dir.file("m").c_str()) == SEGCORE_OK);
  segcore_logistic* m2 = nullptr;
  REQUIRE(segcore_logistic_load(&m2, dir.file("m").c_str()) == SEGCORE_OK);
  REQUIRE(segcore_logistic_predict_proba(m, x.data(), 40, 3, a.data(), 40) == SEGCORE_OK);
  REQUIRE(segcore_logistic_predict_proba(m2, x.data(), 40, 3, b.data(), 40) == SEGCORE_OK);
  CHECK(same_bits(a, b));
  // The fitted values through their getters: the decision function is X coef + intercept,
  // and predict_proba its logistic.
  size_t n_features = 0;
  REQUIRE(segcore_logistic_n_features(m2, &n_features) == SEGCORE_OK);
  CHECK(n_features == 3);
  double coef[3], intercept = 0;
  int32_t n_iter = 0, converged = 0;
  REQUIRE(segcore_logistic_get_coef(m2, coef, 3) == SEGCORE_OK);
  CHECK(segcore_logistic_get_coef(m2, coef, 2) == SEGCORE_ERANGE);
  REQUIRE(segcore_logistic_get_intercept(m2, &intercept) == SEGCORE_OK);
  REQUIRE(segcore_logistic_get_n_iter(m, &n_iter, &converged) == SEGCORE_OK);
  CHECK(n_iter >= 1);
  CHECK(converged == 1);
  std::vector<double> z(40);
  REQUIRE(segcore_logistic_decision_function(m2, x.data(), 40, 3, z.data(), 40) == SEGCORE_OK);
  CHECK(segcore_logistic_decision_function(m2, x.data(), 40, 2, z.data(), 40) == SEGCORE_EINVAL);
  for (int i = 0; i < 40; ++i) {
    CHECK(z[i] == doctest::Approx(x[i * 3] * coef[0] + x[i * 3 + 1] * coef[1] + x[i * 3 + 2] * coef[2] + intercept)
                      .epsilon(1e-12));
    CHECK(a[i] == doctest::Approx(1 / (1 + std::exp(-z[i]))).epsilon(1e-12));
  }
  segcore_logistic* unfitted = nullptr;
  REQUIRE(segcore_logistic_create(&unfitted, nullptr) == SEGCORE_OK);
  CHECK(segcore_logistic_n_features(unfitted, &n_features) == SEGCORE_ENOTFITTED);
  CHECK(segcore_logistic_get_intercept(unfitted, &intercept) == SEGCORE_ENOTFITTED);
  segcore_logistic_destroy(unfitted);
  const auto mb = image_of(m, segcore_logistic_to_bytes);
  segcore_logistic* m3 = nullptr;
  REQUIRE(segcore_logistic_from_bytes(&m3, mb.data(), mb.size()) == SEGCORE_OK);
  segcore_logistic_destroy(m3);
  segcore_logistic_destroy(m2);
  segcore_logistic_destroy(m);
  CHECK(dir.entries() == std::vector<std::string>{"m", "p", "s"});
}

TEST_CASE("C ABI model files: CLV models") {
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.model = SEGCORE_CLV_PARETO_NBD;
  segcore_clv_model* m = nullptr;
  REQUIRE(segcore_clv_create(&m, &o) == SEGCORE_OK);
  size_t size = 0;
  CHECK(segcore_clv_to_bytes(m, nullptr, 0, &size) == SEGCORE_ENOTFITTED);
  const double params[] = {0.55, 10.6, 0.61, 11.7};
  REQUIRE(segcore_clv_set_params(m, params, 4) == SEGCORE_OK);
  const auto bytes = image_of(m, segcore_clv_to_bytes);
  segcore_clv_model* back = nullptr;
  REQUIRE(segcore_clv_from_bytes(&back, bytes.data(), bytes.size()) == SEGCORE_OK);
  std::vector<double> p(4);
  REQUIRE(segcore_clv_get_params(back, p.data(), 4) == SEGCORE_OK);
  CHECK(same_bits(p, std::vector<double>(params, params + 4)));
  const double t[] = {5, 52};
  std::vector<double> a(2), b(2);
  REQUIRE(segcore_clv_expected_purchases(m, t, 2, a.data(), 2) == SEGCORE_OK);
  REQUIRE(segcore_clv_expected_purchases(back, t, 2, b.data(), 2) == SEGCORE_OK);
  CHECK(same_bits(a, b));
  int32_t kind = 0;
  REQUIRE(segcore_model_info(bytes.data(), bytes.size(), &kind, nullptr, nullptr) == SEGCORE_OK);
  CHECK(kind == SEGCORE_MODEL_PARETO_NBD);
  ScratchDir dir;
  REQUIRE(segcore_clv_save(back, dir.file("c").c_str()) == SEGCORE_OK);
  segcore_clv_model* again = nullptr;
  REQUIRE(segcore_clv_load(&again, dir.file("c").c_str()) == SEGCORE_OK);
  segcore_clv_destroy(again);
  segcore_clv_destroy(back);
  segcore_clv_destroy(m);
}

TEST_CASE("C ABI model files: rules, segment sets and RFM edges") {
  const double monetary[] = {50, 700, 20};
  const int64_t frequency[] = {1, 9, 3};
  segcore_column cols[2] = {};
  cols[0].name = "monetary";
  cols[0].type = SEGCORE_COLUMN_F64;
  cols[0].f64 = monetary;
  cols[1].name = "frequency";
  cols[1].type = SEGCORE_COLUMN_I64;
  cols[1].i64 = frequency;
  segcore_rule_data data = {};
  data.struct_size = sizeof data;
  data.columns = cols;
  data.n_columns = 2;
  data.n_rows = 3;

  segcore_rule* r = nullptr;
  REQUIRE(segcore_rule_compile(&r, "monetary > 40 and frequency < 5", &data) == SEGCORE_OK);
  const auto rb = image_of(r, segcore_rule_to_bytes);
  segcore_rule* r2 = nullptr;
  REQUIRE(segcore_rule_from_bytes(&r2, rb.data(), rb.size()) == SEGCORE_OK);
  size_t length = 0;
  REQUIRE(segcore_rule_text(r2, nullptr, 0, &length) == SEGCORE_OK);
  std::string text(length + 1, '\0');
  REQUIRE(segcore_rule_text(r2, text.data(), text.size(), &length) == SEGCORE_OK);
  CHECK(text.c_str() == std::string("monetary > 40 and frequency < 5"));
  std::vector<uint8_t> ma(3), mb(3);
  REQUIRE(segcore_rule_evaluate(r, &data, 1, ma.data(), 3) == SEGCORE_OK);
  REQUIRE(segcore_rule_evaluate(r2, &data, 1, mb.data(), 3) == SEGCORE_OK);
  CHECK(ma == mb);
  CHECK(ma == std::vector<uint8_t>{1, 0, 0});
  // Saved to a file and loaded: the same text, fields and field types, the same answers.
  ScratchDir rule_dir;
  const std::string rule_path = rule_dir.file("rule.segmodel");
  REQUIRE(segcore_rule_save(r, rule_path.c_str()) == SEGCORE_OK);
  segcore_rule* r3 = nullptr;
  REQUIRE_MESSAGE(segcore_rule_load(&r3, rule_path.c_str()) == SEGCORE_OK, last_error());
  std::vector<uint8_t> mc(3);
  REQUIRE(segcore_rule_evaluate(r3, &data, 1, mc.data(), 3) == SEGCORE_OK);
  CHECK(mc == ma);
  int32_t types[2] = {-1, -1};
  REQUIRE(segcore_rule_field_type(r3, 0, &types[0]) == SEGCORE_OK);
  REQUIRE(segcore_rule_field_type(r3, 1, &types[1]) == SEGCORE_OK);
  CHECK(types[0] == SEGCORE_COLUMN_F64);  // fields in the order the text reads them
  CHECK(types[1] == SEGCORE_COLUMN_I64);
  CHECK(segcore_rule_field_type(r3, 2, &types[0]) == SEGCORE_ERANGE);
  segcore_rule* missing = nullptr;
  CHECK(segcore_rule_load(&missing, rule_dir.file("none").c_str()) == SEGCORE_ENOTFOUND);
  CHECK(missing == nullptr);
  segcore_rule_destroy(r3);
  segcore_rule_destroy(r2);
  segcore_rule_destroy(r);

  segcore_segment_set* set = nullptr;
  REQUIRE(segcore_segment_set_parse(&set,
                                    "mode exclusive\nfallback Other\nsegment Whale: monetary > 500\n"
                                    "segment Regular: frequency >= 3\n",
                                    &data) == SEGCORE_OK);
  ScratchDir dir;
  REQUIRE(segcore_segment_set_save(set, dir.file("set").c_str()) == SEGCORE_OK);
  segcore_segment_set* set2 = nullptr;
  REQUIRE(segcore_segment_set_load(&set2, dir.file("set").c_str()) == SEGCORE_OK);
  std::vector<int32_t> sa(3), sb(3);
  REQUIRE(segcore_segment_set_assign(set, &data, 1, sa.data(), 3) == SEGCORE_OK);
  REQUIRE(segcore_segment_set_assign(set2, &data, 1, sb.data(), 3) == SEGCORE_OK);
  CHECK(sa == sb);
  CHECK(sa == std::vector<int32_t>{-1, 0, 1});
  const auto setb = image_of(set, segcore_segment_set_to_bytes);
  segcore_segment_set* set3 = nullptr;
  REQUIRE(segcore_segment_set_from_bytes(&set3, setb.data(), setb.size()) == SEGCORE_OK);
  segcore_segment_set_destroy(set3);
  segcore_segment_set_destroy(set2);
  segcore_segment_set_destroy(set);

  // RFM edges: a file made by the C++ API (an RFM result needs profiles), read through C.
  segcore::RfmOptions fixed;
  fixed.bins = 3;
  fixed.mode = segcore::RfmMode::fixed;
  fixed.recency_edges = {10, 60};
  fixed.frequency_edges = {2, 5};
  fixed.monetary_edges = {100, 1000};
  const auto eb = *segcore::model_to_bytes(fixed);
  int32_t bins = 0;
  double re[2], fe[2], me[2];
  CHECK(segcore_rfm_edges_from_bytes(eb.data(), eb.size(), &bins, re, fe, me, 1) == SEGCORE_ERANGE);
  CHECK(bins == 0);
  REQUIRE(segcore_rfm_edges_from_bytes(eb.data(), eb.size(), &bins, re, fe, me, 2) == SEGCORE_OK);
  CHECK(bins == 3);
  CHECK(re[1] == 60);
  CHECK(me[0] == 100);
  segcore_test::write_bytes(dir.file("rfm"), eb);
  REQUIRE(segcore_rfm_load_edges(dir.file("rfm").c_str(), &bins, re, fe, me, 2) == SEGCORE_OK);
  CHECK(fe[1] == 5);
}

TEST_CASE("C ABI model files: RFM edges of a quantile fit score new profiles the same way") {
  segcore_csv_options o;
  REQUIRE(segcore_csv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.customer_col = "CustomerID";
  o.timestamp_col = "InvoiceDate";
  o.amount_col = nullptr;
  o.quantity_col = "Quantity";
  o.price_col = "UnitPrice";
  o.order_col = "InvoiceNo";
  segcore_events* ev = nullptr;
  REQUIRE(segcore_events_read_csv(&ev, SEGCORE_DATA_DIR "/online_retail_sample.csv", &o) == SEGCORE_OK);
  segcore_profiles* prof = nullptr;
  REQUIRE(segcore_profiles_build(&prof, ev, nullptr) == SEGCORE_OK);
  size_t n = 0;
  REQUIRE(segcore_profiles_n_customers(prof, &n) == SEGCORE_OK);

  segcore_rfm_options ro;
  REQUIRE(segcore_rfm_options_init(&ro, sizeof ro) == SEGCORE_OK);
  ro.bins = 4;
  segcore_rfm* fitted = nullptr;
  REQUIRE(segcore_rfm_score(&fitted, prof, &ro) == SEGCORE_OK);
  ScratchDir dir;
  const std::string path = dir.file("rfm.segmodel");
  REQUIRE_MESSAGE(segcore_rfm_save_edges(fitted, path.c_str()) == SEGCORE_OK, last_error());
  // The image is the file's bytes.
  CHECK(image_of(fitted, segcore_rfm_edges_to_bytes) == segcore_test::read_bytes(path));

  int32_t bins = 0;
  double re[99], fe[99], me[99];
  REQUIRE(segcore_rfm_load_edges(path.c_str(), &bins, re, fe, me, 99) == SEGCORE_OK);
  CHECK(bins == 4);
  std::vector<double> want(3);
  REQUIRE(segcore_rfm_get_edges(fitted, want.data(), nullptr, nullptr, 3) == SEGCORE_OK);
  CHECK(same_bits(want, std::vector<double>(re, re + 3)));

  segcore_rfm_options fixed;
  REQUIRE(segcore_rfm_options_init(&fixed, sizeof fixed) == SEGCORE_OK);
  fixed.bins = bins;
  fixed.mode = SEGCORE_RFM_FIXED;
  fixed.recency_edges = re;
  fixed.frequency_edges = fe;
  fixed.monetary_edges = me;
  fixed.n_edges = static_cast<size_t>(bins - 1);
  segcore_rfm* again = nullptr;
  REQUIRE_MESSAGE(segcore_rfm_score(&again, prof, &fixed) == SEGCORE_OK, last_error());
  std::vector<int32_t> r1(n), f1(n), m1(n), r2(n), f2(n), m2(n);
  REQUIRE(segcore_rfm_get_scores(fitted, r1.data(), f1.data(), m1.data(), n) == SEGCORE_OK);
  REQUIRE(segcore_rfm_get_scores(again, r2.data(), f2.data(), m2.data(), n) == SEGCORE_OK);
  CHECK(r1 == r2);
  CHECK(f1 == f2);
  CHECK(m1 == m2);

  // Rank-mode edges are in rank units: refused, and nothing is written.
  ro.mode = SEGCORE_RFM_RANK;
  segcore_rfm* ranked = nullptr;
  REQUIRE(segcore_rfm_score(&ranked, prof, &ro) == SEGCORE_OK);
  CHECK(segcore_rfm_save_edges(ranked, dir.file("rank").c_str()) == SEGCORE_EINVAL);
  CHECK(last_error().find("rank units") != std::string::npos);
  CHECK(dir.entries() == std::vector<std::string>{"rfm.segmodel"});

  segcore_rfm_destroy(ranked);
  segcore_rfm_destroy(again);
  segcore_rfm_destroy(fitted);
  segcore_profiles_destroy(prof);
  segcore_events_destroy(ev);
}
