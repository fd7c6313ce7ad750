// C ABI of weighted models over normalised features and of score bands.
#include <cstddef>
#include <span>
#include <vector>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "capi_tables.hpp"
#include "segcore/score.hpp"
#include "segcore_rules.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {


static_assert(sizeof(segcore_score_feature) == offsetof(segcore_score_feature, scale) + sizeof(double),
              "no tail padding");
static_assert(SEGCORE_NORMALIZE_ZSCORE == static_cast<int>(segcore::Normalization::zscore) &&
              SEGCORE_NORMALIZE_MINMAX == static_cast<int>(segcore::Normalization::minmax));

absl::StatusOr<std::vector<segcore::ScoreFeature>> features_of(const segcore_score_feature* f, std::size_t n,
                                                                const char* fn) {
  if (f == nullptr && n != 0) return segcore::invalid_argument(fn, "features is NULL");
  std::vector<segcore::ScoreFeature> out;
  for (std::size_t j = 0; j < n; ++j) {
    if (f[j].column == nullptr) return segcore::invalid_argument(fn, "features[", j, "].column is NULL");
    if (f[j].reserved0 != 0) return segcore::invalid_argument(fn, "features[", j, "].reserved0 must be 0");
    if (f[j].normalization < SEGCORE_NORMALIZE_NONE || f[j].normalization > SEGCORE_NORMALIZE_MINMAX)
      return segcore::invalid_argument(fn, "features[", j, "].normalization is ", f[j].normalization,
                                       "; use a SEGCORE_NORMALIZE_* value");
    out.push_back({f[j].column, f[j].weight, static_cast<segcore::Normalization>(f[j].normalization), f[j].center,
                   f[j].scale});
  }
  return out;
}

}  // namespace

extern "C" {

int segcore_weighted_model_fit(segcore_weighted_model** out, const segcore_rule_data* data,
                               const segcore_score_feature* features, size_t n_features, double bias) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, segcore::capi_detail::table_of(data, fn, "data"));
    SEGCORE_ASSIGN_OR_RETURN(auto f, features_of(features, n_features, fn));
    SEGCORE_ASSIGN_OR_RETURN(segcore::WeightedModel m, segcore::WeightedModel::fit(v, std::move(f), bias));
    *out = new segcore_weighted_model{std::move(m)};
  );
}

int segcore_weighted_model_create(segcore_weighted_model** out, const segcore_score_feature* features,
                                  size_t n_features, double bias) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto f, features_of(features, n_features, fn));
    SEGCORE_ASSIGN_OR_RETURN(segcore::WeightedModel m, segcore::WeightedModel::create(std::move(f), bias));
    *out = new segcore_weighted_model{std::move(m)};
  );
}

void segcore_weighted_model_destroy(segcore_weighted_model* model) { delete model; }

int segcore_weighted_model_n_features(const segcore_weighted_model* m, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(m, "model"); SEGCORE_REQUIRE(out); *out = m->impl.features().size(););
}

int segcore_weighted_model_get_feature(const segcore_weighted_model* m, size_t j, segcore_score_feature* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    SEGCORE_REQUIRE(out);
    const auto& fs = m->impl.features();
    if (j >= fs.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": feature ", j, " of ", fs.size()));
    out->column = fs[j].column.c_str();
    out->weight = fs[j].weight;
    out->normalization = static_cast<int32_t>(fs[j].normalization);
    out->reserved0 = 0;
    out->center = fs[j].center;
    out->scale = fs[j].scale;
  );
}

int segcore_weighted_model_get_bias(const segcore_weighted_model* m, double* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(m, "model"); SEGCORE_REQUIRE(out); *out = m->impl.bias(););
}

int segcore_weighted_model_score(const segcore_weighted_model* m, const segcore_rule_data* data,
                                 int32_t missing_as_zero, int32_t n_threads, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, segcore::capi_detail::table_of(data, fn, "data"));
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::room(count, v.rows, out, fn));
    return m->impl.score(v, std::span<double>(out, v.rows), missing_as_zero != 0, n_threads);
  );
}

int segcore_weighted_model_score_one(const segcore_weighted_model* m, const double* values, size_t n_values,
                                     int32_t missing_as_zero, double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    SEGCORE_REQUIRE(out);
    if (values == nullptr && n_values != 0) return segcore::invalid_argument(fn, "values is NULL");
    SEGCORE_ASSIGN_OR_RETURN(*out, m->impl.score_one(std::span<const double>(values, n_values), missing_as_zero != 0));
  );
}

int segcore_score_bands_create(segcore_score_bands** out, const double* edges, size_t n_edges,
                               const char* const* names) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(edges, names);
    std::vector<std::string> n;
    for (std::size_t j = 0; j <= n_edges; ++j) {
      if (names[j] == nullptr) return segcore::invalid_argument(fn, "names[", j, "] is NULL");
      n.emplace_back(names[j]);
    }
    SEGCORE_ASSIGN_OR_RETURN(segcore::ScoreBands b,
                             segcore::ScoreBands::create(std::vector<double>(edges, edges + n_edges), std::move(n)));
    *out = new segcore_score_bands{std::move(b)};
  );
}

void segcore_score_bands_destroy(segcore_score_bands* bands) { delete bands; }

int segcore_score_bands_n_bands(const segcore_score_bands* b, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(b, "bands"); SEGCORE_REQUIRE(out); *out = b->impl.size(););
}

int segcore_score_bands_name(const segcore_score_bands* b, size_t k, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(b, "bands");
    if (k >= b->impl.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": band ", k, " of ", b->impl.size()));
    return segcore::capi_detail::write_string(b->impl.name(k), buffer, capacity, length, fn);
  );
}

int segcore_score_bands_assign(const segcore_score_bands* b, const double* scores, size_t n, int32_t* out,
                               size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(b, "bands");
    if (scores == nullptr && n != 0) return segcore::invalid_argument(fn, "scores is NULL");
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::room(count, n, out, fn));
    return b->impl.assign(std::span<const double>(scores, n), std::span<int32_t>(out, n));
  );
}

}  // extern "C"
