// Every model kind saved and loaded back, from bytes and from files: the loaded model
// predicts and transforms bit-identically to the original.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "model/model_test_support.hpp"
#include "segcore/model_file.hpp"
#include "segcore/version.hpp"
#include "support/random.hpp"

using segcore_test::same_bits;
using segcore_test::ScratchDir;

namespace {

template <class M>
M reloaded(const M& m) {
  auto bytes = segcore::model_to_bytes(m);
  REQUIRE(bytes.ok());
  auto back = segcore::model_from_bytes<M>(*bytes);
  REQUIRE_MESSAGE(back.ok(), back.status().message());
  // The image of the loaded model is the same file.
  auto again = segcore::model_to_bytes(*back);
  REQUIRE(again.ok());
  CHECK(*again == *bytes);
  return *std::move(back);
}

segcore::ConstMatrixView<double> view(const std::vector<double>& x, std::size_t d) {
  return segcore::ConstMatrixView<double>(x.data(), x.size() / d, d);
}

}  // namespace

TEST_CASE("model files: a scaler of each kind transforms bit-identically after loading") {
  const auto x = segcore_test::random_matrix(60, 3, 11, 0.0, 100.0);
  const auto probe = segcore_test::random_matrix(17, 3, 12, 0.0, 120.0);
  for (auto kind : {segcore::ScalerKind::standard, segcore::ScalerKind::minmax, segcore::ScalerKind::robust}) {
    segcore::Scaler s({.kind = kind, .log1p = kind == segcore::ScalerKind::robust, .range_min = -1, .range_max = 2});
    REQUIRE(s.fit(view(x, 3)).ok());
    const segcore::Scaler t = reloaded(s);
    CHECK(t.options().kind == kind);
    CHECK(same_bits(t.center(), s.center()));
    CHECK(same_bits(t.scale(), s.scale()));
    std::vector<double> a(probe.size()), b(probe.size());
    REQUIRE(s.transform(view(probe, 3), segcore::MatrixView<double>(a.data(), 17, 3)).ok());
    REQUIRE(t.transform(view(probe, 3), segcore::MatrixView<double>(b.data(), 17, 3)).ok());
    CHECK(same_bits(a, b));
  }
}

TEST_CASE("model files: a constant column keeps its zero-variance flag") {
  std::vector<double> x = {1, 5, 2, 5, 3, 5};
  segcore::Scaler s;
  REQUIRE(s.fit(view(x, 2)).ok());
  const segcore::Scaler t = reloaded(s);
  CHECK(t.zero_variance() == std::vector<std::uint8_t>{0, 1});
}

TEST_CASE("model files: PCA with whitening projects bit-identically after loading") {
  const auto x = segcore_test::random_matrix(50, 5, 21);
  segcore::PCA p({.n_components = 3, .whiten = true});
  REQUIRE(p.fit(view(x, 5)).ok());
  const segcore::PCA q = reloaded(p);
  CHECK(q.noise_variance() == p.noise_variance());
  std::vector<double> a(50 * 3), b(50 * 3);
  REQUIRE(p.transform(view(x, 5), segcore::MatrixView<double>(a.data(), 50, 3)).ok());
  REQUIRE(q.transform(view(x, 5), segcore::MatrixView<double>(b.data(), 50, 3)).ok());
  CHECK(same_bits(a, b));
  std::vector<double> c(50 * 5), d(50 * 5);
  REQUIRE(p.inverse_transform(segcore::ConstMatrixView<double>(a.data(), 50, 3),
                              segcore::MatrixView<double>(c.data(), 50, 5))
              .ok());
  REQUIRE(q.inverse_transform(segcore::ConstMatrixView<double>(b.data(), 50, 3),
                              segcore::MatrixView<double>(d.data(), 50, 5))
              .ok());
  CHECK(same_bits(c, d));
}

TEST_CASE("model files: k-means predicts and transforms bit-identically after loading") {
  const auto x = segcore_test::random_matrix(200, 4, 31);
  const auto probe = segcore_test::random_matrix(33, 4, 32);
  segcore::KMeans km({.n_clusters = 5, .n_init = 2, .algorithm = segcore::KMeansAlgorithm::hamerly, .seed = 9});
  REQUIRE(km.fit(view(x, 4)).ok());
  const segcore::KMeans back = reloaded(km);
  CHECK(back.inertia() == km.inertia());
  CHECK(back.n_iter() == km.n_iter());
  CHECK(back.options().algorithm == segcore::KMeansAlgorithm::hamerly);
  CHECK(back.labels().empty());
  std::vector<std::int32_t> la(33), lb(33);
  REQUIRE(km.predict(view(probe, 4), la).ok());
  REQUIRE(back.predict(view(probe, 4), lb).ok());
  CHECK(la == lb);
  std::vector<double> da(33 * 5), db(33 * 5);
  REQUIRE(km.transform(view(probe, 4), segcore::MatrixView<double>(da.data(), 33, 5)).ok());
  REQUIRE(back.transform(view(probe, 4), segcore::MatrixView<double>(db.data(), 33, 5)).ok());
  CHECK(same_bits(da, db));
}

TEST_CASE("model files: mini-batch k-means continues partial_fit exactly where the saved one was") {
  const auto b1 = segcore_test::random_matrix(80, 3, 41), b2 = segcore_test::random_matrix(80, 3, 42),
             b3 = segcore_test::random_matrix(80, 3, 43);
  segcore::MiniBatchKMeans mb({.n_clusters = 4, .reassignment_ratio = 0.2, .seed = 5});
  REQUIRE(mb.partial_fit(view(b1, 3)).ok());
  REQUIRE(mb.partial_fit(view(b2, 3)).ok());
  segcore::MiniBatchKMeans back = reloaded(mb);
  CHECK(back.n_steps() == mb.n_steps());
  REQUIRE(mb.partial_fit(view(b3, 3)).ok());
  REQUIRE(back.partial_fit(view(b3, 3)).ok());
  const auto ca = mb.centers(), cb = back.centers();
  CHECK(same_bits(std::vector<double>(ca.data(), ca.data() + ca.rows() * ca.cols()),
                  std::vector<double>(cb.data(), cb.data() + cb.rows() * cb.cols())));
  CHECK(same_bits(mb.cluster_weights(), back.cluster_weights()));
  CHECK(mb.inertia() == back.inertia());
}

namespace {

// Four customers with a missing value in each column.
struct Table {
  std::vector<double> recency = {3, 40, std::nan(""), 200}, monetary = {120, 15, 60, 900};
  std::vector<std::int64_t> frequency = {5, 1, 2, 0};
  std::vector<std::string> channel = {"web", "store", "web", ""};
  std::vector<std::uint8_t> valid = {1, 1, 1, 0};
  segcore::TableView view;
  Table() {
    view.rows = 4;
    view.columns = {{"recency_days", segcore::ColumnType::f64, recency.data()},
                    {"monetary", segcore::ColumnType::f64, monetary.data()},
                    {"frequency", segcore::ColumnType::i64, nullptr, frequency.data()},
                    {"channel", segcore::ColumnType::text, nullptr, nullptr, channel.data(), nullptr, valid.data()}};
  }
  segcore::Schema schema() const {
    segcore::Schema s;
    for (const auto& c : view.columns) s.push_back({c.name, c.type});
    return s;
  }
};

}  // namespace

TEST_CASE("model files: rules and segment sets compile again and select the same customers") {
  const Table t;
  auto rule = segcore::Rule::compile("recency_days <= 30 and (frequency >= 3 or channel == \"web\")", t.schema());
  REQUIRE(rule.ok());
  const segcore::Rule back = reloaded(*rule);
  CHECK(back.text() == rule->text());
  CHECK(back.fields().size() == 3);
  std::vector<std::uint8_t> a(4), b(4);
  REQUIRE(rule->evaluate(t.view, a).ok());
  REQUIRE(back.evaluate(t.view, b).ok());
  CHECK(a == b);

  auto set = segcore::SegmentSet::create(
      {{"Big", "monetary > 500", 2}, {"Recent", "recency_days < 10", 1}, {"Web", "channel == \"web\"", 3}},
      segcore::SegmentMode::overlapping, "Rest", t.schema());
  REQUIRE(set.ok());
  const segcore::SegmentSet sb = reloaded(*set);
  CHECK(sb.mode() == segcore::SegmentMode::overlapping);
  CHECK(sb.fallback() == "Rest");
  REQUIRE(sb.size() == 3);
  CHECK(sb.name(0) == "Recent");  // priority order is kept
  std::vector<std::int32_t> sa(4), sb_out(4);
  REQUIRE(set->assign(t.view, sa).ok());
  REQUIRE(sb.assign(t.view, sb_out).ok());
  CHECK(sa == sb_out);
  std::vector<std::uint8_t> ma(12), mb(12);
  REQUIRE(set->membership(t.view, ma).ok());
  REQUIRE(sb.membership(t.view, mb).ok());
  CHECK(ma == mb);
}

TEST_CASE("model files: RFM edges from a result, as fixed options") {
  segcore::RfmResult r;
  r.bins = 3;
  r.mode = segcore::RfmMode::quantile;
  r.recency_edges = {10, 90.5};
  r.frequency_edges = {1, 4};
  r.monetary_edges = {20.25, 300};
  auto o = segcore::fixed_rfm_options(r);
  REQUIRE(o.ok());
  const segcore::RfmOptions back = reloaded(*o);
  CHECK(back.mode == segcore::RfmMode::fixed);
  CHECK(back.bins == 3);
  CHECK(same_bits(back.recency_edges, r.recency_edges));
  CHECK(same_bits(back.frequency_edges, r.frequency_edges));
  CHECK(same_bits(back.monetary_edges, r.monetary_edges));

  r.frequency_edges = {1, 1};  // tied quantiles
  auto tied = segcore::fixed_rfm_options(r);
  CHECK(tied.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(tied.status().message()).find("tied quantiles") != std::string::npos);
  r.mode = segcore::RfmMode::rank;
  CHECK(segcore::fixed_rfm_options(r).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(segcore::model_to_bytes(segcore::RfmOptions{}).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("model files: logistic regression predicts bit-identically after loading") {
  const auto x = segcore_test::random_matrix(120, 3, 51);
  std::vector<double> y(120);
  for (std::size_t i = 0; i < 120; ++i) y[i] = x[i * 3] + 0.5 * x[i * 3 + 1] + 2 * std::sin(x[i * 3 + 2]) > 0 ? 1 : 0;
  segcore::LogisticRegression m({.C = 0.5});
  REQUIRE(m.fit(view(x, 3), y).ok());
  const segcore::LogisticRegression back = reloaded(m);
  CHECK(back.n_iter() == m.n_iter());
  CHECK(back.converged() == m.converged());
  std::vector<double> a(120), b(120);
  REQUIRE(m.predict_proba(view(x, 3), a).ok());
  REQUIRE(back.predict_proba(view(x, 3), b).ok());
  CHECK(same_bits(a, b));
}

TEST_CASE("model files: CLV models keep their parameters bit for bit") {
  const std::vector<double> t = {1, 10, 39, 78};
  segcore::BetaGeoModel bg;
  REQUIRE(bg.set_params(std::vector<double>{0.2426, 4.4136, 0.7931, 2.4259}).ok());
  const segcore::BetaGeoModel bg2 = reloaded(bg);
  std::vector<double> a(4), b(4);
  REQUIRE(bg.expected_purchases(t, a).ok());
  REQUIRE(bg2.expected_purchases(t, b).ok());
  CHECK(same_bits(a, b));

  segcore::ParetoNbdModel pn;
  REQUIRE(pn.set_params(std::vector<double>{0.5533, 10.5776, 0.6061, 11.6689}).ok());
  const segcore::ParetoNbdModel pn2 = reloaded(pn);
  REQUIRE(pn.expected_purchases(t, a).ok());
  REQUIRE(pn2.expected_purchases(t, b).ok());
  CHECK(same_bits(a, b));

  segcore::GammaGammaModel gg;
  REQUIRE(gg.set_params(std::vector<double>{6.25, 3.74, 15.44}).ok());
  auto bytes = segcore::model_to_bytes(gg);
  REQUIRE(bytes.ok());
  auto any = segcore::clv_model_from_bytes(*bytes);
  REQUIRE(any.ok());
  const auto* gg2 = dynamic_cast<const segcore::GammaGammaModel*>(any->get());
  REQUIRE(gg2 != nullptr);
  const std::vector<double> x = {0, 2, 5}, m = {0, 30.5, 12};
  std::vector<double> sa(3), sb(3);
  REQUIRE(gg.conditional_expected_spend(x, m, sa).ok());
  REQUIRE(gg2->conditional_expected_spend(x, m, sb).ok());
  CHECK(same_bits(sa, sb));
  // A BG/NBD file is not a Pareto/NBD model.
  auto bg_bytes = segcore::model_to_bytes(bg);
  CHECK(segcore::model_from_bytes<segcore::ParetoNbdModel>(*bg_bytes).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("model files: save and load through files, and the header") {
  ScratchDir dir;
  const auto x = segcore_test::random_matrix(40, 2, 61);
  segcore::KMeans km({.n_clusters = 3, .seed = 1});
  REQUIRE(km.fit(view(x, 2)).ok());
  const std::string path = dir.file("km.segmodel");
  REQUIRE(segcore::save_model(km, path).ok());
  auto back = segcore::load_model<segcore::KMeans>(path);
  REQUIRE(back.ok());
  CHECK(back->inertia() == km.inertia());
  auto any = segcore::load_any_kmeans(path);
  REQUIRE(any.ok());
  CHECK(any->kmeans != nullptr);
  CHECK(any->minibatch == nullptr);
  auto info = segcore::model_file_info(path);
  REQUIRE(info.ok());
  CHECK(info->kind == segcore::ModelKind::kmeans);
  CHECK(info->format_version == segcore::kModelFormatVersion);
  CHECK(info->library_version == segcore::version_number());
  CHECK(info->payload_size + 28 == segcore_test::read_bytes(path).size());
  CHECK(dir.entries() == std::vector<std::string>{"km.segmodel"});
}

TEST_CASE("model files: unfitted models are refused") {
  CHECK(segcore::model_to_bytes(segcore::Scaler()).status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(segcore::model_to_bytes(segcore::KMeans()).status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(segcore::model_to_bytes(segcore::BetaGeoModel()).status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(segcore::model_to_bytes(segcore::LogisticRegression()).status().code() ==
        absl::StatusCode::kFailedPrecondition);
}
