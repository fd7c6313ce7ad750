// Email and phone normalisation and validation.
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "io/csv_internal.hpp"
#include "segcore/identity.hpp"

SEGCORE_NAMESPACE_BEGIN

StatusOr<std::string> normalize_email(absl::string_view email) {
  constexpr const char* where = "normalize_email";
  if (const std::size_t bad = io_detail::invalid_utf8_at(email); bad != absl::string_view::npos)
    return invalid_argument(where, "the address is not valid UTF-8 (byte ", bad, ")");
  const std::string e = absl::AsciiStrToLower(absl::StripAsciiWhitespace(email));
  const std::size_t at = e.find('@');
  if (at == std::string::npos) return invalid_argument(where, "'", email, "' has no '@'");
  if (e.find('@', at + 1) != std::string::npos) return invalid_argument(where, "'", email, "' has more than one '@'");
  const absl::string_view local = absl::string_view(e).substr(0, at), domain = absl::string_view(e).substr(at + 1);
  if (local.empty() || local.size() > 64) return invalid_argument(where, "'", email, "': the part before '@' must have 1 to 64 characters");
  for (char c : local)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == ',' || c == ';' || c == '<' || c == '>')
      return invalid_argument(where, "'", email, "': invalid character before '@'");
  if (domain.find('.') == absl::string_view::npos) return invalid_argument(where, "'", email, "': the domain has no '.'");
  std::size_t label = 0;
  for (char c : domain) {
    if (c == '.') {
      if (label == 0) return invalid_argument(where, "'", email, "': empty label in the domain");
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || static_cast<unsigned char>(c) >= 0x80) {
      ++label;
    } else {
      return invalid_argument(where, "'", email, "': invalid character in the domain");
    }
  }
  if (label == 0) return invalid_argument(where, "'", email, "': empty label in the domain");
  return e;
}

StatusOr<std::string> normalize_phone(absl::string_view phone, absl::string_view country) {
  constexpr const char* where = "normalize_phone";
  std::string digits;
  bool plus = false;
  const absl::string_view p = absl::StripAsciiWhitespace(phone);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c >= '0' && c <= '9') digits += c;
    else if (c == '+' && i == 0) plus = true;
    else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')') continue;
    else return invalid_argument(where, "'", phone, "': unexpected character '", absl::string_view(&c, 1), "'");
  }
  if (!plus && digits.size() > 2 && digits[0] == '0' && digits[1] == '0') {
    digits.erase(0, 2);
    plus = true;
  }
  if (!plus) {
    if (country.empty()) return invalid_argument(where, "'", phone, "' has no country code and no default was given");
    for (char c : country)
      if (c < '0' || c > '9') return invalid_argument(where, "default country code '", country, "' must be digits");
    if (!digits.empty() && digits[0] == '0') digits.erase(0, 1);  // trunk prefix
    digits = absl::StrCat(country, digits);
  }
  if (digits.size() < 8 || digits.size() > 15)
    return invalid_argument(where, "'", phone, "' has ", digits.size(), " digits with its country code; 8 to 15 are valid");
  return absl::StrCat("+", digits);
}

SEGCORE_NAMESPACE_END
