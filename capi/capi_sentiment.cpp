// C ABI of the sentiment scorer: lexicon handles, batch scoring into caller arrays, and the
// per-customer aggregates. Converts and forwards; the work is in src/social/.
#include <string>
#include <string_view>
#include <vector>

#include "capi_support.hpp"
#include "capi_texts.hpp"
#include "segcore/sentiment.hpp"
#include "segcore_sentiment.h"

struct segcore_sentiment_lexicon {
  segcore::SentimentLexicon impl;
};

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

extern "C" {

int segcore_sentiment_lexicon_load(segcore_sentiment_lexicon** out, const char* lexicon_path,
                                   const char* emoji_path) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(lexicon_path);
    SEGCORE_ASSIGN_OR_RETURN(auto lexicon,
                             segcore::SentimentLexicon::from_files(lexicon_path, emoji_path ? emoji_path : ""));
    *out = new segcore_sentiment_lexicon{std::move(lexicon)};
  );
}

int segcore_sentiment_lexicon_shipped(segcore_sentiment_lexicon** out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto lexicon, segcore::SentimentLexicon::shipped());
    *out = new segcore_sentiment_lexicon{std::move(lexicon)};
  );
}

void segcore_sentiment_lexicon_destroy(segcore_sentiment_lexicon* lexicon) { delete lexicon; }

int segcore_sentiment_lexicon_size(const segcore_sentiment_lexicon* lexicon, size_t* size, size_t* emoji) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(lexicon);
    if (size) *size = lexicon->impl.size();
    if (emoji) *emoji = lexicon->impl.emoji_count();
  );
}

int segcore_sentiment_score(const segcore_sentiment_lexicon* lexicon, const char* data, const int64_t* offsets,
                            size_t n_texts, int32_t threads, double* compound, double* pos, double* neu,
                            double* neg) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(lexicon, offsets, compound);
    SEGCORE_ASSIGN_OR_RETURN(auto texts, segcore::capi_detail::texts_from_offsets(fn, data, offsets, n_texts));
    std::vector<segcore::SentimentScores> scores(n_texts);
    SEGCORE_RETURN_IF_ERROR(segcore::score_sentiments(lexicon->impl, texts, scores, threads));
    for (size_t i = 0; i < n_texts; ++i) {
      compound[i] = scores[i].compound;
      if (pos) pos[i] = scores[i].pos;
      if (neu) neu[i] = scores[i].neu;
      if (neg) neg[i] = scores[i].neg;
    }
  );
}

int segcore_sentiment_aggregate(const double* compound, const uint32_t* customer, const int64_t* time, size_t n,
                                size_t n_customers, uint64_t* texts, double* mean_compound, double* negative_share,
                                double* trend_per_day) {
  SEGCORE_CAPI_BODY(
    if (n > 0) SEGCORE_REQUIRE(compound, customer, time);
    SEGCORE_ASSIGN_OR_RETURN(auto agg, segcore::aggregate_sentiment({compound, n}, {customer, n}, {time, n},
                                                                    n_customers));
    for (size_t c = 0; c < n_customers; ++c) {
      if (texts) texts[c] = agg[c].texts;
      if (mean_compound) mean_compound[c] = agg[c].mean_compound;
      if (negative_share) negative_share[c] = agg[c].negative_share;
      if (trend_per_day) trend_per_day[c] = agg[c].trend_per_day;
    }
  );
}

}  // extern "C"
