// Durable model files: fitted models saved in one versioned, checksummed container and loaded
// back bit for bit. Format, compatibility policy and guarantees: docs/MODEL_FILES.md.
//
// Saving writes a temporary file beside the target, flushes it to disk and renames it over the
// target, so a reader sees the old file or the new one, never a mixture; a failed save leaves
// the old file as it was and no temporary behind. Loading checks the container (magic, length,
// CRC-32C, format version, model kind) and then the payload field by field; any failure names
// the file and the offset or field, and nothing is returned but the error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/clv.hpp"
#include "segcore/config.hpp"
#include "segcore/event_triggers.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/profile.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/pca.hpp"
#include "segcore/rfm.hpp"
#include "segcore/rules.hpp"
#include "segcore/scaler.hpp"
#include "segcore/score.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// The model a file holds. The numbers are stored in files and never change.
enum class ModelKind : std::uint16_t {
  scaler = 1,
  pca = 2,
  kmeans = 3,
  minibatch_kmeans = 4,
  rule = 5,
  segment_set = 6,
  rfm_edges = 7,  // stored as RfmOptions in fixed mode
  logistic = 8,
  bgnbd = 9,
  pareto_nbd = 10,
  gamma_gamma = 11,
  mbgnbd = 12,             // Since: 0.2
  bgbb = 13,               // Since: 0.2
  profile_store = 14,      // ProfileStore, a checkpoint or partial state. Since: 0.2
  event_triggers = 15,     // EventTriggers with their customer state. Since: 0.2
  stream_checkpoint = 16,  // StreamCheckpoint (segcore/checkpoint.hpp). Since: 0.2
};

// "scaler", "k-means", ...; "unknown" for a number this build does not know.
absl::string_view model_kind_name(ModelKind kind);

// The format version this build writes; it reads versions 1 up to this one.
inline constexpr std::uint16_t kModelFormatVersion = 1;

// What the container says about its payload, after the container checks passed.
struct ModelFileInfo {
  std::uint16_t format_version = 0;    // the container's format version
  ModelKind kind = ModelKind::scaler;  // which model the payload holds
  std::int32_t library_version = 0;    // SEGCORE_VERSION_NUMBER of the writer
  std::uint64_t payload_size = 0;      // bytes between the header and the checksum
};

// Checks the container of a file image (not the payload) and reports its header. Errors as
// the loaders below for the container (DataLoss, Unimplemented).
StatusOr<ModelFileInfo> model_file_info(std::span<const std::uint8_t> bytes);
// The same for the file at path; also NotFound and Unavailable as the loaders. Model files are
// regular files: a FIFO, device or folder is refused at once (Unavailable); a file that is not a
// model file, or whose stated payload length disagrees with its size, is answered from its
// first 24 bytes without reading the rest.
StatusOr<ModelFileInfo> model_file_info(const std::string& path);

// ---- Saving -----------------------------------------------------------------------------------
// model_to_bytes gives the file image of a fitted model; FailedPrecondition when the model is
// not fitted.

// A fitted scaler's file image.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const Scaler& model);
// A fitted PCA's file image.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const PCA& model);
// A fitted k-means model's file image: options and centers, not the fitted rows' labels.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const KMeans& model);
// A mini-batch model's file image, with its partial_fit state.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const MiniBatchKMeans& model);
// A rule's file image: its text and the fields it reads, recompiled on loading.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const Rule& model);
// A segment set's file image: its segments' names, rules and fields, and its mode.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const SegmentSet& model);
// RFM edges; mode must be fixed (see fixed_rfm_options); n_threads is not stored.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const RfmOptions& model);
// A fitted logistic regression's file image: options, coefficients and intercept.
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const LogisticRegression& model);
// BG/NBD, Pareto/NBD or Gamma-Gamma: the parameters (standard errors and diagnostics are not kept).
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const ClvModel& model);
// A profile store's whole state (options, schema, customers, orders, carried values): loading
// it gives a store whose snapshots and later adds and merges equal the original's. Since: 0.2
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const ProfileStore& model);
// Event triggers with every customer's clock, segment and kept timestamps, the event counts and
// the moves not reported yet: loading gives a set whose later adds report the same moves.
// Since: 0.2
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const EventTriggers& model);

// Writes a file image (model_to_bytes, or bytes a host kept) to path atomically (see above).
// The image is checked first, so a bad one never replaces a good file. Errors: those of
// model_file_info for the image; NotFound when the folder does not exist; PermissionDenied
// or Unavailable (both SEGCORE_EIO) when creating, writing, syncing or renaming fails.
Status write_model_file(std::span<const std::uint8_t> image, const std::string& path);

// Saves a fitted model to path: model_to_bytes, then write_model_file.
template <class Model>
Status save_model(const Model& model, const std::string& path) {
  SEGCORE_ASSIGN_OR_RETURN(std::vector<std::uint8_t> image, model_to_bytes(model));
  return write_model_file(image, path);
}

// The edges an RFM result used, as options that score new profiles the same way (fixed mode).
// InvalidArgument for rank mode (its edges are in rank units) and for tied quantile edges
// (fixed edges must be strictly ascending).
StatusOr<RfmOptions> fixed_rfm_options(const RfmResult& result);

// ---- Loading ----------------------------------------------------------------------------------
// Model is one of the types above (RfmOptions for RFM edges, ProfileStore for a store, EventTriggers; BetaGeoModel,
// ParetoNbdModel, ModifiedBetaGeoModel, BetaGeoBetaBinomModel or GammaGammaModel for CLV). Errors: DataLoss
// (SEGCORE_ECORRUPT) for a file that is not a model file, truncated, with a bad checksum or a payload that does not
// parse or breaks the model's rules; Unimplemented (SEGCORE_EUNSUPPORTED) for a newer format version or an unknown
// kind; InvalidArgument for a file holding another kind of model; NotFound for a missing file; Unavailable
// (SEGCORE_EIO) when reading fails. Messages name the file and the offset or field.

// A model of type Model from a file image held in memory.
template <class Model>
StatusOr<Model> model_from_bytes(std::span<const std::uint8_t> bytes);
// A model of type Model from the file at path.
template <class Model>
StatusOr<Model> load_model(const std::string& path);

// Any of the three CLV models, as the file image says.
StatusOr<std::unique_ptr<ClvModel>> clv_model_from_bytes(std::span<const std::uint8_t> bytes);
// Any of the three CLV models, as the file at path says.
StatusOr<std::unique_ptr<ClvModel>> load_clv_model(const std::string& path);

// k-means or mini-batch k-means, as the file says (the C ABI's handle holds either).
struct AnyKMeans {
  std::unique_ptr<KMeans> kmeans;              // set for ModelKind::kmeans
  std::unique_ptr<MiniBatchKMeans> minibatch;  // set for ModelKind::minibatch_kmeans
};
// k-means or mini-batch k-means from a file image; errors as the loaders above.
StatusOr<AnyKMeans> any_kmeans_from_bytes(std::span<const std::uint8_t> bytes);
// k-means or mini-batch k-means from the file at path; errors as the loaders above.
StatusOr<AnyKMeans> load_any_kmeans(const std::string& path);

SEGCORE_NAMESPACE_END
