// Opt-out lists: the listed customers' rows leave the EventTable before anything is derived
// from it, and every dictionary is rebuilt from the remaining rows, so no value that only an
// opted-out customer carried stays behind.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

// The listed ids trimmed, without the empty ones.
absl::flat_hash_set<std::string> trimmed_ids(const absl::flat_hash_set<std::string>& ids) {
  absl::flat_hash_set<std::string> out;
  out.reserve(ids.size());
  for (const std::string& id : ids)
    if (const absl::string_view t = absl::StripAsciiWhitespace(id); !t.empty()) out.emplace(t);
  return out;
}

}  // namespace

OptOutReport exclude_customers(EventTable& ev, const absl::flat_hash_set<std::string>& opted_out) {
  OptOutReport r;
  const absl::flat_hash_set<std::string> ids = trimmed_ids(opted_out);
  r.listed = ids.size();
  std::vector<std::uint8_t> listed(ev.customer.values.size(), 0);
  for (std::size_t c = 0; c < ev.customer.values.size(); ++c)
    if (ids.contains(absl::StripAsciiWhitespace(ev.customer.values[c]))) listed[c] = 1, ++r.customers;
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
  // Non-blocking open: a FIFO is refused at once instead of waiting for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == ENOENT) return absl::NotFoundError(absl::StrCat(where, ": no such file"));
    return absl::UnavailableError(absl::StrCat(where, ": cannot open: ", std::strerror(e)));
  }
  std::string text;
  struct stat st;
  Status read = absl::OkStatus();
  if (::fstat(fd, &st) != 0)
    read = absl::UnavailableError(absl::StrCat(where, ": cannot stat: ", std::strerror(errno)));
  else if (!S_ISREG(st.st_mode))
    read = absl::InvalidArgumentError(absl::StrCat(where, ": is not a regular file (",
                                                   S_ISFIFO(st.st_mode)   ? "a FIFO"
                                                   : S_ISDIR(st.st_mode)  ? "a folder"
                                                   : S_ISSOCK(st.st_mode) ? "a socket"
                                                                          : "a device",
                                                   ")"));
  for (char buf[1 << 16]; read.ok();) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) read = absl::UnavailableError(absl::StrCat(where, ": reading failed: ", std::strerror(errno)));
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  SEGCORE_RETURN_IF_ERROR(read);
  absl::string_view rest = text;
  if (absl::StartsWith(rest, "\xEF\xBB\xBF")) rest.remove_prefix(3);
  absl::flat_hash_set<std::string> ids;
  for (std::size_t n = 1; !rest.empty(); ++n) {
    const std::size_t end = rest.find_first_of("\r\n");
    const absl::string_view line = rest.substr(0, end);
    // CRLF is one line end; a lone CR or LF is one too.
    const std::size_t skip = end == absl::string_view::npos      ? rest.size()
                             : rest.compare(end, 2, "\r\n") == 0 ? end + 2
                                                                 : end + 1;
    rest.remove_prefix(skip);
    const absl::string_view id = absl::StripAsciiWhitespace(line);
    if (id.empty() || id.front() == '#') continue;
    if (id.find('\0') != absl::string_view::npos)
      return invalid_argument(where, "line ", n, " holds a NUL byte (not a text file?)");
    ids.emplace(id);
  }
  return ids;
}

SEGCORE_NAMESPACE_END
