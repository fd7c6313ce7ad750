// The k-means iterations shared by the batch algorithms: data partitioning, the fused
// assignment + accumulation pass, the center update with empty-cluster relocation, inertia,
// and k-means++. Internal.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "segcore/matrix.hpp"
#include "segcore/parallel.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

class Rng;

// Rows handed to the kernel at once: small enough that they are still in cache (L2) when the
// same rows are added into the center sums right after, large enough that the kernel's
// prefetching runs ahead over long stretches.
inline constexpr std::size_t kSubBlock = 1024;

// The data of one fit, cut into at most 64 chunks. The cut depends only on n, so per-chunk
// partial sums combined in chunk order give the same bits for any thread count, and the
// partial sums take O(64 k d) memory whatever n is.
//
// Distances and sums are taken relative to an origin (zero until center_on): centers held
// relative to it, the kernels subtracting it from each row as they read it. Data far from zero
// (epoch seconds; float columns near 1e5) would otherwise lose their spread to rounding in
// |x|^2 - 2 x.c + |c|^2 and in sums of large values; no centered copy of the data is made.
template <class T>
struct Points {
  Points(ConstMatrixView<T> x_, std::span<const double> w_, int threads_)
      : x(x_),
        w(w_),
        threads(threads_),
        chunks(x_.rows(), chunk_rows(x_.rows())),
        origin(x_.cols(), T(0)),
        origin_d(x_.cols(), 0.0) {}

  // Puts the origin at the mean of k centers (row-major, d columns, original coordinates),
  // rounded to T so that the kernels and the double sums subtract the very same values. A
  // mean of centers moves with the data, and costs no pass over it.
  // The mean is summed as c / k, which cannot overflow where the sum of centers near the
  // largest double would; a mean T cannot hold (float) leaves that column's origin at 0.
  void center_on(const std::vector<double>& centers, std::size_t k) {
    for (std::size_t j = 0; j < d(); ++j) {
      double s = 0;
      for (std::size_t c = 0; c < k; ++c) s += centers[c * d() + j] / static_cast<double>(k);
      // Checked before the cast: a double beyond T's range has no T value.
      origin[j] = std::abs(s) <= static_cast<double>(std::numeric_limits<T>::max()) ? static_cast<T>(s) : T(0);
      origin_d[j] = static_cast<double>(origin[j]);
    }
  }
  // Centers (k x d) from original coordinates to relative to the origin, and back.
  void to_origin(std::vector<double>& centers) const {
    for (std::size_t q = 0; q < centers.size(); ++q) centers[q] -= origin_d[q % d()];
  }
  void from_origin(std::vector<double>& centers) const {
    for (std::size_t q = 0; q < centers.size(); ++q) centers[q] += origin_d[q % d()];
  }

  static std::size_t chunk_rows(std::size_t n) {
    const std::size_t per = (n + 63) / 64;
    return std::max<std::size_t>(4096, (per + kSubBlock - 1) / kSubBlock * kSubBlock);
  }
  double weight(std::size_t i) const { return w.empty() ? 1.0 : w[i]; }
  std::size_t n() const { return x.rows(); }
  std::size_t d() const { return x.cols(); }

  ConstMatrixView<T> x;
  std::span<const double> w;
  int threads;
  Blocks chunks;
  std::vector<T> origin;         // d, for the kernels
  std::vector<double> origin_d;  // the same values, for sums and exact distances
};

// Weighted sums of the rows of each cluster, one set per chunk. Each chunk's sums start on a
// 64-byte boundary: the accumulate kernel's full-register loads and stores then do not straddle
// cache lines (for d a multiple of 8), and two threads never write the same cache line.
struct ChunkSums {
  ChunkSums(std::size_t n_chunks, std::size_t k, std::size_t d)
      : k(k),
        d(d),
        weights(n_chunks * k),
        changed(n_chunks),
        stride_((k * d + 7) / 8 * 8),
        storage_(n_chunks * stride_ + 8) {}
  void clear(std::size_t chunk);
  double* sums_of(std::size_t chunk) { return aligned() + chunk * stride_; }
  const double* sums_of(std::size_t chunk) const { return const_cast<ChunkSums*>(this)->sums_of(chunk); }
  double* weights_of(std::size_t chunk) { return &weights[chunk * k]; }
  std::size_t total_changed() const;

  std::size_t k, d;
  std::vector<double> weights;
  std::vector<std::size_t> changed;

 private:
  double* aligned() {
    const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
    return storage_.data() + (64 - address % 64) % 64 / sizeof(double);
  }
  std::size_t stride_;           // doubles from one chunk's sums to the next, a multiple of 8
  std::vector<double> storage_;  // the sums, from aligned() on
};

// Sums and weights of every cluster, added up from the chunks in chunk order.
struct Totals {
  Totals(std::size_t k, std::size_t d) : sums(k * d, 0.0), weights(k, 0.0) {}
  void add(const ChunkSums& acc);
  std::vector<double> sums, weights;
};

struct Update {
  std::vector<double> centers;  // k x d
  std::vector<double> shift;    // Euclidean distance each center moved
  double shift_sq_total = 0;
};

// New centers from the cluster totals; clusters left empty are moved onto the farthest points
// (see KMeans in kmeans.hpp). The totals are taken by value: the move changes only this copy.
// Centers and totals are relative to p's origin.
template <class T>
Update update_centers(const Points<T>& p, Totals totals, const std::vector<double>& old_centers,
                      const std::int32_t* labels);

// A row moved onto an empty cluster: the cluster it leaves, its weight, its offset from the
// origin (d values).
struct Relocation {
  std::size_t from;
  double weight;
  const double* offset;
};

// update_centers once the farthest rows are known: moves[e] goes to the e-th empty cluster
// (fewer moves than empty clusters leave the last ones where they were). Shared with the
// partial states of distributed fits (KMeansPartial), so both move the same rows the same way.
Update apply_update(Totals totals, const std::vector<double>& old_centers, std::span<const Relocation> moves);

// The clusters with no weight, in cluster order.
std::vector<std::size_t> empty_clusters(const std::vector<double>& weights);

// Assigns every row of p with the blocked nearest-center kernel (centers packed relative to
// p's origin); with `acc`, also accumulates each chunk's sums and counts label changes; with
// `inertia_of_chunk`, also sums each chunk's inertia against `centers` while the rows are in
// cache, and with `row_sqdist` (n values; needs inertia_of_chunk) keeps each row's squared
// distance to its center.
template <class T>
void assign_and_accumulate(const Points<T>& p, const kernels::CenterPack<T>& pack, std::int32_t* labels, ChunkSums* acc,
                           const double* centers = nullptr, double* inertia_of_chunk = nullptr,
                           double* row_sqdist = nullptr);

// Squared distance of a row to a center given relative to origin, in double, with four running
// sums: one chain of dependent adds over all d values would make inertia (run on every row)
// and Hamerly's bound checks cost as much as a Lloyd iteration for small k. The row less the
// origin is exact when they are close (the common case of data far from zero).
template <class T>
[[gnu::always_inline]] inline double sqdist_to_center(const T* row, const double* origin, const double* center,
                                                      std::size_t d) {
  double s[4] = {0, 0, 0, 0};
  std::size_t j = 0;
  for (; j + 4 <= d; j += 4)
    for (std::size_t q = 0; q < 4; ++q) {
      const double diff = (static_cast<double>(row[j + q]) - origin[j + q]) - center[j + q];
      s[q] += diff * diff;
    }
  for (; j < d; ++j) {
    const double diff = (static_cast<double>(row[j]) - origin[j]) - center[j];
    s[j % 4] += diff * diff;
  }
  return (s[0] + s[1]) + (s[2] + s[3]);
}

// Weighted sum of squared distances of the rows to their centers (relative to p's origin), in
// double: add_inertia over each chunk from 0, then the chunks' sums in chunk order.
template <class T>
double inertia(const Points<T>& p, const double* centers, const std::int32_t* labels);
// s plus the weighted squared distances of rows [begin, end) to their centers, row by row.
template <class T>
double add_inertia(const Points<T>& p, const double* centers, const std::int32_t* labels, std::size_t begin,
                   std::size_t end, double s);

// Greedy k-means++ (2 + floor(ln k) candidates per center, the one lowering the potential
// most is kept). Fails when the rows with positive weight have fewer than k distinct values.
template <class T>
StatusOr<std::vector<double>> kmeans_plusplus(const Points<T>& p, std::size_t k, Rng& rng);

struct RunResult {
  std::vector<double> centers;
  std::vector<std::int32_t> labels;
  double inertia = 0;
  int n_iter = 0;
};

// One k-means run from the given centers (original coordinates, as are the results), centered
// on them; both give the same labels and centers.
template <class T>
RunResult run_lloyd(const Points<T>& p, std::vector<double> centers, std::size_t k, int max_iter, double tol);
template <class T>
RunResult run_hamerly(const Points<T>& p, std::vector<double> centers, std::size_t k, int max_iter, double tol);

// OK for no weights, or n finite weights >= 0 with a positive sum.
Status check_weights(std::span<const double> w, std::size_t n, absl::string_view where);

// Sample weights brought near 1 by a power of two when the largest is beyond 2^64 (or below
// 2^-64): weights near the largest double would overflow the weighted sums (NaN centers), and
// an exact power-of-two scale changes neither centers nor labels, only the inertia's scale.
struct ScaledWeights {
  std::vector<double> storage;
  std::span<const double> w;  // the weights to use: the caller's, or storage
  int exponent = 0;           // the caller's weights are w * 2^exponent
};
ScaledWeights scale_weights(std::span<const double> w);

// The inertia of the caller's weights, inertia * 2^exponent, or InvalidArgument when that is
// not a finite double.
StatusOr<double> unscaled_inertia(double inertia, int exponent, absl::string_view where);

// OK when the centers and the inertia of a fit are finite; otherwise clears the centers (the
// model is left unfitted rather than holding NaN) and returns InvalidArgument.
Status check_finite_fit(std::vector<double>& centers, double inertia, absl::string_view where);

// Checks the data and weights of a fit of k clusters (non-empty, k <= rows, finite values,
// valid weights) and returns scikit-learn's tolerance: tol times the mean column variance.
template <class T>
StatusOr<double> check_fit(ConstMatrixView<T> x, std::span<const double> w, std::size_t k, double tol, int threads,
                           absl::string_view where);

// Copies caller-given initial centers (n_clusters x d, finite) into out; an empty view
// clears out, returning to k-means++.
Status copy_initial_centers(ConstMatrixView<double> c, int n_clusters, absl::string_view where,
                            std::vector<double>& out);

// Euclidean distance of each row of x to each of the k centers (row-major, d columns), in
// double: out is x.rows() x k. A distance whose square leaves double's range is computed
// scaled; one beyond the largest double is an InvalidArgument naming the row.
template <class T>
Status center_distances(ConstMatrixView<T> x, const std::vector<double>& centers, int threads, MatrixView<double> out,
                        absl::string_view where);

// Nearest center of each row (centers in original coordinates, k x d) with the active kernels,
// relative to the centers' mean; rows whose kernel values overflow T are labelled again in
// double, scaled (predict).
template <class T>
void assign_nearest(ConstMatrixView<T> x, const std::vector<double>& centers, int threads, std::int32_t* labels);

}  // namespace detail
SEGCORE_NAMESPACE_END
