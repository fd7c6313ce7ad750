// The listening C ABI: handles from names and patterns, batch matching into a caller array,
// per-customer sums, and the status codes and messages of bad arguments.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "segcore_listening.h"

namespace {

std::string last() { return segcore_last_error_message(); }
bool says(const char* what) { return last().find(what) != std::string::npos; }

}  // namespace

TEST_CASE("capi listening: sets match batches and sum per customer") {
  const char* names[] = {"brand", "competitor"};
  const char* patterns[] = {"acme", "globex", "#acme", "initech corp"};
  const uint32_t owner[] = {0, 1, 0, 1};
  segcore_listening* sets = nullptr;
  if (!segcore_listening_available()) {
    CHECK(segcore_listening_create(&sets, names, 2, patterns, owner, 4) == SEGCORE_EUNSUPPORTED);
    CHECK(says("RE2"));
    return;
  }
  REQUIRE(segcore_listening_create(&sets, names, 2, patterns, owner, 4) == SEGCORE_OK);
  size_t n_sets = 0, n_patterns = 0;
  REQUIRE(segcore_listening_size(sets, &n_sets, &n_patterns) == SEGCORE_OK);
  CHECK(n_sets == 2);
  CHECK(n_patterns == 4);
  const std::string data = "ACME beats Globex#acme, acme!Initech-Corp is late";
  const int64_t offsets[] = {0, 22, 22, 41, 49};
  uint32_t counts[8];
  REQUIRE(segcore_listening_match(sets, data.data(), offsets, 4, 2, counts) == SEGCORE_OK);
  const std::vector<uint32_t> got(counts, counts + 8);
  // "Globex#acme": '#' ends globex; the hashtag follows a word character, so only the keyword
  // acme matches there.
  CHECK(got == std::vector<uint32_t>{2, 1, 0, 0, 1, 1, 0, 0});

  const uint32_t customer[] = {0, 1, 0, 0};
  const int64_t time[] = {100 * 86400, 100 * 86400, 80 * 86400, 200 * 86400};
  const int32_t windows[] = {7, 30};
  uint64_t mentions[4], texts[4], in_window[8], after = 9;
  REQUIRE(segcore_listening_aggregate(counts, 2, customer, time, 4, 2, 101 * 86400, windows, 2, mentions, texts,
                                      in_window, &after) == SEGCORE_OK);
  CHECK(after == 1);
  CHECK(std::vector<uint64_t>(mentions, mentions + 4) == std::vector<uint64_t>{3, 2, 0, 0});
  CHECK(std::vector<uint64_t>(texts, texts + 4) == std::vector<uint64_t>{2, 2, 0, 0});
  // Customer 0: its text of day 100 is in both windows, that of day 80 in the 30-day one only.
  CHECK(std::vector<uint64_t>(in_window, in_window + 8) == std::vector<uint64_t>{1, 1, 2, 2, 0, 0, 0, 0});
  REQUIRE(segcore_listening_aggregate(counts, 2, customer, time, 4, 2, 0, nullptr, 0, nullptr, nullptr, nullptr,
                                      nullptr) == SEGCORE_OK);

  // Bad arguments.
  CHECK(segcore_listening_match(sets, data.data(), offsets, 4, -1, counts) == SEGCORE_EINVAL);
  CHECK(says("threads is -1"));
  CHECK(segcore_listening_match(sets, data.data(), offsets, 4, 1, nullptr) == SEGCORE_EINVAL);
  CHECK(says("counts is NULL"));
  CHECK(segcore_listening_match(nullptr, data.data(), offsets, 4, 1, counts) == SEGCORE_EINVAL);
  CHECK(segcore_listening_match(sets, nullptr, offsets, 4, 1, counts) == SEGCORE_EINVAL);
  CHECK(says("data is NULL"));
  const int64_t backwards[] = {0, 22, 5, 41, 49};
  CHECK(segcore_listening_match(sets, data.data(), backwards, 4, 1, counts) == SEGCORE_EINVAL);
  CHECK(says("offsets[1]"));
  const std::string bad = "acme \xC3";
  const int64_t one[] = {0, 6};
  CHECK(segcore_listening_match(sets, bad.data(), one, 1, 1, counts) == SEGCORE_EINVAL);
  CHECK(says("text 0: invalid UTF-8 at byte 5"));
  CHECK(segcore_listening_size(nullptr, &n_sets, nullptr) == SEGCORE_EINVAL);
  const uint32_t far[] = {0, 7, 0, 0};
  CHECK(segcore_listening_aggregate(counts, 2, far, time, 4, 2, 0, windows, 2, mentions, nullptr, nullptr, nullptr) ==
        SEGCORE_EINVAL);
  CHECK(says("customer[1] is 7"));
  CHECK(segcore_listening_aggregate(counts, 2, nullptr, time, 4, 2, 0, windows, 2, mentions, nullptr, nullptr,
                                    nullptr) == SEGCORE_EINVAL);
  CHECK(says("customer is NULL"));
  segcore_listening_destroy(sets);
  segcore_listening_destroy(nullptr);
}

TEST_CASE("capi listening: bad sets are refused, naming the set and pattern") {
  const char* names[] = {"brand", "issues"};
  const char* patterns[] = {"acme", ""};
  const uint32_t owner[] = {0, 1};
  segcore_listening* sets = reinterpret_cast<segcore_listening*>(&sets);
  CHECK(segcore_listening_create(&sets, names, 2, patterns, owner, 2) == SEGCORE_EINVAL);
  CHECK(sets == nullptr);
  CHECK(says("set 'issues' pattern 0 (''): the pattern is empty"));
  const char* unnamed[] = {"brand", ""};
  const char* fine[] = {"acme", "refund"};
  CHECK(segcore_listening_create(&sets, unnamed, 2, fine, owner, 2) == SEGCORE_EINVAL);
  CHECK(says("set 1 has an empty name"));
  const uint32_t beyond[] = {0, 2};
  CHECK(segcore_listening_create(&sets, names, 2, fine, beyond, 2) == SEGCORE_EINVAL);
  CHECK(says("pattern_set[1] is 2"));
  CHECK(segcore_listening_create(&sets, names, 2, fine, owner, 1) == SEGCORE_EINVAL);
  CHECK(says("set 'issues' has no patterns"));
  const char* holes[] = {"acme", nullptr};
  CHECK(segcore_listening_create(&sets, names, 2, holes, owner, 2) == SEGCORE_EINVAL);
  CHECK(says("patterns[1] is NULL"));
  const char* no_names[] = {"brand", nullptr};
  CHECK(segcore_listening_create(&sets, no_names, 2, fine, owner, 2) == SEGCORE_EINVAL);
  CHECK(says("set_names[1] is NULL"));
  CHECK(segcore_listening_create(&sets, nullptr, 2, fine, owner, 2) == SEGCORE_EINVAL);
  CHECK(segcore_listening_create(nullptr, names, 2, fine, owner, 2) == SEGCORE_EINVAL);
  const char* invalid[] = {"acme", "bad\xFF"};
  CHECK(segcore_listening_create(&sets, names, 2, invalid, owner, 2) == SEGCORE_EINVAL);
  CHECK(says("set 'issues' pattern 0: invalid UTF-8 at byte 3"));
}
