// Opt-out lists: the listed customers' rows leave the EventTable before anything is derived
// from it, and every dictionary is rebuilt from the remaining rows, so no value that only an
// opted-out customer carried stays behind.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "io/input_internal.hpp"
#include "segcore/privacy.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

template <class T>
void keep_rows(std::vector<T>& v, const std::vector<std::uint8_t>& keep) {
  if (v.empty()) return;
  std::size_t j = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (keep[i]) v[j++] = std::move(v[i]);
  v.resize(j);
  v.shrink_to_fit();
}

// Keeps the codes of the kept rows and numbers the values again by first appearance.
void recode(Categorical& c, const std::vector<std::uint8_t>& keep) {
  if (c.codes.empty()) {
    c.values.clear();
    return;
  }
  keep_rows(c.codes, keep);
  std::vector<std::uint32_t> remap(c.values.size(), UINT32_MAX);
  std::vector<std::string> values;
  for (std::uint32_t& code : c.codes) {
    if (remap[code] == UINT32_MAX) {
      remap[code] = static_cast<std::uint32_t>(values.size());
      values.push_back(std::move(c.values[code]));
    }
    code = remap[code];
  }
  c.values = std::move(values);  // the dropped values' strings are freed here
}

}  // namespace

OptOutReport exclude_customers(EventTable& ev, const absl::flat_hash_set<std::string>& opted_out) {
  OptOutReport r;
  r.listed = opted_out.size();
  std::vector<std::uint8_t> listed(ev.customer.values.size(), 0);
  for (std::size_t c = 0; c < ev.customer.values.size(); ++c)
    if (opted_out.contains(ev.customer.values[c])) listed[c] = 1, ++r.customers;
  if (r.customers == 0) return r;
  std::vector<std::uint8_t> keep(ev.rows());
  for (std::size_t i = 0; i < keep.size(); ++i) {
    keep[i] = listed[ev.customer.codes[i]] == 0;
    r.rows += !keep[i];
  }
  keep_rows(ev.timestamp, keep);
  keep_rows(ev.amount, keep);
  recode(ev.customer, keep);
  if (ev.has_order) recode(ev.order, keep);
  for (Categorical& c : ev.categories) recode(c, keep);
  for (Categorical& c : ev.attributes) recode(c, keep);
  for (NumericColumn& c : ev.numerics) keep_rows(c.values, keep);
  return r;
}

StatusOr<absl::flat_hash_set<std::string>> read_opt_out_file(const std::string& path) {
  const std::string where = absl::StrCat("opt-out list '", path, "'");
  // A regular file only: a FIFO would block the read below until a writer came, forever.
  const char* kind;
  if (const int fd = io_detail::open_regular_file(path, kind); fd >= 0) ::close(fd);
  else if (errno == 0) return absl::UnavailableError(absl::StrCat(where, ": is not a regular file (", kind, ")"));
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int e = errno;
    if (e == ENOENT) return absl::NotFoundError(absl::StrCat(where, ": no such file"));
    return absl::UnavailableError(absl::StrCat(where, ": cannot open: ", std::strerror(e)));
  }
  absl::flat_hash_set<std::string> ids;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    const absl::string_view id = absl::StripAsciiWhitespace(line);
    if (id.empty() || id.front() == '#') continue;
    if (id.find('\0') != absl::string_view::npos)
      return invalid_argument(where, "line ", n, " holds a NUL byte (not a text file?)");
    ids.emplace(id);
  }
  if (in.bad()) return absl::UnavailableError(absl::StrCat(where, ": reading failed"));
  return ids;
}

SEGCORE_NAMESPACE_END
