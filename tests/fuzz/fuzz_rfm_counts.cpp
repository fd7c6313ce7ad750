// libFuzzer target: the byte form of RFM selection counts (RfmCounts::from_bytes and
// segcore_rfm_counts_from_bytes). An input that starts with the magic is read a second time
// with its length field and checksum repaired, so that mutations get past the checksum into
// the payload. Counts that load must give back the same bytes, take values and merge with
// themselves, and a selection must refuse or take them without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include "repair_partial.hpp"
#include "segcore/rfm_partial.hpp"
#include "segcore_profile.h"

namespace {

using Bytes = std::span<const std::uint8_t>;

void use(Bytes image) {
  auto c = segcore::RfmCounts::from_bytes(image);
  segcore_rfm_counts* h = nullptr;
  const int rc = segcore_rfm_counts_from_bytes(&h, image.data(), image.size());
  if ((rc == SEGCORE_OK) != c.ok()) std::abort();  // one contract
  segcore_rfm_counts_destroy(h);
  if (!c.ok()) return;
  const std::vector<std::uint8_t> again = c->to_bytes();
  if (again.size() != image.size() || std::memcmp(again.data(), image.data(), image.size()) != 0) std::abort();
  segcore::RfmCounts copy = *c;
  const std::vector<double> values = {-1.5, 0.0, -0.0, 3.0, 1e300};
  const std::vector<std::uint64_t> positions = {0, 1, 2, 3, 4};
  for (std::size_t m = 0; m < c->n_measures() && m < 4; ++m) (void)copy.add(m, values, positions);
  (void)copy.merge(*c);
  auto sel = segcore::RfmSelection::create(5, segcore::RfmMode::rank, c->n_measures() ? c->n_measures() : 1);
  if (sel.ok()) (void)sel->narrow(*c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Bytes in(data, size);
  use(in);
  static constexpr std::uint8_t kMagic[8] = {'S', 'E', 'G', 'C', 'R', 'F', 'C', '\n'};
  if (size >= 24 && std::memcmp(data, kMagic, 8) == 0) use(repaired_partial(in));
  return 0;
}
