// The rule lexer: numbers, 'strings' / "strings", names, `quoted names`, operators.
#include "lexer.hpp"

#include <cctype>
#include <cmath>

#include "absl/strings/charconv.h"
#include "absl/strings/str_cat.h"
#include "io/csv_internal.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {

void locate(absl::string_view text, std::size_t offset, int first_line, int first_column, int& line, int& column) {
  line = first_line, column = first_column;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count characters, not UTF-8 continuation bytes
    }
  }
}

std::string position(absl::string_view text, std::size_t offset, int first_line, int first_column) {
  int line = 0, column = 0;
  locate(text, offset, first_line, first_column, line, column);
  return absl::StrCat("line ", line, ", column ", column);
}

std::string describe(const Token& t) {
  switch (t.tok) {
    case Tok::end:
      return "end of rule";
    case Tok::number:
      return absl::StrCat("number ", t.text);
    case Tok::string:
      return absl::StrCat("string '", t.text, "'");
    case Tok::name:
    case Tok::quoted_name:
      return absl::StrCat("'", t.text, "'");
    default:
      return absl::StrCat("'", t.text, "'");
  }
}

Status check_utf8(absl::string_view text, int first_line, int first_column) {
  const std::size_t at = io_detail::invalid_utf8_at(text);
  if (at == absl::string_view::npos) return absl::OkStatus();
  const unsigned byte = static_cast<unsigned char>(text[at]);
  return invalid_argument(position(text, at, first_line, first_column), "invalid UTF-8 (byte 0x",
                          absl::Hex(byte, absl::kZeroPad2), ")");
}

namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

StatusOr<std::vector<Token>> lex(absl::string_view s, int first_line, int first_column) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto fail = [&](std::size_t at, auto... what) {
    return invalid_argument(position(s, at, first_line, first_column), what...);
  };
  while (true) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    Token t;
    t.begin = i;
    if (i == s.size()) {
      t.end = i;
      out.push_back(t);
      return out;
    }
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i;
      while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
          j = k;
          while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
        }
      }
      if (j < s.size() && name_char(s[j])) return fail(i, "expected a number, found '", s.substr(i, j + 1 - i), "'");
      auto r = absl::from_chars(s.data() + i, s.data() + j, t.num);
      if (r.ec != std::errc() || r.ptr != s.data() + j || !std::isfinite(t.num))
        return fail(i, "expected a number, found '", s.substr(i, j - i), "'");
      t.tok = Tok::number;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (c == '\'' || c == '"' || c == '`') {
      std::size_t j = i + 1;
      std::string v;
      while (j < s.size() && s[j] != c) {
        if (s[j] == '\\' && j + 1 < s.size()) ++j;  // \' \" \` \\ escape the next byte
        v += s[j++];
      }
      if (j == s.size()) return fail(i, "expected a closing ", std::string(1, c), ", found end of rule");
      t.tok = c == '`' ? Tok::quoted_name : Tok::string;
      t.text = std::move(v);
      i = j + 1;
    } else if (name_start(c)) {
      std::size_t j = i;
      while (j < s.size() && name_char(s[j])) ++j;
      t.tok = Tok::name;
      t.text = std::string(s.substr(i, j - i));
      i = j;
    } else if (c == '(' || c == ')' || c == ',') {
      t.tok = c == '(' ? Tok::lparen : c == ')' ? Tok::rparen : Tok::comma;
      t.text = std::string(1, c);
      ++i;
    } else {
      static constexpr absl::string_view two[] = {"<=", ">=", "==", "!=", "<>"};
      t.tok = Tok::op;
      for (absl::string_view op : two)
        if (s.substr(i, 2) == op) t.text = std::string(op);
      if (t.text.empty()) {
        if (std::string_view("<>=+-*/").find(c) == std::string_view::npos)
          return fail(i, "expected an operator, a name or a value, found '", s.substr(i, 1), "'");
        t.text = std::string(1, c);
      }
      i += t.text.size();
    }
    t.end = i;
    out.push_back(std::move(t));
  }
}

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
