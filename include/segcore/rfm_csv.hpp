// RFM's inputs straight from a CSV file, keeping per-customer state only: the file is read and
// parsed a window at a time and each window folded into per-customer sums, so the memory needed
// grows with the customers, not with the rows. The result equals read_csv + build_profiles on
// the same file (the columns RFM reads, bit for bit), ready for rfm_score.
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/io.hpp"
#include "segcore/profile.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Options of rfm_inputs_from_csv.
struct CsvRfmOptions {
  // How to read the file, as read_csv. Every row is an order: no order, category, attribute or
  // numeric column may be named (grouping rows into orders needs every open order's state), and
  // duplicates must be DuplicatePolicy::ignore (finding exact repeats needs every row's hash).
  CsvOptions csv;
  std::optional<std::int64_t> as_of;                 // as ProfileOptions::as_of
  std::size_t window_bytes = std::size_t{64} << 20;  // read and parsed at a time; >= 1 (a longer record widens it)
};

// The customers of a CSV file, in order of first appearance, with the columns rfm_score reads
// (recency_days, frequency, monetary; types and values as build_profiles gives them), and the
// report of reading the file (as read_csv's, duplicates not looked for).
struct CsvRfmInputs {
  ProfileTable profiles;  // customer ids, as_of and the columns frequency, monetary, recency_days
  IngestReport report;    // records read, kept and skipped; duplicates not looked for
};

// Reads path with options and returns what rfm_score needs. A plain regular file is read a
// window at a time, with the checks of read_input (a file that changes while it is read is an
// error); standard input ("-"), pipes, FIFOs, compressed files and a file without a line feed
// (classic Mac OS line ends) are read whole first, so the memory bound holds for plain files.
// Errors are read_csv's and build_profiles' (same codes and messages, the same line numbers),
// or InvalidArgument for options outside the above.
StatusOr<CsvRfmInputs> rfm_inputs_from_csv(absl::string_view path, const CsvRfmOptions& options);

SEGCORE_NAMESPACE_END
