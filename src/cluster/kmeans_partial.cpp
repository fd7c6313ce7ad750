// KMeansPartial: one Lloyd iteration's sufficient statistics over a block of rows, with the
// single-process fit's kernels, origin and center update (kmeans_engine.hpp).
#include "segcore/kmeans_partial.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <iterator>
#include <limits>
#include <type_traits>

#include "cluster/kmeans_engine.hpp"
#include "segcore/describe.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr absl::string_view kAccumulate = "KMeansPartial::accumulate";
constexpr std::size_t kSlice = 8192;  // rows per slice of a block (see accumulate_impl)

// Farthest first; equal distances by lower row index (KMeans's order of relocation).
bool farther(const KMeansFarRow& a, const KMeansFarRow& b) {
  return a.sqdist > b.sqdist || (a.sqdist == b.sqdist && a.row < b.row);
}

template <class T>
Status check_block(ConstMatrixView<T> x, std::span<const double> w, std::span<std::int32_t> labels, std::size_t d) {
  if (x.cols() != d) return invalid_argument(kAccumulate, "x has ", x.cols(), " columns; the state has ", d);
  if (!w.empty() && w.size() != x.rows())
    return invalid_argument(kAccumulate, "sample_weight has ", w.size(), " values for ", x.rows(), " rows");
  for (std::size_t i = 0; i < w.size(); ++i)
    if (!std::isfinite(w[i]) || w[i] < 0)
      return invalid_argument(kAccumulate, "sample_weight[", i, "] is ", w[i], "; weights must be finite and >= 0");
  if (!labels.empty() && labels.size() != x.rows())
    return invalid_argument(kAccumulate, "labels holds ", labels.size(), " values for ", x.rows(), " rows");
  return absl::OkStatus();
}

// A NaN or infinity in the block, named (rows counted within the block, whose place in the data
// is named). Called only when the pass met a distance that is not finite: no pass of its own
// over data that are fine.
template <class T>
Status check_block_values(ConstMatrixView<T> x, std::uint64_t first_row, int threads) {
  return check_finite(x, absl::StrCat(kAccumulate, " (the block from row ", first_row, ")"), threads);
}

}  // namespace

StatusOr<KMeansPartial> KMeansPartial::create(ConstMatrixView<double> centers, KMeansValueType type) {
  constexpr absl::string_view where = "KMeansPartial::create";
  if (centers.rows() == 0 || centers.cols() == 0)
    return invalid_argument(where, "centers are ", centers.rows(), " x ", centers.cols(), "; they must not be empty");
  if (type != KMeansValueType::f64 && type != KMeansValueType::f32)
    return invalid_argument(where, "value type ", static_cast<int>(type), " is not f64 (0) or f32 (1)");
  SEGCORE_RETURN_IF_ERROR(check_finite(centers, where));
  KMeansPartial s;
  s.k_ = centers.rows();
  s.d_ = centers.cols();
  s.type_ = type;
  std::vector<double> c(s.k_ * s.d_);
  for (std::size_t i = 0; i < s.k_; ++i) std::copy(centers.row(i), centers.row(i) + s.d_, &c[i * s.d_]);
  // The origin KMeans takes for data of this type: the same Points::center_on.
  auto frame = [&](auto zero) {
    using T = decltype(zero);
    detail::Points<T> p(ConstMatrixView<T>(nullptr, 0, s.d_), {}, 1);
    p.center_on(c, s.k_);
    p.to_origin(c);
    s.origin_ = p.origin_d;
  };
  if (type == KMeansValueType::f32)
    frame(0.0f);
  else
    frame(0.0);
  s.centers_ = std::move(c);
  s.sums_.assign(s.k_ * s.d_, 0.0);
  s.weights_.assign(s.k_, 0.0);
  return s;
}

std::vector<double> KMeansPartial::centers() const {
  std::vector<double> c = centers_;
  for (std::size_t q = 0; q < c.size(); ++q) c[q] += origin_[q % d_];  // as KMeans's Points::from_origin
  return c;
}

Status KMeansPartial::accumulate(ConstMatrixView<double> x, std::span<const double> w, std::uint64_t first_row,
                                 std::span<std::int32_t> labels, int n_threads) {
  return accumulate_impl(x, w, first_row, labels, n_threads);
}
Status KMeansPartial::accumulate(ConstMatrixView<float> x, std::span<const double> w, std::uint64_t first_row,
                                 std::span<std::int32_t> labels, int n_threads) {
  return accumulate_impl(x, w, first_row, labels, n_threads);
}

template <class T>
Status KMeansPartial::accumulate_impl(ConstMatrixView<T> x, std::span<const double> w, std::uint64_t first_row,
                                      std::span<std::int32_t> labels, int n_threads) {
  constexpr KMeansValueType type = std::is_same_v<T, float> ? KMeansValueType::f32 : KMeansValueType::f64;
  if (type != type_)
    return invalid_argument(kAccumulate, "x holds ", type == KMeansValueType::f32 ? "float" : "double",
                            " values; the state was made for ", type_ == KMeansValueType::f32 ? "float" : "double");
  if (n_threads < 0) return invalid_argument(kAccumulate, "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  const int threads = resolve_threads(n_threads);
  SEGCORE_RETURN_IF_ERROR(check_block(x, w, labels, d_));
  if (x.rows() == 0) return absl::OkStatus();

  // The block in slices of a fixed size, each with its own scratch (labels, squared distances)
  // small enough to come from the allocator's heap: Dask's workers set MALLOC_TRIM_THRESHOLD_,
  // under which every large buffer is a fresh mapping whose page faults cost as much as the
  // pass itself. Slices are combined in slice order, so the result depends on the block alone.
  const Blocks slices(x.rows(), kSlice);
  const std::size_t n_slices = slices.count();
  std::vector<double> slice_sums(n_slices * k_ * d_), slice_weights(n_slices * k_), slice_inertia(n_slices);
  std::vector<std::vector<KMeansFarRow>> slice_far(n_slices);
  std::vector<T> origin_t(d_);
  for (std::size_t j = 0; j < d_; ++j) origin_t[j] = static_cast<T>(origin_[j]);  // exact: rounded to T at create
  kernels::CenterPack<T> pack;
  pack.assign(centers_.data(), k_, d_, origin_t.data());
  parallel_for(threads, n_slices, [&](std::size_t t) {
    const std::size_t begin = slices[t].begin, m = slices[t].end - slices[t].begin;
    detail::Points<T> p(ConstMatrixView<T>(x.row(begin), m, d_, x.stride()), w.empty() ? w : w.subspan(begin, m), 1);
    p.origin = origin_t;
    p.origin_d = origin_;
    std::vector<std::int32_t> own(labels.empty() ? m : 0, -1);
    std::int32_t* lab = labels.empty() ? own.data() : labels.data() + begin;
    std::vector<double> sqdist(m);
    detail::ChunkSums acc(p.chunks.count(), k_, d_);
    std::vector<double> chunk_inertia(p.chunks.count(), 0.0);
    // One pass: labels, sums, and each row's squared distance while the rows are in cache.
    detail::assign_and_accumulate(p, pack, lab, &acc, centers_.data(), chunk_inertia.data(), sqdist.data());
    detail::Totals totals(k_, d_);
    totals.add(acc);
    std::copy(totals.sums.begin(), totals.sums.end(), &slice_sums[t * k_ * d_]);
    std::copy(totals.weights.begin(), totals.weights.end(), &slice_weights[t * k_]);
    double inertia = 0;
    for (double v : chunk_inertia) inertia += v;
    slice_inertia[t] = inertia;
    // The farthest rows (rows in order, so a tie keeps the earlier).
    std::vector<KMeansFarRow>& top = slice_far[t];
    for (std::size_t i = 0; i < m; ++i) {
      const double sq = sqdist[i];
      if (p.weight(i) == 0) continue;  // a weightless row cannot hold a cluster
      if (top.size() == k_ && !(sq > top.back().sqdist)) continue;
      KMeansFarRow r{sq, first_row + begin + i, lab[i], p.weight(i), {}};
      top.insert(std::upper_bound(top.begin(), top.end(), r, farther), std::move(r));
      if (top.size() > k_) top.pop_back();
    }
    for (KMeansFarRow& r : top) {
      const std::size_t i = static_cast<std::size_t>(r.row - first_row);
      r.offset.resize(d_);
      for (std::size_t j = 0; j < d_; ++j) r.offset[j] = static_cast<double>(x(i, j)) - origin_[j];
    }
  });
  double block_inertia = 0;
  for (double v : slice_inertia) block_inertia += v;
  if (!std::isfinite(block_inertia)) SEGCORE_RETURN_IF_ERROR(check_block_values(x, first_row, threads));
  detail::Totals totals(k_, d_);
  for (std::size_t t = 0; t < n_slices; ++t) {
    for (std::size_t q = 0; q < k_ * d_; ++q) totals.sums[q] += slice_sums[t * k_ * d_ + q];
    for (std::size_t c = 0; c < k_; ++c) totals.weights[c] += slice_weights[t * k_ + c];
  }
  std::vector<KMeansFarRow> found;
  for (auto& top : slice_far) std::move(top.begin(), top.end(), std::back_inserter(found));

  for (std::size_t q = 0; q < sums_.size(); ++q) sums_[q] += totals.sums[q];
  for (std::size_t c = 0; c < k_; ++c) weights_[c] += totals.weights[c];
  inertia_ += block_inertia;
  n_rows_ += x.rows();
  keep_farthest(std::move(found));
  return absl::OkStatus();
}

void KMeansPartial::keep_farthest(std::vector<KMeansFarRow> rows) {
  std::move(rows.begin(), rows.end(), std::back_inserter(far_));
  std::sort(far_.begin(), far_.end(), farther);
  if (far_.size() > k_) far_.resize(k_);
}

Status KMeansPartial::merge(const KMeansPartial& other) {
  constexpr absl::string_view where = "KMeansPartial::merge";
  if (other.k_ != k_ || other.d_ != d_)
    return invalid_argument(where, "the states are ", k_, " x ", d_, " and ", other.k_, " x ", other.d_);
  if (other.type_ != type_) return invalid_argument(where, "the states were made for data of different types");
  // Bit for bit: states of the same iteration come from the same bytes.
  auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](double x, double y) {
      return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
    });
  };
  if (!same(other.origin_, origin_) || !same(other.centers_, centers_))
    return invalid_argument(where, "the states hold different centers (states of different iterations or fits)");
  for (std::size_t q = 0; q < sums_.size(); ++q) sums_[q] += other.sums_[q];
  for (std::size_t c = 0; c < k_; ++c) weights_[c] += other.weights_[c];
  inertia_ += other.inertia_;
  n_rows_ += other.n_rows_;
  keep_farthest(other.far_);
  return absl::OkStatus();
}

StatusOr<KMeansPartial::Step> KMeansPartial::next() const {
  if (std::none_of(weights_.begin(), weights_.end(), [](double v) { return v > 0; }))
    return invalid_argument("KMeansPartial::next", "no row with positive weight was accumulated (", n_rows_, " rows)");
  detail::Totals totals(k_, d_);
  totals.sums = sums_;
  totals.weights = weights_;
  const std::size_t n_empty = detail::empty_clusters(weights_).size();
  std::vector<detail::Relocation> moves;
  for (std::size_t e = 0; e < std::min(n_empty, far_.size()); ++e)
    moves.push_back({static_cast<std::size_t>(far_[e].label), far_[e].weight, far_[e].offset.data()});
  detail::Update u = detail::apply_update(std::move(totals), centers_, moves);
  KMeansPartial n;
  n.k_ = k_;
  n.d_ = d_;
  n.type_ = type_;
  n.origin_ = origin_;
  n.centers_ = std::move(u.centers);
  n.sums_.assign(k_ * d_, 0.0);
  n.weights_.assign(k_, 0.0);
  return Step{std::move(n), u.shift_sq_total, moves.size()};
}

SEGCORE_NAMESPACE_END
