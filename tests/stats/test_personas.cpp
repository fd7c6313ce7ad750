// Segment profiles on a hand-checked case.
#include <doctest/doctest.h>

#include <vector>

#include "segcore/personas.hpp"

using segcore::ConstMatrixView;

TEST_CASE("profiles of two segments") {
  // Column 0: segment 1 is high; column 1 is constant.
  std::vector<double> x = {1, 5, 2, 5, 3, 5, 4, 5, 10, 5, 12, 5};
  std::vector<std::int32_t> labels = {0, 0, 0, 0, 1, 1};
  auto p = segcore::segment_profiles(
      ConstMatrixView<double>(x.data(), 6, 2), labels,
      {.feature_names = {"spend", "flat"}, .low_words = {"thrifty", ""}, .high_words = {"", ""}});
  REQUIRE(p.ok());
  REQUIRE(p->size() == 2);
  const auto& a = (*p)[0];
  const auto& b = (*p)[1];
  CHECK(a.size == 4);
  CHECK(a.share == doctest::Approx(4.0 / 6));
  CHECK(a.median[0] == 2.5);  // the two middle values averaged
  CHECK(b.median[0] == 11.0);
  CHECK(a.mean[0] == 2.5);
  CHECK(a.lift[0] == doctest::Approx(2.5 / (32.0 / 6)));
  CHECK(a.effect[1] == 0.0);
  CHECK(a.name == "thrifty");
  CHECK(b.name == "high spend");
  CHECK(b.top == std::vector<std::size_t>{0, 1});
}

TEST_CASE("profiles reject mismatched names") {
  std::vector<double> x = {1, 2, 3, 4};
  std::vector<std::int32_t> labels = {0, 1};
  segcore::PersonaOptions one_name, negative_top;
  one_name.feature_names = {"a"};
  negative_top.top_features = -1;
  CHECK(!segcore::segment_profiles(ConstMatrixView<double>(x.data(), 2, 2), labels, one_name).ok());
  CHECK(!segcore::segment_profiles(ConstMatrixView<double>(x.data(), 2, 2), labels, negative_top).ok());
}
