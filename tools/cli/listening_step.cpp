// Listening columns joined to the profiles: the topic file's sets are compiled once, each
// distinct text of --text-col is matched once (on --threads threads), and every row up to as_of
// adds its text's counts to its customer, as segcore.listening_by_customer does.
#include "listening_step.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "input.hpp"
#include "segcore/listening.hpp"

namespace segcore_cli {

namespace {

constexpr std::size_t kMaxTopicFileBytes = std::size_t{1} << 20;

// Lines "name: pattern, pattern, ..."; blank lines and lines starting with '#' are skipped.
std::vector<segcore::TopicSet> read_topics(const std::string& path) {
  const std::string text = read_small_file(path, kMaxTopicFileBytes, "topic file");
  std::vector<segcore::TopicSet> sets;
  std::size_t line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t colon = line.find(':');
    if (colon == absl::string_view::npos)
      throw CliError(path + ":" + std::to_string(line_number) +
                     ": expected 'name: pattern, pattern, ...' (a topic set per line)");
    segcore::TopicSet s;
    s.name = std::string(absl::StripAsciiWhitespace(line.substr(0, colon)));
    for (absl::string_view p : absl::StrSplit(line.substr(colon + 1), ','))
      if (p = absl::StripAsciiWhitespace(p); !p.empty()) s.patterns.emplace_back(p);
    sets.push_back(std::move(s));
  }
  if (sets.empty()) throw CliError(path + ": no topic sets ('name: pattern, pattern, ...' lines)");
  return sets;
}

}  // namespace

std::vector<Flag> listening_flags() {
  return {
      {"topics", "FILE",
       "with --text-col: topic sets, one 'name: keyword, phrase, #hashtag' line each; per-customer counts per set "
       "and window join the profiles (docs/guides/social.md)"},
  };
}

void check_listening_flags(const Args& args) {
  if (args.has("topics") && !args.has("text-col"))
    throw UsageError("--topics goes with --text-col (the column the sets are counted in)");
}

void add_listening(const Args& args, const segcore::EventTable& events, const std::vector<int>& window_days,
                   segcore::ProfileTable& profiles) {
  const auto topics = args.get("topics");
  if (!topics) return;
  check_listening_flags(args);
  const auto text_col = args.get("text-col");
  const segcore::Categorical* texts = &attribute_column(events, *text_col);
  const std::vector<segcore::TopicSet> topic_sets = read_topics(*topics);
  auto compiled = segcore::ListeningSets::compile(topic_sets);
  if (!compiled.ok()) throw CliError(*topics + ": " + std::string(compiled.status().message()));
  const segcore::ListeningSets& sets = *compiled;
  const std::size_t S = sets.size();

  // Each distinct text is matched once; the rows take their text's counts.
  const std::vector<std::string_view> distinct(texts->values.begin(), texts->values.end());
  std::vector<std::uint32_t> per_text(distinct.size() * S);
  if (auto st = segcore::match_listening(sets, distinct, per_text, thread_count(args)); !st.ok())
    throw CliError("--text-col " + *text_col + ": " + std::string(st.message()));
  // The rows a block at a time, so the per-row counts held stay bounded; the counts are sums,
  // so the blocks' aggregates add up to the whole's.
  constexpr std::size_t kBlockRows = std::size_t{1} << 20;
  segcore::ListeningAggregate a;
  std::vector<std::uint32_t> counts, customer;
  std::vector<std::int64_t> time;
  for (std::size_t begin = 0; begin < events.rows() || begin == 0; begin += kBlockRows) {
    counts.clear(), customer.clear(), time.clear();
    for (std::size_t i = begin; i < std::min(events.rows(), begin + kBlockRows); ++i) {
      const std::uint32_t t = texts->codes[i];
      if (blank_cell(texts->values[t])) continue;
      counts.insert(counts.end(), per_text.begin() + t * S, per_text.begin() + (t + 1) * S);
      customer.push_back(events.customer.codes[i]);
      time.push_back(events.timestamp[i]);
    }
    segcore::ListeningAggregate block = take(segcore::aggregate_listening(
        counts, S, customer, time, events.customer.values.size(), profiles.as_of, window_days));
    if (begin == 0) {
      a = std::move(block);
      continue;
    }
    for (std::size_t k = 0; k < a.mentions.size(); ++k) a.mentions[k] += block.mentions[k];
    for (std::size_t k = 0; k < a.texts.size(); ++k) a.texts[k] += block.texts[k];
    for (std::size_t k = 0; k < a.window_texts.size(); ++k) a.window_texts[k] += block.window_texts[k];
  }

  const std::size_t rows = profiles.size(), W = window_days.size();
  std::vector<segcore::ProfileColumn> added;
  auto add = [&](std::string name) { added.emplace_back().name = std::move(name); };
  for (std::size_t s = 0; s < S; ++s) {
    add("mentions_" + sets.name(s));
    add("mentioned_" + sets.name(s));
    for (int w : window_days) add("mentioned_" + sets.name(s) + "_" + std::to_string(w) + "d");
  }
  absl::flat_hash_map<std::string, std::size_t> set_of;  // added column -> its set
  for (std::size_t k = 0, s = 0; s < S; ++s)
    for (std::size_t j = 0; j < 2 + W; ++j, ++k)
      if (const auto [at, fresh] = set_of.try_emplace(added[k].name, s); !fresh)
        throw CliError(*topics + ": sets '" + sets.name(at->second) + "' and '" + sets.name(s) +
                       "' both give a column " + added[k].name + "; rename one");
  for (auto& c : added) {
    for (const auto& p : profiles.columns)
      if (p.name == c.name)
        throw CliError("--topics: the listening column " + c.name + " would repeat a profile column; rename the set");
    c.type = segcore::ColumnType::i64;
    c.i64.assign(rows, 0);
    c.valid.assign(rows, 1);
  }
  const std::vector<std::uint32_t> code_of_row = customer_codes_of_rows(events, profiles);
  for (std::size_t r = 0; r < rows; ++r) {
    if (code_of_row[r] == kNoCustomer) continue;
    const std::size_t c = code_of_row[r];
    std::size_t j = 0;
    for (std::size_t s = 0; s < S; ++s) {
      added[j++].i64[r] = static_cast<std::int64_t>(a.mentions[c * S + s]);
      added[j++].i64[r] = static_cast<std::int64_t>(a.texts[c * S + s]);
      for (std::size_t w = 0; w < W; ++w)
        added[j++].i64[r] = static_cast<std::int64_t>(a.window_texts[(c * W + w) * S + s]);
    }
  }
  for (auto& c : added) profiles.columns.push_back(std::move(c));
}

}  // namespace segcore_cli
