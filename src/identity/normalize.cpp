// Email and phone normalisation and validation.
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "identity/normalize_internal.hpp"
#include "io/csv_internal.hpp"
#include "segcore/identity.hpp"

#ifndef SEGCORE_HAVE_LIBCRYPTO
#define SEGCORE_HAVE_LIBCRYPTO 0
#endif
#if SEGCORE_HAVE_LIBCRYPTO
#include <openssl/crypto.h>
#endif

SEGCORE_NAMESPACE_BEGIN
namespace identity_detail {

void wipe(std::string& s) {
#if SEGCORE_HAVE_LIBCRYPTO
  OPENSSL_cleanse(s.data(), s.capacity());
#else
  volatile char* p = s.data();
  for (std::size_t i = 0; i < s.capacity(); ++i) p[i] = 0;
#endif
  s.clear();
}

Outcome normalize_email_into(absl::string_view email, std::string& out) {
  out.clear();
  if (const std::size_t bad = io_detail::invalid_utf8_at(email); bad != absl::string_view::npos)
    return {Outcome::not_utf8, bad};
  const absl::string_view trimmed = absl::StripAsciiWhitespace(email);
  out.reserve(trimmed.size());
  for (char c : trimmed) out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  const std::size_t at = out.find('@');
  if (at == std::string::npos) return {Outcome::no_at};
  if (out.find('@', at + 1) != std::string::npos) return {Outcome::two_at};
  const absl::string_view local = absl::string_view(out).substr(0, at), domain = absl::string_view(out).substr(at + 1);
  if (local.empty() || local.size() > 64) return {Outcome::local_length};
  for (char c : local)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == ',' || c == ';' || c == '<' || c == '>')
      return {Outcome::local_char};
  if (domain.find('.') == absl::string_view::npos) return {Outcome::domain_no_dot};
  std::size_t label = 0;
  for (char c : domain) {
    if (c == '.') {
      if (label == 0) return {Outcome::domain_empty_label};
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || static_cast<unsigned char>(c) >= 0x80) {
      ++label;
    } else {
      return {Outcome::domain_char};
    }
  }
  if (label == 0) return {Outcome::domain_empty_label};
  return {};
}

Outcome normalize_phone_into(absl::string_view phone, absl::string_view country, std::string& out) {
  out.clear();
  const absl::string_view p = absl::StripAsciiWhitespace(phone);
  out.reserve(1 + country.size() + p.size());  // "+", the country code, the digits
  out.push_back('+');
  bool plus = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c >= '0' && c <= '9')
      out.push_back(c);
    else if (c == '+' && i == 0)
      plus = true;
    else if (c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')')
      continue;
    else
      return {Outcome::phone_char, i, c};
  }
  // out is "+<digits>"; edits happen in place, within the reserved buffer.
  if (!plus && out.size() > 3 && out[1] == '0' && out[2] == '0') {
    out.erase(1, 2);
    plus = true;
  }
  if (!plus) {
    if (country.empty()) return {Outcome::phone_no_country};
    for (char c : country)
      if (c < '0' || c > '9') return {Outcome::country_not_digits};
    if (out.size() > 1 && out[1] == '0') out.erase(1, 1);  // trunk prefix
    out.insert(1, country.data(), country.size());
  }
  const std::size_t digits = out.size() - 1;
  if (digits < 8 || digits > 15) return {Outcome::phone_digit_count, digits};
  return {};
}

}  // namespace identity_detail

namespace {

using identity_detail::Outcome;

Status email_error(absl::string_view email, const Outcome& o) {
  constexpr const char* where = "normalize_email";
  const std::string q = absl::StrCat("'", email, "'");
  switch (o.code) {
    case Outcome::not_utf8:
      return invalid_argument(where, "the address is not valid UTF-8 (byte ", o.at, ")");
    case Outcome::no_at:
      return invalid_argument(where, q, " has no '@'");
    case Outcome::two_at:
      return invalid_argument(where, q, " has more than one '@'");
    case Outcome::local_length:
      return invalid_argument(where, q, ": the part before '@' must have 1 to 64 characters");
    case Outcome::local_char:
      return invalid_argument(where, q, ": invalid character before '@'");
    case Outcome::domain_no_dot:
      return invalid_argument(where, q, ": the domain has no '.'");
    case Outcome::domain_empty_label:
      return invalid_argument(where, q, ": empty label in the domain");
    default:
      return invalid_argument(where, q, ": invalid character in the domain");
  }
}

Status phone_error(absl::string_view phone, absl::string_view country, const Outcome& o) {
  constexpr const char* where = "normalize_phone";
  const std::string q = absl::StrCat("'", phone, "'");
  switch (o.code) {
    case Outcome::phone_char:
      return invalid_argument(where, q, ": unexpected character '", absl::string_view(&o.ch, 1), "'");
    case Outcome::phone_no_country:
      return invalid_argument(where, q, " has no country code and no default was given");
    case Outcome::country_not_digits:
      return invalid_argument(where, "default country code '", country, "' must be digits");
    default:
      return invalid_argument(where, q, " has ", o.at, " digits with its country code; 8 to 15 are valid");
  }
}

}  // namespace

StatusOr<std::string> normalize_email(absl::string_view email) {
  std::string out;
  const Outcome o = identity_detail::normalize_email_into(email, out);
  if (o.code != Outcome::ok) return email_error(email, o);
  return out;
}

StatusOr<std::string> normalize_phone(absl::string_view phone, absl::string_view country) {
  std::string out;
  const Outcome o = identity_detail::normalize_phone_into(phone, country, out);
  if (o.code != Outcome::ok) return phone_error(phone, country, o);
  return out;
}

SEGCORE_NAMESPACE_END
