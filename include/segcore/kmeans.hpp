// k-means clustering: k-means++ or given initial centers; Lloyd's algorithm or Hamerly's exact
// acceleration; mini-batch k-means for data that streams in.
//
// Data are row-major float or double; sums, centers and inertia are kept in double. Results
// depend only on the data, the options and the seed: the same inputs give bit-identical
// centers and labels for every thread count.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// The iteration k-means runs; both give the same result.
enum class KMeansAlgorithm : int {
  lloyd = 0,    // every point against every center, every iteration
  hamerly = 1,  // the same iterations, skipping points whose distance bounds prove their center
};

// The most clusters KMeans and MiniBatchKMeans fit (n_clusters is 1 to this). Since: 0.2
inline constexpr int kMaxClusters = 1 << 24;

// Options of KMeans; validate() says which values are allowed.
struct KMeansOptions {
  int n_clusters = 8;  // k
  int n_init = 1;      // k-means++ restarts; the run with the lowest inertia is kept
  int max_iter = 300;  // iterations per run
  // Stop when the centers move less than tol * (mean variance of the columns), summed over
  // centers as squared distances (scikit-learn's rule), or when no label changes.
  double tol = 1e-4;
  KMeansAlgorithm algorithm = KMeansAlgorithm::lloyd;  // Lloyd or Hamerly
  std::uint64_t seed = 0;                              // k-means++ seeding; same seed, same result
  int n_threads = 1;                                   // >= 1, or 0 for one per hardware thread
};

// Checks ranges: n_clusters in [1, 2^24], n_init >= 1, max_iter >= 1, tol >= 0 and finite,
// n_threads >= 0, a known algorithm.
Status validate(const KMeansOptions& options);

// Batch k-means.
//
// Empty clusters: when an iteration leaves clusters without points, each is moved onto one of
// the points farthest from their own center (largest squared distance first, lower row index
// on ties; one point per empty cluster, in cluster order), and that point's weight is taken
// from its previous cluster, as scikit-learn does. Labels follow at the next assignment.
class KMeans {
 public:
  // An unfitted model; options are checked by fit (InvalidArgument, see validate).
  explicit KMeans(KMeansOptions options = {}) : options_(options) {}

  // A fitted model from centers saved earlier (model_file.hpp): n_clusters x d finite values,
  // d >= 1; inertia finite and >= 0, n_iter >= 0. labels() is then empty.
  static StatusOr<KMeans> from_parameters(KMeansOptions options, ConstMatrixView<double> centers, double inertia = 0,
                                          int n_iter = 0);

  // Initial centers (n_clusters x d, row-major) for the next fits instead of k-means++; then
  // a single run is made whatever n_init says. An empty view returns to k-means++.
  Status set_initial_centers(ConstMatrixView<double> centers);

  // Fits the model; sample_weight: empty, or one finite weight >= 0 per row with a positive
  // sum. InvalidArgument for invalid options or weights, empty data, non-finite values,
  // n_clusters > rows, fewer distinct rows than n_clusters, or initial centers of another
  // width. A failed fit keeps the previous one; so does a cancelled one (Cancelled, when the
  // thread's progress callback asks to stop: progress.hpp).
  Status fit(ConstMatrixView<float> x, std::span<const double> sample_weight = {});
  // The same for double data.
  Status fit(ConstMatrixView<double> x, std::span<const double> sample_weight = {});

  // The nearest center of each row; labels holds x.rows() values. FailedPrecondition before
  // a fit; InvalidArgument for another column count or labels of another size.
  Status predict(ConstMatrixView<float> x, std::span<std::int32_t> labels) const;
  // The same for double data.
  Status predict(ConstMatrixView<double> x, std::span<std::int32_t> labels) const;
  // Euclidean distance of each row to each center: out is x.rows() x n_clusters.
  Status transform(ConstMatrixView<float> x, MatrixView<double> out) const;
  // The same for double data.
  Status transform(ConstMatrixView<double> x, MatrixView<double> out) const;

  // True once a fit succeeded.
  bool fitted() const { return !centers_.empty(); }
  // The options the model was made with.
  const KMeansOptions& options() const { return options_; }
  // Columns of the fitted data; 0 before a fit.
  std::size_t n_features() const { return n_features_; }
  // n_clusters x n_features, row-major.
  ConstMatrixView<double> centers() const {
    return ConstMatrixView<double>(centers_.data(), centers_.empty() ? 0 : centers_.size() / n_features_, n_features_);
  }
  const std::vector<std::int32_t>& labels() const { return labels_; }  // of the fitted rows
  double inertia() const { return inertia_; }                          // weighted sum of squared distances to centers
  int n_iter() const { return n_iter_; }                               // iterations of the kept run

 private:
  template <class T>
  Status fit_impl(ConstMatrixView<T> x, std::span<const double> w);
  template <class T>
  Status predict_impl(ConstMatrixView<T> x, std::span<std::int32_t> labels) const;
  template <class T>
  Status transform_impl(ConstMatrixView<T> x, MatrixView<double> out) const;

  KMeansOptions options_;
  std::vector<double> initial_centers_;
  std::vector<double> centers_;
  std::vector<std::int32_t> labels_;
  std::size_t n_features_ = 0;
  double inertia_ = 0;
  int n_iter_ = 0;
};

SEGCORE_NAMESPACE_END
