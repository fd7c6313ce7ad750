// The public model-file calls (segcore/model_file.hpp): each model's payload sealed in the
// container, files written atomically, and loads that check the container, then the payload.
#include "segcore/model_file.hpp"

#include "model/atomic_file.hpp"
#include "model/container.hpp"
#include "model/payloads.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

using model_detail::ByteReader;
using model_detail::ByteWriter;

// The kind each loadable type is stored as, and its decoder.
template <class M>
struct Codec;
template <>
struct Codec<Scaler> {
  static constexpr ModelKind kind = ModelKind::scaler;
  static StatusOr<Scaler> decode(ByteReader& r) { return model_detail::decode_scaler(r); }
};
template <>
struct Codec<PCA> {
  static constexpr ModelKind kind = ModelKind::pca;
  static StatusOr<PCA> decode(ByteReader& r) { return model_detail::decode_pca(r); }
};
template <>
struct Codec<KMeans> {
  static constexpr ModelKind kind = ModelKind::kmeans;
  static StatusOr<KMeans> decode(ByteReader& r) { return model_detail::decode_kmeans(r); }
};
template <>
struct Codec<MiniBatchKMeans> {
  static constexpr ModelKind kind = ModelKind::minibatch_kmeans;
  static StatusOr<MiniBatchKMeans> decode(ByteReader& r) { return model_detail::decode_minibatch_kmeans(r); }
};
template <>
struct Codec<Rule> {
  static constexpr ModelKind kind = ModelKind::rule;
  static StatusOr<Rule> decode(ByteReader& r) { return model_detail::decode_rule(r); }
};
template <>
struct Codec<SegmentSet> {
  static constexpr ModelKind kind = ModelKind::segment_set;
  static StatusOr<SegmentSet> decode(ByteReader& r) { return model_detail::decode_segment_set(r); }
};
template <>
struct Codec<RfmOptions> {
  static constexpr ModelKind kind = ModelKind::rfm_edges;
  static StatusOr<RfmOptions> decode(ByteReader& r) { return model_detail::decode_rfm_edges(r); }
};
template <>
struct Codec<LogisticRegression> {
  static constexpr ModelKind kind = ModelKind::logistic;
  static StatusOr<LogisticRegression> decode(ByteReader& r) { return model_detail::decode_logistic(r); }
};
template <>
struct Codec<ProfileStore> {
  static constexpr ModelKind kind = ModelKind::profile_store;
  static StatusOr<ProfileStore> decode(ByteReader& r) { return model_detail::decode_profile_store(r); }
};
template <>
struct Codec<EventTriggers> {
  static constexpr ModelKind kind = ModelKind::event_triggers;
  static StatusOr<EventTriggers> decode(ByteReader& r) { return model_detail::decode_event_triggers(r); }
};
template <class M, ModelKind K>
struct ClvCodec {
  static constexpr ModelKind kind = K;
  static StatusOr<M> decode(ByteReader& r) {
    M m;
    SEGCORE_RETURN_IF_ERROR(model_detail::decode_clv(r, m));
    return m;
  }
};
template <>
struct Codec<BetaGeoModel> : ClvCodec<BetaGeoModel, ModelKind::bgnbd> {};
template <>
struct Codec<ParetoNbdModel> : ClvCodec<ParetoNbdModel, ModelKind::pareto_nbd> {};
template <>
struct Codec<GammaGammaModel> : ClvCodec<GammaGammaModel, ModelKind::gamma_gamma> {};
template <>
struct Codec<ModifiedBetaGeoModel> : ClvCodec<ModifiedBetaGeoModel, ModelKind::mbgnbd> {};
template <>
struct Codec<BetaGeoBetaBinomModel> : ClvCodec<BetaGeoBetaBinomModel, ModelKind::bgbb> {};

template <class M>
std::vector<std::uint8_t> image_of(const M& m, ModelKind kind) {
  ByteWriter w;
  model_detail::encode(m, w);
  return model_detail::seal(kind, w.bytes());
}

Status not_fitted(ModelKind kind) {
  return absl::FailedPreconditionError(
      absl::StrCat("model_to_bytes: the ", model_kind_name(kind), " model is not fitted"));
}

template <class M>
StatusOr<std::vector<std::uint8_t>> fitted_image(const M& m) {
  if (!m.fitted()) return not_fitted(Codec<M>::kind);
  return image_of(m, Codec<M>::kind);
}

template <class M>
StatusOr<M> decode_from(std::span<const std::uint8_t> bytes, const std::string& source) {
  const ModelKind kinds[] = {Codec<M>::kind};
  SEGCORE_ASSIGN_OR_RETURN(ByteReader r, model_detail::open(bytes, kinds, source));
  return Codec<M>::decode(r);
}

StatusOr<std::unique_ptr<ClvModel>> clv_from(std::span<const std::uint8_t> bytes, const std::string& source) {
  const ModelKind kinds[] = {ModelKind::bgnbd, ModelKind::pareto_nbd, ModelKind::gamma_gamma, ModelKind::mbgnbd,
                             ModelKind::bgbb};
  ModelKind kind;
  SEGCORE_ASSIGN_OR_RETURN(ByteReader r, model_detail::open(bytes, kinds, source, &kind));
  std::unique_ptr<ClvModel> m;
  if (kind == ModelKind::bgnbd)
    m = std::make_unique<BetaGeoModel>();
  else if (kind == ModelKind::pareto_nbd)
    m = std::make_unique<ParetoNbdModel>();
  else if (kind == ModelKind::mbgnbd)
    m = std::make_unique<ModifiedBetaGeoModel>();
  else if (kind == ModelKind::bgbb)
    m = std::make_unique<BetaGeoBetaBinomModel>();
  else
    m = std::make_unique<GammaGammaModel>();
  SEGCORE_RETURN_IF_ERROR(model_detail::decode_clv(r, *m));
  return m;
}

StatusOr<AnyKMeans> any_kmeans_from(std::span<const std::uint8_t> bytes, const std::string& source) {
  const ModelKind kinds[] = {ModelKind::kmeans, ModelKind::minibatch_kmeans};
  ModelKind kind;
  SEGCORE_ASSIGN_OR_RETURN(ByteReader r, model_detail::open(bytes, kinds, source, &kind));
  AnyKMeans out;
  if (kind == ModelKind::kmeans) {
    SEGCORE_ASSIGN_OR_RETURN(KMeans km, model_detail::decode_kmeans(r));
    out.kmeans = std::make_unique<KMeans>(std::move(km));
  } else {
    SEGCORE_ASSIGN_OR_RETURN(MiniBatchKMeans mb, model_detail::decode_minibatch_kmeans(r));
    out.minibatch = std::make_unique<MiniBatchKMeans>(std::move(mb));
  }
  return out;
}

}  // namespace

StatusOr<std::vector<std::uint8_t>> model_to_bytes(const Scaler& m) { return fitted_image(m); }
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const PCA& m) { return fitted_image(m); }
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const KMeans& m) { return fitted_image(m); }
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const MiniBatchKMeans& m) { return fitted_image(m); }
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const LogisticRegression& m) { return fitted_image(m); }
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const Rule& m) { return image_of(m, ModelKind::rule); }
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const SegmentSet& m) { return image_of(m, ModelKind::segment_set); }
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const ProfileStore& m) {
  return image_of(m, ModelKind::profile_store);
}
StatusOr<std::vector<std::uint8_t>> model_to_bytes(const EventTriggers& m) {
  if (m.size() == 0) return not_fitted(ModelKind::event_triggers);
  return image_of(m, ModelKind::event_triggers);
}

StatusOr<std::vector<std::uint8_t>> model_to_bytes(const RfmOptions& m) {
  if (m.mode != RfmMode::fixed)
    return invalid_argument("model_to_bytes", "RFM options in mode ", static_cast<int>(m.mode),
                            " have no edges to save; use fixed_rfm_options(result)");
  SEGCORE_RETURN_IF_ERROR(model_detail::check_fixed_edges(m));
  return image_of(m, ModelKind::rfm_edges);
}

StatusOr<std::vector<std::uint8_t>> model_to_bytes(const ClvModel& m) {
  ModelKind kind = ModelKind::gamma_gamma;
  if (dynamic_cast<const BetaGeoModel*>(&m) != nullptr)
    kind = ModelKind::bgnbd;
  else if (dynamic_cast<const ParetoNbdModel*>(&m) != nullptr)
    kind = ModelKind::pareto_nbd;
  else if (dynamic_cast<const ModifiedBetaGeoModel*>(&m) != nullptr)
    kind = ModelKind::mbgnbd;
  else if (dynamic_cast<const BetaGeoBetaBinomModel*>(&m) != nullptr)
    kind = ModelKind::bgbb;
  else if (dynamic_cast<const GammaGammaModel*>(&m) == nullptr)
    return invalid_argument("model_to_bytes", "a CLV model of a kind model files do not know");
  if (!m.fitted()) return not_fitted(kind);
  return image_of(m, kind);
}

StatusOr<RfmOptions> fixed_rfm_options(const RfmResult& result) {
  if (result.mode == RfmMode::rank)
    return invalid_argument("fixed_rfm_options", "rank-mode edges are in rank units and cannot score other customers");
  RfmOptions o;
  o.bins = result.bins;
  o.mode = RfmMode::fixed;
  o.recency_edges = result.recency_edges;
  o.frequency_edges = result.frequency_edges;
  o.monetary_edges = result.monetary_edges;
  if (Status st = model_detail::check_fixed_edges(o); !st.ok())
    return invalid_argument("fixed_rfm_options", st.message(), " (tied quantiles: too few distinct values for ",
                            result.bins, " bins)");
  return o;
}

Status write_model_file(std::span<const std::uint8_t> image, const std::string& path) {
  SEGCORE_RETURN_IF_ERROR(model_detail::check(image, "write_model_file: the image").status());
  return model_detail::replace_file_atomically(path, image);
}

StatusOr<ModelFileInfo> model_file_info(const std::string& path) {
  SEGCORE_ASSIGN_OR_RETURN(std::vector<std::uint8_t> bytes, model_detail::read_whole_file(path));
  return model_detail::check(bytes, model_detail::file_source(path));
}

template <class Model>
StatusOr<Model> model_from_bytes(std::span<const std::uint8_t> bytes) {
  return decode_from<Model>(bytes, model_detail::bytes_source());
}

template <class Model>
StatusOr<Model> load_model(const std::string& path) {
  SEGCORE_ASSIGN_OR_RETURN(std::vector<std::uint8_t> bytes, model_detail::read_whole_file(path));
  return decode_from<Model>(bytes, model_detail::file_source(path));
}

#define SEGCORE_MODEL_FILE_TYPE(M)                                               \
  template StatusOr<M> model_from_bytes<M>(std::span<const std::uint8_t> bytes); \
  template StatusOr<M> load_model<M>(const std::string& path);
SEGCORE_MODEL_FILE_TYPE(Scaler)
SEGCORE_MODEL_FILE_TYPE(PCA)
SEGCORE_MODEL_FILE_TYPE(KMeans)
SEGCORE_MODEL_FILE_TYPE(MiniBatchKMeans)
SEGCORE_MODEL_FILE_TYPE(Rule)
SEGCORE_MODEL_FILE_TYPE(SegmentSet)
SEGCORE_MODEL_FILE_TYPE(RfmOptions)
SEGCORE_MODEL_FILE_TYPE(LogisticRegression)
SEGCORE_MODEL_FILE_TYPE(BetaGeoModel)
SEGCORE_MODEL_FILE_TYPE(ParetoNbdModel)
SEGCORE_MODEL_FILE_TYPE(GammaGammaModel)
SEGCORE_MODEL_FILE_TYPE(ModifiedBetaGeoModel)
SEGCORE_MODEL_FILE_TYPE(BetaGeoBetaBinomModel)
SEGCORE_MODEL_FILE_TYPE(ProfileStore)
SEGCORE_MODEL_FILE_TYPE(EventTriggers)
#undef SEGCORE_MODEL_FILE_TYPE

StatusOr<std::unique_ptr<ClvModel>> clv_model_from_bytes(std::span<const std::uint8_t> bytes) {
  return clv_from(bytes, model_detail::bytes_source());
}
StatusOr<std::unique_ptr<ClvModel>> load_clv_model(const std::string& path) {
  SEGCORE_ASSIGN_OR_RETURN(std::vector<std::uint8_t> bytes, model_detail::read_whole_file(path));
  return clv_from(bytes, model_detail::file_source(path));
}

StatusOr<AnyKMeans> any_kmeans_from_bytes(std::span<const std::uint8_t> bytes) {
  return any_kmeans_from(bytes, model_detail::bytes_source());
}
StatusOr<AnyKMeans> load_any_kmeans(const std::string& path) {
  SEGCORE_ASSIGN_OR_RETURN(std::vector<std::uint8_t> bytes, model_detail::read_whole_file(path));
  return any_kmeans_from(bytes, model_detail::file_source(path));
}

SEGCORE_NAMESPACE_END
