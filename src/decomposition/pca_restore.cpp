// PCA::from_parameters: a fitted PCA rebuilt from saved parameters.
#include <cmath>
#include <span>

#include "segcore/pca.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

Status check_values(std::span<const double> v, const char* name, bool non_negative) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]) || (non_negative && v[i] < 0))
      return invalid_argument("PCA::from_parameters", name, "[", i, "] is ", v[i],
                              non_negative ? "; it must be finite and >= 0" : "; it must be finite");
  return absl::OkStatus();
}

}  // namespace

StatusOr<PCA> PCA::from_parameters(PCAOptions options, Parameters p) {
  constexpr absl::string_view where = "PCA::from_parameters";
  SEGCORE_RETURN_IF_ERROR(validate(options));
  const std::size_t d = p.mean.size(), k = p.explained_variance.size();
  if (d == 0 || k == 0 || k > d)
    return invalid_argument(where, k, " components of ", d, " features; 1 <= components <= features is needed");
  if (p.explained_variance_ratio.size() != k || p.singular_values.size() != k)
    return invalid_argument(where, k, " explained variances, ", p.explained_variance_ratio.size(), " ratios and ",
                            p.singular_values.size(), " singular values; they must be equal");
  if (p.components.size() / d != k || p.components.size() % d != 0)
    return invalid_argument(where, p.components.size(), " component coefficients; ", k, " x ", d, " are needed");
  if (options.n_components != 0 && static_cast<std::size_t>(options.n_components) != k)
    return invalid_argument(where, "n_components is ", options.n_components, " but ", k, " components are given");
  SEGCORE_RETURN_IF_ERROR(check_values(p.mean, "mean", false));
  SEGCORE_RETURN_IF_ERROR(check_values(p.components, "components", false));
  SEGCORE_RETURN_IF_ERROR(check_values(p.explained_variance, "explained_variance", true));
  SEGCORE_RETURN_IF_ERROR(check_values(p.explained_variance_ratio, "explained_variance_ratio", true));
  SEGCORE_RETURN_IF_ERROR(check_values(p.singular_values, "singular_values", true));
  SEGCORE_RETURN_IF_ERROR(check_values(std::span<const double>(&p.noise_variance, 1), "noise_variance", true));
  PCA pca(options);
  pca.mean_ = std::move(p.mean);
  pca.components_ = std::move(p.components);
  pca.explained_variance_ = std::move(p.explained_variance);
  pca.explained_variance_ratio_ = std::move(p.explained_variance_ratio);
  pca.singular_values_ = std::move(p.singular_values);
  pca.noise_variance_ = p.noise_variance;
  return pca;
}

SEGCORE_NAMESPACE_END
