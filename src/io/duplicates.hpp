// Exact-duplicate records: found by hashing each kept record's bytes, confirmed by comparing
// the bytes, reported with line numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/io.hpp"

namespace segcore::io_detail {

// Rows whose record text (without its line end) equals an earlier row's, given each row's
// record offset in text and the hash of its text (see below). Sets report.duplicates and
// report.duplicate_rows (first max_reported, in row order) and drop[i] = 1 for each repeated
// row; the first occurrence is kept. The result does not depend on threads.
// The rows come in parts (one per parsed chunk, in row order): offset[k] and hash[k] hold
// part k's rows; the hashes are released as they are consumed.
void find_duplicates(absl::string_view text, const std::vector<const std::vector<std::uint64_t>*>& offset,
                     const std::vector<std::vector<std::uint64_t>*>& hash, int threads,
                     std::size_t max_reported, IngestReport& report, std::vector<std::uint8_t>& drop);

// Removes the rows with drop[i] != 0 from every column.
void drop_rows(EventTable& events, const std::vector<std::uint8_t>& drop);

}  // namespace segcore::io_detail
