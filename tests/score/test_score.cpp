#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <vector>

#include "segcore/score.hpp"

using namespace segcore;

namespace {

struct Data {
  std::size_t n, d;
  std::vector<double> X, y;
};

Data make(std::size_t n, std::size_t d, unsigned seed) {
  std::mt19937_64 g(seed);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  Data data{n, d, {}, {}};
  std::vector<double> beta(d);
  for (auto& b : beta) b = z(g);
  for (std::size_t i = 0; i < n; ++i) {
    double lin = 0.3;
    for (std::size_t j = 0; j < d; ++j) {
      data.X.push_back(z(g) * (j + 1));
      lin += beta[j] * data.X.back() / (j + 1);
    }
    data.y.push_back(u(g) < 1 / (1 + std::exp(-lin)) ? 1 : 0);
  }
  return data;
}

// The optimality conditions of the objective, computed here independently of the solver:
// C * X^T (w * (p - y)) + coef = 0, and sum(w * (p - y)) = 0 for the intercept.
double max_gradient(const Data& data, const LogisticRegression& m, double C, const std::vector<double>& w) {
  std::vector<double> g(data.d + 1, 0.0);
  for (std::size_t i = 0; i < data.n; ++i) {
    double z = m.intercept();
    for (std::size_t j = 0; j < data.d; ++j) z += m.coef()[j] * data.X[i * data.d + j];
    double r = (w.empty() ? 1 : w[i]) * (1 / (1 + std::exp(-z)) - data.y[i]);
    for (std::size_t j = 0; j < data.d; ++j) g[j] += C * r * data.X[i * data.d + j];
    g[data.d] += C * r;
  }
  double worst = 0;
  for (std::size_t j = 0; j <= data.d; ++j) worst = std::max(worst, std::abs(g[j] + (j < data.d ? m.coef()[j] : 0)));
  return worst;
}

}  // namespace

TEST_CASE("logistic regression: the fit satisfies the optimality conditions, for any thread count") {
  Data data = make(20000, 5, 1);
  ConstMatrixView<double> X(data.X.data(), data.n, data.d);
  for (double C : {0.01, 1.0, 100.0}) {
    CAPTURE(C);
    LogisticOptions o;
    o.C = C;
    LogisticRegression one(o);
    REQUIRE(one.fit(X, data.y).ok());
    CHECK(one.converged());
    CHECK(one.n_iter() < 20);
    CHECK(max_gradient(data, one, C, {}) < 1e-6 * C * data.n);
    o.n_threads = 3;
    LogisticRegression three(o);
    REQUIRE(three.fit(X, data.y).ok());
    CHECK(three.coef() == one.coef());
    CHECK(three.intercept() == one.intercept());
  }
}

TEST_CASE("logistic regression: integer sample weights equal repeated rows") {
  Data data = make(3000, 3, 2);
  std::vector<double> w(data.n);
  Data repeated{0, data.d, {}, {}};
  for (std::size_t i = 0; i < data.n; ++i) {
    w[i] = static_cast<double>(i % 3);
    for (int k = 0; k < static_cast<int>(w[i]); ++k) {
      repeated.X.insert(repeated.X.end(), data.X.begin() + i * data.d, data.X.begin() + (i + 1) * data.d);
      repeated.y.push_back(data.y[i]);
      ++repeated.n;
    }
  }
  LogisticRegression a, b;
  REQUIRE(a.fit(ConstMatrixView<double>(data.X.data(), data.n, data.d), data.y, w).ok());
  REQUIRE(b.fit(ConstMatrixView<double>(repeated.X.data(), repeated.n, repeated.d), repeated.y).ok());
  for (std::size_t j = 0; j < data.d; ++j) CHECK(a.coef()[j] == doctest::Approx(b.coef()[j]).epsilon(1e-7));
  CHECK(a.intercept() == doctest::Approx(b.intercept()).epsilon(1e-7));
  CHECK(max_gradient(data, a, 1.0, w) < 1e-5);
  std::vector<double> p(data.n);
  REQUIRE(a.predict_proba(ConstMatrixView<double>(data.X.data(), data.n, data.d), p).ok());
  double mean_p = 0, mean_y = 0, total = 0;
  for (std::size_t i = 0; i < data.n; ++i) mean_p += w[i] * p[i], mean_y += w[i] * data.y[i], total += w[i];
  CHECK(mean_p / total == doctest::Approx(mean_y / total).epsilon(1e-6));  // the intercept's condition
}

TEST_CASE("logistic regression: bad input") {
  std::vector<double> X = {0, 1, 2, 3}, y = {0, 1, 1, 0};
  ConstMatrixView<double> v(X.data(), 4, 1);
  LogisticRegression m;
  std::vector<double> out(4);
  CHECK(m.predict_proba(v, out).code() == absl::StatusCode::kFailedPrecondition);
  std::vector<double> one_class = {1, 1, 1, 1};
  CHECK(std::string(m.fit(v, one_class).message()) ==
        "LogisticRegression::fit: y has one class only (with weight > 0); two are needed");
  std::vector<double> bad = {0, 2, 1, 0};
  CHECK(std::string(m.fit(v, bad).message()) == "LogisticRegression::fit: y[1] is 2; labels must be 0 or 1");
  LogisticOptions o;
  o.C = 0;
  CHECK_FALSE(LogisticRegression(o).fit(v, y).ok());
  X[2] = std::nan("");
  CHECK(std::string(m.fit(v, y).message()) == "LogisticRegression::fit: row 2, column 0 is not finite");
}

TEST_CASE("weighted scores over named columns") {
  std::vector<double> m = {10, std::nan(""), 30};
  std::vector<std::int64_t> f = {1, 2, 3};
  std::vector<std::uint8_t> f_ok = {1, 1, 0};
  TableView t;
  t.rows = 3;
  t.columns.push_back({"monetary", ColumnType::f64, m.data(), nullptr, nullptr, nullptr, nullptr});
  t.columns.push_back({"frequency", ColumnType::i64, nullptr, f.data(), nullptr, nullptr, f_ok.data()});
  std::vector<ScoreTerm> terms = {{"monetary", 0.5}, {"frequency", 2}};
  std::vector<double> out(3);
  REQUIRE(weighted_score(t, terms, 1, false, out).ok());
  CHECK(out[0] == 1 + 5 + 2);
  CHECK(std::isnan(out[1]));
  CHECK(std::isnan(out[2]));
  REQUIRE(weighted_score(t, terms, 1, true, out).ok());
  CHECK(out[1] == 1 + 4);
  CHECK(out[2] == 1 + 15);
  std::vector<ScoreTerm> unknown = {{"nope", 1}};
  CHECK(weighted_score(t, unknown, 0, false, out).code() == absl::StatusCode::kNotFound);
}
