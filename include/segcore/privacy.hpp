// Privacy controls: keyed pseudonyms for identifiers (HMAC-SHA-256 from OpenSSL's libcrypto)
// and opt-out lists that keep customers out of an EventTable, so that nothing derived from it
// (profiles, RFM, rules, clustering, CLV) sees them. Erasure lives with the objects that hold
// customer state (ProfileStore, IdentityResolver, EventTriggers, TriggerSet, SegmentTracker).
// What each control does and does not do: docs/PRIVACY.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/identity.hpp"
#include "segcore/io.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Whether this build has libcrypto; without it the pseudonym functions return Unimplemented.
bool pseudonyms_available();

// Characters in a pseudonym: HMAC-SHA-256 as lowercase hexadecimal.
inline constexpr std::size_t kPseudonymLength = 64;

// HMAC-SHA-256(key, value) as 64 lowercase hex digits. The key is any non-empty byte string
// (32 random bytes are recommended); segcore keeps no copy of it beyond the call, and
// OpenSSL wipes its own working copies. InvalidArgument for an empty key.
StatusOr<std::string> pseudonymize(absl::string_view key, absl::string_view value);

// Column-wise: out[i] = pseudonymize(key, values[i]); out.size() must be values.size(). Work
// is split into blocks over n_threads threads (0: one per hardware thread); results do not
// depend on the thread count.
Status pseudonymize(absl::string_view key, std::span<const absl::string_view> values, std::span<std::string> out,
                    int n_threads = 1);

// Identifiers, normalised first as IdentityResolver::add_record does (emails and phones
// normalised, other kinds trimmed) and then hashed, so that differently written forms of one
// identifier get one pseudonym. Blank values give an empty out[i]; values that fail
// normalisation give an empty out[i] and are counted in the result. The normalised texts are
// wiped after hashing.
StatusOr<std::size_t> pseudonymize_identifiers(absl::string_view key, IdKind kind,
                                               std::span<const absl::string_view> values, std::span<std::string> out,
                                               absl::string_view default_country_code = "", int n_threads = 1);

// What exclude_customers removed.
struct OptOutReport {
  std::size_t listed = 0;     // distinct ids in the opt-out list
  std::size_t customers = 0;  // customers of the table that were listed (and removed)
  std::uint64_t rows = 0;     // their rows
};

// Removes every row of the listed customers. The remaining rows keep their order; customers,
// orders and category and attribute values are numbered again by first appearance among them,
// so the table equals one read without those rows. Ids are compared as text (trimmed, below).
// Ids are compared trimmed of surrounding ASCII whitespace on both sides (" C-1 " in the list
// matches "C-1" in the table and the other way round); `listed` counts the distinct trimmed
// ids that are not empty.
OptOutReport exclude_customers(EventTable& events, const absl::flat_hash_set<std::string>& opted_out);

// Reads an opt-out list: one customer id per line, trimmed; blank lines and lines starting
// with '#' are skipped. A UTF-8 byte-order mark is skipped; lines end with LF, CRLF or a lone
// CR (old Mac files). Only a regular file is read: a FIFO or device is refused at once.
StatusOr<absl::flat_hash_set<std::string>> read_opt_out_file(const std::string& path);

SEGCORE_NAMESPACE_END
