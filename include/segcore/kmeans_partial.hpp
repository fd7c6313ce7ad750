// k-means sufficient statistics for given centers, for data split across processes: each
// process accumulates its rows into a KMeansPartial, the states travel as bytes, merge in a
// fixed order (partition order), and next() turns the merged state into the next iteration's
// centers exactly as one Lloyd iteration of KMeans would.
//
// A state lives in the frame of a fit: distances and sums are taken relative to an origin, the
// mean of the fit's initial centers rounded to the data's type, as KMeans does (its
// translation-robust path), and the centers stay relative to it from one iteration to the
// next, so no rounding is added by moving in and out of the frame.
//
// Empty clusters: each state keeps the (at most k) rows with positive weight farthest from
// their own center (largest squared distance first, lower global row index on ties), with
// their offset from the origin. The merged list holds the farthest rows of all the data, so
// next() moves empty clusters onto the same rows, in the same order, as KMeans.
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// The type of the data a state accumulates; it decides how the origin is rounded.
enum class KMeansValueType : int { f64 = 0, f32 = 1 };

// A row kept for the relocation of empty clusters.
struct KMeansFarRow {
  double sqdist = 0;           // squared distance to its own center
  std::uint64_t row = 0;       // global row index (first_row + index in its block)
  std::int32_t label = 0;      // its center
  double weight = 0;           // its sample weight (> 0)
  std::vector<double> offset;  // the row less the origin, d values
};

// One Lloyd iteration's sufficient statistics over the rows accumulated so far.
class KMeansPartial {
 public:
  // An empty state for the first iteration of a fit from `centers` (k x d finite values, the
  // initial centers): the origin is their mean. InvalidArgument for empty or non-finite
  // centers or an unknown value type.
  static StatusOr<KMeansPartial> create(ConstMatrixView<double> centers, KMeansValueType type);

  // Assigns the rows of x (a block whose first row is row `first_row` of the whole data) to
  // their nearest centers with the kernels of KMeans and adds them in: weighted sums, weights,
  // inertia, rows, farthest rows. w: empty, or x.rows() finite weights >= 0. labels: empty, or
  // x.rows() values receiving each row's center. InvalidArgument for another column count or
  // value type, non-finite values, bad weights, labels of another size.
  Status accumulate(ConstMatrixView<double> x, std::span<const double> w = {}, std::uint64_t first_row = 0,
                    std::span<std::int32_t> labels = {}, int n_threads = 1);
  // The same for float data (a state made for KMeansValueType::f32).
  Status accumulate(ConstMatrixView<float> x, std::span<const double> w = {}, std::uint64_t first_row = 0,
                    std::span<std::int32_t> labels = {}, int n_threads = 1);

  // Adds other's statistics to this state's: the sums in floating point, so the order of merges
  // is part of the result (merge in partition order). InvalidArgument unless both states have
  // the same shape, value type, origin and centers (bit for bit).
  Status merge(const KMeansPartial& other);

  struct Step;
  // The next iteration: an empty state for the new centers (each cluster's weighted mean; empty
  // clusters moved onto the farthest rows, as KMeans does) and the summed squared distance the
  // centers moved (compare it with tol * mean column variance, KMeans's stop). InvalidArgument
  // when no row with positive weight was accumulated.
  StatusOr<Step> next() const;

  // The little-endian byte form (docs/MODEL_FILES.md, "k-means partial states").
  std::vector<std::uint8_t> to_bytes() const;
  // A state from its byte form; DataLoss naming the field or offset for a truncated, corrupt
  // or inconsistent image.
  static StatusOr<KMeansPartial> from_bytes(std::span<const std::uint8_t> bytes);

  std::size_t n_clusters() const { return k_; }         // k
  std::size_t n_features() const { return d_; }         // d
  KMeansValueType value_type() const { return type_; }  // the data's type
  // The centers rows are assigned to, in the data's coordinates (k x d, row-major).
  std::vector<double> centers() const;
  const std::vector<double>& origin() const { return origin_; }  // d values
  // Weighted sums of each cluster's rows less the origin (k x d).
  const std::vector<double>& sums() const { return sums_; }
  const std::vector<double>& weights() const { return weights_; }     // summed weight of each cluster (k)
  double inertia() const { return inertia_; }                         // weighted squared distances to the centers
  std::uint64_t n_rows() const { return n_rows_; }                    // rows accumulated
  const std::vector<KMeansFarRow>& farthest() const { return far_; }  // farthest first

 private:
  KMeansPartial() = default;
  template <class T>
  Status accumulate_impl(ConstMatrixView<T> x, std::span<const double> w, std::uint64_t first_row,
                         std::span<std::int32_t> labels, int n_threads);
  void keep_farthest(std::vector<KMeansFarRow> rows);

  std::size_t k_ = 0, d_ = 0;
  KMeansValueType type_ = KMeansValueType::f64;
  std::vector<double> origin_;   // d
  std::vector<double> centers_;  // k x d, relative to the origin
  std::vector<double> sums_;     // k x d, relative to the origin
  std::vector<double> weights_;  // k
  double inertia_ = 0;
  std::uint64_t n_rows_ = 0;
  std::vector<KMeansFarRow> far_;  // at most k
};

// What KMeansPartial::next gives.
struct KMeansPartial::Step {
  KMeansPartial next;           // empty, for the new centers
  double shift_sq_total = 0;    // sum over clusters of the squared distance each center moved
  std::size_t n_relocated = 0;  // empty clusters moved onto far rows
};

SEGCORE_NAMESPACE_END
