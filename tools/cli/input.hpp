// Where the events come from: a CSV named on the command line, or the bundled Online Retail
// sample when none is given, with the column-mapping flags every command shares.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "segcore/segcore.hpp"

namespace segcore_cli {

class Progress;

// Flags for reading events: column mapping, delimiter, time format, strictness.
std::vector<Flag> input_flags();
// --threads, --as-of and the profile windows.
std::vector<Flag> profile_flags();

struct Input {
  std::string source;  // the path, or "bundled sample"
  segcore::Ingested data;
  std::optional<segcore::OptOutReport> opt_out;  // with --opt-out: what was left out
  bool duplicates_checked = true;                // false with --skip-duplicate-check
};

// "12 opted-out customers (345 rows) left out", for the summaries.
std::string opt_out_line(const segcore::OptOutReport& r);
// The ingest counts in the words both the printed summary and the report use: records read,
// rows used, rows skipped, exact duplicates (kept or dropped).
struct RowCount {
  std::string label, singular;  // "rows used", "row used"
  std::uint64_t count = 0;
};
std::vector<RowCount> row_counts(const segcore::IngestReport& r, bool duplicates_checked = true);
// "1000 records read, 990 rows used, 1 row skipped, 2 exact duplicates kept"
std::string row_counts_line(const segcore::IngestReport& r, bool duplicates_checked = true);

// Reads the one positional argument (a CSV path, "-" for standard input, a pipe or FIFO; gzip
// or zstd compressed), or the bundled sample when there is none. Lenient unless --strict: bad
// rows are skipped and reported, never dropped silently.
Input load_input(const Args& args);
// With --skip-duplicate-check, a regular file and nothing that groups rows into orders or
// carries columns (no order column, given or the default order_id; no category, attribute or
// numeric columns; no --opt-out): the options for reading it in windows with
// rfm_inputs_from_csv, whose memory grows with the customers, not the rows. Else nullopt.
std::optional<segcore::CsvRfmOptions> windowed_rfm_options(const Args& args);

// The largest rule file read (--rules): far beyond any hand-written segment set.
inline constexpr std::size_t kMaxRuleFileBytes = std::size_t{1} << 20;

// A small regular file read whole: a folder, FIFO or device, or more than max_bytes, is a
// CliError naming `what` and the path (nothing beyond max_bytes + 1 bytes is read).
std::string read_small_file(const std::string& path, std::size_t max_bytes, const std::string& what);

// A cell that names nothing: empty, or only spaces and tabs.
bool blank_cell(std::string_view cell);

// For the steps that read a column of their own (--text-col, --target-col, --time-zone-col):
// the reader keeps `name` as an attribute column (its codes per row, each distinct value once).
void read_as_attribute(segcore::CsvColumns& columns, const std::string& name);
// That attribute column of the events.
const segcore::Categorical& attribute_column(const segcore::EventTable& events, const std::string& name);
// Takes out of the profiles the attribute column the reader carried for such a step (a
// customer's latest text is not a feature), unless --attribute-cols names it too.
void drop_carried_column(const Args& args, const std::string& name, segcore::ProfileTable& profiles);

// Each profile row's customer code in the events (the reader's codes), or kNoCustomer for a
// row whose customer the events lack: how the steps above write per-customer results into
// the profile rows.
inline constexpr std::uint32_t kNoCustomer = UINT32_MAX;
std::vector<std::uint32_t> customer_codes_of_rows(const segcore::EventTable& events,
                                                  const segcore::ProfileTable& profiles);

// 0 (every hardware thread) unless --threads says otherwise.
int thread_count(const Args& args);
// --as-of as epoch seconds (ISO-8601, M/D/YYYY or epoch seconds), if given.
std::optional<std::int64_t> as_of(const Args& args);

segcore::ProfileTable build_profiles(const Args& args, const segcore::EventTable& events);

// Every failing Status becomes a CliError carrying its message.
void check(const segcore::Status& status);
template <class T>
T take(segcore::StatusOr<T> value) {
  check(value.status());
  return *std::move(value);
}

// "2011-12-09T12:50:00Z"
std::string format_time(std::int64_t epoch_seconds);

}  // namespace segcore_cli
