// UTF-8 helpers of the sentiment scorer: decoding, and the character classes of Python's str
// methods that the reference relies on (split() whitespace; lower() and isupper() on ASCII and
// Latin-1 letters).
#pragma once

#include <cstddef>
#include <string_view>

#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

// The code point starting at s[at] (advancing `at`), assuming valid UTF-8.
inline char32_t next_code_point(std::string_view s, std::size_t& at) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[at + k]); };
  // The continuation bytes are read before `at` moves past them.
  const unsigned char c = b(0);
  char32_t cp;
  std::size_t len;
  if (c < 0x80) {
    cp = c, len = 1;
  } else if (c < 0xE0) {
    cp = ((c & 0x1Fu) << 6) | (b(1) & 0x3Fu), len = 2;
  } else if (c < 0xF0) {
    cp = ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu), len = 3;
  } else {
    cp = ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu), len = 4;
  }
  at += len;
  return cp;
}

// OK for valid UTF-8 (no overlong forms, surrogates or values above U+10FFFF); otherwise
// InvalidArgument naming the byte offset.
Status valid_utf8(std::string_view s);

// Python's str.isspace() (what str.split() cuts on).
inline bool python_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000;
}

// Latin-1 upper- and lower-case letters (ASCII included), as Python classes them.
inline bool upper_letter(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
inline bool lower_letter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) || c == 0xB5 || c == 0xAA || c == 0xBA;
}

}  // namespace detail
SEGCORE_NAMESPACE_END
