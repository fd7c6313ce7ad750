// The "trigger" lines of the rule-set text format (docs/RULES.md):
//   trigger <name> to <segment>: count(<filter>) <op> <n> within <n> <unit> [without (<filter>)]
// The condition is read with the rule lexer; the filters are compiled by the rule parser with
// their place in the file, so every error names the file's line and column.
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "event_trigger_build.hpp"
#include "lexer.hpp"
#include "text_format.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

using rules_detail::Tok;
using rules_detail::Token;

struct Condition {
  absl::string_view src;
  int line = 1, column = 1;
  std::vector<Token> toks;
  std::size_t k = 0;

  const Token& peek() const { return toks[k]; }
  bool is_kw(absl::string_view w) const { return peek().tok == Tok::name && absl::EqualsIgnoreCase(peek().text, w); }
  Status fail(absl::string_view what) const {
    return invalid_argument(rules_detail::position(src, peek().begin, line, column), "expected ", what, ", found ",
                            rules_detail::describe(peek()));
  }
  // "( ... )": the text between the parentheses and where it starts in the file.
  Status parenthesised(absl::string_view what, std::string& text, int& at_line, int& at_column) {
    if (peek().tok != Tok::lparen) return fail(absl::StrCat("'(' before ", what));
    const std::size_t open = k++;
    for (int depth = 0; peek().tok != Tok::end; ++k) {
      if (peek().tok == Tok::lparen) ++depth;
      if (peek().tok == Tok::rparen && depth-- == 0) {
        const std::size_t begin = toks[open].end, end = peek().begin;
        text = std::string(src.substr(begin, end - begin));
        rules_detail::locate(src, begin, line, column, at_line, at_column);
        if (absl::StripAsciiWhitespace(text).empty()) return fail(absl::StrCat(what, " or '*'"));
        ++k;
        return absl::OkStatus();
      }
    }
    return fail(absl::StrCat("')' closing ", what));
  }
  // A whole number in [lo, hi].
  StatusOr<std::int64_t> integer(absl::string_view what, std::int64_t lo, std::int64_t hi) {
    const Token& t = peek();
    if (t.tok != Tok::number || t.num != std::floor(t.num) || t.num < static_cast<double>(lo) ||
        t.num > static_cast<double>(hi))
      return fail(absl::StrCat(what, " (a whole number from ", lo, " to ", hi, ")"));
    ++k;
    return static_cast<std::int64_t>(t.num);
  }
};

StatusOr<LocatedTrigger> parse_condition(LocatedTrigger lt, absl::string_view src, int line, int column) {
  Condition c;
  c.src = src, c.line = line, c.column = column;
  SEGCORE_ASSIGN_OR_RETURN(c.toks, rules_detail::lex(src, line, column));
  EventTriggerDef& d = lt.def;
  if (!c.is_kw("count")) return c.fail("'count'");
  ++c.k;
  SEGCORE_RETURN_IF_ERROR(c.parenthesised("a filter", d.filter, lt.filter_line, lt.filter_column));
  static const std::pair<absl::string_view, CountOp> ops[] = {
      {"<", CountOp::lt}, {"<=", CountOp::le}, {">", CountOp::gt},  {">=", CountOp::ge},
      {"=", CountOp::eq}, {"==", CountOp::eq}, {"!=", CountOp::ne}, {"<>", CountOp::ne}};
  bool found = false;
  for (const auto& [text, op] : ops)
    if (c.peek().tok == Tok::op && c.peek().text == text) d.op = op, found = true;
  if (!found) return c.fail("a comparison (<, <=, >, >=, =, !=)");
  ++c.k;
  SEGCORE_ASSIGN_OR_RETURN(d.threshold, c.integer("a count", 0, EventTriggers::kMaxThreshold));
  if (!c.is_kw("within")) return c.fail("'within'");
  ++c.k;
  SEGCORE_ASSIGN_OR_RETURN(std::int64_t n, c.integer("a window length", 1, EventTriggers::kMaxWindow));
  static const std::pair<absl::string_view, std::int64_t> units[] = {
      {"second", 1},   {"seconds", 1}, {"minute", 60},  {"minutes", 60},  {"hour", 3600},
      {"hours", 3600}, {"day", 86400}, {"days", 86400}, {"week", 604800}, {"weeks", 604800}};
  std::int64_t unit = 0;
  for (const auto& [name, seconds] : units)
    if (c.is_kw(name)) unit = seconds;
  if (unit == 0) return c.fail("a unit (seconds, minutes, hours, days or weeks)");
  if (n > EventTriggers::kMaxWindow / unit) return c.fail("a shorter window (at most 100000 days)");
  d.window_seconds = n * unit;
  ++c.k;
  if (c.is_kw("without")) {
    ++c.k;
    SEGCORE_RETURN_IF_ERROR(c.parenthesised("a filter", d.without, lt.without_line, lt.without_column));
  }
  if (c.peek().tok != Tok::end) return c.fail("'without' or the end of the trigger");
  return lt;
}

}  // namespace

StatusOr<EventTriggers> EventTriggers::parse(absl::string_view text, StoreSchema schema) {
  SEGCORE_RETURN_IF_ERROR(rules_detail::check_utf8(text, 1, 1));
  struct Pending {
    LocatedTrigger lt;
    std::string condition;
    int line = 0, column = 0;
  };
  std::vector<Pending> found;
  bool in_trigger = false;  // continuation lines extend the last trigger's condition
  bool skipping = false;    // inside a segment set's entry
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  for (std::size_t l = 0; l < lines.size(); ++l) {
    rules_detail::LineCursor c{absl::StripSuffix(lines[l], "\r"), 0, static_cast<int>(l) + 1};
    absl::string_view body = absl::StripAsciiWhitespace(c.line);
    if (body.empty() || body[0] == '#') continue;
    if (c.line[0] == ' ' || c.line[0] == '\t') {
      if (skipping) continue;
      if (!in_trigger) return c.fail("'mode', 'fallback', 'segment' or 'trigger' at the start of the line");
      absl::StrAppend(&found.back().condition, "\n", c.line);
      continue;
    }
    SEGCORE_ASSIGN_OR_RETURN(std::string keyword, c.name("'mode', 'fallback', 'segment' or 'trigger'"));
    skipping = rules_detail::is_segment_set_keyword(keyword);
    in_trigger = rules_detail::is_trigger_keyword(keyword);
    if (skipping) continue;
    if (!in_trigger) {
      c.i = 0;
      return c.fail("'mode', 'fallback', 'segment' or 'trigger'");
    }
    Pending p;
    SEGCORE_ASSIGN_OR_RETURN(p.lt.def.name, c.name("a trigger name"));
    const std::size_t before_to = c.i;
    auto to = c.name("'to' and a segment name");
    if (!to.ok() || *to != "to") {
      c.i = before_to;
      c.skip_space();
      return c.fail("'to' and a segment name");
    }
    SEGCORE_ASSIGN_OR_RETURN(p.lt.def.segment, c.name("a segment name"));
    c.skip_space();
    if (c.i >= c.line.size() || c.line[c.i] != ':') return c.fail("':' before the condition");
    ++c.i;
    p.condition = std::string(c.line.substr(c.i));
    p.line = c.line_no;
    p.column = static_cast<int>(c.i) + 1;
    found.push_back(std::move(p));
  }
  if (found.empty()) return invalid_argument("event triggers", "no 'trigger' lines");
  std::vector<LocatedTrigger> located;
  for (Pending& p : found) {
    const std::string name = p.lt.def.name;
    auto lt = parse_condition(std::move(p.lt), p.condition, p.line, p.column);
    if (!lt.ok()) return Status(lt.status().code(), absl::StrCat("trigger '", name, "': ", lt.status().message()));
    located.push_back(*std::move(lt));
  }
  return EventTriggersBuilder::build(std::move(located), std::move(schema));
}

SEGCORE_NAMESPACE_END
