#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "segcore/rules.hpp"

using namespace segcore;

namespace {

// A small table: a (f64), n (i64), t (timestamp), city (text); every column has missing values.
struct Data {
  std::vector<double> a;
  std::vector<std::int64_t> n, t;
  std::vector<std::string> city;
  std::vector<std::uint8_t> a_ok, n_ok, t_ok, city_ok;

  std::size_t size() const { return a.size(); }
  TableView view() const {
    TableView v;
    v.rows = size();
    v.as_of = 1900;
    v.columns.push_back({"a", ColumnType::f64, a.data(), nullptr, nullptr, nullptr, a_ok.data()});
    v.columns.push_back({"n", ColumnType::i64, nullptr, n.data(), nullptr, nullptr, n_ok.data()});
    v.columns.push_back({"t", ColumnType::timestamp, nullptr, t.data(), nullptr, nullptr, t_ok.data()});
    v.columns.push_back({"city", ColumnType::text, nullptr, nullptr, city.data(), nullptr, city_ok.data()});
    return v;
  }
};

Schema schema() {
  return {{"a", ColumnType::f64}, {"n", ColumnType::i64}, {"t", ColumnType::timestamp}, {"city", ColumnType::text}};
}

Data make_data(std::size_t rows, unsigned seed) {
  std::mt19937 g(seed);
  std::uniform_real_distribution<double> u(-10, 10);
  std::uniform_int_distribution<int> small(0, 9);
  const char* cities[] = {"Paris", "Oslo", "Lima", ""};
  Data d;
  for (std::size_t i = 0; i < rows; ++i) {
    d.a.push_back(std::round(u(g) * 4) / 4);
    d.n.push_back(small(g));
    d.t.push_back(1000 + small(g) * 100);
    d.city.push_back(cities[small(g) % 4]);
    d.a_ok.push_back(small(g) != 0);
    d.n_ok.push_back(small(g) != 0);
    d.t_ok.push_back(small(g) != 0);
    d.city_ok.push_back(small(g) != 0);
    if (!d.a_ok.back()) d.a.back() = std::nan("");
  }
  return d;
}

// An independent reference in three-valued logic: nullopt is unknown.
using Tri = std::optional<bool>;
Tri AND(Tri x, Tri y) {
  if (x == false || y == false) return false;
  if (x && y) return true;
  return std::nullopt;
}
Tri OR(Tri x, Tri y) {
  if (x == true || y == true) return true;
  if (x && y) return false;
  return std::nullopt;
}
Tri NOT(Tri x) { return x ? Tri(!*x) : std::nullopt; }

struct Case {
  const char* text;
  std::function<Tri(const Data&, std::size_t)> ref;
};

std::optional<double> A(const Data& d, std::size_t i) { return d.a_ok[i] ? std::optional(d.a[i]) : std::nullopt; }
std::optional<double> N(const Data& d, std::size_t i) {
  return d.n_ok[i] ? std::optional<double>(d.n[i]) : std::nullopt;
}
std::optional<std::string> C(const Data& d, std::size_t i) {
  return d.city_ok[i] ? std::optional(d.city[i]) : std::nullopt;
}
template <class X, class F>
Tri cmp(X x, F f) {
  return x ? Tri(f(*x)) : std::nullopt;
}

std::vector<Case> cases() {
  return {
      {"a > 2", [](auto& d, auto i) { return cmp(A(d, i), [](double x) { return x > 2; }); }},
      {"2 < a", [](auto& d, auto i) { return cmp(A(d, i), [](double x) { return x > 2; }); }},
      {"n >= 3 and a < 0",
       [](auto& d, auto i) {
         return AND(cmp(N(d, i), [](double x) { return x >= 3; }), cmp(A(d, i), [](double x) { return x < 0; }));
       }},
      {"n = 1 or n == 2 or a <= -9",
       [](auto& d, auto i) {
         return OR(OR(cmp(N(d, i), [](double x) { return x == 1; }), cmp(N(d, i), [](double x) { return x == 2; })),
                   cmp(A(d, i), [](double x) { return x <= -9; }));
       }},
      {"not a > 0", [](auto& d, auto i) { return NOT(cmp(A(d, i), [](double x) { return x > 0; })); }},
      {"a is missing or city is not missing",
       [](auto& d, auto i) { return OR(Tri(!d.a_ok[i]), Tri(bool(d.city_ok[i]))); }},
      {"city = 'Paris' or city in ('Oslo', '')",
       [](auto& d, auto i) {
         return cmp(C(d, i), [](const std::string& s) { return s == "Paris" || s == "Oslo" || s.empty(); });
       }},
      {"city != \"Lima\"",
       [](auto& d, auto i) { return cmp(C(d, i), [](const std::string& s) { return s != "Lima"; }); }},
      {"n not in (1, 2, 3)",
       [](auto& d, auto i) { return cmp(N(d, i), [](double x) { return !(x == 1 || x == 2 || x == 3); }); }},
      {"a between -2.5 and n",
       [](auto& d, auto i) {
         auto a = A(d, i), n = N(d, i);
         return AND(cmp(a, [](double x) { return x >= -2.5; }), a && n ? Tri(*a <= *n) : std::nullopt);
       }},
      {"a * 2 + n / 4 - -1 > n - a",
       [](auto& d, auto i) {
         auto a = A(d, i), n = N(d, i);
         if (!a || !n) return Tri();
         return Tri(*a * 2 + *n / 4 + 1 > *n - *a);
       }},
      {"a / (n - 3) > 1",
       [](auto& d, auto i) {  // n = 3: division by zero is missing
         auto a = A(d, i), n = N(d, i);
         if (!a || !n || *n == 3) return Tri();
         return Tri(*a / (*n - 3) > 1);
       }},
      {"t > 1500 or false", [](auto& d, auto i) { return OR(d.t_ok[i] ? Tri(d.t[i] > 1500) : std::nullopt, false); }},
      {"(n < 2 or a > 5) and not (city = 'Oslo' and true)",
       [](auto& d, auto i) {
         return AND(OR(cmp(N(d, i), [](double x) { return x < 2; }), cmp(A(d, i), [](double x) { return x > 5; })),
                    NOT(cmp(C(d, i), [](const std::string& s) { return s == "Oslo"; })));
       }},
      {"n > 100 and a > 0",
       [](auto& d, auto i) {  // left side false in whole blocks: right skipped
         return AND(cmp(N(d, i), [](double x) { return x > 100; }), cmp(A(d, i), [](double x) { return x > 0; }));
       }},
      {"n >= 0 or a > 0",
       [](auto& d, auto i) {
         return OR(cmp(N(d, i), [](double x) { return x >= 0; }), cmp(A(d, i), [](double x) { return x > 0; }));
       }},
      {"n > 2.5 or n = 7.5 or n != 4.0 and n <= -0.5 or n < 1e30",
       [](auto& d, auto i) {
         auto n = N(d, i);
         return OR(OR(OR(cmp(n, [](double x) { return x > 2.5; }), cmp(n, [](double x) { return x == 7.5; })),
                      AND(cmp(n, [](double x) { return x != 4; }), cmp(n, [](double x) { return x <= -0.5; }))),
                   cmp(n, [](double x) { return x < 1e30; }));
       }},
      {"n != 3 and n >= 2 and n < 9.5 and n <= 8 and t = 1500 and n > -1e300",
       [](auto& d, auto i) {
         auto n = N(d, i);
         auto t = d.t_ok[i] ? std::optional<double>(d.t[i]) : std::nullopt;
         return AND(AND(AND(AND(AND(cmp(n, [](double x) { return x != 3; }), cmp(n, [](double x) { return x >= 2; })),
                                cmp(n, [](double x) { return x < 9.5; })),
                            cmp(n, [](double x) { return x <= 8; })),
                        cmp(t, [](double x) { return x == 1500; })),
                    cmp(n, [](double x) { return x > -1e300; }));
       }},
      {"(a > 1 and n > 2) is missing or not (a < 0 or n < 5)",
       [](auto& d, auto i) {
         Tri both = AND(cmp(A(d, i), [](double x) { return x > 1; }), cmp(N(d, i), [](double x) { return x > 2; }));
         return OR(Tri(!both.has_value()),
                   NOT(OR(cmp(A(d, i), [](double x) { return x < 0; }), cmp(N(d, i), [](double x) { return x < 5; }))));
       }},
      {"city contains 'l' or city starts_with 'Pa' or not exists(a)",
       [](auto& d, auto i) {
         return OR(OR(cmp(C(d, i), [](const std::string& s) { return s.find('l') != std::string::npos; }),
                      cmp(C(d, i), [](const std::string& s) { return s.rfind("Pa", 0) == 0; })),
                   Tri(!d.a_ok[i]));
       }},
      {"exists(n) and city starts_with ''",
       [](auto& d, auto i) {
         return AND(Tri(bool(d.n_ok[i])), cmp(C(d, i), [](const std::string&) { return true; }));
       }},
      {"days_since(t) * 86400 > 500 or days_since(n * 86400) <= 2",
       [](auto& d, auto i) {
         auto t = d.t_ok[i] ? std::optional<double>(d.t[i]) : std::nullopt;
         return OR(cmp(t, [](double x) { return 1900 - x > 500; }),
                   cmp(N(d, i), [](double x) { return (1900 - x * 86400) / 86400 <= 2; }));
       }},
      {"-a > 1 and n in (-1, 0, 9)",
       [](auto& d, auto i) {
         return AND(cmp(A(d, i), [](double x) { return -x > 1; }),
                    cmp(N(d, i), [](double x) { return x == 0 || x == 9; }));
       }},
      // Comparisons of two constants (a fuzzer found the block path reading a buffer it had
      // not reserved for them: tests/fuzz/regressions/rules/).
      {"2 = 2 and a > 1", [](auto& d, auto i) { return cmp(A(d, i), [](double x) { return x > 1; }); }},
      {"1 > 3 or -a >= 1 + 0", [](auto& d, auto i) { return cmp(A(d, i), [](double x) { return -x >= 1; }); }},
  };
}

std::string error_of(absl::string_view text) {
  auto r = Rule::compile(text, schema());
  REQUIRE_FALSE(r.ok());
  return std::string(r.status().message());
}

}  // namespace

TEST_CASE("rules: batch, single-profile and reference agree on every row") {
  for (std::size_t rows : {0u, 1u, 2047u, 2048u, 2049u, 7000u}) {
    Data d = make_data(rows, static_cast<unsigned>(rows) + 7);
    TableView v = d.view();
    for (const Case& c : cases()) {
      CAPTURE(c.text);
      auto rule = Rule::compile(c.text, schema());
      REQUIRE_MESSAGE(rule.ok(), std::string(rule.status().message()));
      std::vector<std::uint8_t> out(rows, 7);
      REQUIRE(rule->evaluate(v, out, 1).ok());
      std::size_t selected = 0;
      for (std::size_t i = 0; i < rows; ++i) {
        Tri want = c.ref(d, i);
        CAPTURE(i);
        CHECK(out[i] == (want == true ? 1 : 0));
        auto values = rule->row_values(v, i);
        REQUIRE(values.ok());
        Truth one = rule->evaluate_one(*values, v.as_of);
        CHECK(one == (want ? (*want ? Truth::is_true : Truth::is_false) : Truth::unknown));
        selected += out[i];
      }
      if (rows > 1000 && std::string(c.text) != "n > 100 and a > 0") CHECK(selected > 0);
    }
  }
}

TEST_CASE("rules: results do not depend on the thread count") {
  Data d = make_data(300000, 3);
  auto rule = Rule::compile("(n < 4 or a > 5) and city != 'Lima' and t between 1200 and 1700", schema());
  REQUIRE(rule.ok());
  std::vector<std::uint8_t> one(d.size()), many(d.size());
  REQUIRE(rule->evaluate(d.view(), one, 1).ok());
  REQUIRE(rule->evaluate(d.view(), many, 5).ok());
  CHECK(one == many);
}

TEST_CASE("rules: nesting is bounded, with a positioned error instead of a deep recursion") {
  // A fuzzer found 1,000 opening parentheses overflowing the stack (tests/fuzz/regressions/rules/).
  for (const std::string open : {"(", "not ", "- ", "exists("}) {
    CAPTURE(open);
    std::string deep;
    for (int i = 0; i < 5000; ++i) deep += open;
    deep += "a";
    CHECK(error_of(deep).find("nests deeper than 100 levels") != std::string::npos);
  }
  std::string fine = std::string(40, '(') + "a > 1" + std::string(40, ')');
  CHECK(Rule::compile(fine, schema()).ok());
}

TEST_CASE("rules: positioned syntax errors") {
  CHECK(error_of("a > ") == "line 1, column 5: expected a field, a number, a string or '(', found end of rule");
  CHECK(error_of("a > 1 n < 2") == "line 1, column 7: expected 'and', 'or' or the end of the rule, found 'n'");
  CHECK(error_of("(a > 1") == "line 1, column 7: expected ')', found end of rule");
  CHECK(error_of("city = 'Paris") == "line 1, column 8: expected a closing ', found end of rule");
  CHECK(error_of("a > 1 and\n  n ? 2") == "line 2, column 5: expected an operator, a name or a value, found '?'");
  CHECK(error_of("n in (1, 'x')") == "line 1, column 10: expected a number, found string 'x'");
  CHECK(error_of("a is nothing") == "line 1, column 6: expected 'missing' or 'not missing', found 'nothing'");
  CHECK(error_of("a > 1 and and") == "line 1, column 11: expected a field, a number, a string or '(', found 'and'");
  CHECK(error_of("a > 3x") == "line 1, column 5: expected a number, found '3x'");
}

TEST_CASE("rules: fields and types are checked when compiling") {
  auto r = Rule::compile("recency > 3 and aa > 1", {{"recency_days", ColumnType::i64}, {"aa", ColumnType::f64}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(r.status().message()) ==
        "line 1, column 1: unknown field 'recency' (did you mean 'recency_days'?)");
  CHECK(error_of("nope > 1") == "line 1, column 1: unknown field 'nope'");
  CHECK(error_of("city < 3") == "line 1, column 1: '<' needs numbers; 'city' is text");
  CHECK(error_of("city < 'b'") == "line 1, column 6: '<' compares numbers; texts take only = and !=");
  CHECK(error_of("a + 1") == "line 1, column 1: expected a condition, found a number ('a + 1')");
  CHECK(error_of("a > 1 and n") == "line 1, column 11: expected a condition, found a number ('n')");
  CHECK(error_of("(a > 1) + 2 > 0") == "line 1, column 1: '+' needs numbers; '(a > 1)' is a condition");
  CHECK(error_of("city in (1)") == "line 1, column 10: expected a string, found number 1");
  CHECK(error_of("a contains 'x'") == "line 1, column 1: 'contains' needs text; 'a' is a number");
  CHECK(error_of("exists(a") == "line 1, column 9: expected ')', found end of rule");
  // A field named like a keyword, or with '=' in it, is written in backquotes.
  Schema s = {{"channel=web", ColumnType::i64}, {"and", ColumnType::f64}};
  CHECK(Rule::compile("`channel=web` > 0 and `and` < 1", s).ok());
  CHECK(Rule::compile("TRUE AND NOT FALSE", {}).ok());
}

TEST_CASE("rules: fields() lists what the rule reads, once each, in order of use") {
  auto r = Rule::compile("n > 1 and (a < n or city = 'x') and a > 0", schema());
  REQUIRE(r.ok());
  REQUIRE(r->fields().size() == 3);
  CHECK(r->fields()[0].name == "n");
  CHECK(r->fields()[1].name == "a");
  CHECK(r->fields()[2].name == "city");
  std::vector<FieldValue> v = {FieldValue::of(2), FieldValue::of(1), FieldValue::of_text("y")};
  CHECK(r->evaluate_one(v) == Truth::is_true);
  v[1] = FieldValue::of(3);
  CHECK(r->evaluate_one(v) == Truth::is_false);
  v[2] = FieldValue::missing();
  CHECK(r->evaluate_one(v) == Truth::unknown);
  v[2] = FieldValue::of_text("x");
  CHECK(r->evaluate_one(v) == Truth::is_true);
  CHECK(r->evaluate_one(std::span<const FieldValue>(v.data(), 2)) == Truth::unknown);
}

TEST_CASE("rules: explain names each condition, its outcome and the values read") {
  auto r = Rule::compile("n >= 3 and (a < 0 or city = 'Oslo')", schema());
  REQUIRE(r.ok());
  std::vector<FieldValue> v = {FieldValue::of(5), FieldValue::missing(), FieldValue::of_text("Oslo")};
  CHECK(r->explain_one(v) ==
        "true: n >= 3 and (a < 0 or city = 'Oslo')\n"
        "  true: n >= 3  [n = 5]\n"
        "  true: (a < 0 or city = 'Oslo')\n"
        "    unknown: a < 0  [a = missing]\n"
        "    true: city = 'Oslo'  [city = 'Oslo']\n");
}

TEST_CASE("rules: explain shows a between as one condition, as written") {
  std::vector<FieldValue> v = {FieldValue::of(5)};  // per field of the rule: n
  auto r = Rule::compile("n between 2 and 4 or n not between 6 and 8", schema());
  REQUIRE(r.ok());
  CHECK(r->explain_one(v) ==
        "true: n between 2 and 4 or n not between 6 and 8\n"
        "  false: n between 2 and 4  [n = 5]\n"
        "  true: n not between 6 and 8  [n = 5]\n");
  // Written out by hand, the two comparisons are two conditions, each with its own text.
  auto by_hand = Rule::compile("n >= 2 and n <= 4", schema());
  REQUIRE(by_hand.ok());
  CHECK(by_hand->explain_one(v) ==
        "false: n >= 2 and n <= 4\n"
        "  true: n >= 2  [n = 5]\n"
        "  false: n <= 4  [n = 5]\n");
}

TEST_CASE("rules: C-style text columns and tables without a column") {
  const char* names[] = {"Oslo", nullptr, "Lima"};
  std::int64_t n[] = {1, 2, 3};
  TableView v;
  v.rows = 3;
  v.columns.push_back({"city", ColumnType::text, nullptr, nullptr, nullptr, names, nullptr});
  v.columns.push_back({"n", ColumnType::i64, nullptr, n, nullptr, nullptr, nullptr});
  auto r = Rule::compile("city != 'Lima' or n > 2", schema());
  REQUIRE(r.ok());
  std::vector<std::uint8_t> out(3);
  REQUIRE(r->evaluate(v, out).ok());
  CHECK(out == std::vector<std::uint8_t>{1, 0, 1});
  auto missing = Rule::compile("a > 1", schema());
  std::vector<std::uint8_t> small(2);
  CHECK(missing->evaluate(v, out).code() == absl::StatusCode::kNotFound);
  CHECK(r->evaluate(v, small).code() == absl::StatusCode::kInvalidArgument);
  // A column bound with the wrong type is refused rather than misread.
  v.columns[1].name = "city";
  v.columns[0].name = "x";
  CHECK(r->evaluate(v, out).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("rules over a ProfileTable") {
  constexpr std::int64_t D = 86400;
  auto ev = events_from_arrays(std::vector<std::int64_t>{1, 1, 2, 3, 3, 3},
                               std::vector<std::int64_t>{10 * D, 90 * D, 20 * D, 95 * D, 96 * D, 97 * D},
                               std::vector<double>{10, 20, -5, 5, 5, 5}, {});
  REQUIRE(ev.ok());
  ProfileOptions o;
  o.as_of = 100 * D;
  auto t = build_profiles(*ev, o);
  REQUIRE(t.ok());
  auto r = Rule::compile("recency_days <= 7 and frequency >= 2 or monetary < 0", schema_of(*t));
  REQUIRE(r.ok());
  auto out = r->evaluate(*t, 2);
  REQUIRE(out.ok());
  CHECK(*out == std::vector<std::uint8_t>{0, 1, 1});  // customer 1: recency 10; 2: a return; 3: 3 recent orders
  auto why = r->explain(TableView::of(*t), 0);
  REQUIRE(why.ok());
  CHECK(why->find("false: recency_days <= 7  [recency_days = 10]") != std::string::npos);
}

TEST_CASE("segment sets: exclusive by priority, overlapping, fallback") {
  Data d = make_data(5000, 11);
  auto set = SegmentSet::create({{"big", "a > 5", 2}, {"north", "city = 'Oslo'", 1}, {"many", "n >= 5", 2}},
                                SegmentMode::exclusive, "rest", schema());
  REQUIRE_MESSAGE(set.ok(), std::string(set.status().message()));
  REQUIRE(set->size() == 3);
  CHECK(set->name(0) == "north");  // lowest priority number first; ties keep their order
  CHECK(set->name(1) == "big");
  CHECK(set->name(2) == "many");
  std::vector<std::int32_t> seg(d.size());
  std::vector<std::uint8_t> member(d.size() * 3);
  REQUIRE(set->assign(d.view(), seg, 3).ok());
  REQUIRE(set->membership(d.view(), member, 2).ok());
  std::size_t overlaps = 0, fallback = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    bool north = d.city_ok[i] && d.city[i] == "Oslo", big = d.a_ok[i] && d.a[i] > 5, many = d.n_ok[i] && d.n[i] >= 5;
    CHECK(member[i * 3 + 0] == north);
    CHECK(member[i * 3 + 1] == big);
    CHECK(member[i * 3 + 2] == many);
    CHECK(seg[i] == (north ? 0 : big ? 1 : many ? 2 : -1));
    overlaps += north + big + many > 1;
    fallback += seg[i] == -1;
  }
  CHECK(overlaps > 0);
  CHECK(fallback > 0);
  std::vector<std::int32_t> seg1(d.size());
  REQUIRE(set->assign(d.view(), seg1, 1).ok());
  CHECK(seg == seg1);

  auto dup = SegmentSet::create({{"x", "a > 1", 0}, {"x", "a > 2", 0}}, SegmentMode::exclusive, "rest", schema());
  CHECK(std::string(dup.status().message()) == "SegmentSet: segment 'x' is defined twice");
  auto bad = SegmentSet::create({{"x", "a >", 0}}, SegmentMode::overlapping, "", schema());
  CHECK(std::string(bad.status().message()) ==
        "segment 'x': line 1, column 4: expected a field, a number, a string or '(', found end of rule");
}

TEST_CASE("segment sets: the text format") {
  const char* text =
      "# tiers by spend\n"
      "mode overlapping\n"
      "fallback none\n"
      "segment \"High value\" priority 5: a > 5\n"
      "segment nordic: city = 'Oslo'\n"
      "   or city = 'Lima'   # continued\n"
      "\n"
      "segment any_n priority -1: n is not missing\n";
  // '#' inside a rule line is not a comment: the rule language has none, so this must fail
  auto withhash = SegmentSet::parse(text, schema());
  REQUIRE_FALSE(withhash.ok());
  CHECK(std::string(withhash.status().message()) ==
        "segment 'nordic': line 6, column 23: expected an operator, a name or a value, found '#'");
  std::string fixed = text;
  fixed.replace(fixed.find("   # continued"), 14, "");
  auto set = SegmentSet::parse(fixed, schema());
  REQUIRE_MESSAGE(set.ok(), std::string(set.status().message()));
  CHECK(set->mode() == SegmentMode::overlapping);
  CHECK(set->fallback() == "none");
  REQUIRE(set->size() == 3);
  CHECK(set->name(0) == "any_n");
  CHECK(set->name(1) == "nordic");
  CHECK(set->name(2) == "High value");

  auto err = [](const char* t) { return std::string(SegmentSet::parse(t, schema()).status().message()); };
  CHECK(err("mode both\n") == "line 1, column 6: expected 'exclusive' or 'overlapping', found 'both'");
  CHECK(err("segment x a > 1\n") == "line 1, column 11: expected ':' before the rule, found 'a'");
  CHECK(err("segment x: a > 1\nsegmnt y: a < 1\n") ==
        "line 2, column 1: expected 'mode', 'fallback', 'segment' or 'trigger', found 'segmnt'");
  CHECK(err("# nothing\n") == "segment set: no 'segment' lines");
  CHECK(err("segment x: a > 1\nsegment y:\n  a < \n") ==
        "segment 'y': line 3, column 7: expected a field, a number, a string or '(', found end of rule");
}

TEST_CASE("segment sets: the lifecycle set over profiles") {
  constexpr std::int64_t D = 86400;
  // as_of day 1000. c1: one order 10 days ago (New); c2: orders 300 and 50 days ago (Repeat);
  // c3: one order 150 days ago (Active); c4: 300 days ago (At Risk); c5: 500 (Lapsed);
  // c6: a return only (Prospect); c7: ten orders, the last 20 days ago (Loyal).
  std::vector<std::int64_t> c = {1, 2, 2, 3, 4, 5, 6};
  std::vector<std::int64_t> ts = {990 * D, 700 * D, 950 * D, 850 * D, 700 * D, 500 * D, 990 * D};
  std::vector<double> amt = {5, 5, 5, 5, 5, 5, -5};
  for (int k = 0; k < 10; ++k) c.push_back(7), ts.push_back((800 + 20 * k) * D), amt.push_back(5);
  auto ev = events_from_arrays(c, ts, amt, {});
  REQUIRE(ev.ok());
  ProfileOptions o;
  o.as_of = 1000 * D;
  auto t = build_profiles(*ev, o);
  REQUIRE(t.ok());
  auto set = SegmentSet::lifecycle(schema_of(*t));
  REQUIRE_MESSAGE(set.ok(), std::string(set.status().message()));
  std::vector<std::int32_t> seg(t->size());
  REQUIRE(set->assign(TableView::of(*t), seg).ok());
  std::vector<std::string> got;
  for (auto s : seg) got.push_back(s < 0 ? set->fallback() : set->name(s));
  CHECK(got == std::vector<std::string>{"New", "Repeat", "Active", "At Risk", "Lapsed", "Prospect", "Loyal"});
  auto why = set->explain(TableView::of(*t), 5);
  REQUIRE(why.ok());
  CHECK(why->find("unknown: recency_days > 365  [recency_days = missing]") != std::string::npos);
  CHECK(why->find("assigned: Prospect") != std::string::npos);
}

TEST_CASE("triggers: enter and leave over successive store snapshots; a callback can stop the call") {
  constexpr std::int64_t D = 86400;
  ProfileStore store;
  REQUIRE(store.add("ann", 1 * D, 10).ok());
  REQUIRE(store.add("bob", 2 * D, 10).ok());
  auto first = store.snapshot(3 * D);
  REQUIRE(first.ok());
  auto set = TriggerSet::create({{"repeat", "frequency >= 2"}, {"recent", "recency_days <= 1"}}, schema_of(*first));
  REQUIRE_MESSAGE(set.ok(), std::string(set.status().message()));
  std::vector<std::string> log;
  auto record = [&](const TriggerEvent& e) {
    log.push_back(absl::StrCat(e.customer, e.entered ? " enters " : " leaves ", set->name(e.trigger)));
    return 0;
  };
  REQUIRE(set->update(*first, record).ok());
  CHECK(log == std::vector<std::string>{"bob enters recent"});
  log.clear();
  REQUIRE(set->update(*first, record).ok());  // nothing changed: nothing reported
  CHECK(log.empty());

  REQUIRE(store.add("ann", 5 * D, 10).ok());
  REQUIRE(store.add("cy", 5 * D, 10).ok());
  auto second = store.snapshot(6 * D);
  REQUIRE(second.ok());
  int calls = 0;
  auto stop_after_one = [&](const TriggerEvent&) { return ++calls > 1 ? 1 : 0; };
  Status st = set->update(*second, stop_after_one);
  CHECK(st.code() == absl::StatusCode::kCancelled);
  CHECK(std::string(st.message()) == "TriggerSet::update: the callback asked to stop after 1 events");
  REQUIRE(set->update(*second, record).ok());  // the rest, reported now
  CHECK(log == std::vector<std::string>{"ann enters recent", "bob leaves recent", "cy enters recent"});
  CHECK(set->customers() == 3);

  auto bad = TriggerSet::create({{"x", "frequency >"}}, schema_of(*first));
  CHECK(std::string(bad.status().message()) ==
        "trigger 'x': line 1, column 12: expected a field, a number, a string or '(', found end of rule");
}

TEST_CASE("segment sets: tiers from a field and edges") {
  Data d = make_data(3000, 5);
  std::vector<double> edges = {2, 5};
  auto set = SegmentSet::tiers("n", edges, {"Low", "Medium", "High"}, schema());
  REQUIRE_MESSAGE(set.ok(), std::string(set.status().message()));
  CHECK(set->name(0) == "High");
  std::vector<std::int32_t> seg(d.size());
  REQUIRE(set->assign(d.view(), seg, 2).ok());
  for (std::size_t i = 0; i < d.size(); ++i) {
    std::string want = !d.n_ok[i] ? "" : d.n[i] > 5 ? "High" : d.n[i] >= 2 ? "Medium" : "Low";
    CHECK((seg[i] < 0 ? std::string() : set->name(seg[i])) == want);
  }
  std::vector<double> bad = {5, 2};
  CHECK(std::string(SegmentSet::tiers("n", bad, {"a", "b", "c"}, schema()).status().message()) ==
        "SegmentSet::tiers: edges must be strictly ascending");
  CHECK_FALSE(SegmentSet::tiers("n", edges, {"a", "b"}, schema()).ok());
  CHECK(SegmentSet::tiers("city", edges, {"a", "b", "c"}, schema()).status().code() ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("rules: days_since needs an as_of; profiles carry theirs") {
  auto r = Rule::compile("days_since(t) >= 1", schema());
  REQUIRE(r.ok());
  Data d = make_data(10, 1);
  TableView v = d.view();
  v.as_of.reset();
  std::vector<std::uint8_t> out(10);
  CHECK(std::string(r->evaluate(v, out).message()) ==
        "rule: days_since() needs the table's as_of, and this table has none");
  std::vector<FieldValue> one = {FieldValue::of(0)};
  CHECK(r->evaluate_one(one) == Truth::unknown);
  CHECK(r->evaluate_one(one, 86400) == Truth::is_true);
  CHECK(r->evaluate_one(one, 86399) == Truth::is_false);
  CHECK(r->explain_one(one, 86400 * 3) == "true: days_since(t) >= 1  [t = 0]\n");
  CHECK(error_of("days_since(city) > 1") == "line 1, column 12: 'days_since' needs numbers; 'city' is text");
}
