// Sentiment columns joined to the profiles: the distinct texts of the column are scored once
// (on --threads threads), each row takes its text's compound, and the rows up to as_of are
// aggregated per customer as segcore.sentiment_by_customer does.
#include "sentiment_step.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "input.hpp"
#include "segcore/sentiment.hpp"

namespace segcore_cli {

std::vector<Flag> sentiment_flags() {
  return {
      {"text-col", "NAME",
       "a column of texts (comments, reviews, messages): per-customer sentiment joins the profiles "
       "(docs/guides/sentiment.md); a blank cell is no text"},
  };
}

void add_sentiment_columns(const Args& args, segcore::CsvColumns& c) {
  if (auto text = args.get("text-col")) read_as_attribute(c, *text);
}

void add_sentiment(const Args& args, const segcore::EventTable& events, segcore::ProfileTable& profiles) {
  const auto name = args.get("text-col");
  if (!name) return;
  const segcore::Categorical* texts = &attribute_column(events, *name);

  static const segcore::SentimentLexicon lexicon = take(segcore::SentimentLexicon::shipped());
  const std::vector<std::string_view> distinct(texts->values.begin(), texts->values.end());
  std::vector<segcore::SentimentScores> scores(distinct.size());
  if (auto st = segcore::score_sentiments(lexicon, distinct, scores, thread_count(args)); !st.ok())
    throw CliError("--text-col " + *name + ": " + std::string(st.message()));
  std::vector<double> compound;
  std::vector<std::uint32_t> customer;
  std::vector<std::int64_t> time;
  for (std::size_t i = 0; i < events.rows(); ++i) {
    const std::uint32_t t = texts->codes[i];
    if (blank_cell(texts->values[t]) || events.timestamp[i] > profiles.as_of) continue;
    compound.push_back(scores[t].compound);
    customer.push_back(events.customer.codes[i]);
    time.push_back(events.timestamp[i]);
  }
  const std::vector<segcore::SentimentAggregate> a =
      take(segcore::aggregate_sentiment(compound, customer, time, events.customer.values.size()));

  drop_carried_column(args, *name, profiles);

  const std::size_t rows = profiles.size();
  auto column = [&](const char* column_name, segcore::ColumnType type) {
    for (const auto& c : profiles.columns)
      if (c.name == column_name)
        throw CliError(std::string("--text-col: the sentiment column ") + column_name +
                       " would repeat a profile column; rename that column");
    segcore::ProfileColumn c;
    c.name = column_name;
    c.type = type;
    if (type == segcore::ColumnType::i64) c.i64.assign(rows, 0), c.valid.assign(rows, 1);
    if (type == segcore::ColumnType::f64) c.f64.assign(rows, std::nan("")), c.valid.assign(rows, 0);
    return c;
  };
  segcore::ProfileColumn n = column("sentiment_texts", segcore::ColumnType::i64);
  segcore::ProfileColumn mean = column("sentiment_mean_compound", segcore::ColumnType::f64);
  segcore::ProfileColumn negative = column("sentiment_negative_share", segcore::ColumnType::f64);
  segcore::ProfileColumn trend = column("sentiment_trend_per_day", segcore::ColumnType::f64);
  const std::vector<std::uint32_t> code_of_row = customer_codes_of_rows(events, profiles);
  auto put = [](segcore::ProfileColumn& col, std::size_t r, double v) {
    if (!std::isnan(v)) col.f64[r] = v, col.valid[r] = 1;
  };
  for (std::size_t r = 0; r < rows; ++r) {
    if (code_of_row[r] == kNoCustomer) continue;
    const segcore::SentimentAggregate& s = a[code_of_row[r]];
    n.i64[r] = static_cast<std::int64_t>(s.texts);
    put(mean, r, s.mean_compound);
    put(negative, r, s.negative_share);
    put(trend, r, s.trend_per_day);
  }
  for (auto* c : {&n, &mean, &negative, &trend}) profiles.columns.push_back(std::move(*c));
}

}  // namespace segcore_cli
