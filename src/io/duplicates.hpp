// Exact-duplicate records: found by hashing each kept record's bytes, confirmed by comparing
// the bytes, reported with line numbers.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

// Hashes are grouped into 2^kBucketBits buckets by their top bits, so that each bucket's
// table fits in the cache.
constexpr int kBucketBits = 12;

// A row and the low 32 bits of its record's hash. Within a bucket (the hash's top bits),
// equal `hash` means 44 equal bits: only a candidate, the records' bytes decide.
struct HashedRow {
  std::uint32_t hash;
  std::uint32_t row;
};

// One parsed chunk's kept rows, as the duplicate search needs them: where each record starts
// (from `begin`, the chunk's first byte in the text) and its (hash, row) pairs grouped by
// bucket, rows ascending within a bucket (row = the row's index in the chunk).
struct ChunkHashes {
  std::uint64_t begin = 0;
  std::vector<std::uint32_t> offset;        // per row
  std::vector<HashedRow> rows;              // bucket by bucket
  std::vector<std::uint32_t> bucket_start;  // 2^kBucketBits + 1 positions into rows
};

// Fills out.rows and out.bucket_start from the chunk's row hashes (full 64-bit hashes).
void group_hashes(const std::vector<std::uint64_t>& hashes, ChunkHashes& out);

// Rows whose record text (without its line end) equals an earlier row's. The rows come in
// parts (one per parsed chunk, in row order). Sets report.duplicates and report.duplicate_rows
// (first max_reported, in row order), and drop[i] = 1 for each repeated row (drop stays empty
// when there is none); the first occurrence is kept. The parts' grouped rows are released.
// The result does not depend on threads. `alongside` are independent tasks run on the same
// threads as the search, first, so that a long serial task overlaps with it.
void find_duplicates(absl::string_view text, std::vector<ChunkHashes*>& parts, int threads, std::size_t max_reported,
                     IngestReport& report, std::vector<std::uint8_t>& drop,
                     const std::vector<std::function<void()>>& alongside = {});

// Removes the rows with drop[i] != 0 from every column.
void drop_rows(EventTable& events, const std::vector<std::uint8_t>& drop);

}  // namespace io_detail
SEGCORE_NAMESPACE_END
