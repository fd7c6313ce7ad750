// Listening: the matching rules on hand-made texts (word boundaries, case, Unicode, hashtags,
// phrases across punctuation, longest match), counts that do not depend on the thread count,
// the per-customer sums against a direct recount, and the errors of bad input. The property
// test against Python's re on generated texts is python/tests/test_listening.py.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "segcore/listening.hpp"

namespace {

using segcore::ListeningSets;
using segcore::TopicSet;

ListeningSets compiled(const std::vector<TopicSet>& sets) {
  auto s = ListeningSets::compile(sets);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  return *std::move(s);
}

// Each set's count in one text.
std::vector<std::uint32_t> counts(const ListeningSets& sets, std::string_view text) {
  std::vector<std::uint32_t> out(sets.size());
  const std::string_view texts[] = {text};
  const auto s = segcore::match_listening(sets, texts, out);
  REQUIRE_MESSAGE(s.ok(), s.message());
  return out;
}

std::uint32_t count1(const std::string& pattern, std::string_view text) {
  return counts(compiled({{"t", {pattern}}}), text)[0];
}

}  // namespace

TEST_CASE("listening: without RE2 every call is Unimplemented") {
  if (segcore::listening_available()) return;
  auto s = ListeningSets::compile(std::vector<TopicSet>{{"brand", {"acme"}}});
  CHECK(s.status().code() == absl::StatusCode::kUnimplemented);
}

TEST_CASE("listening: words match on word boundaries, case-insensitively") {
  if (!segcore::listening_available()) return;
  CHECK(count1("acme", "ACME, Acme and acme.") == 3);
  CHECK(count1("acme", "acmecorp acme_x xacme 1acme") == 0);  // letters, digits and '_' are word characters
  CHECK(count1("acme", "(acme)\nacme!acme") == 3);
  CHECK(count1("acme", "acme acme") == 2);  // the space between serves both matches
  CHECK(count1("acme", "") == 0);
  CHECK(count1("x", "x") == 1);  // one character, the whole text
  CHECK(count1("é", "é é,é") == 3);
  CHECK(count1("  acme\t", "acme") == 1);  // surrounding whitespace of a pattern is ignored
  // Unicode: letters and marks are word characters; case folds beyond ASCII.
  CHECK(count1("café", "CAFÉ café cafés") == 2);
  CHECK(count1("cafe", "cafe\xCC\x81") == 0);  // a combining mark continues the word
  CHECK(count1("δέλτα", "ΔΈΛΤΑ,δέλτα") == 2);
  CHECK(count1("москва", "Москва!") == 1);
  CHECK(count1("東京", "東京 東京駅") == 1);  // no spaces in Japanese: 東京駅 is one run of letters
  CHECK(count1("acme",
               "acme\xF0\x9F\x98\x80"
               "acme") == 2);           // emoji are non-word characters
  CHECK(count1("acme", "acme٣") == 0);  // an Arabic-Indic digit is a number
}

TEST_CASE("listening: hashtags and phrases") {
  if (!segcore::listening_available()) return;
  CHECK(count1("#acmefail", "#AcmeFail again #acmefail!") == 2);
  CHECK(count1("#acmefail", "acmefail x#acmefail #acmefails") == 0);  // '#' is required, after a non-word
  CHECK(count1("acme", "#acme #acmecorp") == 1);                      // a keyword matches a hashtag's word
  CHECK(count1("customer service", "Customer  Service, customer-service; customer...\nservice") == 3);
  CHECK(count1("customer service", "customerservice customer_service") == 0);
  CHECK(count1("wi-fi", "WiFi, wi fi, Wi-Fi") == 2);  // ASCII punctuation in a pattern separates words
  CHECK(count1("don’t", "DON’T don't") == 1);         // non-ASCII punctuation is literal
}

TEST_CASE("listening: a set counts non-overlapping matches, longest first") {
  if (!segcore::listening_available()) return;
  const auto sets = compiled({{"brand", {"acme", "acme corp", "#acme"}}, {"corp", {"corp"}}});
  CHECK(counts(sets, "acme corp") == std::vector<std::uint32_t>{1, 1});
  CHECK(counts(sets, "acme corporate #acme") == std::vector<std::uint32_t>{2, 0});
  CHECK(counts(sets, "acme acme corp acme") == std::vector<std::uint32_t>{3, 1});
  CHECK(counts(sets, "nothing") == std::vector<std::uint32_t>{0, 0});
  CHECK(sets.size() == 2);
  CHECK(sets.pattern_count() == 4);
  CHECK(sets.name(1) == "corp");
}

TEST_CASE("listening: counts do not depend on the thread count") {
  if (!segcore::listening_available()) return;
  const auto sets = compiled({{"brand", {"acme", "#acme", "acme corp"}},
                              {"rival", {"globex", "initech", "umbrella corp"}},
                              {"issue", {"late delivery", "refund", "broken"}}});
  const std::vector<std::string> words = {"acme", "Globex", "#acme", "refund", "late",   "delivery", "corp", "umbrella",
                                          "x",    "é",      ",",     "!",      "broken", "initech",  "Acme"};
  std::mt19937_64 rng(7);
  std::vector<std::string> texts(5000);
  for (auto& t : texts) {
    const int n = std::uniform_int_distribution<int>(0, 12)(rng);
    for (int k = 0; k < n; ++k)
      t += words[std::uniform_int_distribution<std::size_t>(0, words.size() - 1)(rng)] + (k % 3 ? " " : "-");
  }
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  std::vector<std::uint32_t> one(texts.size() * 3), other(texts.size() * 3);
  REQUIRE(segcore::match_listening(sets, views, one, 1).ok());
  std::uint64_t total = 0;
  for (std::uint32_t c : one) total += c;
  CHECK(total > 1000);
  for (int threads : {2, 3, 7, 0}) {
    std::fill(other.begin(), other.end(), 99u);
    REQUIRE(segcore::match_listening(sets, views, other, threads).ok());
    CHECK(other == one);
  }
}

TEST_CASE("listening: per-customer sums equal a direct recount") {
  constexpr std::size_t kSets = 3, kCustomers = 40, kTexts = 3000;
  const std::int64_t as_of = 1'700'000'000;
  const std::vector<int> windows = {7, 30, 90};
  std::mt19937_64 rng(11);
  std::vector<std::uint32_t> counts(kTexts * kSets), customer(kTexts);
  std::vector<std::int64_t> time(kTexts);
  for (std::size_t i = 0; i < kTexts; ++i) {
    customer[i] = static_cast<std::uint32_t>(rng() % kCustomers);
    // Some on the window edges exactly, some after as_of.
    const std::int64_t day = static_cast<std::int64_t>(rng() % 120) - 10;
    time[i] = as_of - day * 86400 + (rng() % 4 == 0 ? 0 : static_cast<std::int64_t>(rng() % 86400));
    for (std::size_t s = 0; s < kSets; ++s)
      counts[i * kSets + s] = rng() % 3 == 0 ? static_cast<std::uint32_t>(rng() % 4) : 0;
  }
  auto agg = segcore::aggregate_listening(counts, kSets, customer, time, kCustomers, as_of, windows);
  REQUIRE(agg.ok());
  std::uint64_t after = 0;
  for (std::size_t i = 0; i < kTexts; ++i) after += time[i] > as_of;
  CHECK(agg->texts_after_as_of == after);
  for (std::size_t c = 0; c < kCustomers; ++c)
    for (std::size_t s = 0; s < kSets; ++s) {
      std::uint64_t mentions = 0, texts = 0, in_window[3] = {0, 0, 0};
      for (std::size_t i = 0; i < kTexts; ++i) {
        if (customer[i] != c || time[i] > as_of || counts[i * kSets + s] == 0) continue;
        mentions += counts[i * kSets + s];
        ++texts;
        for (std::size_t w = 0; w < 3; ++w) in_window[w] += time[i] > as_of - windows[w] * std::int64_t{86400};
      }
      CHECK(agg->mentions[c * kSets + s] == mentions);
      CHECK(agg->texts[c * kSets + s] == texts);
      for (std::size_t w = 0; w < 3; ++w) CHECK(agg->window_texts[(c * 3 + w) * kSets + s] == in_window[w]);
    }
}

TEST_CASE("listening: bad input is a clear error") {
  const auto error = [](const std::vector<TopicSet>& sets) {
    auto s = ListeningSets::compile(sets);
    REQUIRE_FALSE(s.ok());
    CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
    return std::string(s.status().message());
  };
  CHECK(error({}).find("no topic sets") != std::string::npos);
  CHECK(error({{"", {"acme"}}}).find("set 0 has an empty name") != std::string::npos);
  CHECK(error({{"2brand", {"acme"}}}).find("'2brand'") != std::string::npos);
  CHECK(error({{"brand", {"acme"}}, {"brand", {"x"}}}).find("two sets are named 'brand'") != std::string::npos);
  CHECK(error({{"brand", {}}}).find("set 'brand' has no patterns") != std::string::npos);
  CHECK(error({{"brand", {"acme", ""}}}).find("set 'brand' pattern 1 (''): the pattern is empty") != std::string::npos);
  CHECK(error({{"brand", {"  "}}}).find("the pattern is empty") != std::string::npos);
  CHECK(error({{"brand", {"#"}}}).find("a hashtag needs a word") != std::string::npos);
  CHECK(error({{"brand", {"#acme fail"}}}).find("a hashtag is '#' and one word") != std::string::npos);
  CHECK(error({{"brand", {"c++"}}}).find("ends with a separator") != std::string::npos);
  CHECK(error({{"brand", {"-acme"}}}).find("starts with a separator") != std::string::npos);
  CHECK(error({{"brand", {"!!"}}}).find("no word") != std::string::npos);
  CHECK(error({{"brand", {"ac\xFFme"}}}).find("invalid UTF-8 at byte 2") != std::string::npos);

  if (!segcore::listening_available()) return;
  const auto sets = compiled({{"brand", {"acme"}}});
  std::vector<std::uint32_t> out(2);
  const std::string_view texts[] = {"acme", "ok\xC3"};
  auto s = segcore::match_listening(sets, texts, out);
  CHECK(s.code() == absl::StatusCode::kInvalidArgument);
  CHECK(s.message().find("text 1: invalid UTF-8 at byte 2") != std::string::npos);
  CHECK(segcore::match_listening(sets, texts, out, -1).message().find("threads is -1") != std::string::npos);
  std::vector<std::uint32_t> small(1);
  CHECK(segcore::match_listening(sets, texts, small).message().find("counts has 1 slots for 2 texts") !=
        std::string::npos);

  const std::uint32_t c[] = {1, 0};
  const std::uint32_t cust[] = {0, 5};
  const std::int64_t t[] = {0, 0};
  const int windows[] = {30};
  const int bad_window[] = {0};
  CHECK(segcore::aggregate_listening(c, 1, cust, t, 2, 0, windows).status().message().find("customer[1] is 5") !=
        std::string::npos);
  CHECK(segcore::aggregate_listening(c, 1, std::span(cust, 1), t, 6, 0, windows)
            .status()
            .message()
            .find("must describe the same texts") != std::string::npos);
  CHECK(segcore::aggregate_listening(c, 1, cust, t, 6, 0, bad_window).status().message().find("window_days[0] is 0") !=
        std::string::npos);
  CHECK(segcore::aggregate_listening(c, 0, cust, t, 6, 0, windows).status().message().find("n_sets is 0") !=
        std::string::npos);
}
