// What the parsers of the rule-set text format share (docs/RULES.md): a cursor over one line
// that reads names and reports "line L, column C: expected X, found Y".
#pragma once

#include <cctype>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {

struct LineCursor {
  absl::string_view line;
  std::size_t i = 0;
  int line_no = 1;

  void skip_space() {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  }
  Status fail(absl::string_view what) const {
    // A word is shown whole ("found 'segmnt'"), any other character alone.
    std::size_t end = i;
    while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '_')) ++end;
    if (end == i && i < line.size()) end = i + 1;
    std::string found = i < line.size() ? absl::StrCat("'", line.substr(i, end - i), "'") : "end of line";
    return invalid_argument(absl::StrCat("line ", line_no, ", column ", i + 1), "expected ", what, ", found ", found);
  }
  // A bare word (letters, digits, _ and -) or a "quoted name".
  StatusOr<std::string> name(absl::string_view what) {
    skip_space();
    if (i < line.size() && line[i] == '"') {
      std::size_t close = line.find('"', i + 1);
      if (close == absl::string_view::npos) return fail("a closing '\"'");
      std::string n(line.substr(i + 1, close - i - 1));
      i = close + 1;
      return n;
    }
    std::size_t j = i;
    while (j < line.size() && (std::isalnum(static_cast<unsigned char>(line[j])) || line[j] == '_' || line[j] == '-'))
      ++j;
    if (j == i) return fail(what);
    std::string n(line.substr(i, j - i));
    i = j;
    return n;
  }
};

// Keywords that start an entry of the format; each parser reads its own and skips the others.
inline bool is_segment_set_keyword(absl::string_view w) { return w == "mode" || w == "fallback" || w == "segment"; }
inline bool is_trigger_keyword(absl::string_view w) { return w == "trigger"; }

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
