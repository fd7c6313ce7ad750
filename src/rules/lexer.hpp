// Tokens of the rule language, each with its byte offset so errors can name line and column.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {

enum class Tok { end, number, string, name, quoted_name, op, lparen, rparen, comma };

struct Token {
  Tok tok = Tok::end;
  std::string text;  // names and strings unquoted; operators as written
  double num = 0;
  std::size_t begin = 0, end = 0;
};

// Where offset lies in text: line and column (1-based, plus the caller's base), and the same
// as "line L, column C".
void locate(absl::string_view text, std::size_t offset, int first_line, int first_column, int& line, int& column);
std::string position(absl::string_view text, std::size_t offset, int first_line, int first_column);

// InvalidArgument "line L, column C: invalid UTF-8 (byte 0xNN)" at the first byte of text that
// does not start a valid UTF-8 character: rule texts must be UTF-8, as profile texts are.
Status check_utf8(absl::string_view text, int first_line, int first_column);

// Splits text into tokens, ending with one Tok::end.
StatusOr<std::vector<Token>> lex(absl::string_view text, int first_line, int first_column);

// How a token reads in an error message: "'and'", "number 3", "end of rule".
std::string describe(const Token& t);

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
