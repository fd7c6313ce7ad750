#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "segcore/describe.hpp"
#include "support/random.hpp"

using segcore::ConstMatrixView;

namespace {

// Textbook one-pass-per-statistic reference in long double.
void reference(const std::vector<double>& x, std::size_t rows, std::size_t cols, std::size_t j, int ddof, double& mean,
               double& sd, double& lo, double& hi) {
  long double s = 0;
  lo = hi = x[j];
  for (std::size_t i = 0; i < rows; ++i) {
    s += x[i * cols + j];
    lo = std::min(lo, x[i * cols + j]);
    hi = std::max(hi, x[i * cols + j]);
  }
  long double m = s / rows, ss = 0;
  for (std::size_t i = 0; i < rows; ++i) ss += (x[i * cols + j] - m) * (x[i * cols + j] - m);
  mean = static_cast<double>(m);
  sd = static_cast<double>(std::sqrt(ss / (rows - ddof)));
}

}  // namespace

TEST_CASE("describe matches a long-double reference on awkward shapes") {
  for (auto [rows, cols] : {std::pair<std::size_t, std::size_t>{1, 1}, {7, 3}, {17, 1}, {2049, 5}, {5000, 17}}) {
    auto x = segcore_test::random_matrix(rows, cols, rows * 31 + cols);
    for (int ddof : {0, 1}) {
      if (static_cast<std::size_t>(ddof) >= rows) continue;
      auto stats = segcore::describe(ConstMatrixView<double>(x.data(), rows, cols), {.n_threads = 2, .ddof = ddof});
      REQUIRE(stats.ok());
      for (std::size_t j = 0; j < cols; ++j) {
        double mean, sd, lo, hi;
        reference(x, rows, cols, j, ddof, mean, sd, lo, hi);
        CHECK(stats->mean[j] == doctest::Approx(mean).epsilon(1e-12));
        CHECK(stats->stddev[j] == doctest::Approx(sd).epsilon(1e-12));
        CHECK(stats->min[j] == lo);
        CHECK(stats->max[j] == hi);
      }
    }
  }
}

TEST_CASE("describe is bit-identical for 1, 2 and 5 threads, float and double") {
  auto x = segcore_test::random_matrix(20000, 6, 7);
  std::vector<float> xf(x.begin(), x.end());
  auto one = segcore::describe(ConstMatrixView<double>(x.data(), 20000, 6), {.n_threads = 1});
  auto onef = segcore::describe(ConstMatrixView<float>(xf.data(), 20000, 6), {.n_threads = 1});
  for (int threads : {2, 5}) {
    auto many = segcore::describe(ConstMatrixView<double>(x.data(), 20000, 6), {.n_threads = threads});
    auto manyf = segcore::describe(ConstMatrixView<float>(xf.data(), 20000, 6), {.n_threads = threads});
    CHECK(many->mean == one->mean);
    CHECK(many->stddev == one->stddev);
    CHECK(manyf->mean == onef->mean);
    CHECK(manyf->stddev == onef->stddev);
  }
}

TEST_CASE("describe names the first non-finite value and rejects bad arguments") {
  std::vector<double> x(30 * 4, 1.0);
  x[25 * 4 + 2] = std::numeric_limits<double>::infinity();
  x[9 * 4 + 3] = std::nan("");
  auto r = segcore::describe(ConstMatrixView<double>(x.data(), 30, 4), {.n_threads = 2});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(r.status().message() == "describe: row 9, column 3 is NaN");

  std::vector<double> huge = {1e308, 1.0, 1e308, 2.0};  // finite values whose sum overflows
  auto over = segcore::describe(ConstMatrixView<double>(huge.data(), 2, 2));
  REQUIRE_FALSE(over.ok());
  CHECK(std::string(over.status().message()).find("describe: column 0 overflows double precision") == 0);

  CHECK_FALSE(segcore::describe(ConstMatrixView<double>(x.data(), 0, 4)).ok());
  CHECK_FALSE(segcore::describe(ConstMatrixView<double>(x.data(), 1, 4), {.ddof = 1}).ok());
  CHECK_FALSE(segcore::describe(ConstMatrixView<double>(x.data(), 3, 4), {.n_threads = -1}).ok());
}
