// Sentiment of short texts with a valence lexicon and rules in the VADER family (Hutto and
// Gilbert, ICWSM 2014): lexicon lookup, negation, boosters and dampeners, "but" contrast,
// capitals and punctuation emphasis, idioms, emoji described by words. The rules follow the
// reference implementation (github.com/cjhutto/vaderSentiment, 3.3 series) so that compound
// scores agree with it; docs/guides/sentiment.md lists where they knowingly differ.
//
// The lexicon is data: a text file of `token<TAB>valence[<TAB>...]` lines (the reference's
// vader_lexicon.txt format), replaceable by the caller. An optional emoji file maps one emoji
// to words (`emoji<TAB>description`), as the reference's emoji_utf8_lexicon.txt does.
//
// Threading: a SentimentLexicon is read-only once built; any number of threads may score with
// one lexicon at the same time.
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
struct SentimentWords;  // the word table the rules read (src/social/sentiment_words.hpp)
}

// A valence lexicon and, optionally, an emoji lexicon, indexed for scoring.
class SentimentLexicon {
 public:
  // Parses lexicon text (and emoji text, "" for none). `source` names the text in errors,
  // which give the 1-based line: "vader_lexicon.txt:12: valence 'x' is not a number".
  // Blank lines are skipped; a later entry for the same token replaces an earlier one, as in
  // the reference.
  static StatusOr<SentimentLexicon> from_text(std::string_view lexicon, std::string_view emoji = {},
                                              std::string_view source = "lexicon",
                                              std::string_view emoji_source = "emoji lexicon");
  // Reads the files (emoji_path "" for none), each a regular file of at most 256 MiB. A missing
  // file is NotFound; a folder, FIFO or device is Unavailable at once; each names the path.
  static StatusOr<SentimentLexicon> from_files(const std::string& lexicon_path, const std::string& emoji_path = {});
  // The lexicons shipped with segcore, compiled in: data/sentiment/vader_lexicon.txt (MIT) and
  // the emoji lexicon data/sentiment/emoji_lexicon.txt (each emoji's CLDR English short name,
  // Unicode licence).
  static StatusOr<SentimentLexicon> shipped();

  // Tokens with a valence.
  std::size_t size() const;
  // Emoji with a description (one code point each: the only ones the reference can match).
  std::size_t emoji_count() const;
  // The valence of a lower-case token, or NaN when it has none.
  double valence(std::string_view token) const;

  // The word table the scorer reads (its layout is internal to segcore).
  const detail::SentimentWords& words() const { return *words_; }

 private:
  explicit SentimentLexicon(std::shared_ptr<const detail::SentimentWords> words) : words_(std::move(words)) {}
  std::shared_ptr<const detail::SentimentWords> words_;
};

// Scores of one text. compound is the normalised sum, score / sqrt(score^2 + 15), in [-1, 1]
// and not rounded (the reference rounds to 4 decimals); pos, neu and neg are the shares of
// positive, neutral and negative weight (summing to 1, or all 0 for a text without tokens).
struct SentimentScores {
  double compound = 0;  // normalised score in [-1, 1]
  double pos = 0;       // positive share
  double neu = 0;       // neutral share
  double neg = 0;       // negative share
};

// Scores one UTF-8 text. Invalid UTF-8 is InvalidArgument naming the byte offset.
StatusOr<SentimentScores> score_sentiment(const SentimentLexicon& lexicon, std::string_view text);

// Scores texts[i] into out[i] (out.size() == texts.size()) on up to `threads` threads (0: one
// per hardware thread, < 0 rejected). Results do not depend on the thread count. An invalid
// text fails the call, naming its index.
Status score_sentiments(const SentimentLexicon& lexicon, std::span<const std::string_view> texts,
                        std::span<SentimentScores> out, int threads = 1);

// The threshold at or below which a text counts as negative (the reference's convention).
inline constexpr double kNegativeCompound = -0.05;

// Per-customer sentiment over scored texts.
struct SentimentAggregate {
  std::uint64_t texts = 0;    // texts of the customer
  double mean_compound = 0;   // mean compound (NaN without texts)
  double negative_share = 0;  // share of texts with compound <= -0.05 (NaN without texts)
  // Least-squares slope of compound against time, per day (NaN with fewer than two distinct
  // times), like the order trend: how fast the customer's tone is moving.
  double trend_per_day = 0;
};

// Aggregates compound[i] written by customer[i] (in [0, n_customers)) at time[i] (Unix
// seconds) into one SentimentAggregate per customer. The sums run in input order, so the
// result depends on the input alone.
StatusOr<std::vector<SentimentAggregate>> aggregate_sentiment(std::span<const double> compound,
                                                              std::span<const std::uint32_t> customer,
                                                              std::span<const std::int64_t> time,
                                                              std::size_t n_customers);

SEGCORE_NAMESPACE_END
