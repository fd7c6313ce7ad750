// Source ids and move ids: the order of "<n>" / "<n>-<m>" ids (line numbers, Redis stream ids),
// and a move's id, a hash stable across processes, builds and machines (FNV-1a 64).
#include <charconv>
#include <cstdint>

#include "absl/strings/str_format.h"
#include "segcore/stream.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

// (n, m) of "<n>" (m = 0) or "<n>-<m>"; false for other text.
bool numeric_id(absl::string_view s, std::uint64_t& n, std::uint64_t& m) {
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, n);
  if (ec != std::errc() || p == s.data()) return false;
  m = 0;
  if (p == end) return true;
  if (*p != '-') return false;
  auto [q, ec2] = std::from_chars(p + 1, end, m);
  return ec2 == std::errc() && q == end && q != p + 1;
}

}  // namespace

int compare_source_ids(absl::string_view a, absl::string_view b) {
  std::uint64_t an, am, bn, bm;
  if (numeric_id(a, an, am) && numeric_id(b, bn, bm)) {
    if (an != bn) return an < bn ? -1 : 1;
    if (am != bm) return am < bm ? -1 : 1;
    return 0;
  }
  return a.compare(b) < 0 ? -1 : a == b ? 0 : 1;
}

int EventSource::compare(absl::string_view a, absl::string_view b) const { return compare_source_ids(a, b); }

std::string move_id(absl::string_view source_id, absl::string_view customer, absl::string_view trigger,
                    absl::string_view to) {
  std::uint64_t h = 14695981039346656037ull;
  for (absl::string_view part : {source_id, customer, trigger, to}) {
    for (const char c : part) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= 0xFF;  // a separator no UTF-8 text holds, so ("ab","c") and ("a","bc") differ
    h *= 1099511628211ull;
  }
  return absl::StrFormat("%016x", h);
}

SEGCORE_NAMESPACE_END
