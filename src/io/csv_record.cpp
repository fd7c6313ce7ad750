// Splitting one RFC 4180 record into fields, and UTF-8 validation.
#include <algorithm>
#include <cstring>

#include "csv_internal.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

namespace {

// The end of the record starting at p by quote parity alone (a '\n' ends the record when an
// even number of quotes precede it). The chunk splitter uses the same rule, so a malformed
// record never shifts the records after it.
const char* record_end_by_parity(const char* p, const char* end, std::uint64_t& newlines) {
  bool inside = false;
  for (; p < end; ++p) {
    if (*p == '"')
      inside = !inside;
    else if (*p == '\n') {
      ++newlines;
      if (!inside) return p + 1;
    }
  }
  return end;
}

}  // namespace

const char* record_end(const char* p, const char* end) {
  std::uint64_t ignored = 0;
  return record_end_by_parity(p, end, ignored);
}

const char* split_record(const char* p, const char* end, char delimiter, std::vector<Field>& fields,
                         std::deque<std::string>& scratch, std::uint64_t& newlines, const char*& error,
                         std::size_t& error_field) {
  const char* const start = p;
  fields.clear();
  error = nullptr;
  std::uint64_t lines = 0;
  auto fail = [&](const char* why) {
    error = why;
    error_field = fields.size();
    std::uint64_t recount = 0;
    const char* next = record_end_by_parity(start, end, recount);
    newlines += recount;
    return next;
  };
  for (;;) {
    Field f;
    if (p < end && *p == '"') {
      const char* q = p + 1;
      const char* seg = q;
      std::string* buf = nullptr;
      for (;;) {
        const char* close = static_cast<const char*>(std::memchr(q, '"', end - q));
        if (close == nullptr) return fail("unterminated quoted field");
        lines += std::count(q, close, '\n');
        if (close + 1 < end && close[1] == '"') {  // "" is one quote
          if (buf == nullptr) buf = &scratch.emplace_back();
          buf->append(seg, close + 1);
          q = seg = close + 2;
          continue;
        }
        if (buf != nullptr) {
          buf->append(seg, close);
          f.text = *buf;
        } else {
          f.text = absl::string_view(p + 1, close - (p + 1));
        }
        p = close + 1;
        break;
      }
      f.quoted = true;
      if (p < end && *p != delimiter && *p != '\n' && !(*p == '\r' && (p + 1 == end || p[1] == '\n')))
        return fail("text after a closing quote");
    } else {
      const char* s = p;
      while (p < end && *p != delimiter && *p != '\n' && *p != '"') ++p;
      if (p < end && *p == '"') return fail("quote inside an unquoted field");
      const char* e = p;
      if (e > s && e[-1] == '\r' && (p == end || *p == '\n')) --e;
      f.text = absl::string_view(s, e - s);
    }
    fields.push_back(f);
    if (p >= end) break;
    if (*p == delimiter) {
      ++p;
      continue;
    }
    if (*p == '\r') ++p;
    if (p < end && *p == '\n') {
      ++lines;
      ++p;
    }
    break;
  }
  newlines += lines;
  return p;
}

std::size_t invalid_utf8_at(absl::string_view s) {
  const auto* begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* p = begin;
  const auto* end = p + s.size();
  while (p < end) {
    unsigned c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    const std::size_t at = static_cast<std::size_t>(p - begin);
    int n;
    unsigned min;
    if ((c & 0xE0) == 0xC0)
      n = 1, min = 0x80, c &= 0x1F;
    else if ((c & 0xF0) == 0xE0)
      n = 2, min = 0x800, c &= 0x0F;
    else if ((c & 0xF8) == 0xF0)
      n = 3, min = 0x10000, c &= 0x07;
    else
      return at;
    if (end - p <= n) return at;
    for (int i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return at;
      c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return at;
    p += n + 1;
  }
  return absl::string_view::npos;
}

bool valid_utf8(absl::string_view s) { return invalid_utf8_at(s) == absl::string_view::npos; }

}  // namespace io_detail
SEGCORE_NAMESPACE_END
