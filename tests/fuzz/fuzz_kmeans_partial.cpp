// libFuzzer target: the byte form of k-means partial states (KMeansPartial::from_bytes and
// segcore_kmeans_partial_from_bytes). An input that starts with the magic is read a second time
// with its length field and checksum repaired, so that mutations get past the checksum into
// the payload. A state that loads must give back the same bytes, and accumulate, merge and
// next must answer without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "repair_partial.hpp"
#include "segcore/kmeans_partial.hpp"
#include "segcore_cluster.h"

namespace {

using Bytes = std::span<const std::uint8_t>;

void use(Bytes image) {
  auto s = segcore::KMeansPartial::from_bytes(image);
  segcore_kmeans_partial* c = nullptr;
  const int rc = segcore_kmeans_partial_from_bytes(&c, image.data(), image.size());
  if ((rc == SEGCORE_OK) != s.ok()) std::abort();  // one contract
  segcore_kmeans_partial_destroy(c);
  if (!s.ok()) return;
  const std::vector<std::uint8_t> again = s->to_bytes();
  if (again.size() != image.size() || std::memcmp(again.data(), image.data(), image.size()) != 0) std::abort();
  const std::size_t d = s->n_features();
  std::vector<double> x(2 * d, 0.0);
  for (std::size_t j = 0; j < d; ++j) x[d + j] = 1.0;
  segcore::KMeansPartial copy = *s;
  if (s->value_type() == segcore::KMeansValueType::f64) {
    (void)copy.accumulate(segcore::ConstMatrixView<double>(x.data(), 2, d), {}, 5);
  } else {
    std::vector<float> xf(x.begin(), x.end());
    (void)copy.accumulate(segcore::ConstMatrixView<float>(xf.data(), 2, d), {}, 5);
  }
  (void)copy.merge(*s);
  (void)copy.next();
  (void)s->next();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes in(data, size);
  use(in);
  static constexpr std::uint8_t kMagic[8] = {'S', 'E', 'G', 'C', 'K', 'M', 'P', '\n'};
  if (size >= 24 && std::memcmp(data, kMagic, 8) == 0) {
    const std::vector<std::uint8_t> fixed = repaired_partial(in);
    use(fixed);
  }
  return 0;
}
