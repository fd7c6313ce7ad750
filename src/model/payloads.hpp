// Per-kind payloads of model files: what each model writes and how it is read back. Field
// order and encoding: docs/MODEL_FILES.md. Decoders check every field and rebuild the model
// through its own checked constructor, so a payload that parses but breaks a model's rules is
// refused as corrupt.
#pragma once

#include "model/byte_io.hpp"
#include "segcore/model_file.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

void encode(const Scaler& m, ByteWriter& w);
void encode(const PCA& m, ByteWriter& w);
void encode(const KMeans& m, ByteWriter& w);
void encode(const MiniBatchKMeans& m, ByteWriter& w);
void encode(const Rule& m, ByteWriter& w);
void encode(const SegmentSet& m, ByteWriter& w);
void encode(const RfmOptions& m, ByteWriter& w);
void encode(const LogisticRegression& m, ByteWriter& w);
void encode(const ClvModel& m, ByteWriter& w);
void encode(const ProfileStore& m, ByteWriter& w);
void encode(const EventTriggers& m, ByteWriter& w);
// A tracker: its segment set as a length-prefixed block, then the last segments by customer.
void encode(const SegmentTracker& m, ByteWriter& w);

StatusOr<Scaler> decode_scaler(ByteReader& r);
StatusOr<PCA> decode_pca(ByteReader& r);
StatusOr<KMeans> decode_kmeans(ByteReader& r);
StatusOr<MiniBatchKMeans> decode_minibatch_kmeans(ByteReader& r);
StatusOr<Rule> decode_rule(ByteReader& r);
StatusOr<SegmentSet> decode_segment_set(ByteReader& r);
StatusOr<RfmOptions> decode_rfm_edges(ByteReader& r);
// Valid options with bins - 1 finite, strictly ascending edges per measure.
Status check_fixed_edges(const RfmOptions& o);
StatusOr<LogisticRegression> decode_logistic(ByteReader& r);
// Sets the parameters of `model` (BG/NBD, Pareto/NBD or Gamma-Gamma, as the kind says).
Status decode_clv(ByteReader& r, ClvModel& model);
// A store, every index and count checked (src/profile/store_bytes.cpp).
StatusOr<ProfileStore> decode_profile_store(ByteReader& r);
// The triggers rebuilt from their definitions, then their customer state, each field checked.
StatusOr<EventTriggers> decode_event_triggers(ByteReader& r);
// The tracker's set, then its customers (ascending ids; segments within the set, or -2 for a
// first change not yet reported).
StatusOr<SegmentTracker> decode_segment_tracker(ByteReader& r);

}  // namespace model_detail
SEGCORE_NAMESPACE_END
