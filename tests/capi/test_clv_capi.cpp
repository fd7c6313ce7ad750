#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "clv/cdnow.hpp"
#include "segcore_clv.h"

namespace {

std::string last() { return segcore_last_error_message(); }

struct Cdnow {
  std::vector<double> x, tx, T, m;
};

Cdnow cdnow() {
  const auto t = segcore_test::load_cdnow_sample();
  segcore_clv_summary_options o;
  REQUIRE(segcore_clv_summary_options_init(&o, sizeof o) == SEGCORE_OK);
  o.time_unit_days = 7;
  o.calibration_end = segcore_test::epoch_seconds(19970930);
  size_t n = 0;
  CHECK(segcore_clv_summarize(t.customer.data(), t.time.data(), t.amount.data(), t.customer.size(), &o, nullptr,
                              nullptr, nullptr, nullptr, nullptr, 0, &n) == SEGCORE_ERANGE);
  Cdnow c{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n), std::vector<double>(n)};
  REQUIRE(segcore_clv_summarize(t.customer.data(), t.time.data(), t.amount.data(), t.customer.size(), &o, nullptr,
                                c.x.data(), c.tx.data(), c.T.data(), c.m.data(), n, &n) == SEGCORE_OK);
  return c;
}

}  // namespace

TEST_CASE("CLV through the C ABI: CDNOW fits, predictions, CLV") {
  const Cdnow c = cdnow();
  const size_t n = c.x.size();
  REQUIRE(n == 2357);
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.n_threads = 2;
  segcore_clv_model* bg = nullptr;
  REQUIRE(segcore_clv_create(&bg, &o) == SEGCORE_OK);
  REQUIRE(segcore_clv_fit(bg, c.x.data(), c.tx.data(), c.T.data(), nullptr, n) == SEGCORE_OK);
  double p[4], se[4], ll = 0, g = 1;
  int32_t stop = -1;
  int64_t iters = 0;
  size_t k = 0, distinct = 0;
  REQUIRE(segcore_clv_get_n_params(bg, &k) == SEGCORE_OK);
  CHECK(k == 4);
  REQUIRE(segcore_clv_get_params(bg, p, 4) == SEGCORE_OK);
  REQUIRE(segcore_clv_get_standard_errors(bg, se, 4) == SEGCORE_OK);
  REQUIRE(segcore_clv_get_diagnostics(bg, &stop, &iters, &g, &ll, &distinct) == SEGCORE_OK);
  CHECK(std::round(p[0] * 1000) == 243);
  CHECK(std::round(p[3] * 1000) == 2426);
  CHECK(std::round(ll * 10) == -95824);
  CHECK(stop == SEGCORE_CLV_STOP_CONVERGED);
  CHECK(iters > 0);
  CHECK(distinct < n);
  CHECK(se[1] > 0);
  CHECK(segcore_clv_get_params(bg, p, 3) == SEGCORE_ERANGE);
  size_t len = 0;
  char msg[16];
  REQUIRE(segcore_clv_get_fit_message(bg, msg, sizeof msg, &len) == SEGCORE_OK);
  CHECK(len > sizeof msg);
  CHECK(std::string(msg) == "converged: grad");

  std::vector<double> alive(n), ey(n), clv(n);
  REQUIRE(segcore_clv_probability_alive(bg, c.x.data(), c.tx.data(), c.T.data(), n, alive.data(), n) == SEGCORE_OK);
  REQUIRE(segcore_clv_conditional_expected_purchases(bg, 39, c.x.data(), c.tx.data(), c.T.data(), n, ey.data(), n) ==
          SEGCORE_OK);
  for (size_t i = 0; i < n; ++i) CHECK((alive[i] > 0 && alive[i] <= 1 && ey[i] >= 0));

  o.model = SEGCORE_CLV_GAMMA_GAMMA;
  segcore_clv_model* gg = nullptr;
  REQUIRE(segcore_clv_create(&gg, &o) == SEGCORE_OK);
  REQUIRE(segcore_clv_fit_spend(gg, c.x.data(), c.m.data(), nullptr, n) == SEGCORE_OK);
  CHECK(segcore_clv_fit(gg, c.x.data(), c.tx.data(), c.T.data(), nullptr, n) == SEGCORE_EUNSUPPORTED);
  CHECK(last().find("Gamma-Gamma") != std::string::npos);
  segcore_clv_value_options v;
  REQUIRE(segcore_clv_value_options_init(&v, sizeof v) == SEGCORE_OK);
  v.horizon = 39;
  v.steps = 3;
  v.discount_rate = 0.01;
  REQUIRE(segcore_clv_lifetime_value(bg, gg, c.x.data(), c.tx.data(), c.T.data(), c.m.data(), n, &v, clv.data(), n) ==
          SEGCORE_OK);
  CHECK(segcore_clv_lifetime_value(gg, bg, c.x.data(), c.tx.data(), c.T.data(), c.m.data(), n, &v, clv.data(), n) ==
        SEGCORE_EUNSUPPORTED);
  segcore_clv_destroy(gg);
  segcore_clv_destroy(bg);
}

TEST_CASE("CLV C ABI errors say what is wrong") {
  segcore_clv_model* m = nullptr;
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.model = 7;
  CHECK(segcore_clv_create(&m, &o) == SEGCORE_EINVAL);
  CHECK(m == nullptr);
  CHECK(last().find("model 7") != std::string::npos);
  o.model = SEGCORE_CLV_PARETO_NBD;
  o.max_iter = 1;
  REQUIRE(segcore_clv_create(&m, &o) == SEGCORE_OK);
  double x[3] = {1, 0, 2}, tx[3] = {5, 0, 9}, T[3] = {10, 4, 8}, out[3];
  CHECK(segcore_clv_fit(m, x, tx, T, nullptr, 3) == SEGCORE_EINVAL);
  CHECK(last().find("row 2: recency 9 exceeds T 8") != std::string::npos);
  CHECK(segcore_clv_probability_alive(m, x, tx, T, 3, out, 3) == SEGCORE_ENOTFITTED);
  CHECK(segcore_clv_fit(m, x, tx, nullptr, nullptr, 3) == SEGCORE_EINVAL);
  CHECK(last().find("T is NULL") != std::string::npos);
  CHECK(segcore_clv_fit(nullptr, x, tx, T, nullptr, 3) == SEGCORE_EINVAL);
  double bad[4] = {1, NAN, 1, 1};
  CHECK(segcore_clv_set_params(m, bad, 4) == SEGCORE_EINVAL);
  CHECK(last().find("alpha is nan") != std::string::npos);
  size_t dummy;
  CHECK(segcore_clv_summarize(nullptr, nullptr, nullptr, 0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 0,
                              &dummy) == SEGCORE_OK);
  CHECK(dummy == 0);
  segcore_clv_destroy(m);
}

TEST_CASE("CLV q_constraint: Gamma-Gamma only, 0 or 1, and a 0.1 caller gets it off") {
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.q_constraint == 0);
  CHECK(o.reserved1 == 0);
  segcore_clv_model* m = nullptr;
  o.q_constraint = 1;
  CHECK(segcore_clv_create(&m, &o) == SEGCORE_EINVAL);  // a BG/NBD model
  CHECK(m == nullptr);
  CHECK(last().find("q_constraint is set for model 0") != std::string::npos);
  o.model = SEGCORE_CLV_GAMMA_GAMMA;
  o.q_constraint = 2;
  CHECK(segcore_clv_create(&m, &o) == SEGCORE_EINVAL);
  CHECK(last().find("q_constraint is 2; it must be 0 or 1") != std::string::npos);
  o.q_constraint = 1;
  o.reserved1 = 1;
  CHECK(segcore_clv_create(&m, &o) == SEGCORE_EINVAL);
  CHECK(last().find("reserved1 is 1") != std::string::npos);
  o.reserved1 = 0;
  // Mean spends that want q < 1 (spend rates far apart): held at q just above 1, and flagged.
  std::vector<double> x, spend;
  for (int i = 0; i < 400; ++i) {
    x.push_back(1 + i % 3);
    spend.push_back(std::pow(10.0, (i * 37 % 400) / 400.0 * 6));
  }
  REQUIRE(segcore_clv_create(&m, &o) == SEGCORE_OK);
  REQUIRE(segcore_clv_fit_spend(m, x.data(), spend.data(), nullptr, x.size()) == SEGCORE_OK);
  double p[3];
  REQUIRE(segcore_clv_get_params(m, p, 3) == SEGCORE_OK);
  CHECK(p[1] > 1);
  int32_t quality = 0;
  CHECK(segcore_clv_get_fit_warning(m, &quality, nullptr, 0, nullptr) == SEGCORE_OK);
  CHECK(quality != 0);
  segcore_clv_destroy(m);
  segcore_clv_options free = o;
  free.q_constraint = 0;
  REQUIRE(segcore_clv_create(&m, &free) == SEGCORE_OK);
  REQUIRE(segcore_clv_fit_spend(m, x.data(), spend.data(), nullptr, x.size()) == SEGCORE_OK);
  REQUIRE(segcore_clv_get_params(m, p, 3) == SEGCORE_OK);
  CHECK(p[1] < 1);
  segcore_clv_destroy(m);
  // A caller built against the layout before q_constraint: off.
  segcore_clv_options old_layout;
  REQUIRE(segcore_clv_options_init(&old_layout, offsetof(segcore_clv_options, q_constraint)) == SEGCORE_OK);
  old_layout.model = SEGCORE_CLV_BGNBD;
  REQUIRE(segcore_clv_create(&m, &old_layout) == SEGCORE_OK);
  segcore_clv_destroy(m);
}

TEST_CASE("CLV option structs: size checks and a newer caller's zero tail") {
  segcore_clv_options o;
  CHECK(segcore_clv_options_init(&o, 4) == SEGCORE_EINVAL);
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.max_iter == 100);
  CHECK(o.gradient_tol == 1e-7);
  struct Bigger {
    segcore_clv_options base;
    double future;
  } big;
  REQUIRE(segcore_clv_options_init(&big.base, sizeof big) == SEGCORE_OK);
  CHECK(big.future == 0);
  segcore_clv_model* m = nullptr;
  CHECK(segcore_clv_create(&m, &big.base) == SEGCORE_OK);
  segcore_clv_destroy(m);
  big.future = 1;
  CHECK(segcore_clv_create(&m, &big.base) == SEGCORE_EUNSUPPORTED);
  CHECK(m == nullptr);
  o.l2_penalty = -1;
  CHECK(segcore_clv_create(&m, &o) == SEGCORE_EINVAL);
  CHECK(last().find("l2_penalty") != std::string::npos);
  segcore_clv_value_options v;
  REQUIRE(segcore_clv_value_options_init(&v, sizeof v) == SEGCORE_OK);
  CHECK(v.steps == 12);
  segcore_clv_summary_options s;
  REQUIRE(segcore_clv_summary_options_init(&s, sizeof s) == SEGCORE_OK);
  CHECK(s.calibration_end == INT64_MAX);
}

TEST_CASE("CLV C ABI: a degenerate fit succeeds and says so; the 0.1 option layouts still work") {
  // Customers who buy every 3 weeks right up to T and never leave.
  std::vector<double> x, tx, T;
  for (int i = 0; i < 300; ++i) {
    const double k = 3 + i % 11;
    x.push_back(k), tx.push_back(3 * k + (i % 5) * 0.1), T.push_back(3 * k + 1 + (i % 7) * 0.3);
  }
  segcore_clv_model* m = nullptr;
  REQUIRE(segcore_clv_create(&m, nullptr) == SEGCORE_OK);
  int32_t quality = -1;
  size_t length = 99;
  CHECK(segcore_clv_get_fit_warning(m, &quality, nullptr, 0, &length) == SEGCORE_OK);
  CHECK(quality == SEGCORE_CLV_FIT_SOUND);
  CHECK(length == 0);
  REQUIRE(segcore_clv_fit(m, x.data(), tx.data(), T.data(), nullptr, x.size()) == SEGCORE_OK);
  CHECK(segcore_clv_get_fit_warning(m, &quality, nullptr, 0, &length) == SEGCORE_OK);
  CHECK(quality == SEGCORE_CLV_FIT_DEGENERATE);
  std::string text(length + 1, '\0');
  CHECK(segcore_clv_get_fit_warning(m, nullptr, text.data(), text.size(), &length) == SEGCORE_OK);
  text.resize(length);
  INFO(text);
  CHECK(text.find("almost no customer dropping out") != std::string::npos);
  CHECK(segcore_clv_get_fit_warning(m, nullptr, nullptr, 4, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_clv_get_fit_warning(nullptr, &quality, nullptr, 0, nullptr) == SEGCORE_EINVAL);
  segcore_clv_destroy(m);
  // A caller built against 0.1 (no max_seconds, no period_anchor) gets the defaults.
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, offsetof(segcore_clv_options, max_seconds)) == SEGCORE_OK);
  REQUIRE(segcore_clv_create(&m, &o) == SEGCORE_OK);
  segcore_clv_destroy(m);
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.max_seconds == 0);
  o.max_seconds = -1;
  CHECK(segcore_clv_create(&m, &o) == SEGCORE_EINVAL);
  segcore_clv_summary_options s;
  REQUIRE(segcore_clv_summary_options_init(&s, sizeof s) == SEGCORE_OK);
  CHECK(s.period_anchor == 345600);
  // Weekly periods: a Sunday and the following Monday are two weeks under both layouts.
  const int64_t sunday = 1323043200 + 6 * 86400 + 23 * 3600, monday = sunday + 2 * 3600;
  std::vector<int64_t> id = {1, 1}, ts = {sunday, monday};
  double freq = -1;
  size_t n = 0;
  segcore_clv_summary_options old_layout;
  REQUIRE(segcore_clv_summary_options_init(&old_layout, offsetof(segcore_clv_summary_options, period_anchor)) ==
          SEGCORE_OK);
  old_layout.period_days = 7;
  REQUIRE(segcore_clv_summarize(id.data(), ts.data(), nullptr, 2, &old_layout, nullptr, &freq, nullptr, nullptr,
                                nullptr, 1, &n) == SEGCORE_OK);
  CHECK(freq == 1);
  // A negative amount is a cancellation now, not an error.
  std::vector<double> amount = {100, -100};
  s.period_days = 1;
  REQUIRE(segcore_clv_summarize(id.data(), ts.data(), amount.data(), 2, &s, nullptr, &freq, nullptr, nullptr, nullptr,
                                1, &n) == SEGCORE_OK);
  CHECK(n == 0);  // the only order is cancelled: no customer left
}
