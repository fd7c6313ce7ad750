#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "segcore_rules.h"

namespace {

std::string last() { return segcore_last_error_message(); }

}  // namespace

TEST_CASE("capi weighted model: fit, inspect, reuse, score a table and one profile") {
  double spend[] = {10, 20, 30, NAN};
  int64_t visits[] = {1, 1, 4, 2};
  segcore_column cols[2];
  std::memset(cols, 0, sizeof cols);
  cols[0].name = "spend";
  cols[0].type = SEGCORE_COLUMN_F64;
  cols[0].f64 = spend;
  cols[1].name = "visits";
  cols[1].type = SEGCORE_COLUMN_I64;
  cols[1].i64 = visits;
  segcore_rule_data d;
  std::memset(&d, 0, sizeof d);
  d.struct_size = sizeof d;
  d.columns = cols;
  d.n_columns = 2;
  d.n_rows = 4;
  segcore_score_feature f[2];
  std::memset(f, 0, sizeof f);
  f[0].column = "spend";
  f[0].weight = 2;
  f[0].normalization = SEGCORE_NORMALIZE_ZSCORE;
  f[1].column = "visits";
  f[1].weight = 1;
  f[1].normalization = SEGCORE_NORMALIZE_MINMAX;
  segcore_weighted_model* m = nullptr;
  REQUIRE(segcore_weighted_model_fit(&m, &d, f, 2, 0.5) == SEGCORE_OK);
  size_t n = 0;
  REQUIRE(segcore_weighted_model_n_features(m, &n) == SEGCORE_OK);
  CHECK(n == 2);
  segcore_score_feature got[2];
  REQUIRE(segcore_weighted_model_get_feature(m, 0, &got[0]) == SEGCORE_OK);
  REQUIRE(segcore_weighted_model_get_feature(m, 1, &got[1]) == SEGCORE_OK);
  CHECK(std::string(got[0].column) == "spend");
  CHECK(got[0].center == 20);                                    // mean of 10, 20, 30
  CHECK(got[0].scale == doctest::Approx(std::sqrt(200.0 / 3)));  // population standard deviation
  CHECK(got[1].center == 1);
  CHECK(got[1].scale == 3);
  double bias = 0;
  REQUIRE(segcore_weighted_model_get_bias(m, &bias) == SEGCORE_OK);
  CHECK(bias == 0.5);
  double out[4];
  REQUIRE(segcore_weighted_model_score(m, &d, 0, 2, out, 4) == SEGCORE_OK);
  CHECK(out[0] == doctest::Approx(0.5 + 2 * (-10 / got[0].scale)));
  CHECK(out[2] == doctest::Approx(0.5 + 2 * (10 / got[0].scale) + 1));
  CHECK(std::isnan(out[3]));
  REQUIRE(segcore_weighted_model_score(m, &d, 1, 1, out, 4) == SEGCORE_OK);
  CHECK(out[3] == doctest::Approx(0.5 + 1.0 / 3));

  // The inspected parameters rebuild the same model.
  segcore_weighted_model* again = nullptr;
  REQUIRE(segcore_weighted_model_create(&again, got, 2, bias) == SEGCORE_OK);
  const double one[] = {30, 4};
  double s = 0;
  REQUIRE(segcore_weighted_model_score_one(again, one, 2, 0, &s) == SEGCORE_OK);
  CHECK(s == out[2]);
  CHECK(segcore_weighted_model_score_one(again, one, 1, 0, &s) == SEGCORE_EINVAL);
  segcore_weighted_model_destroy(again);
  segcore_weighted_model_destroy(m);
  segcore_weighted_model_destroy(nullptr);

  // Bad input.
  f[0].column = "spnd";
  CHECK(segcore_weighted_model_fit(&m, &d, f, 2, 0) == SEGCORE_ENOTFOUND);
  CHECK(m == nullptr);
  CHECK(last() == "WeightedModel::fit: the table has no column 'spnd' (it has spend, visits)");
  f[0].column = "visits";
  f[0].normalization = 7;
  CHECK(segcore_weighted_model_fit(&m, &d, f, 2, 0) == SEGCORE_EINVAL);
  int64_t same[] = {3, 3, 3, 3};
  cols[1].i64 = same;
  f[0].normalization = SEGCORE_NORMALIZE_ZSCORE;
  CHECK(segcore_weighted_model_fit(&m, &d, f, 1, 0) == SEGCORE_EINVAL);
  CHECK(last().find("feature 'visits' has zero variance") != std::string::npos);
  got[0].column = "spend";  // the names read back pointed into the destroyed model
  got[1].column = "visits";
  got[0].scale = 0;
  CHECK(segcore_weighted_model_create(&m, got, 2, 0) == SEGCORE_EINVAL);
  CHECK(last() ==
        "WeightedModel::create: feature 'spend' (zscore): center 20 and scale 0 must be finite with scale > 0");
  CHECK(segcore_weighted_model_create(&m, nullptr, 2, 0) == SEGCORE_EINVAL);
}

TEST_CASE("capi score bands: names from edges, -1 for NaN, errors for bad edges") {
  const double edges[] = {0.3, 0.7};
  const char* names[] = {"Low", "Medium", "High"};
  segcore_score_bands* b = nullptr;
  REQUIRE(segcore_score_bands_create(&b, edges, 2, names) == SEGCORE_OK);
  size_t n = 0;
  REQUIRE(segcore_score_bands_n_bands(b, &n) == SEGCORE_OK);
  CHECK(n == 3);
  char buf[16];
  size_t len = 0;
  REQUIRE(segcore_score_bands_name(b, 2, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "High");
  const double s[] = {0.1, 0.3, 0.7, 0.9, NAN};
  int32_t out[5];
  REQUIRE(segcore_score_bands_assign(b, s, 5, out, 5) == SEGCORE_OK);
  CHECK(std::vector<int32_t>(out, out + 5) == std::vector<int32_t>{0, 1, 1, 2, -1});
  CHECK(segcore_score_bands_assign(b, s, 5, out, 4) == SEGCORE_ERANGE);
  CHECK(segcore_score_bands_name(b, 3, buf, sizeof buf, &len) == SEGCORE_ERANGE);
  segcore_score_bands_destroy(b);
  const double down[] = {0.7, 0.3};
  CHECK(segcore_score_bands_create(&b, down, 2, names) == SEGCORE_EINVAL);
  CHECK(last() == "ScoreBands: edges must be strictly ascending; edge 1 (0.3) is not above edge 0 (0.7)");
  CHECK(segcore_score_bands_create(&b, edges, 2, nullptr) == SEGCORE_EINVAL);
  segcore_score_bands_destroy(nullptr);
}
