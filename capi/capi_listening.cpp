// C ABI of listening: topic-set handles, batch matching into caller arrays, and the
// per-customer sums. Converts and forwards; the work is in src/social/.
#include <algorithm>
#include <string>
#include <vector>

#include "capi_support.hpp"
#include "capi_texts.hpp"
#include "segcore/listening.hpp"
#include "segcore_listening.h"

struct segcore_listening {
  segcore::ListeningSets impl;
};

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

extern "C" {

int32_t segcore_listening_available(void) { return segcore::listening_available() ? 1 : 0; }

int segcore_listening_create(segcore_listening** out, const char* const* set_names, size_t n_sets,
                             const char* const* patterns, const uint32_t* pattern_set, size_t n_patterns) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    if (n_sets > 0) SEGCORE_REQUIRE(set_names);
    if (n_patterns > 0) SEGCORE_REQUIRE(patterns, pattern_set);
    std::vector<segcore::TopicSet> sets(n_sets);
    for (size_t s = 0; s < n_sets; ++s) {
      if (!set_names[s]) return segcore::invalid_argument(fn, "set_names[", s, "] is NULL");
      sets[s].name = set_names[s];
    }
    for (size_t p = 0; p < n_patterns; ++p) {
      if (!patterns[p]) return segcore::invalid_argument(fn, "patterns[", p, "] is NULL");
      if (pattern_set[p] >= n_sets)
        return segcore::invalid_argument(fn, "pattern_set[", p, "] is ", pattern_set[p], "; use 0 to n_sets - 1 (",
                                         n_sets, " sets)");
      sets[pattern_set[p]].patterns.emplace_back(patterns[p]);
    }
    SEGCORE_ASSIGN_OR_RETURN(auto compiled, segcore::ListeningSets::compile(sets));
    *out = new segcore_listening{std::move(compiled)};
  );
}

void segcore_listening_destroy(segcore_listening* sets) { delete sets; }

int segcore_listening_size(const segcore_listening* sets, size_t* n_sets, size_t* n_patterns) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sets);
    if (n_sets) *n_sets = sets->impl.size();
    if (n_patterns) *n_patterns = sets->impl.pattern_count();
  );
}

int segcore_listening_match(const segcore_listening* sets, const char* data, const int64_t* offsets,
                            size_t n_texts, int32_t threads, uint32_t* counts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sets, offsets);
    if (n_texts > 0) SEGCORE_REQUIRE(counts);
    SEGCORE_ASSIGN_OR_RETURN(auto texts, segcore::capi_detail::texts_from_offsets(fn, data, offsets, n_texts));
    return segcore::match_listening(sets->impl, texts, {counts, n_texts * sets->impl.size()}, threads);
  );
}

int segcore_listening_aggregate(const uint32_t* counts, size_t n_sets, const uint32_t* customer, const int64_t* time,
                                size_t n, size_t n_customers, int64_t as_of, const int32_t* window_days,
                                size_t n_windows, uint64_t* mentions, uint64_t* texts, uint64_t* window_texts,
                                uint64_t* texts_after_as_of) {
  SEGCORE_CAPI_BODY(
    if (n > 0) SEGCORE_REQUIRE(counts, customer, time);
    if (n_windows > 0) SEGCORE_REQUIRE(window_days);
    const std::vector<int> windows(window_days, window_days + n_windows);
    SEGCORE_ASSIGN_OR_RETURN(auto agg, segcore::aggregate_listening({counts, n * n_sets}, n_sets, {customer, n},
                                                                    {time, n}, n_customers, as_of, windows));
    if (mentions) std::copy(agg.mentions.begin(), agg.mentions.end(), mentions);
    if (texts) std::copy(agg.texts.begin(), agg.texts.end(), texts);
    if (window_texts) std::copy(agg.window_texts.begin(), agg.window_texts.end(), window_texts);
    if (texts_after_as_of) *texts_after_as_of = agg.texts_after_as_of;
  );
}

}  // extern "C"
