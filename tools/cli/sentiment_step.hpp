// Sentiment features in the CLI: `--text-col` scores each row's text with the shipped lexicons
// (segcore/sentiment.hpp) and adds each customer's aggregate to the profiles, so rules,
// clustering and every output read it as they read recency and frequency.
#pragma once

#include <vector>

#include "args.hpp"
#include "segcore/io.hpp"
#include "segcore/profile.hpp"

namespace segcore_cli {

std::vector<Flag> sentiment_flags();

// Adds the text column to the CSV columns (as an attribute: each distinct text is kept once
// and scored once), so the reader keeps it.
void add_sentiment_columns(const Args& args, segcore::CsvColumns& columns);

// With --text-col: appends sentiment_texts, sentiment_mean_compound, sentiment_negative_share
// and sentiment_trend_per_day to `profiles`, over the texts up to the profiles' as_of, and
// takes out the text column the reader carried (a customer's latest text is not a feature).
void add_sentiment(const Args& args, const segcore::EventTable& events, segcore::ProfileTable& profiles);

}  // namespace segcore_cli
