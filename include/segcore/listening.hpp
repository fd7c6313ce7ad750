// Listening: named topic sets (brand, competitors, products, issues, ... the caller's) of
// keywords, phrases and hashtags, counted in texts, and per-customer counts per set and window.
//
// Matching, exactly (docs/guides/social.md, "Listening"):
// - A word character is a Unicode letter (L*), mark (M*) or number (N*), or '_'; every other
//   code point (spaces, punctuation, symbols, emoji) is a non-word character.
// - A pattern is a keyword ("acme"), a phrase ("customer service") or a hashtag ("#acmefail").
//   In a pattern, whitespace and ASCII characters other than letters, digits and '_' separate
//   words; every other character belongs to a word and is matched literally. A separator in a
//   pattern matches any non-empty run of non-word characters in the text, so "customer service"
//   matches "Customer-Service" and "customer, service". A hashtag is '#' and one word.
// - A pattern matches where it is neither preceded nor followed by a word character (the start
//   and end of the text count as non-word), case-insensitively by Unicode simple case folding.
//   A keyword therefore also matches the word of a hashtag ("acme" in "#acme", not in
//   "#acmecorp"); a hashtag matches only after '#'.
// - A set's count in a text is the number of non-overlapping matches of any of its patterns,
//   scanning left to right and taking at each place the longest pattern that matches.
// Texts and patterns are UTF-8 (invalid UTF-8 is an error naming where).
//
// The matcher is RE2's RE2::Set (a maintained multi-pattern matcher, linear in the text). A
// build of segcore without RE2 answers every listening call with Unimplemented, and
// listening_available() is false.
//
// Threading: any number of threads may match with one ListeningSets at the same time. Each
// thread searches with a matcher of its own, copied once and then reused (RE2 keeps one DFA
// cache per matcher, behind a lock, so threads sharing one would wait for one another).
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace detail {
class ListeningMatcherPool;  // the compiled matchers (src/social/listening_matcher.hpp)
}

// One named set of patterns.
struct TopicSet {
  // The set's name: letters, digits and '_', starting with a letter (it names result columns
  // such as mentioned_<name>_30d, which rules refer to). Names are unique within a call.
  std::string name;
  // Keywords, phrases and hashtags; at least one, none empty. Surrounding whitespace is
  // ignored; a pattern must start with a letter, digit, '_' or '#' and end with a letter,
  // digit or '_' (or a non-ASCII character).
  std::vector<std::string> patterns;
};

// True when this build of segcore has RE2, and listening works.
bool listening_available();

// Topic sets compiled into one matcher, once.
class ListeningSets {
 public:
  // Validates and compiles the sets. An empty or invalid name, a duplicate name, a set without
  // patterns, an empty or malformed pattern or invalid UTF-8 is InvalidArgument naming the set
  // and pattern; a build without RE2 is Unimplemented.
  static StatusOr<ListeningSets> compile(std::span<const TopicSet> sets);

  // The number of sets.
  std::size_t size() const { return names_.size(); }
  // The number of patterns over all sets.
  std::size_t pattern_count() const { return patterns_; }
  // Set s's name (s < size()).
  const std::string& name(std::size_t s) const { return names_[s]; }
  // The compiled matchers (their layout is internal to segcore).
  detail::ListeningMatcherPool& matchers() const { return *matchers_; }

 private:
  ListeningSets(std::vector<std::string> names, std::size_t patterns,
                std::shared_ptr<detail::ListeningMatcherPool> matchers);
  std::vector<std::string> names_;
  std::size_t patterns_ = 0;
  std::shared_ptr<detail::ListeningMatcherPool> matchers_;
};

// Counts each set in each text: counts[i * sets.size() + s] is set s's count in texts[i]
// (saturating at UINT32_MAX). counts.size() must be texts.size() * sets.size(). Runs on up to
// `threads` threads (0: one per hardware thread; < 0 rejected); the counts do not depend on
// the thread count. Invalid UTF-8 fails the call, naming the text and byte offset.
Status match_listening(const ListeningSets& sets, std::span<const std::string_view> texts,
                       std::span<std::uint32_t> counts, int threads = 1);

// Per-customer listening counts, in customer-major arrays.
struct ListeningAggregate {
  std::size_t n_customers = 0;   // rows
  std::size_t n_sets = 0;        // sets, in the order of the counts' columns
  std::vector<int> window_days;  // the windows, in the order given
  // mentions[c * n_sets + s]: set s's matches over customer c's texts up to as_of.
  std::vector<std::uint64_t> mentions;
  // texts[c * n_sets + s]: customer c's texts up to as_of that mention set s.
  std::vector<std::uint64_t> texts;
  // window_texts[(c * window_days.size() + w) * n_sets + s]: customer c's texts mentioning
  // set s with as_of - window_days[w] days < time <= as_of.
  std::vector<std::uint64_t> window_texts;
  std::uint64_t texts_after_as_of = 0;  // texts after as_of, left out of every count
};

// Aggregates per-text counts (counts[i * n_sets + s], as match_listening writes them) of text
// i written by customer[i] (in [0, n_customers)) at time[i] (Unix seconds) as of `as_of`
// (Unix seconds), for windows of 1 to 36500 days (at most 16). Bad sizes, customers or
// windows are InvalidArgument naming the argument and row.
StatusOr<ListeningAggregate> aggregate_listening(std::span<const std::uint32_t> counts, std::size_t n_sets,
                                                 std::span<const std::uint32_t> customer,
                                                 std::span<const std::int64_t> time, std::size_t n_customers,
                                                 std::int64_t as_of, std::span<const int> window_days);

SEGCORE_NAMESPACE_END
