// libFuzzer target, differential: the rule engine's two evaluators must agree. The input drives
// a table (values drawn from a pool of awkward ones: NaN, infinities, -0, subnormals, huge
// integers, empty and missing texts) and a rule, either generated from the grammar of
// docs/RULES.md (so most inputs compile) or the raw bytes. For every row, the column-wise
// batch evaluator (on 1 and on 3 threads), evaluate_one on the row's values (read by
// row_values and built here independently), and explain's verdict must say the same; a
// disagreement aborts with the rule and the row.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "segcore/segcore.hpp"

namespace {

// Reads the fuzzer's bytes as small choices; past the end every choice is 0.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  unsigned pick(unsigned n) { return n == 0 ? 0 : (pos_ < size_ ? data_[pos_++] : 0) % n; }
  bool flag() { return pick(2) == 1; }
  bool empty() const { return pos_ >= size_; }
  std::string rest() { return std::string(reinterpret_cast<const char*>(data_ + pos_), size_ - pos_); }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kNumbers[] = {
    0.0,        -0.0,       1,    -1, 0.5, 3, 7, -2.5, 1e308, -1e308, kInf, -kInf, kNaN, 4.9e-324, 9007199254740993.0,
    1600000000, 1700000000, 86400};
const std::int64_t kIntegers[] = {0,
                                  1,
                                  -1,
                                  3,
                                  7,
                                  86400,
                                  1600000000,
                                  1700000000,
                                  std::int64_t{1} << 53,
                                  (std::int64_t{1} << 53) + 1,
                                  std::numeric_limits<std::int64_t>::max(),
                                  std::numeric_limits<std::int64_t>::min()};
const char* const kTexts[] = {"", "Oslo", "O", "Oslo2", "a'b", "\xc3\xa9t\xc3\xa9", "oslo", "web"};
// Literals as a rule writes them.
const char* const kNumberLiterals[] = {
    "0", "1", "3", "0.5", ".5", "2.5e0", "1e308", "1e309", "86400", "1600000000", "9007199254740993", "1e-320", "7"};
const char* const kTextLiterals[] = {"''", "'Oslo'", "'O'", "\"Oslo2\"", "'a\\'b'", "'\xc3\xa9t\xc3\xa9'", "'web'"};

// Columns: two f64, an i64 and a timestamp with validity masks, a text with a mask and a
// C text whose NULL entries are missing.
struct Table {
  std::vector<double> a, b;
  std::vector<std::int64_t> n, t;
  std::vector<std::string> city;
  std::vector<const char*> tag;
  std::vector<std::uint8_t> n_valid, t_valid, city_valid;
  segcore::TableView view;

  Table(Bytes& in) {
    const std::size_t pattern = 1 + in.pick(24);
    // Sometimes long enough for two blocks of 2048 rows, so whole-block shortcuts are crossed.
    const std::size_t rows = in.flag() && in.flag() ? 2048 + pattern * 7 : pattern;
    std::vector<unsigned> choice(pattern * 8);
    for (auto& c : choice) c = in.pick(256);
    for (std::size_t r = 0; r < rows; ++r) {
      const unsigned* c = &choice[(r % pattern) * 8];
      const unsigned shift = static_cast<unsigned>(r / pattern);  // later repeats differ a little
      a.push_back(kNumbers[(c[0] + shift) % std::size(kNumbers)]);
      b.push_back(kNumbers[c[1] % std::size(kNumbers)]);
      n.push_back(kIntegers[c[2] % std::size(kIntegers)]);
      n_valid.push_back(c[3] % 5 != 0);
      t.push_back(kIntegers[(c[4] + shift) % std::size(kIntegers)]);
      t_valid.push_back(c[3] % 7 != 0);
      city.push_back(kTexts[c[5] % std::size(kTexts)]);
      city_valid.push_back(c[6] % 6 != 0);
      tag.push_back(c[7] % 5 == 0 ? nullptr : kTexts[c[7] % std::size(kTexts)]);
    }
    view.rows = rows;
    view.columns = {{"a", segcore::ColumnType::f64, a.data()},
                    {"b", segcore::ColumnType::f64, b.data()},
                    {"n", segcore::ColumnType::i64, nullptr, n.data(), nullptr, nullptr, n_valid.data()},
                    {"t", segcore::ColumnType::timestamp, nullptr, t.data(), nullptr, nullptr, t_valid.data()},
                    {"city", segcore::ColumnType::text, nullptr, nullptr, city.data(), nullptr, city_valid.data()},
                    {"tag", segcore::ColumnType::text, nullptr, nullptr, nullptr, tag.data()}};
  }

  // The value of one field in one row, read here rather than by Rule::row_values.
  segcore::FieldValue value(const std::string& name, std::size_t r) const {
    using segcore::FieldValue;
    if (name == "a") return FieldValue::of(a[r]);
    if (name == "b") return FieldValue::of(b[r]);
    if (name == "n") return n_valid[r] ? FieldValue::of(static_cast<double>(n[r])) : FieldValue::missing();
    if (name == "t") return t_valid[r] ? FieldValue::of(static_cast<double>(t[r])) : FieldValue::missing();
    if (name == "city") return city_valid[r] ? FieldValue::of_text(city[r]) : FieldValue::missing();
    if (name == "tag") return tag[r] ? FieldValue::of_text(tag[r]) : FieldValue::missing();
    std::abort();  // the rule compiled against these columns only
  }
};

// A rule from the grammar of docs/RULES.md, typed so that most compile.
class Generator {
 public:
  explicit Generator(Bytes& in) : in_(in) {}
  std::string condition(int depth) {
    if (depth > 4) return comparison(depth);
    switch (in_.pick(8)) {
      case 0:
        return condition(depth + 1) + " and " + condition(depth + 1);
      case 1:
        return condition(depth + 1) + " or " + condition(depth + 1);
      case 2:
        return "not " + condition(depth + 1);
      case 3:
        return "(" + condition(depth + 1) + ")";
      default:
        return comparison(depth);
    }
  }

 private:
  std::string comparison(int depth) {
    static const char* const ops[] = {"<", "<=", ">", ">=", "=", "==", "!=", "<>"};
    static const char* const text_ops[] = {"=", "!=", "==", "<>", "contains", "starts_with"};
    switch (in_.pick(12)) {
      case 0:
        return number(depth + 1) + (in_.flag() ? " not" : "") + " between " + number(depth + 1) + " and " +
               number(depth + 1);
      case 1:
        return number(depth + 1) + (in_.flag() ? " not" : "") + " in (" + list(kNumberLiterals, true) + ")";
      case 2:
        return text() + (in_.flag() ? " not" : "") + " in (" + list(kTextLiterals, false) + ")";
      case 3:
        return text() + " " + text_ops[in_.pick(std::size(text_ops))] + " " + text();
      case 4:
        return (in_.flag() ? number(depth + 1) : text()) + (in_.flag() ? " is not missing" : " is missing");
      case 5:
        return "exists(" + (in_.flag() ? number(depth + 1) : text()) + ")";
      case 6:
        return in_.flag() ? "true" : "false";
      default:
        return number(depth + 1) + " " + ops[in_.pick(std::size(ops))] + " " + number(depth + 1);
    }
  }
  std::string number(int depth) {
    static const char* const fields[] = {"a", "b", "n", "t", "`a`"};
    static const char* const arith[] = {" + ", " - ", " * ", " / "};
    if (depth > 6) return fields[in_.pick(std::size(fields))];
    switch (in_.pick(9)) {
      case 0:
      case 1:
        return number(depth + 1) + arith[in_.pick(4)] + number(depth + 1);
      case 2:
        return "-" + number(depth + 1);
      case 3:
        return "days_since(" + number(depth + 1) + ")";
      case 4:
        return "(" + number(depth + 1) + ")";
      case 5:
        return kNumberLiterals[in_.pick(std::size(kNumberLiterals))];
      default:
        return fields[in_.pick(std::size(fields))];
    }
  }
  std::string text() {
    static const char* const fields[] = {"city", "tag", "`city`"};
    return in_.pick(3) == 0 ? kTextLiterals[in_.pick(std::size(kTextLiterals))] : fields[in_.pick(std::size(fields))];
  }
  std::string list(const char* const* items, bool numbers) {
    const std::size_t count = numbers ? std::size(kNumberLiterals) : std::size(kTextLiterals);
    std::string s;
    for (unsigned i = 0, k = 1 + in_.pick(4); i < k; ++i) {
      if (i) s += ", ";
      if (numbers && in_.pick(4) == 0) s += "-";
      s += items[in_.pick(static_cast<unsigned>(count))];
    }
    return s;
  }
  Bytes& in_;
};

const char* word(segcore::Truth t) {
  return t == segcore::Truth::is_true ? "true" : t == segcore::Truth::is_false ? "false" : "unknown";
}

[[noreturn]] void disagree(const segcore::Rule& rule, const Table& table, std::size_t row, const char* what) {
  std::fprintf(stderr,
               "rule evaluators disagree (%s)\n  rule: %s\n  row %zu of %zu: a=%.17g b=%.17g n=%lld%s t=%lld%s city=%s "
               "tag=%s\n  as_of: %s\n",
               what, rule.text().c_str(), row, table.view.rows, table.a[row], table.b[row],
               static_cast<long long>(table.n[row]), table.n_valid[row] ? "" : "(missing)",
               static_cast<long long>(table.t[row]), table.t_valid[row] ? "" : "(missing)",
               table.city_valid[row] ? ("'" + table.city[row] + "'").c_str() : "missing",
               table.tag[row] ? table.tag[row] : "missing",
               table.view.as_of ? std::to_string(*table.view.as_of).c_str() : "none");
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Bytes in(data, size);
  Table table(in);
  static const std::int64_t as_ofs[] = {1700000000, 0, -86400, std::numeric_limits<std::int64_t>::max()};
  const unsigned as_of = in.pick(5);
  if (as_of < 4) table.view.as_of = as_ofs[as_of];
  const bool raw = in.pick(4) == 0;
  const std::string text = raw ? in.rest() : Generator(in).condition(0);

  segcore::Schema schema;
  for (const auto& c : table.view.columns) schema.push_back({c.name, c.type});
  auto rule = segcore::Rule::compile(text, schema);
  if (!rule.ok()) return 0;
  std::vector<std::uint8_t> batch(table.view.rows), threaded(table.view.rows);
  const segcore::Status st = rule->evaluate(table.view, batch, 1);
  // A table without as_of cannot evaluate days_since() in a batch; one profile gets missing.
  if (!st.ok()) {
    if (table.view.as_of) disagree(*rule, table, 0, ("batch failed: " + st.ToString()).c_str());
    return 0;
  }
  // Threads share out blocks of 2048 rows: only a longer table can split.
  if (table.view.rows > 2048 && (!rule->evaluate(table.view, threaded, 3).ok() || threaded != batch))
    disagree(*rule, table, 0, "1 thread vs 3");

  std::vector<segcore::FieldValue> own(rule->fields().size());
  for (std::size_t r = 0; r < table.view.rows; ++r) {
    auto values = rule->row_values(table.view, r);
    if (!values.ok()) disagree(*rule, table, r, "row_values failed");
    for (std::size_t j = 0; j < own.size(); ++j) own[j] = table.value(rule->fields()[j].name, r);
    const segcore::Truth one = rule->evaluate_one(*values, table.view.as_of);
    if ((batch[r] == 1) != (one == segcore::Truth::is_true)) disagree(*rule, table, r, "batch vs evaluate_one");
    if (rule->evaluate_one(own, table.view.as_of) != one)
      disagree(*rule, table, r, "row_values vs the values read here");
    if (r % 64 != 0 && r >= 64) continue;  // explain builds text: a sample of the rows of a long table
    auto why = rule->explain(table.view, r);
    if (!why.ok() || why->rfind(std::string(word(one)) + ":", 0) != 0)
      disagree(*rule, table, r, "explain vs evaluate_one");
  }
  return 0;
}
