// The sentiment C ABI: lexicon handles, batch scoring into caller arrays, aggregates, and the
// status codes and messages of bad arguments.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "segcore_sentiment.h"

namespace {

std::string last() { return segcore_last_error_message(); }

}  // namespace

TEST_CASE("capi sentiment: shipped and file lexicons score batches into arrays") {
  segcore_sentiment_lexicon* lex = nullptr;
  REQUIRE(segcore_sentiment_lexicon_shipped(&lex) == SEGCORE_OK);
  size_t size = 0, emoji = 9;
  REQUIRE(segcore_sentiment_lexicon_size(lex, &size, &emoji) == SEGCORE_OK);
  CHECK(size > 7000);
  CHECK(emoji > 1000);  // the shipped emoji lexicon
  const std::string data = "The book was good.Not bad at all";
  const int64_t offsets[] = {0, 18, 18, 32};
  double compound[3], pos[3], neu[3], neg[3];
  REQUIRE(segcore_sentiment_score(lex, data.data(), offsets, 3, 2, compound, pos, neu, neg) == SEGCORE_OK);
  CHECK(std::fabs(compound[0] - 0.4404) <= 0.5e-4);
  CHECK(compound[1] == 0.0);
  CHECK(std::fabs(compound[2] - 0.431) <= 0.5e-4);
  CHECK(pos[0] + neu[0] + neg[0] == doctest::Approx(1.0));
  // Only compound is required.
  REQUIRE(segcore_sentiment_score(lex, data.data(), offsets, 3, 1, compound, nullptr, nullptr, nullptr) == SEGCORE_OK);

  const int64_t backwards[] = {0, 18, 5, 32};
  CHECK(segcore_sentiment_score(lex, data.data(), backwards, 3, 1, compound, nullptr, nullptr, nullptr) ==
        SEGCORE_EINVAL);
  CHECK(last().find("offsets[1]") != std::string::npos);
  CHECK(segcore_sentiment_score(lex, data.data(), offsets, 3, -1, compound, nullptr, nullptr, nullptr) ==
        SEGCORE_EINVAL);
  CHECK(segcore_sentiment_score(lex, data.data(), offsets, 3, 1, nullptr, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
  const std::string bad = "ok\xC3";
  const int64_t one[] = {0, 3};
  CHECK(segcore_sentiment_score(lex, bad.data(), one, 1, 1, compound, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
  CHECK(last().find("text 0") != std::string::npos);
  segcore_sentiment_lexicon_destroy(lex);
  segcore_sentiment_lexicon_destroy(nullptr);

  auto dir = std::filesystem::temp_directory_path() / "segcore_sentiment_capi";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "lex.txt") << "qzgood\t2.0\n";
  std::ofstream(dir / "bad.txt") << "qzgood\t2.0\nqzbad\n";
  std::ofstream(dir / "emoji.txt") << "\xF0\x9F\x98\x80\tqzgood\n";
  REQUIRE(segcore_sentiment_lexicon_load(&lex, (dir / "lex.txt").c_str(), (dir / "emoji.txt").c_str()) == SEGCORE_OK);
  REQUIRE(segcore_sentiment_lexicon_size(lex, &size, &emoji) == SEGCORE_OK);
  CHECK(size == 1);
  CHECK(emoji == 1);
  segcore_sentiment_lexicon_destroy(lex);
  lex = reinterpret_cast<segcore_sentiment_lexicon*>(1);
  CHECK(segcore_sentiment_lexicon_load(&lex, (dir / "bad.txt").c_str(), nullptr) == SEGCORE_EINVAL);
  CHECK(lex == nullptr);
  CHECK(last().find("bad.txt:2:") != std::string::npos);
  CHECK(segcore_sentiment_lexicon_load(&lex, (dir / "none.txt").c_str(), nullptr) == SEGCORE_ENOTFOUND);
  CHECK(segcore_sentiment_lexicon_load(nullptr, (dir / "lex.txt").c_str(), nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_sentiment_lexicon_shipped(nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_sentiment_lexicon_size(nullptr, &size, &emoji) == SEGCORE_EINVAL);
  std::filesystem::remove_all(dir);
}

TEST_CASE("capi sentiment: aggregates per customer") {
  const double compound[] = {0.5, -0.5, -0.05, 0.2};
  const uint32_t customer[] = {0, 0, 1, 0};
  const int64_t time[] = {0, 86400, 7, 2 * 86400};
  uint64_t texts[3];
  double mean[3], negative[3], trend[3];
  REQUIRE(segcore_sentiment_aggregate(compound, customer, time, 4, 3, texts, mean, negative, trend) == SEGCORE_OK);
  CHECK(texts[0] == 3);
  CHECK(mean[0] == doctest::Approx(0.2 / 3));
  CHECK(negative[0] == doctest::Approx(1.0 / 3));
  CHECK(trend[0] == doctest::Approx(-0.15));  // slope of (0, 0.5), (1, -0.5), (2, 0.2)
  CHECK(negative[1] == 1.0);
  CHECK(std::isnan(trend[1]));  // one time only
  CHECK(texts[2] == 0);
  CHECK(std::isnan(mean[2]));
  const uint32_t out_of_range[] = {0, 0, 3, 0};
  CHECK(segcore_sentiment_aggregate(compound, out_of_range, time, 4, 3, texts, nullptr, nullptr, nullptr) ==
        SEGCORE_EINVAL);
  CHECK(segcore_sentiment_aggregate(nullptr, customer, time, 4, 3, texts, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
}
