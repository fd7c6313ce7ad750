#include "input.hpp"

#include "absl/container/flat_hash_map.h"
#include "engagement_step.hpp"
#include "influence_step.hpp"
#include "listening_step.hpp"
#include "sentiment_step.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <string_view>
#include <thread>

#include "sample_data.hpp"

namespace segcore_cli {
namespace {

// The header's field names, split on the delimiter with CSV quoting (for defaults that depend
// on which columns exist), from the input already in memory: at most its first line.
std::vector<std::string> peek_header(std::string_view text, char delimiter) {
  std::vector<std::string> names;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.remove_prefix(3);
  std::string_view line = text.substr(0, text.find_first_of("\r\n"));
  std::string field;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == delimiter && !quoted)
      names.push_back(field), field.clear();
    else
      field += c;
  }
  names.push_back(field);
  return names;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  for (const auto& n : names)
    if (n == name) return true;
  return false;
}

char delimiter_of(const Args& args) {
  std::string d = args.get_or("delimiter", ",");
  if (d == "\\t" || d == "tab") return '\t';
  if (d.size() != 1 || d == "\"" || d == "\n" || d == "\r")
    throw UsageError("--delimiter: '" + d + "' is not one character (use 'tab' for a tab)");
  return d[0];
}

}  // namespace

std::vector<Flag> input_flags() {
  const segcore::CsvColumns d;  // the library's column names are the tool's defaults
  return {
      {"customer-col", "NAME", "customer id column (default " + d.customer + ")"},
      {"time-col", "NAME", "timestamp column (default " + d.timestamp + ")"},
      {"amount-col", "NAME", "amount column (default " + d.amount + ")"},
      {"quantity-col", "NAME", "quantity column: amount = quantity x price (with --price-col)"},
      {"price-col", "NAME", "unit price column (with --quantity-col)"},
      {"order-col", "NAME", "order id column (default order_id when the header has it)"},
      {"category-cols", "A,B", "columns counted per customer and value (event type, channel)"},
      {"attribute-cols", "A,B", "text columns carried per customer (latest value)"},
      {"numeric-cols", "A,B", "numeric columns carried per customer (latest value)"},
      {"delimiter", "C", "field delimiter (default ','; 'tab' for a tab)"},
      {"time-format", "F", Args::choices_help(segcore::CsvOptions{}.timestamp_format)},
      {"strict", "", "stop at the first bad row instead of skipping and reporting it"},
      {"drop-duplicates", "", "remove exact duplicate rows (they are always counted)"},
      {"skip-duplicate-check", "",
       "do not look for exact duplicate rows: faster, and `rfm` then reads a plain file in windows, with memory for "
       "its customers only (docs/CLI.md)"},
      {"opt-out", "FILE", "customer ids, one per line, left out of every output (docs/PRIVACY.md)"},
  };
}

std::vector<Flag> profile_flags() {
  std::vector<Flag> f = {
      {"as-of", "TIME", "profiles as of this time: ISO-8601 or epoch seconds (default: last event + 1 day)"},
      {"windows", "D,D", "window lengths in days for orders_<d>d and amount_<d>d (default 7,30,90)"},
      {"threads", "N", "threads to use (default: every hardware thread)"},
  };
  for (auto& x : engagement_flags()) f.push_back(x);
  for (auto& x : sentiment_flags()) f.push_back(x);
  for (auto& x : listening_flags()) f.push_back(x);
  for (auto& x : influence_flags()) f.push_back(x);
  return f;
}

bool blank_cell(std::string_view cell) { return cell.find_first_not_of(" \t") == std::string_view::npos; }

void read_as_attribute(segcore::CsvColumns& c, const std::string& name) {
  if (std::find(c.attributes.begin(), c.attributes.end(), name) == c.attributes.end()) c.attributes.push_back(name);
}

const segcore::Categorical& attribute_column(const segcore::EventTable& events, const std::string& name) {
  for (const auto& a : events.attributes)
    if (a.name == name) return a;
  throw CliError("internal: the attribute column " + name + " was not read");
}

void drop_carried_column(const Args& args, const std::string& name, segcore::ProfileTable& profiles) {
  if (args.has("attribute-cols")) {
    const auto listed = args.get_list("attribute-cols");
    if (std::find(listed.begin(), listed.end(), name) != listed.end()) return;
  }
  std::erase_if(profiles.columns, [&](const segcore::ProfileColumn& c) { return c.name == name; });
}

std::vector<std::uint32_t> customer_codes_of_rows(const segcore::EventTable& events,
                                                  const segcore::ProfileTable& profiles) {
  absl::flat_hash_map<std::string_view, std::uint32_t> code_of;
  for (std::uint32_t c = 0; c < events.customer.values.size(); ++c) code_of[events.customer.values[c]] = c;
  std::vector<std::uint32_t> codes(profiles.size(), kNoCustomer);
  for (std::size_t r = 0; r < profiles.size(); ++r)
    if (const auto found = code_of.find(profiles.customer_id[r]); found != code_of.end()) codes[r] = found->second;
  return codes;
}

int thread_count(const Args& args) { return static_cast<int>(args.get_int("threads", 0, 1, 1024)); }

std::optional<std::int64_t> as_of(const Args& args) {
  auto text = args.get("as-of");
  if (!text) return std::nullopt;
  std::int64_t t = 0;
  if (!segcore::parse_timestamp(*text, segcore::TimestampFormat::automatic, t))
    throw UsageError("--as-of: '" + *text + "' is not a time (use ISO-8601 such as 2011-12-10 or epoch seconds)");
  return t;
}

void check(const segcore::Status& status) {
  if (!status.ok()) throw CliError(std::string(status.message()));
}

namespace {

// read_csv's options from the flags; `header` is the input's start (for the default order
// column: order_id when the header has it).
segcore::CsvOptions csv_options(const Args& args, std::string_view header, bool sample) {
  segcore::CsvOptions o;
  o.delimiter = delimiter_of(args);
  o.mode = args.has("strict") ? segcore::IngestMode::strict : segcore::IngestMode::lenient;
  args.exclusive({"drop-duplicates", "skip-duplicate-check"});
  o.duplicates = args.has("drop-duplicates") ? segcore::DuplicatePolicy::drop : segcore::DuplicatePolicy::report;
  if (args.has("skip-duplicate-check")) o.duplicates = segcore::DuplicatePolicy::ignore;
  o.n_threads = thread_count(args);
  o.timestamp_format = args.get_enum("time-format", o.timestamp_format);
  segcore::CsvColumns& c = o.columns;
  if (sample) {  // the Online Retail columns; cancellations are invoices starting with "C"
    c.customer = "CustomerID", c.timestamp = "InvoiceDate", c.amount = "";
    c.quantity = "Quantity", c.price = "UnitPrice", c.order = "InvoiceNo";
    c.attributes = {"Country"};
  } else if (contains(peek_header(header, o.delimiter), "order_id")) {
    c.order = "order_id";
  }
  args.exclusive({"amount-col", "quantity-col"});
  args.exclusive({"amount-col", "price-col"});
  if (args.has("quantity-col") != args.has("price-col"))
    throw UsageError("--quantity-col and --price-col go together (amount = quantity x price)");
  c.customer = args.get_or("customer-col", c.customer);
  c.timestamp = args.get_or("time-col", c.timestamp);
  if (args.has("amount-col")) c.amount = *args.get("amount-col"), c.quantity.clear(), c.price.clear();
  if (args.has("quantity-col")) {
    c.amount.clear();
    c.quantity = *args.get("quantity-col");
    c.price = *args.get("price-col");
  }
  c.order = args.get_or("order-col", c.order);
  if (args.has("category-cols")) c.categories = args.get_list("category-cols");
  if (args.has("attribute-cols")) c.attributes = args.get_list("attribute-cols");
  if (args.has("numeric-cols")) c.numerics = args.get_list("numeric-cols");
  add_engagement_columns(args, c);
  add_sentiment_columns(args, c);
  check_listening_flags(args);
  add_influence_columns(args, c);
  return o;
}

void check_one_input(const Args& args) {
  if (args.positional().size() > 1)
    throw UsageError("one input file expected, got " + std::to_string(args.positional().size()));
}

}  // namespace

Input load_input(const Args& args) {
  check_one_input(args);
  Input in;
  const bool sample = args.positional().empty();
  in.source = sample ? "bundled sample (Online Retail, 2010-12-01 to 2011-12-08)" : args.positional()[0];
  in.duplicates_checked = !args.has("skip-duplicate-check");
  // The input is read once, whole (standard input, a pipe or a compressed file can be read only
  // once), then the header is looked at and the text parsed.
  segcore::InputText file;
  std::string_view text(sample_csv().data(), sample_csv().size());
  if (!sample) {
    file = take(segcore::read_input(in.source, thread_count(args)));
    text = std::string_view(file.view().data(), file.view().size());
  }
  if (in.source == "-") in.source = "standard input";
  const segcore::CsvOptions o = csv_options(args, text, sample);
  in.data =
      take(segcore::parse_csv(absl::string_view(text.data(), text.size()), o, sample ? "bundled sample" : in.source));
  file = segcore::InputText();  // the text is no longer needed: free it before the job runs
  if (in.data.events.rows() == 0)
    throw CliError(in.source + ": no usable rows (" + std::to_string(in.data.report.rows_skipped) +
                   " skipped; run with --strict to see the first error)");
  // Opted-out customers leave the events before anything is derived from them.
  if (auto path = args.get("opt-out")) {
    in.opt_out = segcore::exclude_customers(in.data.events, take(segcore::read_opt_out_file(*path)));
    if (in.data.events.rows() == 0)
      throw CliError(in.source + ": no rows left: every customer is on the opt-out list " + *path);
  }
  return in;
}

std::optional<segcore::CsvRfmOptions> windowed_rfm_options(const Args& args) {
  check_one_input(args);
  if (!args.has("skip-duplicate-check") || args.positional().empty() || args.has("opt-out")) return std::nullopt;
  const std::string& path = args.positional()[0];
  struct stat st;
  if (path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::string head(std::size_t{1} << 16, '\0');  // the header's first line, for the default order column
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;  // the whole-file path names the error
  const ssize_t n = ::read(fd, head.data(), head.size());
  ::close(fd);
  head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  segcore::CsvRfmOptions o;
  o.csv = csv_options(args, head, false);
  const segcore::CsvColumns& c = o.csv.columns;
  if (!c.order.empty() || !c.categories.empty() || !c.attributes.empty() || !c.numerics.empty()) return std::nullopt;
  o.as_of = as_of(args);
  return o;
}

std::string read_small_file(const std::string& path, std::size_t max_bytes, const std::string& what) {
  // Opened without blocking: a FIFO would otherwise wait for a writer forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) throw CliError(path + ": no such file");
    throw CliError(path + ": cannot open: " + std::strerror(errno));
  }
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    throw CliError(path + ": is " + (S_ISDIR(st.st_mode) ? "a folder" : "not a regular file") + ", not a " + what);
  std::string text;
  std::vector<char> buf(std::min<std::size_t>(max_bytes + 1, std::size_t{1} << 16));
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw CliError(path + ": cannot read: " + std::strerror(errno));
    if (n == 0) return text;
    text.append(buf.data(), static_cast<std::size_t>(n));
    if (text.size() > max_bytes)
      throw CliError(path + ": more than " + std::to_string(max_bytes) + " bytes, too large for a " + what);
  }
}

std::string opt_out_line(const segcore::OptOutReport& r) {
  return std::to_string(r.customers) + " opted-out customer" + (r.customers == 1 ? "" : "s") + " (" +
         std::to_string(r.rows) + " rows) left out; " + std::to_string(r.listed) + " ids listed";
}

std::vector<RowCount> row_counts(const segcore::IngestReport& r, bool duplicates_checked) {
  const bool dropped = r.duplicates_dropped;
  std::vector<RowCount> counts = {{"records read", "record read", r.records},
                                  {"rows used", "row used", r.rows_kept},
                                  {"rows skipped", "row skipped", r.rows_skipped}};
  if (duplicates_checked)
    counts.push_back({dropped ? "exact duplicates dropped" : "exact duplicates kept",
                      dropped ? "exact duplicate dropped" : "exact duplicate kept", r.duplicates});
  return counts;
}

std::string row_counts_line(const segcore::IngestReport& r, bool duplicates_checked) {
  std::string s;
  for (const RowCount& c : row_counts(r, duplicates_checked))
    s += (s.empty() ? "" : ", ") + std::to_string(c.count) + " " + (c.count == 1 ? c.singular : c.label);
  return s;
}

segcore::ProfileTable build_profiles(const Args& args, const segcore::EventTable& events) {
  segcore::ProfileOptions po;
  po.as_of = as_of(args);
  po.n_threads = thread_count(args);
  if (args.has("windows")) {
    po.window_days.clear();
    for (double d : args.get_numbers("windows")) {
      if (d != static_cast<int>(d) || d < 1 || d > 36500)
        throw UsageError("--windows: each window is a whole number of days in [1, 36500]");
      po.window_days.push_back(static_cast<int>(d));
    }
  }
  segcore::ProfileTable table = take(segcore::build_profiles(events, po));
  add_engagement(args, events, po.window_days, table);
  add_listening(args, events, po.window_days, table);
  add_sentiment(args, events, table);
  add_influence(args, events, table);
  return table;
}

std::string format_time(std::int64_t t) {
  using namespace std::chrono;
  const sys_seconds s{seconds{t}};
  const auto day = floor<days>(s);
  const year_month_day ymd{day};
  const hh_mm_ss hms{s - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buf;
}

}  // namespace segcore_cli
