// C ABI of the CLV models (segcore_clv.h): one handle for BG/NBD, Pareto/NBD and Gamma-Gamma.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <type_traits>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/clv.hpp"
#include "segcore/clv_history_counts.hpp"
#include "segcore/clv_pmf.hpp"
#include "segcore_clv.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::require;

// The first layouts' sizes (0.1); later fields are read only when struct_size covers them.
constexpr std::size_t kMinSummaryOptions = offsetof(segcore_clv_summary_options, calibration_end) + sizeof(int64_t);
static_assert(sizeof(segcore_clv_summary_options) == offsetof(segcore_clv_summary_options, period_anchor) + sizeof(int64_t),
              "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinOptions = offsetof(segcore_clv_options, reserved0) + sizeof(int32_t);
static_assert(sizeof(segcore_clv_options) == offsetof(segcore_clv_options, reserved1) + sizeof(int32_t),
              "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinValueOptions = offsetof(segcore_clv_value_options, reserved0) + sizeof(int32_t);
static_assert(sizeof(segcore_clv_value_options) == kMinValueOptions, "no tail padding (capi_support.hpp)");

segcore_clv_summary_options default_summary_options() {
  segcore_clv_summary_options o{};
  o.struct_size = sizeof o;
  o.period_days = 1;
  o.time_unit_days = 1;
  o.calibration_end = std::numeric_limits<int64_t>::max();
  o.period_anchor = segcore::kClvMondayAnchor;
  return o;
}

segcore_clv_options default_options() {
  segcore_clv_options o{};
  o.struct_size = sizeof o;
  o.model = SEGCORE_CLV_BGNBD;
  o.max_iter = 100;
  o.l2_penalty = 0;
  o.gradient_tol = 1e-7;
  o.n_threads = 1;
  return o;
}

segcore_clv_value_options default_value_options() {
  segcore_clv_value_options o{};
  o.struct_size = sizeof o;
  o.horizon = 52;
  o.discount_rate = 0;
  o.steps = 12;
  return o;
}

segcore::ClvFitOptions fit_options(const segcore_clv_options& o) {
  return {.l2_penalty = o.l2_penalty,
          .max_iter = o.max_iter,
          .gradient_tol = o.gradient_tol,
          .n_threads = o.n_threads,
          .max_seconds = o.max_seconds,
          .q_constraint = o.q_constraint != 0};
}

// A caller's array of n doubles as a span; NULL is allowed only for n = 0 (or when optional).
absl::StatusOr<std::span<const double>> input(const double* p, std::size_t n, const char* fn, const char* name,
                                              bool optional = false) {
  if (p == nullptr) {
    if (n == 0 || optional) return std::span<const double>();
    return segcore::invalid_argument(fn, name, " is NULL");
  }
  return std::span<const double>(p, n);
}

absl::StatusOr<std::span<double>> output(double* p, std::size_t count, std::size_t n, const char* fn) {
  if (p == nullptr && n != 0) return segcore::invalid_argument(fn, "out is NULL");
  if (count < n)
    return absl::OutOfRangeError(absl::StrCat(fn, ": out holds ", count, " values; ", n, " are needed"));
  return std::span<double>(p, n);
}

absl::Status check_model(const segcore_clv_model* m, const char* fn) { return require(m, fn, "model"); }

// The model behind the handle as a purchase (BG/NBD, Pareto/NBD) or spend (Gamma-Gamma) model,
// const or not as the handle is; the wrong kind is SEGCORE_EUNSUPPORTED.
template <class Wanted, class Handle>
auto model_as(Handle* m, const char* fn, const char* wanted)
    -> absl::StatusOr<std::conditional_t<std::is_const_v<Handle>, const Wanted*, Wanted*>> {
  SEGCORE_RETURN_IF_ERROR(check_model(m, fn));
  auto* p = dynamic_cast<std::conditional_t<std::is_const_v<Handle>, const Wanted*, Wanted*>>(m->impl.get());
  if (p == nullptr) return absl::UnimplementedError(absl::StrCat(fn, ": the model is not ", wanted));
  return p;
}

template <class Handle>
auto purchase_model(Handle* m, const char* fn) {
  return model_as<segcore::PurchaseModel>(m, fn, "a purchase model (it is Gamma-Gamma)");
}

template <class Handle>
auto spend_model(Handle* m, const char* fn) {
  return model_as<segcore::GammaGammaModel>(m, fn, "Gamma-Gamma (it is a purchase model)");
}

absl::StatusOr<segcore::ClvHistories> histories(const double* x, const double* tx, const double* T, const double* w,
                                                std::size_t n, const char* fn) {
  SEGCORE_ASSIGN_OR_RETURN(auto xs, input(x, n, fn, "frequency"));
  SEGCORE_ASSIGN_OR_RETURN(auto txs, input(tx, n, fn, "recency"));
  SEGCORE_ASSIGN_OR_RETURN(auto Ts, input(T, n, fn, "T"));
  SEGCORE_ASSIGN_OR_RETURN(auto ws, input(w, n, fn, "weight", true));
  return segcore::ClvHistories{.frequency = xs, .recency = txs, .T = Ts, .weight = ws};
}

}  // namespace

extern "C" {

int segcore_clv_summary_options_init(segcore_clv_summary_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const auto defaults = default_summary_options();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinSummaryOptions, fn);
  );
}

int segcore_clv_summarize(const int64_t* customer_id, const int64_t* timestamp, const double* amount, size_t n,
                          const segcore_clv_summary_options* opts, int64_t* out_id, double* frequency, double* recency,
                          double* T, double* monetary, size_t capacity, size_t* n_customers) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(n_customers);
    if (n != 0) {
      SEGCORE_REQUIRE(customer_id, timestamp);
    }
    auto o = default_summary_options();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinSummaryOptions, fn));
    SEGCORE_ASSIGN_OR_RETURN(
        segcore::ClvSummary s,
        segcore::summarize_transactions(
            std::span<const std::int64_t>(customer_id, n), std::span<const std::int64_t>(timestamp, n),
            amount ? std::span<const double>(amount, n) : std::span<const double>(),
            {.period_days = o.period_days,
             .time_unit_days = o.time_unit_days,
             .calibration_end = o.calibration_end,
             .period_anchor = o.period_anchor}));
    *n_customers = s.size();
    if (s.size() > capacity)
      return absl::OutOfRangeError(absl::StrCat(fn, ": ", s.size(), " customers; the buffers hold ", capacity));
    auto put = [&](const auto& v, auto* dst) { if (dst) std::copy(v.begin(), v.end(), dst); };
    put(s.customer_id, out_id);
    put(s.frequency, frequency);
    put(s.recency, recency);
    put(s.T, T);
    put(s.monetary, monetary);
  );
}

int segcore_clv_options_init(segcore_clv_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const auto defaults = default_options();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinOptions, fn);
  );
}

int segcore_clv_create(segcore_clv_model** out, const segcore_clv_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    auto o = default_options();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinOptions, fn));
    SEGCORE_RETURN_IF_ERROR(segcore::validate(fit_options(o)));
    if (o.reserved0 != 0) return segcore::invalid_argument(fn, "reserved0 is ", o.reserved0, "; it must be 0");
    if (o.reserved1 != 0) return segcore::invalid_argument(fn, "reserved1 is ", o.reserved1, "; it must be 0");
    if (o.q_constraint != 0 && o.q_constraint != 1)
      return segcore::invalid_argument(fn, "q_constraint is ", o.q_constraint, "; it must be 0 or 1");
    if (o.q_constraint != 0 && o.model != SEGCORE_CLV_GAMMA_GAMMA)
      return segcore::invalid_argument(fn, "q_constraint is set for model ", o.model,
                                       "; it applies to SEGCORE_CLV_GAMMA_GAMMA (2) only");
    std::unique_ptr<segcore::ClvModel> model;
    switch (o.model) {
      case SEGCORE_CLV_BGNBD: model = std::make_unique<segcore::BetaGeoModel>(); break;
      case SEGCORE_CLV_PARETO_NBD: model = std::make_unique<segcore::ParetoNbdModel>(); break;
      case SEGCORE_CLV_GAMMA_GAMMA: model = std::make_unique<segcore::GammaGammaModel>(); break;
      case SEGCORE_CLV_MBGNBD: model = std::make_unique<segcore::ModifiedBetaGeoModel>(); break;
      case SEGCORE_CLV_BGBB: model = std::make_unique<segcore::BetaGeoBetaBinomModel>(); break;
      default:
        return segcore::invalid_argument(fn, "model ", o.model,
                                         " is not SEGCORE_CLV_BGNBD (0), PARETO_NBD (1), GAMMA_GAMMA (2), MBGNBD (3)"
                                         " or BGBB (4)");
    }
    *out = new segcore_clv_model{o, std::move(model)};
  );
}

void segcore_clv_destroy(segcore_clv_model* model) { delete model; }

int segcore_clv_fit(segcore_clv_model* model, const double* frequency, const double* recency, const double* T,
                    const double* weight, size_t n) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(segcore::PurchaseModel * pm, purchase_model(model, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto h, histories(frequency, recency, T, weight, n, fn));
    return pm->fit(h, fit_options(model->options));
  );
}

int segcore_clv_fit_spend(segcore_clv_model* model, const double* frequency, const double* monetary,
                          const double* weight, size_t n) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(segcore::GammaGammaModel * gm, spend_model(model, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto xs, input(frequency, n, fn, "frequency"));
    SEGCORE_ASSIGN_OR_RETURN(auto ms, input(monetary, n, fn, "monetary"));
    SEGCORE_ASSIGN_OR_RETURN(auto ws, input(weight, n, fn, "weight", true));
    return gm->fit(xs, ms, ws, fit_options(model->options));
  );
}

int segcore_clv_fit_history_counts(segcore_clv_model* model, const segcore_clv_history_counts* counts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(counts);
    if (counts->impl.kind() == segcore::ClvHistoryKind::spend) {
      SEGCORE_ASSIGN_OR_RETURN(segcore::GammaGammaModel * gm, spend_model(model, fn));
      return segcore::fit_history_counts(*gm, counts->impl, fit_options(model->options));
    }
    SEGCORE_ASSIGN_OR_RETURN(segcore::PurchaseModel * pm, purchase_model(model, fn));
    return segcore::fit_history_counts(*pm, counts->impl, fit_options(model->options));
  );
}

int segcore_clv_get_n_params(const segcore_clv_model* model, size_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(check_model(model, fn));
    SEGCORE_REQUIRE(out);
    *out = model->impl->param_names().size();
  );
}

int segcore_clv_set_params(segcore_clv_model* model, const double* params, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(check_model(model, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto p, input(params, count, fn, "params"));
    return model->impl->set_params(p);
  );
}

static int copy_params(const segcore_clv_model* model, double* out, size_t count, bool errors, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_RETURN_IF_ERROR(check_model(model, fn));
    const segcore::ClvModel& m = *model->impl;
    if (!m.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": the model is not fitted"));
    const std::size_t k = m.param_names().size();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, k, fn));
    for (std::size_t i = 0; i < k; ++i)
      dst[i] = !errors ? m.params()[i]
               : m.standard_errors().empty() ? std::numeric_limits<double>::quiet_NaN()
                                             : m.standard_errors()[i];
  );
}

int segcore_clv_get_params(const segcore_clv_model* model, double* out, size_t count) {
  return copy_params(model, out, count, false, __func__);
}

int segcore_clv_get_standard_errors(const segcore_clv_model* model, double* out, size_t count) {
  return copy_params(model, out, count, true, __func__);
}

int segcore_clv_get_covariance(const segcore_clv_model* model, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(check_model(model, fn));
    const segcore::ClvModel& m = *model->impl;
    if (!m.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": the model is not fitted"));
    const std::size_t k = m.param_names().size();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, k * k, fn));
    const auto cov = m.covariance();
    for (std::size_t i = 0; i < k * k; ++i) dst[i] = cov.empty() ? std::numeric_limits<double>::quiet_NaN() : cov[i];
  );
}

int segcore_clv_get_diagnostics(const segcore_clv_model* model, int32_t* stop, int64_t* iterations,
                                double* gradient_norm, double* log_likelihood, size_t* n_distinct_rows) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(check_model(model, fn));
    const auto& m = *model->impl;
    const auto& d = m.diagnostics();
    if (stop) *stop = static_cast<int32_t>(d.stop);
    if (iterations) *iterations = d.iterations;
    if (gradient_norm) *gradient_norm = d.gradient_norm;
    if (log_likelihood) *log_likelihood = m.log_likelihood();
    if (n_distinct_rows) *n_distinct_rows = m.n_distinct_rows();
  );
}

int segcore_clv_get_fit_message(const segcore_clv_model* model, char* buf, size_t size, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(check_model(model, fn));
    if (buf == nullptr && size != 0) return segcore::invalid_argument(fn, "buf is NULL but size is ", size);
    const std::string& m = model->impl->diagnostics().message;
    if (length) *length = m.size();
    if (size != 0) {
      const std::size_t k = std::min(size - 1, m.size());
      std::memcpy(buf, m.data(), k);
      buf[k] = '\0';
    }
  );
}

int segcore_clv_get_fit_warning(const segcore_clv_model* model, int32_t* quality, char* buf, size_t size,
                                size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(check_model(model, fn));
    const auto& d = model->impl->diagnostics();
    if (quality) *quality = d.degenerate ? SEGCORE_CLV_FIT_DEGENERATE : SEGCORE_CLV_FIT_SOUND;
    return segcore::capi_detail::write_string(d.warning, buf, size, length, fn);
  );
}

int segcore_clv_expected_purchases(const segcore_clv_model* model, const double* t, size_t n, double* out,
                                   size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::PurchaseModel* pm, purchase_model(model, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto ts, input(t, n, fn, "t"));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, n, fn));
    return pm->expected_purchases(ts, dst);
  );
}

int segcore_clv_conditional_expected_purchases(const segcore_clv_model* model, double t, const double* frequency,
                                               const double* recency, const double* T, size_t n, double* out,
                                               size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::PurchaseModel* pm, purchase_model(model, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto h, histories(frequency, recency, T, nullptr, n, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, n, fn));
    return pm->conditional_expected_purchases(t, h, dst, model->options.n_threads);
  );
}

int segcore_clv_probability_alive(const segcore_clv_model* model, const double* frequency, const double* recency,
                                  const double* T, size_t n, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::PurchaseModel* pm, purchase_model(model, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto h, histories(frequency, recency, T, nullptr, n, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, n, fn));
    return pm->probability_alive(h, dst, model->options.n_threads);
  );
}

int segcore_clv_probability_alive_after(const segcore_clv_model* model, double m, const double* frequency,
                                        const double* recency, const double* n_periods, size_t n, double* out,
                                        size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::BetaGeoBetaBinomModel* bb,
                             model_as<segcore::BetaGeoBetaBinomModel>(model, fn, "BG/BB"));
    SEGCORE_ASSIGN_OR_RETURN(auto h, histories(frequency, recency, n_periods, nullptr, n, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, n, fn));
    return bb->probability_alive_after(m, h, dst, model->options.n_threads);
  );
}

int segcore_clv_conditional_probability_of_n_purchases(const segcore_clv_model* model, double t, const double* n,
                                                       const double* frequency, const double* recency, const double* T,
                                                       size_t count_n, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::ParetoNbdModel* pn,
                             model_as<segcore::ParetoNbdModel>(model, fn, "Pareto/NBD"));
    SEGCORE_ASSIGN_OR_RETURN(auto ns, input(n, count_n, fn, "n"));
    SEGCORE_ASSIGN_OR_RETURN(auto h, histories(frequency, recency, T, nullptr, count_n, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, count_n, fn));
    return segcore::conditional_probability_of_n_purchases(*pn, t, ns, h, dst, model->options.n_threads);
  );
}

int segcore_clv_conditional_expected_spend(const segcore_clv_model* model, const double* frequency,
                                           const double* monetary, size_t n, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::GammaGammaModel* gm, spend_model(model, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto xs, input(frequency, n, fn, "frequency"));
    SEGCORE_ASSIGN_OR_RETURN(auto ms, input(monetary, n, fn, "monetary"));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, n, fn));
    return gm->conditional_expected_spend(xs, ms, dst);
  );
}

int segcore_clv_value_options_init(segcore_clv_value_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const auto defaults = default_value_options();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinValueOptions, fn);
  );
}

int segcore_clv_lifetime_value(const segcore_clv_model* purchases, const segcore_clv_model* spend,
                               const double* frequency, const double* recency, const double* T, const double* monetary,
                               size_t n, const segcore_clv_value_options* opts, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::PurchaseModel* pm, purchase_model(purchases, fn));
    SEGCORE_ASSIGN_OR_RETURN(const segcore::GammaGammaModel* gm, spend_model(spend, fn));
    auto o = default_value_options();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinValueOptions, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto h, histories(frequency, recency, T, nullptr, n, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto ms, input(monetary, n, fn, "monetary"));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output(out, count, n, fn));
    return segcore::customer_lifetime_value(
        *pm, *gm, h, ms,
        {.horizon = o.horizon, .steps = o.steps, .discount_rate = o.discount_rate, .n_threads = purchases->options.n_threads},
        dst);
  );
}

}  // extern "C"
