// libFuzzer target: the model loader, through the C++ API and the C ABI's _from_bytes calls.
// Each input is read as a model image of every kind; an input that starts with the magic is
// read a second time with its length field and checksum repaired, so that mutations get past
// the checksum into the payload decoders. A model that loads must make the same payload again
// and answer a prediction without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "model/container.hpp"
#include "segcore/checkpoint.hpp"
#include "segcore/model_file.hpp"
#include "segcore_model.h"

namespace {

using Bytes = std::span<const std::uint8_t>;

// The payload of a valid image.
Bytes payload_of(Bytes image) {
  return image.subspan(segcore::model_detail::kHeaderSize,
                       image.size() - segcore::model_detail::kHeaderSize - segcore::model_detail::kChecksumSize);
}

// A loaded model saved again must give back the payload it was loaded from.
template <class M>
void check_same_payload(const M& m, Bytes image) {
  auto again = segcore::model_to_bytes(m);
  if (!again.ok()) std::abort();
  const Bytes a = payload_of(*again), b = payload_of(image);
  if (a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size()) != 0) std::abort();
}

template <class M, class Use>
void try_load(Bytes image, Use use) {
  auto m = segcore::model_from_bytes<M>(image);
  if (!m.ok()) return;
  check_same_payload(*m, image);
  use(*m);
}

// Rows of zeros and ones with the model's width.
std::vector<double> probe(std::size_t d) {
  std::vector<double> x(2 * d, 0.0);
  for (std::size_t j = 0; j < d; ++j) x[d + j] = 1.0;
  return x;
}

void load_cpp(Bytes image) {
  try_load<segcore::Scaler>(image, [](const segcore::Scaler& s) {
    auto x = probe(s.n_features());
    (void)s.transform(segcore::ConstMatrixView<double>(x.data(), 2, s.n_features()),
                      segcore::MatrixView<double>(x.data(), 2, s.n_features()));
  });
  try_load<segcore::PCA>(image, [](const segcore::PCA& p) {
    auto x = probe(p.n_features());
    std::vector<double> out(2 * p.n_components());
    (void)p.transform(segcore::ConstMatrixView<double>(x.data(), 2, p.n_features()),
                      segcore::MatrixView<double>(out.data(), 2, p.n_components()));
  });
  try_load<segcore::KMeans>(image, [](const segcore::KMeans& km) {
    auto x = probe(km.n_features());
    std::vector<std::int32_t> labels(2);
    (void)km.predict(segcore::ConstMatrixView<double>(x.data(), 2, km.n_features()), labels);
  });
  try_load<segcore::MiniBatchKMeans>(image, [](const segcore::MiniBatchKMeans& mb) {
    auto x = probe(mb.n_features());
    segcore::MiniBatchKMeans copy = mb;
    (void)copy.partial_fit(segcore::ConstMatrixView<double>(x.data(), 2, mb.n_features()));
  });
  try_load<segcore::Rule>(image, [](const segcore::Rule&) {});
  try_load<segcore::SegmentSet>(image, [](const segcore::SegmentSet&) {});
  try_load<segcore::RfmOptions>(image, [](const segcore::RfmOptions&) {});
  try_load<segcore::LogisticRegression>(image, [](const segcore::LogisticRegression& m) {
    auto x = probe(m.coef().size());
    std::vector<double> out(2);
    (void)m.predict_proba(segcore::ConstMatrixView<double>(x.data(), 2, m.coef().size()), out);
  });
  // Stream state: a loaded store answers a snapshot, loaded triggers take an event.
  segcore::Event probe_event;
  probe_event.customer = "c";
  probe_event.timestamp = 86400;
  probe_event.amount = 1;
  try_load<segcore::ProfileStore>(image, [&](segcore::ProfileStore& st) {
    (void)st.snapshot();
    if (st.schema().categories.empty() && st.schema().attributes.empty() && st.schema().numerics.empty())
      (void)st.add(probe_event);
  });
  try_load<segcore::EventTriggers>(image, [&](segcore::EventTriggers& t) {
    if (t.schema().categories.empty() && t.schema().attributes.empty() && t.schema().numerics.empty())
      (void)t.add(probe_event);
  });
  if (auto cp = segcore::checkpoint_from_bytes(image); cp.ok() && cp->store) (void)cp->store->snapshot();
  if (auto clv = segcore::clv_model_from_bytes(image); clv.ok()) {
    if (auto* p = dynamic_cast<const segcore::PurchaseModel*>(clv->get())) {
      const double t[2] = {1, 52};
      double out[2];
      (void)p->expected_purchases(t, out);
    }
  }
}

void load_c(Bytes image) {
  segcore_scaler* s = nullptr;
  if (segcore_scaler_from_bytes(&s, image.data(), image.size()) == SEGCORE_OK) segcore_scaler_destroy(s);
  segcore_pca* p = nullptr;
  if (segcore_pca_from_bytes(&p, image.data(), image.size()) == SEGCORE_OK) segcore_pca_destroy(p);
  segcore_kmeans* km = nullptr;
  if (segcore_kmeans_from_bytes(&km, image.data(), image.size()) == SEGCORE_OK) segcore_kmeans_destroy(km);
  segcore_logistic* lr = nullptr;
  if (segcore_logistic_from_bytes(&lr, image.data(), image.size()) == SEGCORE_OK) segcore_logistic_destroy(lr);
  segcore_clv_model* clv = nullptr;
  if (segcore_clv_from_bytes(&clv, image.data(), image.size()) == SEGCORE_OK) segcore_clv_destroy(clv);
  segcore_rule* rule = nullptr;
  if (segcore_rule_from_bytes(&rule, image.data(), image.size()) == SEGCORE_OK) segcore_rule_destroy(rule);
  segcore_segment_set* set = nullptr;
  if (segcore_segment_set_from_bytes(&set, image.data(), image.size()) == SEGCORE_OK) segcore_segment_set_destroy(set);
  int32_t bins;
  double edges[3][99];
  (void)segcore_rfm_edges_from_bytes(image.data(), image.size(), &bins, edges[0], edges[1], edges[2], 99);
  int32_t kind, version, library;
  (void)segcore_model_info(image.data(), image.size(), &kind, &version, &library);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes input(data, size);
  load_cpp(input);
  load_c(input);
  using segcore::model_detail::kChecksumSize;
  using segcore::model_detail::kHeaderSize;
  if (size >= kHeaderSize + kChecksumSize && std::memcmp(data, segcore::model_detail::kMagic, 8) == 0) {
    const auto version = static_cast<std::uint16_t>(data[8] | data[9] << 8);
    const auto kind = static_cast<segcore::ModelKind>(data[10] | data[11] << 8);
    const std::int32_t library = static_cast<std::int32_t>(data[12] | data[13] << 8 | data[14] << 16 |
                                                           static_cast<std::uint32_t>(data[15]) << 24);
    const auto repaired = segcore::model_detail::seal(kind, payload_of(input), version, library);
    load_cpp(repaired);
    load_c(repaired);
  }
  return 0;
}
