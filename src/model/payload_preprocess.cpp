// Payloads of the scaler and PCA.
#include "model/payloads.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

void encode(const Scaler& m, ByteWriter& w) {
  const ScalerOptions& o = m.options();
  w.u8(static_cast<std::uint8_t>(o.kind));
  w.u8(o.log1p ? 1 : 0);
  w.i32(o.n_threads);
  w.f64(o.range_min);
  w.f64(o.range_max);
  w.f64s(m.center());
  w.f64s(m.scale());
  w.u8s(m.zero_variance());
}

StatusOr<Scaler> decode_scaler(ByteReader& r) {
  std::uint8_t kind, log1p;
  ScalerOptions o;
  std::vector<double> center, scale;
  std::vector<std::uint8_t> zero;
  SEGCORE_RETURN_IF_ERROR(r.u8("scaler kind", kind));
  SEGCORE_RETURN_IF_ERROR(r.u8("log1p", log1p));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_threads", o.n_threads));
  SEGCORE_RETURN_IF_ERROR(r.f64("range_min", o.range_min));
  SEGCORE_RETURN_IF_ERROR(r.f64("range_max", o.range_max));
  SEGCORE_RETURN_IF_ERROR(r.f64s("center", center));
  SEGCORE_RETURN_IF_ERROR(r.f64s("scale", scale));
  SEGCORE_RETURN_IF_ERROR(r.u8s("zero_variance", zero));
  SEGCORE_RETURN_IF_ERROR(r.finish("scaler"));
  if (log1p > 1) return r.invalid(invalid_argument("scaler", "log1p is ", int{log1p}, "; it must be 0 or 1"));
  o.kind = static_cast<ScalerKind>(kind);
  o.log1p = log1p == 1;
  auto s = Scaler::from_parameters(o, std::move(center), std::move(scale), std::move(zero));
  if (!s.ok()) return r.invalid(s.status());
  return s;
}

void encode(const PCA& m, ByteWriter& w) {
  const PCAOptions& o = m.options();
  w.i32(o.n_components);
  w.u8(o.whiten ? 1 : 0);
  w.i32(o.n_threads);
  w.f64s(m.mean());
  const auto c = m.components();
  w.f64s(std::span<const double>(c.data(), c.rows() * c.cols()));
  w.f64s(m.explained_variance());
  w.f64s(m.explained_variance_ratio());
  w.f64s(m.singular_values());
  w.f64(m.noise_variance());
}

StatusOr<PCA> decode_pca(ByteReader& r) {
  PCAOptions o;
  std::uint8_t whiten;
  PCA::Parameters p;
  SEGCORE_RETURN_IF_ERROR(r.i32("n_components", o.n_components));
  SEGCORE_RETURN_IF_ERROR(r.u8("whiten", whiten));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_threads", o.n_threads));
  SEGCORE_RETURN_IF_ERROR(r.f64s("mean", p.mean));
  SEGCORE_RETURN_IF_ERROR(r.f64s("components", p.components));
  SEGCORE_RETURN_IF_ERROR(r.f64s("explained_variance", p.explained_variance));
  SEGCORE_RETURN_IF_ERROR(r.f64s("explained_variance_ratio", p.explained_variance_ratio));
  SEGCORE_RETURN_IF_ERROR(r.f64s("singular_values", p.singular_values));
  SEGCORE_RETURN_IF_ERROR(r.f64("noise_variance", p.noise_variance));
  SEGCORE_RETURN_IF_ERROR(r.finish("PCA"));
  if (whiten > 1) return r.invalid(invalid_argument("PCA", "whiten is ", int{whiten}, "; it must be 0 or 1"));
  o.whiten = whiten == 1;
  auto pca = PCA::from_parameters(o, std::move(p));
  if (!pca.ok()) return r.invalid(pca.status());
  return pca;
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
