// Email and phone normalisation that quotes nothing and copies nothing it does not wipe: the
// public normalize_email / normalize_phone build their messages from the outcome, and the
// pseudonym path, which must leave no plain copy behind, uses these directly.
#pragma once

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace identity_detail {

// Why a value does not normalise; `at` and `ch` say where and what, for the message.
struct Outcome {
  enum Code {
    ok,
    not_utf8,
    no_at,
    two_at,
    local_length,
    local_char,
    domain_no_dot,
    domain_empty_label,
    domain_char,
    phone_char,
    phone_no_country,
    country_not_digits,
    phone_digit_count
  } code = ok;
  std::size_t at = 0;  // not_utf8: the byte; phone_digit_count: the digits counted
  char ch = 0;         // phone_char: the character
};

// Write the normalised value into out, whose buffer is reserved first and never reallocated
// (a reallocation would free a copy unwiped). On failure out holds a partial value: the
// caller wipes it either way.
Outcome normalize_email_into(absl::string_view email, std::string& out);
Outcome normalize_phone_into(absl::string_view phone, absl::string_view country, std::string& out);

// Overwrites the whole buffer of s (OPENSSL_cleanse where segcore has libcrypto, a volatile
// loop otherwise), then empties it.
void wipe(std::string& s);

}  // namespace identity_detail
SEGCORE_NAMESPACE_END
