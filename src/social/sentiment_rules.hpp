// The VADER-family rules over one text, with the reference's empirically derived constants.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "segcore/sentiment.hpp"
#include "sentiment_words.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

inline constexpr double kBoosterIncrement = 0.293;  // a booster's (or, negated, a dampener's) scalar
inline constexpr double kCapsIncrement = 0.733;     // an ALL-CAPS word among mixed-case ones
inline constexpr double kNegationScalar = -0.74;    // a negated valence is multiplied by this
inline constexpr double kNormalizeAlpha = 15;       // compound = s / sqrt(s^2 + alpha)

// One token of a text as the rules see it.
struct SentimentToken {
  std::string_view lower;             // lower-cased (ASCII and Latin-1 letters)
  const WordInfo* info = nullptr;     // null: a token no table knows
  bool upper = false;                 // Python's str.isupper()
  bool contraction_negation = false;  // contains "n't"
};

// Buffers reused from text to text by one thread.
struct SentimentScratch {
  std::string text;   // the text with emoji replaced by their descriptions
  std::string lower;  // the lower-cased tokens, back to back
  std::vector<SentimentToken> tokens;
  std::vector<double> sentiments;
};

// Replaces emoji by their descriptions, as the reference does (the result is in
// scratch.text, or `text` itself when nothing can change), and cuts it into scratch.tokens.
// Returns the text the punctuation rules count on; invalid UTF-8 is InvalidArgument.
StatusOr<std::string_view> tokenize(const SentimentWords& words, std::string_view text, SentimentScratch& scratch);

// Scores one text into `out`; invalid UTF-8 is InvalidArgument naming the byte offset.
Status score_text(const SentimentWords& words, std::string_view text, SentimentScratch& scratch, SentimentScores& out);

}  // namespace detail
SEGCORE_NAMESPACE_END
