// The text format of segment sets (docs/RULES.md) and the built-in lifecycle set written in it.
#include <cctype>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "lexer.hpp"
#include "program.hpp"
#include "segcore/names.hpp"
#include "text_format.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

constexpr absl::string_view kLifecycle =
    R"(# Customer lifecycle: each customer in exactly one stage; stages are tried in order.
# Recency decides first (lapsed, at risk), then how new and how frequent the customer is.
# A customer without a positive order has no recency_days or tenure_days, so every rule is
# unknown and the customer is a Prospect.
mode exclusive
fallback Prospect
segment Lapsed: recency_days > 365
segment "At Risk": recency_days > 180
segment New: tenure_days <= 30
segment Loyal: frequency >= 10
segment Repeat: frequency >= 2
segment Active: frequency >= 1
)";

using rules_detail::LineCursor;

}  // namespace

absl::string_view SegmentSet::lifecycle_text() { return kLifecycle; }

StatusOr<SegmentSet> SegmentSet::lifecycle(const Schema& schema) { return parse(kLifecycle, schema); }

StatusOr<SegmentSet> SegmentSet::parse(absl::string_view text, const Schema& schema) {
  SEGCORE_RETURN_IF_ERROR(rules_detail::check_utf8(text, 1, 1));
  struct Pending {
    SegmentDef def;
    int line = 0, column = 0;
  };
  std::vector<Pending> segs;
  SegmentMode mode = SegmentMode::exclusive;
  std::string fallback = "Other";
  bool in_segment = false;  // continuation lines extend the last segment's rule
  bool skipping = false;    // inside an entry for another parser (an event trigger)
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  for (std::size_t l = 0; l < lines.size(); ++l) {
    LineCursor c{absl::StripSuffix(lines[l], "\r"), 0, static_cast<int>(l) + 1};
    absl::string_view body = absl::StripAsciiWhitespace(c.line);
    if (body.empty() || body[0] == '#') continue;
    bool continuation = c.line[0] == ' ' || c.line[0] == '\t';
    if (continuation) {
      if (skipping) continue;
      if (!in_segment) return c.fail("'mode', 'fallback', 'segment' or 'trigger' at the start of the line");
      absl::StrAppend(&segs.back().def.rule, "\n", c.line);
      continue;
    }
    SEGCORE_ASSIGN_OR_RETURN(std::string keyword, c.name("'mode', 'fallback', 'segment' or 'trigger'"));
    in_segment = keyword == "segment";
    skipping = rules_detail::is_trigger_keyword(keyword);
    if (skipping) continue;
    if (keyword == "mode") {
      const std::string modes = enum_names_text<SegmentMode>();
      SEGCORE_ASSIGN_OR_RETURN(std::string m, c.name(modes));
      const std::optional<SegmentMode> named = parse_enum<SegmentMode>(m);
      if (!named) {
        c.i -= m.size();
        return c.fail(modes);
      }
      mode = *named;
    } else if (keyword == "fallback") {
      SEGCORE_ASSIGN_OR_RETURN(fallback, c.name("a segment name"));
    } else if (keyword == "segment") {
      Pending p;
      SEGCORE_ASSIGN_OR_RETURN(p.def.name, c.name("a segment name"));
      p.def.priority = static_cast<int>(segs.size());
      c.skip_space();
      if (c.line.substr(c.i, 8) == "priority") {
        c.i += 8;
        c.skip_space();
        std::size_t j = c.i;
        while (j < c.line.size() &&
               (std::isdigit(static_cast<unsigned char>(c.line[j])) || (j == c.i && c.line[j] == '-')))
          ++j;
        int prio = 0;
        if (!absl::SimpleAtoi(c.line.substr(c.i, j - c.i), &prio)) return c.fail("an integer priority");
        p.def.priority = prio;
        c.i = j;
        c.skip_space();
      }
      if (c.i >= c.line.size() || c.line[c.i] != ':') return c.fail("':' before the rule");
      ++c.i;
      p.def.rule = std::string(c.line.substr(c.i));
      p.line = c.line_no;
      p.column = static_cast<int>(c.i) + 1;
      segs.push_back(std::move(p));
    } else {
      c.i = 0;
      return c.fail("'mode', 'fallback', 'segment' or 'trigger'");
    }
    c.skip_space();
    if (keyword != "segment" && c.i < c.line.size() && c.line[c.i] != '#') return c.fail("end of line");
  }
  // Check each rule with its position in the file, so errors name the file's line and column.
  for (const Pending& p : segs) {
    auto r = rules_detail::parse_rule(p.def.rule, schema, p.line, p.column);
    if (!r.ok()) return Status(r.status().code(), absl::StrCat("segment '", p.def.name, "': ", r.status().message()));
  }
  std::vector<SegmentDef> defs;
  for (Pending& p : segs) defs.push_back(std::move(p.def));
  if (defs.empty()) return invalid_argument("segment set", "no 'segment' lines");
  return create(std::move(defs), mode, std::move(fallback), schema);
}

SEGCORE_NAMESPACE_END
