// RE2 behind the listening matcher. RE2::Set finds which sets occur in a text in one pass of
// its DFA; each set that occurs is then counted with its own RE2, leftmost-longest. A set's
// expression consumes the non-word character before and after a pattern (RE2 has no
// look-around, and its \b is ASCII-only): each search resumes at the character after the
// previous pattern, which can serve as the character before the next.
#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "listening_matcher.hpp"

#ifndef SEGCORE_HAVE_RE2
#define SEGCORE_HAVE_RE2 0
#endif
#if SEGCORE_HAVE_RE2
#include <re2/re2.h>
#include <re2/set.h>
#endif

SEGCORE_NAMESPACE_BEGIN
namespace detail {

bool re2_found() { return SEGCORE_HAVE_RE2 != 0; }

#if SEGCORE_HAVE_RE2

namespace {

// Budget of each compiled expression (RE2's default is 8 MiB): the set of all sets is one
// program, and its DFA cache grows with the number of patterns.
constexpr int64_t kMaxMem = int64_t{64} << 20;

RE2::Options options() {
  RE2::Options o;
  o.set_case_sensitive(false);
  o.set_longest_match(true);
  o.set_log_errors(false);
  o.set_max_mem(kMaxMem);
  return o;
}

// Set s's full expression: a non-word character or the text's edge on both sides of the
// alternation.
std::string framed(const std::string& body) {
  const std::string non_word(kNonWordClass);
  return "(?:^|" + non_word + ")(?:" + body + ")(?:$|" + non_word + ")";
}

// Where the code point that ends at `end` starts. A match that does not end with the text ends
// with the non-word character after its pattern, which may open the next match: the search
// resumes there, which is past the match's start (a pattern and that character are two code
// points at least). Searching for the whole match only, without the pattern's own bounds,
// lets RE2 answer from its DFA alone.
std::size_t last_code_point(std::string_view text, std::size_t end) {
  std::size_t at = end - 1;
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

}  // namespace

struct ListeningMatcher::Impl {
  std::vector<std::string> names, regex;  // what it was compiled from, for copies
  RE2::Set any{options(), RE2::UNANCHORED};
  std::vector<std::unique_ptr<RE2>> each;  // one per set
};

StatusOr<std::shared_ptr<const ListeningMatcher>> ListeningMatcher::compile(const std::vector<std::string>& set_names,
                                                                            const std::vector<std::string>& set_regex) {
  constexpr const char* where = "ListeningSets::compile";
  auto impl = std::make_unique<Impl>();
  impl->names = set_names;
  impl->regex = set_regex;
  for (std::size_t s = 0; s < set_regex.size(); ++s) {
    const std::string re = framed(set_regex[s]);
    std::string error;
    if (impl->any.Add(re, &error) < 0)
      return invalid_argument(where, "set '", set_names[s], "': RE2 refused its expression: ", error);
    auto one = std::make_unique<RE2>(re, options());
    if (!one->ok())
      return absl::ResourceExhaustedError(absl::StrCat(where, ": set '", set_names[s],
                                                       "' does not compile within RE2's memory budget (", kMaxMem >> 20,
                                                       " MiB): ", one->error(), "; split it into smaller sets"));
    impl->each.push_back(std::move(one));
  }
  if (!impl->any.Compile())
    return absl::ResourceExhaustedError(absl::StrCat(where, ": the ", set_regex.size(),
                                                     " sets together exceed RE2's memory budget; use fewer patterns"));
  return std::shared_ptr<const ListeningMatcher>(new ListeningMatcher(std::move(impl)));
}

StatusOr<std::shared_ptr<const ListeningMatcher>> ListeningMatcher::copy() const {
  return compile(impl_->names, impl_->regex);
}

Status ListeningMatcher::count(std::string_view text, std::span<std::uint32_t> counts, std::vector<int>& hits) const {
  std::fill(counts.begin(), counts.end(), 0u);
  const re2::StringPiece whole(text.data(), text.size());
  hits.clear();
  RE2::Set::ErrorInfo error{RE2::Set::kNoError};
  if (!impl_->any.Match(whole, &hits, &error)) {
    if (error.kind == RE2::Set::kNoError) return Status();
    return absl::ResourceExhaustedError("listening: RE2's matcher ran out of memory on a text; use fewer patterns");
  }
  for (int s : hits) {
    const RE2& re = *impl_->each[static_cast<std::size_t>(s)];
    std::uint32_t n = 0;
    re2::StringPiece m;
    for (std::size_t at = 0; re.Match(whole, at, text.size(), RE2::UNANCHORED, &m, 1);) {
      if (n < std::numeric_limits<std::uint32_t>::max()) ++n;
      const auto end = static_cast<std::size_t>(m.data() + m.size() - text.data());
      if (end == text.size()) break;  // nothing is left for a pattern after the boundary
      at = last_code_point(text, end);
    }
    counts[static_cast<std::size_t>(s)] = n;
  }
  return Status();
}

#else  // no RE2

struct ListeningMatcher::Impl {};

StatusOr<std::shared_ptr<const ListeningMatcher>> ListeningMatcher::compile(const std::vector<std::string>&,
                                                                            const std::vector<std::string>&) {
  return absl::UnimplementedError(
      "ListeningSets::compile: this build of segcore has no RE2 (libre2-dev); listening is unavailable");
}

StatusOr<std::shared_ptr<const ListeningMatcher>> ListeningMatcher::copy() const { return compile({}, {}); }

Status ListeningMatcher::count(std::string_view, std::span<std::uint32_t>, std::vector<int>&) const {
  return absl::UnimplementedError("listening: this build of segcore has no RE2 (libre2-dev)");
}

#endif

StatusOr<std::shared_ptr<const ListeningMatcher>> ListeningMatcherPool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!free_.empty()) {
      auto m = std::move(free_.back());
      free_.pop_back();
      return m;
    }
  }
  return source_->copy();  // compiled outside the lock; copy() reads only what never changes
}

void ListeningMatcherPool::release(std::shared_ptr<const ListeningMatcher> matcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  free_.push_back(std::move(matcher));
}

ListeningMatcher::ListeningMatcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ListeningMatcher::~ListeningMatcher() = default;

}  // namespace detail
SEGCORE_NAMESPACE_END
