/*
 * segcore: listening, C ABI: keyword, phrase and hashtag sets counted in texts.
 *
 * Named topic sets (brand, competitors, products, issues, ... the caller's) of keywords
 * ("acme"), phrases ("customer service") and hashtags ("#acmefail"), compiled once into an
 * RE2::Set matcher and counted in batches of UTF-8 texts, on caller-chosen threads, with counts
 * that do not depend on the thread count; then summed per customer, overall and within windows.
 * A pattern matches case-insensitively where no word character (a Unicode letter, mark or
 * number, or '_') touches it; a space or ASCII punctuation in a pattern matches any run of
 * non-word characters. The exact rules: segcore/listening.hpp and docs/guides/social.md.
 *
 * A build of segcore without RE2 answers SEGCORE_EUNSUPPORTED to segcore_listening_create and
 * segcore_listening_match; segcore_listening_available() tells beforehand.
 *
 * A listening handle is read-only once made: any number of threads may match with one handle
 * at the same time. The conventions of segcore.h apply: int status codes,
 * segcore_last_error_message(), caller-owned outputs.
 */
#ifndef SEGCORE_LISTENING_H
#define SEGCORE_LISTENING_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

/* Compiled topic sets. */
typedef struct segcore_listening segcore_listening;

/* 1 when this build of segcore has RE2 and listening works, else 0. Since: 0.2 */
SEGCORE_API int32_t segcore_listening_available(void);

/* Compiles n_sets topic sets. Set s is named set_names[s] (letters, digits and '_', starting
 * with a letter; unique) and holds, in their order, the patterns[p] with pattern_set[p] == s
 * (NUL-terminated UTF-8; each set needs one at least). SEGCORE_EINVAL for a NULL argument, an
 * empty or invalid set name, a duplicate name, a set without patterns, a pattern_set value of
 * n_sets or more, an empty or malformed pattern or invalid UTF-8 (the message names the set
 * and pattern); SEGCORE_EUNSUPPORTED without RE2. Since: 0.2 */
SEGCORE_API int segcore_listening_create(segcore_listening** out, const char* const* set_names, size_t n_sets,
                                         const char* const* patterns, const uint32_t* pattern_set, size_t n_patterns);

/* Frees the sets; NULL is a no-op. Since: 0.2 */
SEGCORE_API void segcore_listening_destroy(segcore_listening* sets);

/* The number of sets into *n_sets and of patterns into *n_patterns (either may be NULL).
 * SEGCORE_EINVAL for a NULL handle. Since: 0.2 */
SEGCORE_API int segcore_listening_size(const segcore_listening* sets, size_t* n_sets, size_t* n_patterns);

/* Counts each set in n_texts UTF-8 texts held back to back in `data`: text i is bytes
 * [offsets[i], offsets[i + 1]) (offsets has n_texts + 1 entries, non-decreasing). Writes
 * counts[i * n_sets + s], set s's count in text i: its non-overlapping matches, leftmost and
 * longest first (saturating at UINT32_MAX). threads: 0 for one per hardware thread, else the
 * count. SEGCORE_EINVAL for NULL arguments, negative threads, offsets out of order or invalid
 * UTF-8 (the message names the text); SEGCORE_EUNSUPPORTED without RE2; nothing is meaningful
 * in counts then. Since: 0.2 */
SEGCORE_API int segcore_listening_match(const segcore_listening* sets, const char* data, const int64_t* offsets,
                                        size_t n_texts, int32_t threads, uint32_t* counts);

/* Per-customer sums of n texts' counts (counts[i * n_sets + s], as segcore_listening_match
 * writes them): text i was written by customer[i] (0 to n_customers - 1) at time[i] (Unix
 * seconds). Texts after as_of (Unix seconds) are left out and counted into *texts_after_as_of.
 * Writes, for customer c and set s, mentions[c * n_sets + s] (the matches), texts[c * n_sets +
 * s] (the texts with a match) and, for each of the n_windows windows, window_texts[(c *
 * n_windows + w) * n_sets + s] (the texts with a match and as_of - window_days[w] days < time
 * <= as_of). Any output may be NULL. SEGCORE_EINVAL for NULL inputs, n_sets 0, a customer out
 * of range, more than 16 windows or a window outside 1 to 36500 days. Since: 0.2 */
SEGCORE_API int segcore_listening_aggregate(const uint32_t* counts, size_t n_sets, const uint32_t* customer,
                                            const int64_t* time, size_t n, size_t n_customers, int64_t as_of,
                                            const int32_t* window_days, size_t n_windows, uint64_t* mentions,
                                            uint64_t* texts, uint64_t* window_texts, uint64_t* texts_after_as_of);

SEGCORE_END_DECLS

#endif /* SEGCORE_LISTENING_H */
