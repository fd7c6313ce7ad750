// Exact-duplicate detection, partitioned by hash so that partitions run in parallel; each
// partition walks rows in order, so "first occurrence" is the same for any thread count.
#include "duplicates.hpp"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "segcore/parallel.hpp"

namespace segcore::io_detail {

namespace {

absl::string_view record(absl::string_view text, std::uint64_t offset, std::uint64_t length) {
  absl::string_view r = text.substr(offset, length);
  if (!r.empty() && r.back() == '\n') r.remove_suffix(1);
  if (!r.empty() && r.back() == '\r') r.remove_suffix(1);
  return r;
}

// 1-based line numbers of sorted byte offsets, counted in one sweep.
std::vector<std::uint64_t> lines_of(absl::string_view text, std::vector<std::uint64_t> offsets) {
  std::vector<std::uint64_t> sorted = offsets;
  std::sort(sorted.begin(), sorted.end());
  absl::flat_hash_map<std::uint64_t, std::uint64_t> line;
  std::uint64_t at = 0, count = 1;
  for (std::uint64_t o : sorted) {
    count += static_cast<std::uint64_t>(std::count(text.begin() + at, text.begin() + o, '\n'));
    at = o;
    line[o] = count;
  }
  for (auto& o : offsets) o = line[o];
  return offsets;
}

}  // namespace

void find_duplicates(absl::string_view text, const std::vector<std::uint64_t>& offset,
                     const std::vector<std::uint64_t>& length, int threads,
                     std::size_t max_reported, IngestReport& report, std::vector<std::uint8_t>& drop) {
  const std::size_t n = offset.size();
  std::vector<std::uint64_t> hash(n);
  const Blocks blocks(n, 1 << 16);
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i)
      hash[i] = absl::HashOf(record(text, offset[i], length[i]));
  });
  // first[i] = the earlier row that row i repeats, or i itself.
  std::vector<std::uint64_t> first(n);
  const std::size_t parts = static_cast<std::size_t>(std::max(threads, 1));
  parallel_for(threads, parts, [&](std::size_t part) {
    // Rows with equal hashes but different bytes are chained through the vector of candidates.
    absl::flat_hash_map<std::uint64_t, std::vector<std::uint64_t>> seen;
    for (std::size_t i = 0; i < n; ++i) {
      if ((hash[i] >> 7) % parts != part) continue;
      first[i] = i;
      auto& candidates = seen[hash[i]];
      const absl::string_view r = record(text, offset[i], length[i]);
      for (std::uint64_t c : candidates)
        if (record(text, offset[c], length[c]) == r) {
          first[i] = c;
          break;
        }
      if (first[i] == i) candidates.push_back(i);
    }
  });
  drop.assign(n, 0);
  std::vector<std::uint64_t> listed, listed_first;
  for (std::size_t i = 0; i < n; ++i) {
    if (first[i] == i) continue;
    drop[i] = 1;
    ++report.duplicates;
    if (listed.size() < max_reported) {
      listed.push_back(offset[i]);
      listed_first.push_back(offset[first[i]]);
    }
  }
  const auto a = lines_of(text, listed), b = lines_of(text, listed_first);
  for (std::size_t k = 0; k < a.size(); ++k) report.duplicate_rows.push_back({a[k], b[k]});
}

void drop_rows(EventTable& ev, const std::vector<std::uint8_t>& drop) {
  auto filter = [&](auto& v) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < v.size(); ++i)
      if (!drop[i]) v[out++] = v[i];
    v.resize(out);
  };
  filter(ev.customer.codes);
  if (ev.has_order) filter(ev.order.codes);
  filter(ev.timestamp);
  filter(ev.amount);
  for (auto& c : ev.categories) filter(c.codes);
  for (auto& c : ev.attributes) filter(c.codes);
  for (auto& c : ev.numerics) filter(c.values);
}

}  // namespace segcore::io_detail
