// Damped Newton on log-parameters. Working on log r, log alpha, ... keeps every parameter
// positive without constraints and makes the Hessian far better conditioned than in the
// natural parameters (alpha is in time units, a and b are ratios).
#include "clv/optimize.hpp"

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

constexpr double kMaxStep = 3.0;  // per log-parameter and step
constexpr int kMaxHalvings = 40;  // line-search halvings per step
// A standard error of log(parameter) above this (the 95 % interval spans a factor of e^40)
// means the likelihood is flat in that parameter.
constexpr double kFlatLogSe = 10.0;

// The Newton direction -(H + mu I)^-1 g, with mu raised until the matrix is positive definite.
Eigen::VectorXd newton_direction(const Eigen::MatrixXd& H, const Eigen::VectorXd& g) {
  const Eigen::Index n = g.size();
  double mu = 0;
  const double scale = std::max(1e-12, H.diagonal().cwiseAbs().maxCoeff());
  for (int attempt = 0; attempt < 60; ++attempt) {
    Eigen::LLT<Eigen::MatrixXd> llt(H + mu * Eigen::MatrixXd::Identity(n, n));
    if (llt.info() == Eigen::Success) {
      Eigen::VectorXd d = llt.solve(-g);
      if (d.allFinite()) return d;
    }
    mu = mu == 0 ? 1e-8 * scale : mu * 10;
  }
  return -g;
}

}  // namespace

NewtonResult newton_minimize(const char* where, const Objective& objective, Eigen::VectorXd theta0,
                             const ClvFitOptions& options, const ParamSpace& space) {
  const auto started = std::chrono::steady_clock::now();
  NewtonResult r;
  const Eigen::Index n = theta0.size();
  r.theta = std::move(theta0);
  r.g.resize(n);
  r.H.resize(n, n);
  auto& d = r.diagnostics;
  // The share of customers the model lets leave, and for how many steps in a row it fell.
  double previous_lost = std::numeric_limits<double>::infinity();
  int falling_steps = 0;
  auto finish = [&](ClvFitStop stop, std::string message) {
    d.stop = stop;
    d.objective = r.f;
    d.gradient_norm = r.g.size() ? r.g.cwiseAbs().maxCoeff() : 0;
    d.message = std::move(message);
    return r;
  };
  ++d.evaluations;
  if (!objective(r.theta, &r.f, &r.g, &r.H) || !r.g.allFinite() || !r.H.allFinite()) {
    r.g.setZero();
    return finish(ClvFitStop::not_finite, "the log-likelihood is not finite at the starting point");
  }
  for (;;) {
    // A fit takes far fewer steps than max_iter when it converges: the fraction is a bound.
    detail::progress(static_cast<double>(d.iterations) / std::max(options.max_iter, 1), where);
    const double gnorm = r.g.cwiseAbs().maxCoeff();
    if (gnorm <= options.gradient_tol)
      return finish(ClvFitStop::converged, absl::StrCat("converged: gradient ", gnorm, " <= ", options.gradient_tol,
                                                        " after ", d.iterations, " Newton steps"));
    for (Eigen::Index i = 0; i < n; ++i)
      if (std::abs(r.theta[i] - space.log_scale[i]) > kRunawayLog)
        return finish(ClvFitStop::diverged,
                      absl::StrCat("stopped after ", d.iterations, " Newton steps: parameter ", space.names[i],
                                   " ran to ", std::exp(r.theta[i]),
                                   " and the likelihood still rises that way: the data do not identify it"));
    if (d.iterations >= options.max_iter)
      return finish(ClvFitStop::max_iterations,
                    absl::StrCat("not converged after ", options.max_iter, " Newton steps: gradient ", gnorm, " > ",
                                 options.gradient_tol));
    if (options.max_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() > options.max_seconds)
      return finish(ClvFitStop::time_limit,
                    absl::StrCat("stopped by max_seconds = ", options.max_seconds, " after ", d.iterations,
                                 " Newton steps: gradient ", gnorm, " > ", options.gradient_tol));
    Eigen::VectorXd dir = newton_direction(r.H, r.g);
    const double longest = dir.cwiseAbs().maxCoeff();
    if (longest > kMaxStep) dir *= kMaxStep / longest;
    double slope = r.g.dot(dir);
    if (!(slope < 0)) {  // not a descent direction (numerical noise): fall back to the gradient
      dir = -r.g;
      if (dir.cwiseAbs().maxCoeff() > kMaxStep) dir *= kMaxStep / dir.cwiseAbs().maxCoeff();
      slope = r.g.dot(dir);
    }
    bool moved = false;
    double step = 1;
    for (int halving = 0; halving < kMaxHalvings; ++halving, step *= 0.5) {
      Eigen::VectorXd trial = r.theta + step * dir;
      double f = 0;
      Eigen::VectorXd g(n);
      Eigen::MatrixXd H(n, n);
      // The full step is taken far more often than not: its value comes with the derivatives
      // the next step needs, one evaluation instead of two. A shorter step is judged on the
      // value alone first. Both give the same value, so the steps taken are the same.
      const bool with_derivatives = halving == 0;
      ++d.evaluations;
      const bool ok = with_derivatives ? objective(trial, &f, &g, &H) : objective(trial, &f, nullptr, nullptr);
      if (ok && f <= r.f + 1e-4 * step * slope) {
        if (!with_derivatives) {
          ++d.evaluations;
          if (!objective(trial, &f, &g, &H)) continue;
        }
        if (!g.allFinite() || !H.allFinite()) continue;
        r.theta = std::move(trial);
        r.f = f;
        r.g = std::move(g);
        r.H = std::move(H);
        moved = true;
        break;
      }
    }
    ++d.iterations;
    if (moved && space.share_lost) {
      const Eigen::VectorXd p = r.theta.array().exp();
      const double lost = space.share_lost(std::span<const double>(p.data(), static_cast<std::size_t>(n)));
      falling_steps = lost < previous_lost ? falling_steps + 1 : 0;
      previous_lost = lost;
      if (lost < kVanishingShare && falling_steps >= kVanishingSteps) {
        r.dropout_vanishing = true;
        return finish(ClvFitStop::diverged,
                      absl::StrCat("stopped after ", d.iterations, " Newton steps: the fit lets only ",
                                   absl::SixDigits(100 * lost), " % of customers drop out over the longest history, ",
                                   "less at every step, heading towards none"));
      }
    }
    if (!moved)
      return finish(ClvFitStop::no_progress,
                    absl::StrCat("no step lowers the objective any more, but the gradient ", gnorm, " is above ",
                                 options.gradient_tol,
                                 " (a flat or badly scaled likelihood; raise gradient_tol or add an l2_penalty)"));
  }
}

Objective numeric_derivatives(std::function<bool(const Eigen::VectorXd&, double*)> value) {
  return [value = std::move(value)](const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g,
                                    Eigen::MatrixXd* H) -> bool {
    if (!value(theta, f) || !std::isfinite(*f)) return false;
    if (g == nullptr && H == nullptr) return true;
    const Eigen::Index n = theta.size();
    auto at = [&](const Eigen::VectorXd& t, double* out) { return value(t, out) && std::isfinite(*out); };
    constexpr double hg = 1e-5, hh = 1e-4;
    Eigen::VectorXd t = theta;
    for (Eigen::Index i = 0; i < n; ++i) {
      double fp, fm;
      t[i] = theta[i] + hg;
      if (!at(t, &fp)) return false;
      t[i] = theta[i] - hg;
      if (!at(t, &fm)) return false;
      t[i] = theta[i];
      (*g)[i] = (fp - fm) / (2 * hg);
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      double fp, fm;
      t[i] = theta[i] + hh;
      if (!at(t, &fp)) return false;
      t[i] = theta[i] - hh;
      if (!at(t, &fm)) return false;
      t[i] = theta[i];
      (*H)(i, i) = (fp - 2 * *f + fm) / (hh * hh);
      for (Eigen::Index j = 0; j < i; ++j) {
        double fpp, fpm, fmp, fmm;
        t[i] = theta[i] + hh, t[j] = theta[j] + hh;
        if (!at(t, &fpp)) return false;
        t[j] = theta[j] - hh;
        if (!at(t, &fpm)) return false;
        t[i] = theta[i] - hh;
        if (!at(t, &fmm)) return false;
        t[j] = theta[j] + hh;
        if (!at(t, &fmp)) return false;
        t[i] = theta[i], t[j] = theta[j];
        (*H)(i, j) = (*H)(j, i) = (fpp - fpm - fmp + fmm) / (4 * hh * hh);
      }
    }
    return true;
  };
}

namespace {

// The parameters whose likelihood is flat (standard error of the log NaN or above kFlatLogSe),
// among those not already reported at the boundary, in words; empty when there are none.
std::string flat_parameters(const FitOutcome& out, const ParamSpace& space, const std::vector<bool>& off) {
  const bool any_off = std::find(off.begin(), off.end(), true) != off.end();
  std::string names;
  bool nan = false;
  for (std::size_t i = 0; i < out.params.size(); ++i) {
    if (off[i]) continue;
    const double rel = out.standard_errors[i] / out.params[i];
    // With parameters at the edge, a Hessian that is not positive definite is theirs.
    if (std::isnan(rel) && any_off) continue;
    if (std::isnan(rel) || rel > kFlatLogSe) {
      absl::StrAppend(&names, names.empty() ? "" : ", ", space.names[i]);
      nan |= std::isnan(rel);
    }
  }
  if (names.empty()) return "";
  return absl::StrCat(
      "the likelihood is flat around the fit, so the data do not pin down ", names,
      nan ? " (the standard errors cannot be computed)" : " (standard errors more than 10 times the values)",
      "; predictions built on them are unreliable");
}

}  // namespace

Eigen::VectorXd penalty_weights(const Eigen::VectorXd& log_scale) { return (-2 * log_scale.array()).exp(); }

std::string named_values(std::span<const char* const> names, std::span<const double> params,
                         std::initializer_list<int> which) {
  std::string s;
  for (int i : which) absl::StrAppend(&s, s.empty() ? "" : ", ", names[i], " = ", absl::SixDigits(params[i]));
  return s;
}

std::string explain_purchase_fit(std::span<const char* const> names, std::span<const double> params,
                                 const std::vector<bool>& off, double lost, absl::string_view dropout_spread) {
  std::string s;
  if (off[2] || off[3]) {
    if (lost < kVanishingShare)
      s = absl::StrCat("the data show almost no customer dropping out, so the model cannot estimate churn; ",
                       "P(alive) is not meaningful (", named_values(names, params, {2, 3}), ": ",
                       absl::SixDigits(100 * lost), " % of customers would leave over the whole history)");
    else
      s = absl::StrCat("the model cannot estimate ", dropout_spread, " (", named_values(names, params, {2, 3}),
                       " ran off together); P(alive) is not meaningful");
  }
  if (off[0] || off[1])
    absl::StrAppend(
        &s, s.empty() ? "" : "; also, ", "the model cannot estimate how purchase rates differ between customers (",
        named_values(names, params, {0, 1}), " ran off together), so it gives every customer the same rate");
  return s;
}

double max_age(const ClvHistories& h) {
  double m = 0;
  for (double T : h.T) m = std::max(m, T);
  return std::max(m, 1e-300);
}

namespace {

// The end of fit_log_params once Newton has stopped.
StatusOr<FitOutcome> finish_fit(const char* where, NewtonResult nr, double total_weight, const ParamSpace& space,
                                ClvFitDiagnostics* diagnostics_out) {
  *diagnostics_out = nr.diagnostics;
  const Eigen::Index n = nr.theta.size();
  std::vector<bool> off(static_cast<std::size_t>(n));
  bool any_off = false;
  for (Eigen::Index i = 0; i < n; ++i) {
    off[static_cast<std::size_t>(i)] = std::abs(nr.theta[i] - space.log_scale[i]) > kBoundaryLog;
    any_off |= off[static_cast<std::size_t>(i)];
  }
  // Beyond their natural range, or (purchase models) heading to a model without dropout.
  const std::vector<bool> beyond = off;
  if (space.share_lost) {
    const Eigen::VectorXd p = nr.theta.array().exp();
    if (nr.dropout_vanishing ||
        space.share_lost(std::span<const double>(p.data(), static_cast<std::size_t>(n))) < kNoDropoutShare)
      for (int i : space.dropout_params) off[static_cast<std::size_t>(i)] = any_off = true;
  }
  // A fit on its way to the boundary has found where the data point (the limit of the
  // model); any other unfinished fit has found nothing.
  const ClvFitStop stop = nr.diagnostics.stop;
  const bool towards_boundary = any_off && (stop == ClvFitStop::diverged || stop == ClvFitStop::max_iterations ||
                                            stop == ClvFitStop::no_progress);
  if (!nr.diagnostics.converged() && !towards_boundary)
    return absl::FailedPreconditionError(absl::StrCat(where, ": ", nr.diagnostics.message));
  FitOutcome out;
  out.diagnostics = nr.diagnostics;
  Eigen::VectorXd p = nr.theta.array().exp();
  // Back to natural parameters: H_theta = D H_p D + diag(g_theta), D = diag(p).
  Eigen::MatrixXd Hp = nr.H;
  Hp.diagonal() -= nr.g;
  Hp = p.cwiseInverse().asDiagonal() * Hp * p.cwiseInverse().asDiagonal();
  Hp *= total_weight;
  out.params.assign(p.data(), p.data() + n);
  for (Eigen::Index i = 0; i < n; ++i)
    if (beyond[static_cast<std::size_t>(i)])
      out.diagnostics.message += absl::StrCat("; note: ", space.names[i], " = ", p[i],
                                              " is near the boundary of the parameter space, so the data barely ",
                                              "identify it (see its standard error; an l2_penalty pulls it in)");
  out.standard_errors.assign(n, std::numeric_limits<double>::quiet_NaN());
  out.covariance.assign(n * n, std::numeric_limits<double>::quiet_NaN());
  Eigen::LLT<Eigen::MatrixXd> llt(Hp);
  if (llt.info() == Eigen::Success) {
    Eigen::MatrixXd cov = llt.solve(Eigen::MatrixXd::Identity(n, n));
    for (Eigen::Index i = 0; i < n; ++i) out.standard_errors[i] = std::sqrt(cov(i, i));
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = 0; j < n; ++j) out.covariance[i * n + j] = 0.5 * (cov(i, j) + cov(j, i));
  } else {
    out.diagnostics.message += "; the Hessian is not positive definite, so the standard errors are NaN";
  }
  std::string warning = any_off ? space.explain(out.params, off) : "";
  const std::string flat = flat_parameters(out, space, off);
  if (!flat.empty()) absl::StrAppend(&warning, warning.empty() ? "" : "; also, ", flat);
  if (!warning.empty()) {
    warning[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(warning[0])));
    out.diagnostics.degenerate = true;
    out.diagnostics.warning = warning + ".";
    out.diagnostics.message += "; degenerate fit: " + out.diagnostics.warning;
  }
  *diagnostics_out = out.diagnostics;
  return out;
}

}  // namespace

StatusOr<FitOutcome> fit_log_params(const char* where, const Objective& objective, Eigen::VectorXd theta0,
                                    const ClvFitOptions& options, double total_weight, const ParamSpace& space,
                                    ClvFitDiagnostics* diagnostics_out) {
  return detail::cancellable(where, [&] {
    return finish_fit(where, newton_minimize(where, objective, std::move(theta0), options, space), total_weight, space,
                      diagnostics_out);
  });
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
