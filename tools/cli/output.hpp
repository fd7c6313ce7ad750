// Results as tables, written as CSV or JSON, to a file or standard output. Files appear whole
// or not at all: they are written under a temporary name and renamed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "segcore/segcore.hpp"

namespace segcore_cli {

struct Column {
  enum class Kind { number, integer, text } kind = Kind::number;
  std::string name;
  std::vector<double> number;       // NaN: missing
  std::vector<std::int64_t> integer;
  std::vector<std::string> text;
  std::vector<std::uint8_t> valid;  // empty: every value present
};

struct Table {
  std::size_t rows = 0;
  std::vector<Column> columns;

  Column& add(Column::Kind kind, std::string name);
  void add_text(std::string name, std::vector<std::string> values);
  void add_number(std::string name, std::vector<double> values);
  void add_integer(std::string name, std::vector<std::int64_t> values);
  void add_integer(std::string name, const std::vector<std::int32_t>& values);
  // Every column of a ProfileTable, customer_id first; timestamps as ISO-8601 text.
  static Table of(const segcore::ProfileTable& profiles);
};

enum class Format { csv, json };
std::vector<Flag> output_flags(const std::string& default_output);
Format output_format(const Args& args);
// Fails early (before any work) when path cannot be written: a folder, or a missing or
// read-only parent folder.
void check_output_path(const std::filesystem::path& path);
// --format is valid and --output, if given, can be written.
void check_output(const Args& args);
// Parses a table-writing command's flags and checks its output; false when --help was asked
// for (and printed).
bool start_command(Args& args, int argc, char** argv);

std::string to_csv(const Table& table);
std::string to_json(const Table& table);  // an array of records, null for missing values
std::string render(const Table& table, Format format);

// Shortest text that reads back as the same double.
std::string format_number(double x);

// Writes content to path through a temporary file in the same folder, flushed and renamed.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// The table to --output (atomically) or to standard output when there is no --output. The
// summary goes to standard output, or to standard error when the table took standard output.
void emit(const Args& args, const Table& table, const std::string& summary);

// A folder filled in a staging folder beside it; commit() moves the files into place.
// Destroyed without commit(), it removes the staging folder: no partial output is left.
class OutputDir {
 public:
  explicit OutputDir(std::filesystem::path target);
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  void write(const std::string& name, std::string_view content);
  void commit();
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_, staging_;
  std::vector<std::string> names_;
  bool committed_ = false;
};

}  // namespace segcore_cli
