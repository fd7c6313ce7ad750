// Exact-duplicate detection. Each chunk groups its rows' (hash, row) pairs into buckets by
// the hash's top bits as it finishes parsing (in its own cache-sized pass). A bucket gathers its
// pairs from every chunk in chunk order, so rows stay in order, and goes through an
// open-addressing table; rows whose hash was seen are compared byte by byte with the earlier
// row. Buckets are independent, so they run in parallel, and the first occurrence is always
// the lowest row, so the result does not depend on the thread count.
#include "duplicates.hpp"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "csv_internal.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

namespace {

absl::string_view record_at(absl::string_view text, std::uint64_t offset) {
  const char* p = text.data() + offset;
  const char* e = record_end(p, text.data() + text.size());
  return trim_line_end(absl::string_view(p, static_cast<std::size_t>(e - p)));
}

// 1-based line numbers of byte offsets, counted in one sweep over the sorted offsets.
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

void group_hashes(const std::vector<std::uint64_t>& hashes, ChunkHashes& out) {
  constexpr std::size_t B = std::size_t{1} << kBucketBits;
  out.bucket_start.assign(B + 1, 0);
  for (std::uint64_t h : hashes) ++out.bucket_start[(h >> (64 - kBucketBits)) + 1];
  for (std::size_t b = 0; b < B; ++b) out.bucket_start[b + 1] += out.bucket_start[b];
  std::vector<std::uint32_t> at(out.bucket_start.begin(), out.bucket_start.end() - 1);
  out.rows.resize(hashes.size());
  for (std::size_t i = 0; i < hashes.size(); ++i)
    out.rows[at[hashes[i] >> (64 - kBucketBits)]++] = {static_cast<std::uint32_t>(hashes[i]),
                                                       static_cast<std::uint32_t>(i)};
}

void find_duplicates(absl::string_view text, std::vector<ChunkHashes*>& parts, int threads, std::size_t max_reported,
                     IngestReport& report, std::vector<std::uint8_t>& drop,
                     const std::vector<std::function<void()>>& alongside) {
  constexpr std::size_t B = std::size_t{1} << kBucketBits;
  const std::size_t nb = parts.size();
  std::vector<std::size_t> base(nb + 1, 0);
  for (std::size_t k = 0; k < nb; ++k) base[k + 1] = base[k] + parts[k]->offset.size();
  const std::size_t n = base[nb];
  auto offset_of = [&](std::uint64_t row) {
    const std::size_t k = static_cast<std::size_t>(std::upper_bound(base.begin(), base.end(), row) - base.begin()) - 1;
    return parts[k]->begin + parts[k]->offset[row - base[k]];
  };
  // Per bucket group: (row, first row) of each repeated row. A bucket's pairs are in row
  // order, so the first row seen with a text is its first occurrence.
  const Blocks groups(B, 64);
  std::vector<std::vector<std::pair<std::uint64_t, std::uint64_t>>> found(groups.count());
  const std::size_t extra = alongside.size();
  parallel_for(threads, extra + groups.count(), [&](std::size_t task) {
    if (task < extra) return alongside[task]();
    const std::size_t g = task - extra;
    // Open addressing on the hash's low bits (the hashes are already well mixed): slot holds
    // 1 + the index in the bucket of the first pair with that hash, 0 when empty.
    std::vector<std::uint32_t> slots;
    std::vector<HashedRow> bucket;  // the bucket's rows from every part, in row order
    for (std::size_t b = groups[g].begin; b < groups[g].end; ++b) {
      bucket.clear();
      for (std::size_t k = 0; k < nb; ++k) {
        const ChunkHashes& part = *parts[k];
        for (std::uint32_t i = part.bucket_start[b]; i < part.bucket_start[b + 1]; ++i)
          bucket.push_back({part.rows[i].hash, static_cast<std::uint32_t>(base[k] + part.rows[i].row)});
      }
      const HashedRow* s = bucket.data();
      const HashedRow* e = s + bucket.size();
      const std::size_t m = bucket.size();
      std::size_t size = 16;
      while (size < 2 * m) size *= 2;
      slots.assign(size, 0);
      for (const HashedRow* p = s; p < e; ++p) {
        std::size_t h = p->hash & (size - 1);
        while (slots[h] != 0 && s[slots[h] - 1].hash != p->hash) h = (h + 1) & (size - 1);
        if (slots[h] == 0) {
          slots[h] = static_cast<std::uint32_t>(p - s) + 1;
          continue;
        }
        const std::uint64_t first = s[slots[h] - 1].row;
        const absl::string_view r = record_at(text, offset_of(p->row));
        if (record_at(text, offset_of(first)) == r) {
          found[g].push_back({p->row, first});
          continue;
        }
        // Equal hashes, different texts (rare): look for an equal text among earlier rows.
        for (const HashedRow* q = s; q < p; ++q)
          if (q->hash == p->hash && record_at(text, offset_of(q->row)) == r) {
            found[g].push_back({p->row, q->row});
            break;
          }
      }
    }
  });
  for (ChunkHashes* part : parts) {
    std::vector<HashedRow>().swap(part->rows);
    std::vector<std::uint32_t>().swap(part->bucket_start);
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> all;
  for (auto& f : found) all.insert(all.end(), f.begin(), f.end());
  std::sort(all.begin(), all.end());
  if (!all.empty()) drop.assign(n, 0);
  std::vector<std::uint64_t> listed, listed_first;
  for (const auto& [row, first] : all) {
    drop[row] = 1;
    if (listed.size() < max_reported) {
      listed.push_back(offset_of(row));
      listed_first.push_back(offset_of(first));
    }
  }
  report.duplicates = all.size();
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

}  // namespace io_detail
SEGCORE_NAMESPACE_END
