// Results as tables, written as CSV or JSON, to a file or standard output. Files appear whole
// or not at all: they are written under a temporary name and renamed. Only regular files are
// written (never a device, FIFO or symbolic link), and never one the command reads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "args.hpp"
#include "segcore/segcore.hpp"

namespace segcore_cli {

// A customer id as the tool shows and writes it: an id that is a whole number written as a
// float ("13047.0", "42.00", as spreadsheets and pandas export integer ids) loses its zero
// fraction ("13047"); every other id is kept as it is ("12.5", "A.0", "0013"). The one rule
// for every table and the report (docs/CLI.md, "Customer ids").
std::string display_id(std::string_view id);

struct Column {
  enum class Kind { number, integer, text } kind = Kind::number;
  std::string name;
  std::vector<double> number;  // NaN: missing
  std::vector<std::int64_t> integer;
  std::vector<std::string> text;
  std::vector<std::uint8_t> valid;  // empty: every value present
};

struct Table {
  std::size_t rows = 0;
  std::vector<Column> columns;

  Column& add(Column::Kind kind, std::string name);
  void add_text(std::string name, std::vector<std::string> values);
  // Customer ids, each as display_id shows it.
  void add_ids(std::string name, std::vector<std::string> values);
  void add_number(std::string name, std::vector<double> values);
  void add_integer(std::string name, std::vector<std::int64_t> values);
  void add_integer(std::string name, const std::vector<std::int32_t>& values);
  // Every column of a ProfileTable, customer_id first; timestamps as ISO-8601 text.
  static Table of(const segcore::ProfileTable& profiles);
};

// csv guards text cells that a spreadsheet would run as a formula (see to_csv); csv_raw, from
// --raw-csv, writes them as they are.
enum class Format { csv, csv_raw, json };
// --format, --output and --raw-csv.
std::vector<Flag> output_flags(const std::string& default_output);
Flag raw_csv_flag();
Format output_format(const Args& args);
// Fails early (before any work) when path cannot be written: anything but a regular file
// (a folder, device, FIFO, socket or symbolic link), or a missing or read-only parent folder.
void check_output_path(const std::filesystem::path& path);
// The files the command reads, as named on its command line: the events CSV, --opt-out and
// --rules (unless 'lifecycle').
std::vector<std::string> input_paths(const Args& args);
// Fails when writing output would destroy an input: the output file is an input (the same
// device and inode, so hard links and other spellings count), or, for an output folder
// (replaced as a whole), an input lies inside it.
void check_not_input(const Args& args, const std::filesystem::path& output, bool folder);
// --format is valid and --output, if given, can be written and is not an input.
void check_output(const Args& args);
// Parses a table-writing command's flags and checks its output; false when --help was asked
// for (and printed).
bool start_command(Args& args, int argc, char** argv);

// Text cells (and column names) starting with '=', '+', '-', '@', a tab or a carriage return
// are formulas to a spreadsheet: unless raw, each is written as "'<text>" (OWASP's rule), which
// a spreadsheet shows as the text.
std::string to_csv(const Table& table, bool raw = false);
std::string to_json(const Table& table);  // an array of records, null for missing values
std::string render(const Table& table, Format format);

// s as a JSON string literal, quotes included.
std::string json_string(const std::string& s);

// Shortest text that reads back as the same double.
std::string format_number(double x);

// Writes content to path through a temporary file in the same folder, flushed and renamed
// (segcore's atomic replacement: a regular file only, its permissions kept).
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

// The table to --output (atomically) or to standard output when there is no --output. The
// summary goes to standard output, or to standard error when the table took standard output.
void emit(const Args& args, const Table& table, const std::string& summary);

}  // namespace segcore_cli
