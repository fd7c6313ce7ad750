// The compiled matcher of listening (segcore/listening.hpp): one regular expression per topic
// set, searched together with RE2::Set to learn which sets occur, then counted one set at a
// time. Only listening_matcher.cpp includes RE2, so only it depends on whether RE2 was found.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

// The character class of non-word characters, in RE2 syntax (word: letter, mark, number, '_').
inline constexpr std::string_view kNonWordClass = "[^\\pL\\pM\\pN_]";

class ListeningMatcher {
 public:
  // Compiles set_regex[s], the body of set s's expression (an alternation of its patterns),
  // into one matcher. Unimplemented without RE2; InvalidArgument naming the set if RE2 refuses
  // an expression; ResourceExhausted if the compiled sets do not fit RE2's memory budget.
  static StatusOr<std::shared_ptr<const ListeningMatcher>> compile(const std::vector<std::string>& set_names,
                                                                   const std::vector<std::string>& set_regex);
  ~ListeningMatcher();

  // A matcher of its own compiled from the same expressions. RE2 keeps one DFA cache per
  // object, shared by the threads that search with it behind a lock; threads that each search
  // with their own copy do not wait for one another.
  StatusOr<std::shared_ptr<const ListeningMatcher>> copy() const;

  // Writes each set's count in `text` (valid UTF-8) into counts (one slot per set). `hits` is
  // scratch reused between calls.
  Status count(std::string_view text, std::span<std::uint32_t> counts, std::vector<int>& hits) const;

  struct Impl;

 private:
  explicit ListeningMatcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Matchers for concurrent searches: a free one to lend, else a new copy. Matchers given back
// keep their warm DFA caches for the next search, and the next call.
class ListeningMatcherPool {
 public:
  explicit ListeningMatcherPool(std::shared_ptr<const ListeningMatcher> first) : source_(first), free_{first} {}
  StatusOr<std::shared_ptr<const ListeningMatcher>> acquire();
  void release(std::shared_ptr<const ListeningMatcher> matcher);

 private:
  std::shared_ptr<const ListeningMatcher> source_;  // what copies are made from
  std::mutex mutex_;
  std::vector<std::shared_ptr<const ListeningMatcher>> free_;
};

bool re2_found();  // whether this build has RE2

}  // namespace detail
SEGCORE_NAMESPACE_END
