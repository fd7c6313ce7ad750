// Every per-customer CLV prediction is a function of that customer's row alone: scored alone,
// in shuffled batches of any size, on 1 to 3 threads, a row gets the same bits. Random
// histories include the extremes (T near 0 and near 1e6, thousands of purchases, horizons far
// beyond T), where series lengths and fallbacks differ most from row to row.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "segcore/clv.hpp"
#include "segcore/clv_pmf.hpp"

namespace {

using segcore::ClvHistories;

struct Rows {
  std::vector<double> x, tx, T, m, n;  // history, mean spend, a count to ask about
  Rows pick(const std::vector<std::size_t>& idx) const {
    Rows r;
    for (std::size_t i : idx) {
      r.x.push_back(x[i]), r.tx.push_back(tx[i]), r.T.push_back(T[i]);
      r.m.push_back(m[i]), r.n.push_back(n[i]);
    }
    return r;
  }
  ClvHistories histories() const { return {.frequency = x, .recency = tx, .T = T}; }
};

// Continuous-time histories, one in five extreme.
Rows continuous_rows(std::mt19937_64& rng, std::size_t count) {
  std::uniform_real_distribution<double> u(0, 1);
  Rows r;
  for (std::size_t i = 0; i < count; ++i) {
    double T = std::exp(u(rng) * std::log(200.0)), x = std::floor(u(rng) * 8);
    switch (rng() % 10) {
      case 0:
        T = 1e-6 + 1e-3 * u(rng);
        break;
      case 1:
        T = 1e5 + 9e5 * u(rng);
        break;
      case 2:
        x = std::floor(1000 + 4000 * u(rng));
        break;
      default:
        break;
    }
    const double tx = x == 0 ? 0 : T * (1 - std::pow(u(rng), 3));
    r.x.push_back(x), r.tx.push_back(x > 0 && tx == 0 ? T : tx), r.T.push_back(T);
    r.m.push_back(x == 0 ? 0 : std::exp(6 * u(rng) - 1));
    r.n.push_back(std::floor(u(rng) * 5));
  }
  return r;
}

// Discrete-time (BG/BB) histories: x <= t_x <= n periods.
Rows discrete_rows(std::mt19937_64& rng, std::size_t count) {
  Rows r;
  for (std::size_t i = 0; i < count; ++i) {
    const double T = (rng() % 5 == 0) ? static_cast<double>(1 + rng() % 2000) : static_cast<double>(1 + rng() % 20);
    const double tx = static_cast<double>(rng() % (static_cast<std::uint64_t>(T) + 1));
    const double x = tx == 0 ? 0 : static_cast<double>(1 + rng() % static_cast<std::uint64_t>(tx));
    r.x.push_back(x), r.tx.push_back(tx), r.T.push_back(T), r.m.push_back(1), r.n.push_back(x);
  }
  return r;
}

using Score = std::function<std::vector<double>(const Rows&, int threads)>;

std::uint64_t bits(double v) { return std::bit_cast<std::uint64_t>(v); }

// Scores each row alone, then the rows shuffled into batches of random sizes on 1, 2 and 3
// threads, and requires the same bits for every row.
void check_row_independence(const std::string& what, const Rows& rows, const Score& score, std::mt19937_64& rng) {
  const std::size_t count = rows.x.size();
  std::vector<double> alone(count);
  for (std::size_t i = 0; i < count; ++i) alone[i] = score(rows.pick({i}), 1).at(0);
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  for (int threads = 1; threads <= 3; ++threads) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t begin = 0; begin < count;) {
      const std::size_t size = std::min<std::size_t>(count - begin, 1 + rng() % (count / 2));
      const std::vector<std::size_t> batch(order.begin() + begin, order.begin() + begin + size);
      const std::vector<double> got = score(rows.pick(batch), threads);
      for (std::size_t k = 0; k < size; ++k) {
        const std::size_t i = batch[k];
        INFO(what, ": row ", i, " (x ", rows.x[i], ", t_x ", rows.tx[i], ", T ", rows.T[i], ") in a batch of ", size,
             " on ", threads, " threads");
        CHECK(bits(got[k]) == bits(alone[i]));
      }
      begin += size;
    }
  }
}

// The values a prediction writes for rows r (call fills its output span and returns a Status).
template <class Call>
std::vector<double> scored(const Rows& r, const Call& call) {
  std::vector<double> out(r.x.size());
  REQUIRE(call(std::span<double>(out)).ok());
  return out;
}

template <class Model>
Model with_params(std::initializer_list<double> p) {
  Model m;
  REQUIRE(m.set_params(std::vector<double>(p)).ok());
  return m;
}

// Parameter sets: a CDNOW-like fit, a + b < r (signed series coefficients), and a = 1.
const std::vector<std::vector<double>> kPurchaseParams = {
    {0.243, 4.414, 0.793, 2.426}, {2.5, 0.7, 0.3, 0.4}, {0.9, 12.0, 1.0, 5.0}};

template <class Model>
void check_purchase_model(const char* name, const Rows& rows, std::mt19937_64& rng) {
  for (const auto& p : kPurchaseParams) {
    Model model;
    REQUIRE(model.set_params(p).ok());
    for (double t : {0.0, 1e-4, 39.0, 5e4}) {
      CAPTURE(t);
      check_row_independence(
          name, rows,
          [&](const Rows& r, int threads) {
            return scored(r, [&](std::span<double> out) {
              return model.conditional_expected_purchases(t, r.histories(), out, threads);
            });
          },
          rng);
    }
    check_row_independence(
        name, rows,
        [&](const Rows& r, int threads) {
          return scored(r, [&](std::span<double> out) { return model.probability_alive(r.histories(), out, threads); });
        },
        rng);
  }
}

}  // namespace

TEST_CASE("BG/NBD, MBG/NBD and Pareto/NBD give a row the same bits alone and in any batch") {
  std::mt19937_64 rng(20260101);
  const Rows rows = continuous_rows(rng, 240);
  check_purchase_model<segcore::BetaGeoModel>("BG/NBD", rows, rng);
  check_purchase_model<segcore::ModifiedBetaGeoModel>("MBG/NBD", rows, rng);
  check_purchase_model<segcore::ParetoNbdModel>("Pareto/NBD", rows, rng);
}

TEST_CASE("Count probabilities, spend and CLV give a row the same bits alone and in any batch") {
  std::mt19937_64 rng(20260102);
  const Rows rows = continuous_rows(rng, 120);
  const auto pareto = with_params<segcore::ParetoNbdModel>({0.55, 10.6, 0.61, 11.7});
  check_row_independence(
      "Pareto/NBD conditional P(n)", rows,
      [&](const Rows& r, int threads) {
        return scored(r, [&](std::span<double> out) {
          return segcore::conditional_probability_of_n_purchases(pareto, 20.0, r.n, r.histories(), out, threads);
        });
      },
      rng);
  const auto bg = with_params<segcore::BetaGeoModel>({0.243, 4.414, 0.793, 2.426});
  check_row_independence(
      "BG/NBD P(n)", rows,
      [&](const Rows& r, int) {
        return scored(r,
                      [&](std::span<double> out) { return segcore::probability_of_n_purchases(bg, 20.0, r.n, out); });
      },
      rng);
  check_row_independence(
      "Pareto/NBD P(n)", rows,
      [&](const Rows& r, int) {
        return scored(
            r, [&](std::span<double> out) { return segcore::probability_of_n_purchases(pareto, 20.0, r.n, out); });
      },
      rng);
  const auto gg = with_params<segcore::GammaGammaModel>({6.25, 3.74, 15.44});
  check_row_independence(
      "Gamma-Gamma", rows,
      [&](const Rows& r, int) {
        return scored(r, [&](std::span<double> out) { return gg.conditional_expected_spend(r.x, r.m, out); });
      },
      rng);
  for (const auto* model :
       {static_cast<const segcore::PurchaseModel*>(&bg), static_cast<const segcore::PurchaseModel*>(&pareto)})
    check_row_independence(
        "CLV", rows,
        [&](const Rows& r, int threads) {
          const segcore::ClvValueOptions o{.horizon = 52, .steps = 12, .discount_rate = 0.01, .n_threads = threads};
          return scored(r, [&](std::span<double> out) {
            return segcore::customer_lifetime_value(*model, gg, r.histories(), r.m, o, out);
          });
        },
        rng);
}

TEST_CASE("BG/BB gives a row the same bits alone and in any batch") {
  std::mt19937_64 rng(20260103);
  const Rows rows = discrete_rows(rng, 200);
  const auto model = with_params<segcore::BetaGeoBetaBinomModel>({1.204, 0.750, 0.657, 2.783});
  for (double t : {0.0, 1.0, 10.0, 500.0})
    check_row_independence(
        "BG/BB E[purchases]", rows,
        [&](const Rows& r, int threads) {
          return scored(r, [&](std::span<double> out) {
            return model.conditional_expected_purchases(t, r.histories(), out, threads);
          });
        },
        rng);
  check_row_independence(
      "BG/BB P(alive after 5)", rows,
      [&](const Rows& r, int threads) {
        return scored(
            r, [&](std::span<double> out) { return model.probability_alive_after(5, r.histories(), out, threads); });
      },
      rng);
  check_row_independence(
      "BG/BB P(n)", rows,
      [&](const Rows& r, int) {
        return scored(r,
                      [&](std::span<double> out) { return segcore::probability_of_n_purchases(model, 30, r.n, out); });
      },
      rng);
}
