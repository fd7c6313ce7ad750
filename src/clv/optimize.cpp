// Damped Newton on log-parameters. Working on log r, log alpha, ... keeps every parameter
// positive without constraints and makes the Hessian far better conditioned than in the
// natural parameters (alpha is in time units, a and b are ratios).
#include "clv/optimize.hpp"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace segcore::clv {
namespace {

constexpr double kMaxStep = 3.0;      // per log-parameter and step
constexpr double kDivergedLog = 30.0; // exp(30) ~ 1e13: a parameter running off to 0 or infinity

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

NewtonResult newton_minimize(const Objective& objective, Eigen::VectorXd theta0, int max_iter,
                             double gradient_tol, std::span<const char* const> names) {
  NewtonResult r;
  const Eigen::Index n = theta0.size();
  r.theta = std::move(theta0);
  r.g.resize(n);
  r.H.resize(n, n);
  auto& d = r.diagnostics;
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
    const double gnorm = r.g.cwiseAbs().maxCoeff();
    if (gnorm <= gradient_tol)
      return finish(ClvFitStop::converged,
                    absl::StrCat("converged: gradient ", gnorm, " <= ", gradient_tol, " after ",
                                 d.iterations, " Newton steps"));
    for (Eigen::Index i = 0; i < n; ++i)
      if (std::abs(r.theta[i]) > kDivergedLog)
        return finish(ClvFitStop::diverged,
                      absl::StrCat("parameter ", names[i], " ran to ", std::exp(r.theta[i]),
                                   ": the data do not identify it (too few repeat buyers, or ",
                                   "no sign of the behaviour it models); an l2_penalty keeps it finite"));
    if (d.iterations >= max_iter)
      return finish(ClvFitStop::max_iterations,
                    absl::StrCat("not converged after ", max_iter, " Newton steps: gradient ",
                                 gnorm, " > ", gradient_tol));
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
    for (int halving = 0; halving < 40; ++halving, step *= 0.5) {
      Eigen::VectorXd trial = r.theta + step * dir;
      double f = 0;
      ++d.evaluations;
      if (objective(trial, &f, nullptr, nullptr) && f <= r.f + 1e-4 * step * slope) {
        Eigen::VectorXd g(n);
        Eigen::MatrixXd H(n, n);
        ++d.evaluations;
        if (!objective(trial, &f, &g, &H) || !g.allFinite() || !H.allFinite()) continue;
        r.theta = std::move(trial);
        r.f = f;
        r.g = std::move(g);
        r.H = std::move(H);
        moved = true;
        break;
      }
    }
    ++d.iterations;
    if (!moved)
      return finish(ClvFitStop::no_progress,
                    absl::StrCat("no step lowers the objective any more, but the gradient ", gnorm,
                                 " is above ", gradient_tol,
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

StatusOr<FitOutcome> fit_log_params(const char* where, const Objective& objective,
                                    Eigen::VectorXd theta0, const ClvFitOptions& options,
                                    double total_weight, std::span<const char* const> names,
                                    ClvFitDiagnostics* diagnostics_out) {
  NewtonResult nr = newton_minimize(objective, std::move(theta0), options.max_iter,
                                    options.gradient_tol, names);
  *diagnostics_out = nr.diagnostics;
  if (!nr.diagnostics.converged())
    return absl::FailedPreconditionError(absl::StrCat(where, ": ", nr.diagnostics.message));
  const Eigen::Index n = nr.theta.size();
  FitOutcome out;
  out.diagnostics = nr.diagnostics;
  Eigen::VectorXd p = nr.theta.array().exp();
  // Back to natural parameters: H_theta = D H_p D + diag(g_theta), D = diag(p).
  Eigen::MatrixXd Hp = nr.H;
  Hp.diagonal() -= nr.g;
  Hp = p.cwiseInverse().asDiagonal() * Hp * p.cwiseInverse().asDiagonal();
  Hp *= total_weight;
  out.params.assign(p.data(), p.data() + n);
  // A likelihood that is flat towards a boundary converges with extreme values: say so.
  for (Eigen::Index i = 0; i < n; ++i)
    if (std::abs(nr.theta[i]) > std::log(1e6))
      out.diagnostics.message += absl::StrCat("; note: ", names[i], " = ", p[i],
                                              " is near the boundary of the parameter space, so the data barely ",
                                              "identify it (see its standard error; an l2_penalty pulls it in)");
  out.standard_errors.assign(n, std::numeric_limits<double>::quiet_NaN());
  Eigen::LLT<Eigen::MatrixXd> llt(Hp);
  if (llt.info() == Eigen::Success) {
    Eigen::MatrixXd cov = llt.solve(Eigen::MatrixXd::Identity(n, n));
    for (Eigen::Index i = 0; i < n; ++i) out.standard_errors[i] = std::sqrt(cov(i, i));
  } else {
    out.diagnostics.message += "; the Hessian is not positive definite, so the standard errors are NaN";
  }
  *diagnostics_out = out.diagnostics;
  return out;
}

}  // namespace segcore::clv
