// Mini-batch k-means (D. Sculley, "Web-scale k-means clustering", WWW 2010): centers follow
// running weighted means over random batches, for data too large to pass over many times or
// arriving in pieces (partial_fit).
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

// Options of MiniBatchKMeans.
struct MiniBatchKMeansOptions {
  int n_clusters = 8;     // k
  int batch_size = 1024;  // rows per step
  int max_iter = 100;     // passes over the data in fit
  // fit stops early when the centers move less than tol * (mean column variance) in one step
  // (0 disables), or when the smoothed batch inertia has not improved for
  // max_no_improvement steps (0 disables).
  double tol = 0.0;
  int max_no_improvement = 10;  // see tol
  // A cluster whose accumulated weight is below reassignment_ratio * (largest weight) is moved
  // onto a random row of the current batch, at most every 10 * n_clusters rows seen. 0 never.
  double reassignment_ratio = 0.01;
  std::uint64_t seed = 0;  // seeding, batches and reassignment; same seed, same result
  int n_threads = 1;       // >= 1, or 0 for one per hardware thread
};

// OK, or InvalidArgument naming the first option out of range: n_clusters in [1, 2^24],
// batch_size and max_iter >= 1, tol finite and >= 0, reassignment_ratio in [0, 1],
// n_threads >= 0.
Status validate(const MiniBatchKMeansOptions& options);

// Mini-batch k-means (scikit-learn's MiniBatchKMeans), for data that streams in.
class MiniBatchKMeans {
 public:
  // An unfitted model; options are checked by fit and partial_fit.
  explicit MiniBatchKMeans(MiniBatchKMeansOptions options = {}) : options_(options) {}

  // The partial_fit state beside the centers, as a model file keeps it.
  struct State {
    std::vector<double> cluster_weights;   // accumulated weight per center (finite, >= 0)
    std::int64_t n_steps = 0;              // mini-batch steps taken (>= 0)
    std::int64_t rows_since_reassign = 0;  // rows since the last reassignment (>= 0)
    double inertia = 0;                    // inertia of the last batch (finite, >= 0)
  };
  // A model from the state saved earlier (model_file.hpp), from which partial_fit continues
  // exactly as the saved model would: centers n_clusters x d finite values (d >= 1) and one
  // cluster weight per center. labels() is then empty. InvalidArgument, naming the field, for
  // a state outside those bounds. Since: 0.1
  static StatusOr<MiniBatchKMeans> from_parameters(MiniBatchKMeansOptions options, ConstMatrixView<double> centers,
                                                   State state);
  // The partial_fit bookkeeping of State (for saving).
  std::int64_t rows_since_reassign() const { return rows_since_reassign_; }

  // Initial centers (n_clusters x d) instead of k-means++ on the first batch.
  Status set_initial_centers(ConstMatrixView<double> centers);

  // Batches drawn without replacement each pass; afterwards labels() and inertia() describe
  // all of x. Starts from scratch: k-means++ on a random sample of 3 batches' worth of rows
  // (at least n_clusters), or on all of x when the sample has fewer distinct rows than
  // n_clusters.
  // A failed or cancelled fit (progress.hpp) leaves the model as it was.
  Status fit(ConstMatrixView<float> x, std::span<const double> sample_weight = {});
  // The same for double data.
  Status fit(ConstMatrixView<double> x, std::span<const double> sample_weight = {});

  // One update with x as the batch; the first call initialises the centers from x (which
  // must then have at least n_clusters rows). labels() and inertia() then describe this batch
  // against the updated centers (scikit-learn's partial_fit); n_iter() is unchanged.
  // A failed or cancelled call leaves the model as it was.
  Status partial_fit(ConstMatrixView<float> x, std::span<const double> sample_weight = {});
  // The same for double data.
  Status partial_fit(ConstMatrixView<double> x, std::span<const double> sample_weight = {});

  // The nearest center of each row; labels holds x.rows() values. FailedPrecondition before
  // a fit; InvalidArgument for another column count or labels of another size.
  Status predict(ConstMatrixView<float> x, std::span<std::int32_t> labels) const;
  // The same for double data.
  Status predict(ConstMatrixView<double> x, std::span<std::int32_t> labels) const;
  // Euclidean distance of each row to each center: out is x.rows() x n_clusters.
  Status transform(ConstMatrixView<float> x, MatrixView<double> out) const;
  // The same for double data.
  Status transform(ConstMatrixView<double> x, MatrixView<double> out) const;

  // True once fit or partial_fit succeeded.
  bool fitted() const { return !centers_.empty(); }
  // The options the model was made with.
  const MiniBatchKMeansOptions& options() const { return options_; }
  // Columns of the data; 0 before a fit.
  std::size_t n_features() const { return n_features_; }
  // n_clusters x n_features, row-major.
  ConstMatrixView<double> centers() const {
    return ConstMatrixView<double>(centers_.data(), centers_.empty() ? 0 : centers_.size() / n_features_, n_features_);
  }
  const std::vector<double>& cluster_weights() const { return weights_; }  // accumulated per center
  // Labels of the rows of the last fit, or of the last batch after partial_fit (none after
  // from_parameters).
  const std::vector<std::int32_t>& labels() const { return labels_; }
  // Inertia of the last fit's rows, or of the last batch after partial_fit, against the
  // centers after the update.
  double inertia() const { return inertia_; }
  // Mini-batch steps taken so far (scikit-learn's n_steps_).
  std::int64_t n_steps() const { return n_steps_; }
  // Passes over the data begun by the last fit (scikit-learn's n_iter_); 0 when the model
  // comes from partial_fit or from_parameters only.
  std::int64_t n_iter() const { return n_iter_; }

 private:
  template <class T>
  Status fit_impl(ConstMatrixView<T> x, std::span<const double> w);
  template <class T>
  Status partial_fit_impl(ConstMatrixView<T> x, std::span<const double> w);
  // Runs fit as a cancellable long call; on failure the model is put back as it was.
  template <class Fit>
  Status transaction(absl::string_view where, Fit&& fit);
  template <class T>
  Status init_centers(ConstMatrixView<T> x, std::span<const double> w, std::uint64_t seed);
  // One step on a batch; returns the batch inertia (weighted, against the centers before).
  template <class T>
  double step(ConstMatrixView<T> batch, std::span<const double> w, std::uint64_t step_seed);

  MiniBatchKMeansOptions options_;
  std::vector<double> initial_centers_;
  std::vector<double> centers_, weights_;
  std::vector<std::int32_t> labels_;
  std::size_t n_features_ = 0;
  double inertia_ = 0;
  std::int64_t n_steps_ = 0;
  std::int64_t n_iter_ = 0;
  std::int64_t rows_since_reassign_ = 0;
};

SEGCORE_NAMESPACE_END
