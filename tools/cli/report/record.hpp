// The run record, run.json in a `run` output folder: what the report shows, as numbers and
// text (docs/CLI.md, "The run record"). `run` renders its report from this record read back,
// and `report DIR` renders it again from the file, so the two reports are the same bytes.
#pragma once

#include <filesystem>
#include <string>

#include "../job.hpp"
#include "json.hpp"

namespace segcore_cli {

inline constexpr const char* kRunRecordName = "run.json";
inline constexpr const char* kRunRecordFormat = "segcore run record";
// Raised whenever a field is added, removed or changes meaning; a record of another version
// is refused rather than misread.
inline constexpr int kRunRecordVersion = 1;

Json run_record(const JobResults& job);

// The record of the finished run in `dir`. A CliError says what is wrong and where: no such
// folder, no run.json in it, a file that is not JSON, or a record of another format or version.
Json read_run_record(const std::filesystem::path& dir);

// The self-contained HTML report from a record, with amounts in `currency` (empty for none).
std::string render_report(const Json& record, const std::string& currency);

}  // namespace segcore_cli
