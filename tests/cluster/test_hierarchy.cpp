// Hierarchical clustering: merges on a hand-checked case, cuts, and bad input. Equality with
// scipy and scikit-learn is tested in python/tests.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "segcore/hierarchy.hpp"

using segcore::ConstMatrixView;
using segcore::Linkage;

TEST_CASE("linkages on points of a line") {
  // 0, 1, 5, 6, 20: pairs (0,1) and (2,3) at 1, then the pairs, then 20.
  std::vector<double> x = {0, 1, 5, 6, 20};
  ConstMatrixView<double> v(x.data(), 5, 1);
  for (Linkage l : {Linkage::ward, Linkage::complete, Linkage::average, Linkage::single}) {
    auto tree = segcore::linkage_tree(v, l);
    REQUIRE(tree.ok());
    const auto& m = tree->merges();
    REQUIRE(m.size() == 4);
    CHECK(m[0].a == 0);
    CHECK(m[0].b == 1);
    CHECK(m[0].height == doctest::Approx(1.0));
    CHECK(m[1].a == 2);
    CHECK(m[1].b == 3);
    CHECK(m[2].a == 5);
    CHECK(m[2].b == 6);
    CHECK(m[3].size == 5);
    for (std::size_t i = 1; i < m.size(); ++i) CHECK(m[i].height >= m[i - 1].height);
    std::vector<std::int32_t> labels(5);
    REQUIRE(tree->cut(3, labels).ok());
    CHECK(labels == std::vector<std::int32_t>{0, 0, 1, 1, 2});
    REQUIRE(tree->cut(1, labels).ok());
    CHECK(labels == std::vector<std::int32_t>{0, 0, 0, 0, 0});
    REQUIRE(tree->cut_height(1.5, labels).ok());
    CHECK(labels == std::vector<std::int32_t>{0, 0, 1, 1, 2});
    CHECK(tree->clusters_below(0.5) == 5);
  }
  // The heights that differ: pairs {0,1} and {5,6} joined at...
  CHECK(segcore::linkage_tree(v, Linkage::single)->merges()[2].height == doctest::Approx(4.0));
  CHECK(segcore::linkage_tree(v, Linkage::complete)->merges()[2].height == doctest::Approx(6.0));
  CHECK(segcore::linkage_tree(v, Linkage::average)->merges()[2].height == doctest::Approx(5.0));
  // Ward: sqrt(2 * 2 * 2 / 4) * |0.5 - 5.5| = sqrt(2) * 5.
  CHECK(segcore::linkage_tree(v, Linkage::ward)->merges()[2].height == doctest::Approx(std::sqrt(2.0) * 5.0));
}

TEST_CASE("hierarchical clustering rejects bad input") {
  std::vector<double> x = {0, 1, NAN, 3};
  CHECK(std::string(segcore::linkage_tree(ConstMatrixView<double>(x.data(), 4, 1), Linkage::ward).status().message()) ==
        "linkage_tree: row 2, column 0 is NaN");
  CHECK(!segcore::linkage_tree(ConstMatrixView<double>(x.data(), 1, 1), Linkage::ward).ok());
  CHECK(!segcore::linkage_tree(ConstMatrixView<double>(x.data(), 2, 1), static_cast<Linkage>(9)).ok());
  std::vector<double> big(50001, 1.0);
  auto refused = segcore::linkage_tree(ConstMatrixView<double>(big.data(), 50001, 1), Linkage::average);
  CHECK(std::string(refused.status().message()).find("accept at most 50000 rows") != std::string::npos);
  x[2] = 2;
  auto tree = segcore::linkage_tree(ConstMatrixView<double>(x.data(), 4, 1), Linkage::average);
  std::vector<std::int32_t> labels(4), short_labels(3);
  CHECK(!tree->cut(0, labels).ok());
  CHECK(!tree->cut(5, labels).ok());
  CHECK(!tree->cut(2, short_labels).ok());
  CHECK(!tree->cut_height(NAN, labels).ok());
}
