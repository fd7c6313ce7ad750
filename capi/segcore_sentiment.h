/*
 * segcore: sentiment of text, C ABI.
 *
 * A lexicon-and-rules scorer in the VADER family (segcore/sentiment.hpp, docs/guides/
 * sentiment.md): a lexicon handle, loaded from files or the lexicon shipped with segcore, scores
 * batches of UTF-8 texts into caller arrays, on caller-chosen threads, with results that do not
 * depend on the thread count. A lexicon is read-only once made: any number of threads may score
 * with one handle at the same time.
 *
 * The conventions of segcore.h apply: int status codes, segcore_last_error_message(),
 * caller-owned outputs.
 */
#ifndef SEGCORE_SENTIMENT_H
#define SEGCORE_SENTIMENT_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

/* A valence lexicon (and optional emoji lexicon) ready for scoring. */
typedef struct segcore_sentiment_lexicon segcore_sentiment_lexicon;

/* Loads a lexicon file (`token<TAB>valence...` lines, the VADER format) and, unless
 * emoji_path is NULL or "", an emoji file (`emoji<TAB>description` lines). SEGCORE_ENOTFOUND
 * for a file that cannot be opened; SEGCORE_EINVAL for a malformed line (the message names the
 * file and line), an empty lexicon or a NULL argument. Since: 0.2 */
SEGCORE_API int segcore_sentiment_lexicon_load(segcore_sentiment_lexicon** out, const char* lexicon_path,
                                               const char* emoji_path);

/* The lexicons shipped with segcore: the VADER lexicon (MIT) and an emoji lexicon of CLDR
 * short names (Unicode licence; docs/guides/sentiment.md). SEGCORE_EINVAL for a NULL out.
 * Since: 0.2 */
SEGCORE_API int segcore_sentiment_lexicon_shipped(segcore_sentiment_lexicon** out);

/* Frees a lexicon; NULL is a no-op. Since: 0.2 */
SEGCORE_API void segcore_sentiment_lexicon_destroy(segcore_sentiment_lexicon* lexicon);

/* Tokens with a valence into *size and emoji with a description into *emoji (either may be
 * NULL). SEGCORE_EINVAL for a NULL lexicon. Since: 0.2 */
SEGCORE_API int segcore_sentiment_lexicon_size(const segcore_sentiment_lexicon* lexicon, size_t* size, size_t* emoji);

/* Scores n_texts UTF-8 texts held back to back in `data`: text i is bytes [offsets[i],
 * offsets[i + 1]) (offsets has n_texts + 1 entries, non-decreasing, the last at most the data's
 * size). Writes compound[i] (in [-1, 1], not rounded) and, where the arrays are not NULL,
 * pos[i], neu[i] and neg[i] (the shares). threads: 0 for one per hardware thread, else the
 * count. SEGCORE_EINVAL for NULL arguments, negative threads, offsets out of order or invalid
 * UTF-8 (the message names the text); nothing is meaningful in the outputs then.
 * Since: 0.2 */
SEGCORE_API int segcore_sentiment_score(const segcore_sentiment_lexicon* lexicon, const char* data,
                                        const int64_t* offsets, size_t n_texts, int32_t threads, double* compound,
                                        double* pos, double* neu, double* neg);

/* Per-customer aggregates of n scores: compound[i] written by customer[i] (0 to
 * n_customers - 1) at time[i] (Unix seconds). Writes, per customer, the text count, the mean
 * compound, the share of texts with compound <= -0.05 and the least-squares slope of compound
 * per day (NaN for the three without texts; the slope NaN with fewer than two distinct times).
 * Any of the four output arrays (n_customers entries each) may be NULL. SEGCORE_EINVAL for a
 * customer out of range, a compound outside [-1, 1] or NULL inputs. Since: 0.2 */
SEGCORE_API int segcore_sentiment_aggregate(const double* compound, const uint32_t* customer, const int64_t* time,
                                            size_t n, size_t n_customers, uint64_t* texts, double* mean_compound,
                                            double* negative_share, double* trend_per_day);

SEGCORE_END_DECLS

#endif /* SEGCORE_SENTIMENT_H */
