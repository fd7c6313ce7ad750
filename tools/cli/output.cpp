#include "output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "activity.hpp"
#include "core/huge_pages.hpp"
#include "input.hpp"
#include "model/atomic_file.hpp"

namespace segcore_cli {
namespace fs = std::filesystem;

Column& Table::add(Column::Kind kind, std::string name) {
  Column& c = columns.emplace_back();
  c.kind = kind;
  c.name = std::move(name);
  return c;
}

void Table::add_text(std::string name, std::vector<std::string> values) {
  add(Column::Kind::text, std::move(name)).text = std::move(values);
}

std::string display_id(std::string_view id) {
  const std::size_t dot = id.find('.');
  if (dot == std::string_view::npos || dot + 1 == id.size()) return std::string(id);
  const std::size_t sign = (id[0] == '-' || id[0] == '+') ? 1 : 0;
  if (dot == sign) return std::string(id);  // no integer digits: ".0"
  for (std::size_t i = sign; i < dot; ++i)
    if (id[i] < '0' || id[i] > '9') return std::string(id);
  for (std::size_t i = dot + 1; i < id.size(); ++i)
    if (id[i] != '0') return std::string(id);
  return std::string(id.substr(0, dot));
}

void Table::add_ids(std::string name, std::vector<std::string> values) {
  for (std::string& v : values) v = display_id(v);
  add_text(std::move(name), std::move(values));
}

void Table::add_number(std::string name, std::vector<double> values) {
  add(Column::Kind::number, std::move(name)).number = std::move(values);
}

void Table::add_integer(std::string name, std::vector<std::int64_t> values) {
  add(Column::Kind::integer, std::move(name)).integer = std::move(values);
}

void Table::add_integer(std::string name, const std::vector<std::int32_t>& values) {
  add_integer(std::move(name), std::vector<std::int64_t>(values.begin(), values.end()));
}

Table Table::of(const segcore::ProfileTable& p) {
  Table t;
  t.rows = p.size();
  t.add_ids("customer_id", p.customer_id);
  for (const segcore::ProfileColumn& pc : p.columns) {
    Column c;
    c.name = pc.name;
    c.valid = pc.valid;
    switch (pc.type) {
      case segcore::ColumnType::f64:
        c.kind = Column::Kind::number, c.number = pc.f64;
        break;
      case segcore::ColumnType::i64:
        c.kind = Column::Kind::integer, c.integer = pc.i64;
        break;
      case segcore::ColumnType::text:
        c.kind = Column::Kind::text, c.text = pc.text;
        break;
      case segcore::ColumnType::timestamp:
        c.kind = Column::Kind::text;
        for (std::size_t i = 0; i < pc.i64.size(); ++i)
          c.text.push_back(pc.valid.empty() || pc.valid[i] ? format_time(pc.i64[i]) : "");
        break;
    }
    t.columns.push_back(std::move(c));
  }
  return t;
}

std::vector<Flag> output_flags(const std::string& default_output) {
  return {{"format", "csv|json", "output format (default csv)"},
          {"output", "PATH", "where to write (default " + default_output + "); - is standard output"},
          raw_csv_flag()};
}

Flag raw_csv_flag() {
  return {"raw-csv", "", "write text cells as they are, even those a spreadsheet runs as formulas (=, +, -, @)"};
}

Format output_format(const Args& args) {
  if (args.get_choice("format", {"csv", "json"}, "csv") == "json") return Format::json;
  return args.has("raw-csv") ? Format::csv_raw : Format::csv;
}

void check_output_path(const fs::path& path) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  check(segcore::model_detail::check_replaceable(path.string()));
  if (!fs::is_directory(dir, ec)) throw CliError(dir.string() + ": no such folder");
  if (::access(dir.c_str(), W_OK) != 0) throw CliError(dir.string() + ": cannot write here: " + std::strerror(errno));
}

std::vector<std::string> input_paths(const Args& args) {
  std::vector<std::string> paths;
  for (const std::string& p : args.positional())
    if (p != "-") paths.push_back(p);
  if (auto p = args.get("opt-out")) paths.push_back(*p);
  if (auto p = args.get("rules"); p && *p != "lifecycle") paths.push_back(*p);
  return paths;
}

namespace {

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

// Whether path or one of its parent folders is the folder `dir` (compared by device and inode).
bool inside(const fs::path& path, const struct stat& dir) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  for (;;) {
    struct stat st;
    if (::stat(p.c_str(), &st) == 0 && same_file(st, dir)) return true;
    if (!p.has_relative_path()) return false;
    p = p.parent_path();
  }
}

}  // namespace

void check_not_input(const Args& args, const fs::path& output, bool folder) {
  struct stat out;
  if (::stat(output.c_str(), &out) != 0) return;  // nothing there yet: nothing to destroy
  for (const std::string& input : input_paths(args)) {
    struct stat in;
    if (::stat(input.c_str(), &in) != 0) continue;  // the reader reports a missing input
    if (same_file(in, out))
      throw CliError(output.string() + ": is the input " + input +
                     "; writing there would destroy it (choose another --output)");
    if (folder && S_ISDIR(out.st_mode) && inside(input, out))
      throw CliError(output.string() + ": holds the input " + input +
                     ", and an output folder is replaced as a whole (choose another --output)");
  }
}

void check_output(const Args& args) {
  output_format(args);
  if (auto path = args.get("output"); path && *path != "-") {
    check_output_path(*path);
    check_not_input(args, *path, false);
  }
}

bool start_command(Args& args, int argc, char** argv) {
  args.parse(argc, argv, 2);
  if (args.help_requested()) {
    std::fputs(args.help().c_str(), stdout);
    return false;
  }
  check_output(args);
  return true;
}

std::string json_string(const std::string& s) {
  std::string q = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\')
      q += '\\', q += static_cast<char>(ch);
    else if (ch == '\n')
      q += "\\n";
    else if (ch == '\t')
      q += "\\t";
    else if (ch == '\r')
      q += "\\r";
    else if (ch < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", ch);
      q += buf;
    } else
      q += static_cast<char>(ch);
  }
  return q + "\"";
}

std::string format_number(double x) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, p);
}

namespace {

bool missing(const Column& c, std::size_t i) {
  if (!c.valid.empty() && !c.valid[i]) return true;
  return c.kind == Column::Kind::number && !std::isfinite(c.number[i]);
}

// OWASP's list of characters that make a spreadsheet read a cell as a formula.
bool formula_like(const std::string& s) {
  return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

std::string quoted(const std::string& s) {
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string csv_field(const std::string& s) { return s.find_first_of(",\"\r\n") == std::string::npos ? s : quoted(s); }

std::string cell(const Column& c, std::size_t i) {
  switch (c.kind) {
    case Column::Kind::number:
      return format_number(c.number[i]);
    case Column::Kind::integer:
      return std::to_string(c.integer[i]);
    case Column::Kind::text:
      return c.text[i];
  }
  return {};
}

}  // namespace

namespace {

// Room for `rows` rows like the ones in `out` so far, and a quarter more: growing a table of
// hundreds of MB by doubling copies it again and again into freshly faulted pages.
void reserve_for_rows(std::string& out, std::size_t rows) {
  const std::size_t want = out.size() * rows / 4 * 5;
  out.reserve(want);
  segcore::detail::advise_huge_pages(out.data(), want);
}

}  // namespace

std::string to_csv(const Table& t, bool raw) {
  // A guarded cell is always quoted, so that the ' reads as part of the text.
  auto text = [raw](const std::string& s) { return raw || !formula_like(s) ? csv_field(s) : quoted("'" + s); };
  std::string out;
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    if (j) out += ',';
    out += text(t.columns[j].name);
  }
  out += '\n';
  for (std::size_t i = 0; i < t.rows; ++i) {
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      const Column& c = t.columns[j];
      if (j) out += ',';
      if (!missing(c, i)) out += c.kind == Column::Kind::text ? text(c.text[i]) : cell(c, i);
    }
    out += '\n';
    if (i == 0) reserve_for_rows(out, t.rows);
  }
  return out;
}

std::string to_json(const Table& t) {
  std::string out = "[";
  for (std::size_t i = 0; i < t.rows; ++i) {
    out += i ? ",\n {" : "\n {";
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      const Column& c = t.columns[j];
      out += (j ? ", " : "") + json_string(c.name) + ": ";
      if (missing(c, i))
        out += "null";
      else
        out += c.kind == Column::Kind::text ? json_string(c.text[i]) : cell(c, i);
    }
    out += '}';
  }
  return out + "\n]\n";
}

std::string render(const Table& t, Format f) {
  return f == Format::json ? to_json(t) : to_csv(t, f == Format::csv_raw);
}

void write_file_atomic(const fs::path& path, std::string_view content) {
  check_output_path(path);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(content.data());
  check(segcore::model_detail::replace_file_atomically(path.string(), {bytes, content.size()}));
}

void emit(const Args& args, const Table& table, const std::string& summary) {
  current_activity() = "writing the output";
  const std::string text = render(table, output_format(args));
  if (auto path = args.get("output"); path && *path != "-") {
    write_file_atomic(*path, text);
    std::cout << summary << "wrote " << table.rows << " rows to " << *path << "\n";
  } else {
    std::cout << text << std::flush;
    std::cerr << summary;
  }
}

}  // namespace segcore_cli
