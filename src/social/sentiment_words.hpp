// The word table the sentiment rules read: one hash lookup per token gives its valence, its
// booster scalar and, for the words the rules name ("but", "least", "never", ...), an id.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

// std::string_view as Abseil's own string_view (a distinct type in some Abseil builds).
inline absl::string_view av(std::string_view s) { return {s.data(), s.size()}; }

// Words that a rule names. kOther: a word no rule names.
enum class Word : std::uint8_t {
  kOther,
  kNo,
  kOr,
  kNor,
  kBut,
  kLeast,
  kAt,
  kVery,
  kKind,
  kSort,
  kOf,
  kJust,
  kEnough,
  kNever,
  kSo,
  kThis,
  kWithout,
  kDoubt,
  // in the special-case idioms
  kThe,
  kShit,
  kBomb,
  kBad,
  kAss,
  kBus,
  kStop,
  kYeah,
  kRight,
  kKiss,
  kDeath,
  kTo,
  kDie,
  kFor,
  kBeating,
  kHeart,
  kBroken,
};

// What the rules know of one lower-case token.
struct WordInfo {
  double valence = std::numeric_limits<double>::quiet_NaN();  // NaN: not in the lexicon
  double booster = 0;                                         // the booster/dampener scalar (0: none)
  Word id = Word::kOther;
  bool negation = false;  // one of the reference's negation words
  bool has_valence() const { return valence == valence; }
};

struct SentimentWords {
  absl::flat_hash_map<std::string, WordInfo> words;  // lexicon, boosters, negations, named words
  absl::flat_hash_map<char32_t, std::string> emoji;  // one code point -> its description
  std::size_t lexicon_size = 0;
  bool ascii_emoji = false;  // some emoji key is ASCII: every text is scanned for emoji

  const WordInfo* find(std::string_view lower) const {
    auto it = words.find(av(lower));
    return it == words.end() ? nullptr : &it->second;
  }
};

// Adds the rule words (boosters, negations, named words) to `words`, keeping valences.
void add_rule_words(SentimentWords& words);

}  // namespace detail
SEGCORE_NAMESPACE_END
