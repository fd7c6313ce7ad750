// From UTF-8 text to the tokens the rules read, following the reference: emoji become their
// descriptions, the text is cut on whitespace, each token loses its leading and trailing
// punctuation unless that leaves two characters or fewer (an emoticon such as ":)" or ":D"
// stays whole), and is looked up lower-cased.
#include <algorithm>
#include <cstring>

#include "sentiment_rules.hpp"
#include "sentiment_utf8.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

Status valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  for (std::size_t i = 0; i < n;) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    bool ok = len != 0 && c <= 0xF4 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) ok = (p[i + k] & 0xC0) == 0x80;
    if (ok && len == 3) {
      if (c == 0xE0 && p[i + 1] < 0xA0) ok = false;   // overlong
      if (c == 0xED && p[i + 1] >= 0xA0) ok = false;  // surrogate
    }
    if (ok && len == 4) {
      if (c == 0xF0 && p[i + 1] < 0x90) ok = false;   // overlong
      if (c == 0xF4 && p[i + 1] >= 0x90) ok = false;  // above U+10FFFF
    }
    if (!ok) return absl::InvalidArgumentError(absl::StrCat("invalid UTF-8 at byte ", i));
    i += len;
  }
  return Status();
}

namespace {

bool ascii_punctuation(unsigned char c) {  // Python's string.punctuation
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The reference's replacement: each emoji character becomes its description, preceded by a
// space unless the previous character was a space or an emoji.
void replace_emoji(const SentimentWords& words, std::string_view text, std::string& out) {
  out.clear();
  bool previous_space = true;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t start = at;
    char32_t cp = next_code_point(text, at);
    auto it = words.emoji.find(cp);
    if (it != words.emoji.end()) {
      if (!previous_space) out += ' ';
      out += it->second;
      previous_space = false;
    } else {
      out.append(text.data() + start, at - start);
      previous_space = cp == U' ';
    }
  }
}

// Lower-cases ASCII and Latin-1 capitals (two-byte sequences C3 80..C3 9E, but not the
// multiplication sign C3 97) into `out` (room for token.size() bytes), and tells whether the
// token is Python-isupper: some capital and no small letter.
bool lower_token(std::string_view token, char* out) {
  bool any_upper = false, any_lower = false;
  const std::size_t n = token.size();
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(token[i]);
    if (c < 0x80) {
      bool up = static_cast<unsigned>(c - 'A') < 26u;
      any_upper |= up;
      any_lower |= static_cast<unsigned>(c - 'a') < 26u;
      out[i] = static_cast<char>(c + (up ? 32 : 0));
      continue;
    }
    std::size_t at = i;
    char32_t cp = next_code_point(token, at);
    bool up = upper_letter(cp);
    any_upper |= up;
    any_lower |= lower_letter(cp);
    for (std::size_t k = i; k < at; ++k) out[k] = token[k];
    if (up) out[i + 1] = static_cast<char>(static_cast<unsigned char>(token[i + 1]) + 0x20);
    i = at - 1;
  }
  return any_upper && !any_lower;
}

}  // namespace

StatusOr<std::string_view> tokenize(const SentimentWords& words, std::string_view text, SentimentScratch& scratch) {
  bool ascii = true;
  for (char c : text) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (!ascii) SEGCORE_RETURN_IF_ERROR(valid_utf8(text));
  if (!words.emoji.empty() && (!ascii || words.ascii_emoji)) {
    replace_emoji(words, text, scratch.text);
    text = scratch.text;
    for (char c : text) ascii &= static_cast<unsigned char>(c) < 0x80;
  }
  scratch.tokens.clear();
  // Lower-cased tokens keep their byte length, so they fit in the text's size.
  if (scratch.lower.size() < text.size()) scratch.lower.resize(std::max(text.size(), 2 * scratch.lower.size()));
  char* lower = scratch.lower.data();
  auto add = [&](std::string_view raw) {
    std::size_t b = 0, e = raw.size();
    while (b < e && ascii_punctuation(static_cast<unsigned char>(raw[b]))) ++b;
    while (e > b && ascii_punctuation(static_cast<unsigned char>(raw[e - 1]))) --e;
    std::string_view stripped = raw.substr(b, e - b);
    std::string_view token = (ascii ? stripped.size() : code_points(stripped)) <= 2 ? raw : stripped;
    SentimentToken t;
    t.upper = lower_token(token, lower);
    t.lower = std::string_view(lower, token.size());
    lower += token.size();
    t.info = words.find(t.lower);
    t.contraction_negation =
        token.find('\'') != std::string_view::npos && t.lower.find("n't") != std::string_view::npos;
    scratch.tokens.push_back(t);
  };
  if (ascii) {  // the common case, byte by byte
    const char* p = text.data();
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
      while (i < n && python_space(static_cast<unsigned char>(p[i]))) ++i;
      std::size_t from = i;
      while (i < n && !python_space(static_cast<unsigned char>(p[i]))) ++i;
      if (i > from) add(text.substr(from, i - from));
    }
    return text;
  }
  std::size_t start = 0;
  bool in_token = false;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t here = at;
    char32_t cp = next_code_point(text, at);
    if (python_space(cp)) {
      if (in_token) add(text.substr(start, here - start));
      in_token = false;
    } else if (!in_token) {
      start = here;
      in_token = true;
    }
  }
  if (in_token) add(text.substr(start));
  return text;
}

}  // namespace detail
SEGCORE_NAMESPACE_END
