// Scoring many texts on caller-chosen threads, the shipped lexicon, and per-customer
// aggregates of the scores.
#include <algorithm>
#include <cmath>
#include <limits>

#include "segcore/parallel.hpp"
#include "segcore/sentiment.hpp"
#include "sentiment_data.hpp"
#include "sentiment_rules.hpp"

SEGCORE_NAMESPACE_BEGIN

StatusOr<SentimentLexicon> SentimentLexicon::shipped() {
  return from_text(social_detail::vader_lexicon(), social_detail::emoji_lexicon(), "vader_lexicon.txt",
                   "emoji_lexicon.txt");
}

StatusOr<SentimentScores> score_sentiment(const SentimentLexicon& lexicon, std::string_view text) {
  detail::SentimentScratch scratch;
  SentimentScores out;
  SEGCORE_RETURN_IF_ERROR(detail::score_text(lexicon.words(), text, scratch, out));
  return out;
}

Status score_sentiments(const SentimentLexicon& lexicon, std::span<const std::string_view> texts,
                        std::span<SentimentScores> out, int threads) {
  constexpr const char* where = "score_sentiments";
  if (threads < 0) return invalid_argument(where, "threads is ", threads, "; use 0 (all) or more");
  if (out.size() != texts.size())
    return invalid_argument(where, "out has ", out.size(), " slots for ", texts.size(), " texts");
  // Each text is scored alone, so the cut into blocks only spreads the work.
  const Blocks blocks(texts.size(), 2048);
  std::vector<Status> failed(blocks.count());
  parallel_for(resolve_threads(threads), blocks.count(), [&](std::size_t b) {
    detail::SentimentScratch scratch;
    for (std::size_t i = blocks[b].begin; i < blocks[b].end; ++i) {
      Status s = detail::score_text(lexicon.words(), texts[i], scratch, out[i]);
      if (!s.ok()) {
        failed[b] = invalid_argument(where, "text ", i, ": ", s.message());
        return;
      }
    }
  });
  for (const Status& s : failed) SEGCORE_RETURN_IF_ERROR(s);
  return Status();
}

StatusOr<std::vector<SentimentAggregate>> aggregate_sentiment(std::span<const double> compound,
                                                              std::span<const std::uint32_t> customer,
                                                              std::span<const std::int64_t> time,
                                                              std::size_t n_customers) {
  constexpr const char* where = "aggregate_sentiment";
  if (customer.size() != compound.size() || time.size() != compound.size())
    return invalid_argument(where, "compound, customer and time have ", compound.size(), ", ", customer.size(), " and ",
                            time.size(), " rows; they must be equal");
  for (std::size_t i = 0; i < compound.size(); ++i) {
    if (customer[i] >= n_customers)
      return invalid_argument(where, "customer[", i, "] is ", customer[i], "; use 0 to n_customers - 1 (", n_customers,
                              " customers)");
    if (!(compound[i] >= -1 && compound[i] <= 1))
      return invalid_argument(where, "compound[", i, "] is ", compound[i], "; scores are in [-1, 1]");
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double kDay = 86400;
  struct Sums {
    double compound = 0, days = 0;
    std::uint64_t negative = 0;
    std::int64_t first_time = 0;
    bool varies = false;
  };
  std::vector<SentimentAggregate> out(n_customers);
  std::vector<Sums> sums(n_customers);
  // Times are taken relative to the customer's first text, so large epochs lose no digits.
  for (std::size_t i = 0; i < compound.size(); ++i) {
    auto& a = out[customer[i]];
    auto& s = sums[customer[i]];
    if (a.texts == 0) s.first_time = time[i];
    s.varies |= time[i] != s.first_time;
    ++a.texts;
    s.compound += compound[i];
    s.days += static_cast<double>(time[i] - s.first_time) / kDay;
    s.negative += compound[i] <= kNegativeCompound;
  }
  std::vector<double> sxy(n_customers, 0), sxx(n_customers, 0);
  for (std::size_t i = 0; i < compound.size(); ++i) {
    const std::uint32_t c = customer[i];
    const double n = static_cast<double>(out[c].texts);
    const double dx = static_cast<double>(time[i] - sums[c].first_time) / kDay - sums[c].days / n;
    sxy[c] += dx * (compound[i] - sums[c].compound / n);
    sxx[c] += dx * dx;
  }
  for (std::size_t c = 0; c < n_customers; ++c) {
    auto& a = out[c];
    if (a.texts == 0) {
      a.mean_compound = a.negative_share = a.trend_per_day = nan;
      continue;
    }
    const double n = static_cast<double>(a.texts);
    a.mean_compound = sums[c].compound / n;
    a.negative_share = static_cast<double>(sums[c].negative) / n;
    a.trend_per_day = sums[c].varies ? sxy[c] / sxx[c] : nan;
  }
  return out;
}

SEGCORE_NAMESPACE_END
