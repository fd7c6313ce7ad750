// Payloads of logistic regression and the CLV models.
#include "model/payloads.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

void encode(const LogisticRegression& m, ByteWriter& w) {
  const LogisticOptions& o = m.options();
  w.f64(o.C);
  w.u8(o.fit_intercept ? 1 : 0);
  w.i32(o.max_iter);
  w.f64(o.tol);
  w.i32(o.n_threads);
  w.f64s(m.coef());
  w.f64(m.intercept());
  w.i32(m.n_iter());
  w.u8(m.converged() ? 1 : 0);
}

StatusOr<LogisticRegression> decode_logistic(ByteReader& r) {
  LogisticOptions o;
  std::uint8_t intercept_flag, converged;
  std::vector<double> coef;
  double intercept;
  std::int32_t n_iter;
  SEGCORE_RETURN_IF_ERROR(r.f64("C", o.C));
  SEGCORE_RETURN_IF_ERROR(r.u8("fit_intercept", intercept_flag));
  SEGCORE_RETURN_IF_ERROR(r.i32("max_iter", o.max_iter));
  SEGCORE_RETURN_IF_ERROR(r.f64("tol", o.tol));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_threads", o.n_threads));
  SEGCORE_RETURN_IF_ERROR(r.f64s("coef", coef));
  SEGCORE_RETURN_IF_ERROR(r.f64("intercept", intercept));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_iter", n_iter));
  SEGCORE_RETURN_IF_ERROR(r.u8("converged", converged));
  SEGCORE_RETURN_IF_ERROR(r.finish("logistic regression"));
  if (intercept_flag > 1 || converged > 1)
    return r.invalid(invalid_argument("logistic regression", "fit_intercept (", int{intercept_flag},
                                      ") and converged (", int{converged}, ") must be 0 or 1"));
  o.fit_intercept = intercept_flag == 1;
  auto m = LogisticRegression::from_parameters(o, std::move(coef), intercept, n_iter, converged == 1);
  if (!m.ok()) return r.invalid(m.status());
  return m;
}

void encode(const ClvModel& m, ByteWriter& w) { w.f64s(m.params()); }

Status decode_clv(ByteReader& r, ClvModel& model) {
  std::vector<double> params;
  SEGCORE_RETURN_IF_ERROR(r.f64s("parameters", params));
  SEGCORE_RETURN_IF_ERROR(r.finish("CLV"));
  if (Status st = model.set_params(params); !st.ok()) return r.invalid(st);
  return absl::OkStatus();
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
