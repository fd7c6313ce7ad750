#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "segcore.h"

TEST_CASE("scaler through the C ABI: fit, transform, inverse, fitted values") {
  segcore_scaler_options o;
  REQUIRE(segcore_scaler_options_init(&o, sizeof o) == SEGCORE_OK);
  o.kind = SEGCORE_SCALER_MINMAX;
  segcore_scaler* s = nullptr;
  REQUIRE(segcore_scaler_create(&s, &o) == SEGCORE_OK);

  std::vector<double> x = {0, 10, 5, 20, 10, 30};  // 3 x 2
  std::vector<double> y(6), center(2), scale(2);
  CHECK(segcore_scaler_transform_f64(s, x.data(), 3, 2, y.data(), y.size()) == SEGCORE_ENOTFITTED);
  CHECK(segcore_scaler_get_center(s, center.data(), 2) == SEGCORE_ENOTFITTED);
  REQUIRE(segcore_scaler_fit_f64(s, x.data(), 3, 2) == SEGCORE_OK);
  size_t n = 0;
  REQUIRE(segcore_scaler_n_features(s, &n) == SEGCORE_OK);
  CHECK(n == 2);
  REQUIRE(segcore_scaler_transform_f64(s, x.data(), 3, 2, y.data(), y.size()) == SEGCORE_OK);
  CHECK(y == std::vector<double>{0, 0, 0.5, 0.5, 1, 1});
  REQUIRE(segcore_scaler_get_scale(s, scale.data(), 2) == SEGCORE_OK);
  CHECK(scale == std::vector<double>{10, 20});
  std::vector<double> back(6);
  REQUIRE(segcore_scaler_inverse_transform_f64(s, y.data(), 3, 2, back.data(), back.size()) == SEGCORE_OK);
  CHECK(back == x);
  CHECK(segcore_scaler_inverse_transform_f64(s, y.data(), 3, 2, back.data(), 5) == SEGCORE_ERANGE);

  // Buffers that are too small are refused before anything is written.
  CHECK(segcore_scaler_transform_f64(s, x.data(), 3, 2, y.data(), 5) == SEGCORE_ERANGE);
  CHECK(std::string(segcore_last_error_message()) == "segcore_scaler_transform_f64: out holds 5 values; 6 are needed");
  CHECK(segcore_scaler_get_center(s, center.data(), 1) == SEGCORE_ERANGE);

  // In place, in float.
  std::vector<float> xf = {0, 10, 5, 20, 10, 30};
  REQUIRE(segcore_scaler_fit_f32(s, xf.data(), 3, 2) == SEGCORE_OK);
  REQUIRE(segcore_scaler_transform_f32(s, xf.data(), 3, 2, xf.data(), xf.size()) == SEGCORE_OK);
  CHECK(xf == std::vector<float>{0, 0, 0.5f, 0.5f, 1, 1});
  REQUIRE(segcore_scaler_inverse_transform_f32(s, xf.data(), 3, 2, xf.data(), xf.size()) == SEGCORE_OK);
  CHECK(xf == std::vector<float>{0, 10, 5, 20, 10, 30});

  std::vector<int32_t> flags(2, -1);
  REQUIRE(segcore_scaler_zero_variance_columns(s, flags.data(), 2) == SEGCORE_OK);
  CHECK(flags == std::vector<int32_t>{0, 0});
  segcore_scaler_destroy(s);
}

TEST_CASE("scaler C ABI rejects bad options and bad data with a message") {
  segcore_scaler_options o;
  REQUIRE(segcore_scaler_options_init(&o, sizeof o) == SEGCORE_OK);
  segcore_scaler* s = nullptr;
  o.kind = 7;
  CHECK(segcore_scaler_create(&s, &o) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()) ==
        "Scaler options: kind 7 is not standard (0), minmax (1) or robust (2)");
  o.kind = SEGCORE_SCALER_STANDARD;
  o.n_threads = -2;
  CHECK(segcore_scaler_create(&s, &o) == SEGCORE_EINVAL);
  o.n_threads = 2;
  REQUIRE(segcore_scaler_create(&s, &o) == SEGCORE_OK);
  CHECK(segcore_scaler_fit_f64(s, nullptr, 3, 2) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()) == "segcore_scaler_fit_f64: x is NULL");
  double inf_row[2] = {1.0, 1.0 / 0.0};
  CHECK(segcore_scaler_fit_f64(s, inf_row, 1, 2) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()) == "Scaler::fit: row 0, column 1 is infinite");
  CHECK(segcore_scaler_fit_f64(s, inf_row, SIZE_MAX / 4, 3) == SEGCORE_EINVAL);
  segcore_scaler_destroy(s);
}
