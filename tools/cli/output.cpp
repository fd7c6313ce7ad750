#include "output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>

#include "input.hpp"

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
  t.add_text("customer_id", p.customer_id);
  for (const segcore::ProfileColumn& pc : p.columns) {
    Column c;
    c.name = pc.name;
    c.valid = pc.valid;
    switch (pc.type) {
      case segcore::ColumnType::f64: c.kind = Column::Kind::number, c.number = pc.f64; break;
      case segcore::ColumnType::i64: c.kind = Column::Kind::integer, c.integer = pc.i64; break;
      case segcore::ColumnType::text: c.kind = Column::Kind::text, c.text = pc.text; break;
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
          {"output", "PATH", "where to write (default " + default_output + ")"}};
}

Format output_format(const Args& args) {
  return args.get_choice("format", {"csv", "json"}, "csv") == "json" ? Format::json : Format::csv;
}

void check_output_path(const fs::path& path) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw CliError(path.string() + ": is a folder, not a file");
  if (!fs::is_directory(dir, ec)) throw CliError(dir.string() + ": no such folder");
  if (::access(dir.c_str(), W_OK) != 0) throw CliError(dir.string() + ": cannot write here: " + std::strerror(errno));
}

void check_output(const Args& args) {
  output_format(args);
  if (auto path = args.get("output"); path && *path != "-") check_output_path(*path);
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

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string json_string(const std::string& s) {
  std::string q = "\"";
  for (unsigned char ch : s) {
    if (ch == '"' || ch == '\\') q += '\\', q += static_cast<char>(ch);
    else if (ch == '\n') q += "\\n";
    else if (ch == '\t') q += "\\t";
    else if (ch == '\r') q += "\\r";
    else if (ch < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", ch);
      q += buf;
    } else q += static_cast<char>(ch);
  }
  return q + "\"";
}

// ".name.tmp123456": beside the target, hidden, unlikely to collide.
std::string hidden_name(const std::string& name, const char* kind, unsigned random) {
  std::string s(1, '.');
  s.append(name).append(kind).append(std::to_string(random % 1000000));
  return s;
}

std::string cell(const Column& c, std::size_t i) {
  switch (c.kind) {
    case Column::Kind::number: return format_number(c.number[i]);
    case Column::Kind::integer: return std::to_string(c.integer[i]);
    case Column::Kind::text: return c.text[i];
  }
  return {};
}

}  // namespace

std::string to_csv(const Table& t) {
  std::string out;
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    if (j) out += ',';
    out += csv_field(t.columns[j].name);
  }
  out += '\n';
  for (std::size_t i = 0; i < t.rows; ++i) {
    for (std::size_t j = 0; j < t.columns.size(); ++j) {
      if (j) out += ',';
      if (!missing(t.columns[j], i)) out += csv_field(cell(t.columns[j], i));
    }
    out += '\n';
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
      if (missing(c, i)) out += "null";
      else out += c.kind == Column::Kind::text ? json_string(c.text[i]) : cell(c, i);
    }
    out += '}';
  }
  return out + "\n]\n";
}

std::string render(const Table& t, Format f) { return f == Format::json ? to_json(t) : to_csv(t); }

void write_file_atomic(const fs::path& path, std::string_view content) {
  check_output_path(path);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::error_code ec;
  std::random_device rd;
  const fs::path tmp = dir / hidden_name(path.filename().string(), ".tmp", rd());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw CliError(dir.string() + ": cannot write here: " + std::strerror(errno));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int e = errno;
      ::close(fd);
      fs::remove(tmp, ec);
      throw CliError(path.string() + ": write failed: " + std::strerror(e));
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    fs::remove(tmp, ec);
    throw CliError(path.string() + ": cannot finish writing: " + std::strerror(e));
  }
}

void emit(const Args& args, const Table& table, const std::string& summary) {
  const std::string text = render(table, output_format(args));
  if (auto path = args.get("output"); path && *path != "-") {
    write_file_atomic(*path, text);
    std::cout << summary << "wrote " << table.rows << " rows to " << *path << "\n";
  } else {
    std::cout << text << std::flush;
    std::cerr << summary;
  }
}

OutputDir::OutputDir(fs::path target) : target_(std::move(target)) {
  std::error_code ec;
  if (fs::exists(target_, ec) && !fs::is_directory(target_, ec))
    throw CliError(target_.string() + ": exists and is not a folder");
  const fs::path parent = fs::absolute(target_, ec).parent_path();
  if (!fs::is_directory(parent, ec)) throw CliError(parent.string() + ": no such folder");
  std::random_device rd;
  staging_ = parent / hidden_name(target_.filename().string(), ".partial", rd());
  if (!fs::create_directory(staging_, ec))
    throw CliError(parent.string() + ": cannot create an output folder here: " + ec.message());
}

OutputDir::~OutputDir() {
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputDir::write(const std::string& name, std::string_view content) {
  write_file_atomic(staging_ / name, content);
  names_.push_back(name);
}

void OutputDir::commit() {
  std::error_code ec;
  fs::create_directories(target_, ec);
  if (ec) throw CliError(target_.string() + ": cannot create: " + ec.message());
  // Files move one by one; each rename is atomic and the staging folder is on the same device.
  for (const std::string& name : names_) {
    fs::rename(staging_ / name, target_ / name, ec);
    if (ec) throw CliError((target_ / name).string() + ": cannot write: " + ec.message());
  }
  committed_ = true;
}

}  // namespace segcore_cli
