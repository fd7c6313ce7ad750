// Identity resolution: normalised identifiers (email, phone, CRM id, device, cookie) link the
// records that share any of them into one customer (union-find). The links that merged records
// are kept, so every merge can be explained.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Lower-cased, trimmed "local@domain". Fails (saying why) unless there is exactly one '@', a
// non-empty local part of at most 64 characters without spaces, and a domain with a dot,
// letters, digits, '-' and '.' only, no empty label. No provider-specific rewriting (dots or
// "+tags" in Gmail addresses are kept): that would merge people who are different.
StatusOr<std::string> normalize_email(absl::string_view email);

// "+<digits>" (E.164 form). Spaces, '-', '.', '/' and parentheses are dropped; "00" in front
// means '+'; a number without '+' or "00" takes default_country_code (digits, e.g. "44"), after
// dropping one leading trunk '0'. Fails without a country code to apply, or unless 8 to 15
// digits result.
StatusOr<std::string> normalize_phone(absl::string_view phone, absl::string_view default_country_code = "");

// The kind of an identifier; only identifiers of the same kind and value link records.
enum class IdKind : int { email = 0, phone = 1, crm_id = 2, device_id = 3, cookie_id = 4 };
// "email", "phone", "crm_id", "device_id", "cookie_id"; "unknown" for another value. Static.
const char* to_string(IdKind kind);

// One identifier of a record.
struct Identifier {
  IdKind kind = IdKind::crm_id;  // how value is normalised and matched
  absl::string_view value;       // raw; emails and phones are normalised, others trimmed
};

// Record b was merged with record a (a < b) because both carry `value` of `kind`.
struct IdentityLink {
  std::uint32_t record_a = 0;    // the earlier record
  std::uint32_t record_b = 0;    // the later one
  IdKind kind = IdKind::crm_id;  // the kind of the shared identifier
  std::string value;             // the shared identifier, normalised
};

// An identifier that could not be normalised: not used for linking, reported.
struct RejectedIdentifier {
  std::uint32_t record = 0;     // the record that carried it
  IdKind kind = IdKind::email;  // email or phone
  std::string value;            // as given
  std::string reason;           // why normalisation failed
};

// The grouping of records into customers, as IdentityResolver::resolve() returns it.
struct IdentityResult {
  static constexpr std::uint32_t kErased = UINT32_MAX;  // customer of an erased record
  std::vector<std::uint32_t> customer;                  // per record; customers numbered by their first record
  std::size_t n_customers = 0;                          // distinct customers
  // The links that joined two different groups (a spanning forest of the link graph), in the
  // order they were found; links between records already joined are counted, not listed.
  std::vector<IdentityLink> links;
  std::uint64_t redundant_links = 0;         // links within an already joined group
  std::vector<RejectedIdentifier> rejected;  // identifiers that failed normalisation
};

// What IdentityResolver::erase removed.
struct IdentityErasure {
  std::size_t records = 0;      // the customer's records (their indices stay reserved)
  std::size_t identifiers = 0;  // distinct identifiers no longer known
  std::size_t links = 0;        // links listed between the records, and redundant ones counted
  std::size_t rejected = 0;     // rejected identifiers of the records
};

// Links records that share an identifier into customers (union-find over normalised
// identifiers). Records are added one at a time; resolve() can be called at any point.
class IdentityResolver {
 public:
  // default_country_code (digits, e.g. "44") applies to phone numbers without one.
  explicit IdentityResolver(std::string default_country_code = "") : country_(std::move(default_country_code)) {}
  // pseudonymised: every value arrives already normalised and hashed (pseudonymize_identifiers
  // in privacy.hpp), so values of every kind are only trimmed, never normalised or rejected.
  IdentityResolver(std::string default_country_code, bool pseudonymised)
      : country_(std::move(default_country_code)), pseudonymised_(pseudonymised) {}

  // Adds one record (a CRM row, an event, a device) with its identifiers; returns its index.
  // Empty values are ignored; values that fail normalisation are rejected and reported.
  // InvalidArgument for an unknown kind or beyond 2^32 - 2 records.
  StatusOr<std::uint32_t> add_record(std::span<const Identifier> ids);

  std::size_t records() const { return parent_.size(); }  // records added so far
  // The grouping so far (the resolver may keep receiving records afterwards). Erased records
  // keep their index with customer kErased and are in no link or rejection.
  IdentityResult resolve() const;

  // Erases the customer that holds id (normalised as add_record does): every record of the
  // customer, every identifier any of them carried, the links between them and their rejected
  // identifiers. A later record carrying one of those identifiers starts a new customer: the
  // erased links are not restored. NotFound when no live record carries id. Takes time linear
  // in the number of records and identifiers.
  StatusOr<IdentityErasure> erase(const Identifier& id);
  // The same for the customer of one record; NotFound for an unknown or erased record.
  StatusOr<IdentityErasure> erase_record(std::uint32_t record);

 private:
  std::uint32_t find(std::uint32_t x) const;
  void unite(std::uint32_t a, std::uint32_t b, IdKind kind, const std::string& value);

  // The key under which identifiers are indexed, or a failed status saying why it is invalid.
  StatusOr<std::string> key_of(const Identifier& id, absl::string_view raw) const;

  std::string country_;
  bool pseudonymised_ = false;
  mutable std::vector<std::uint32_t> parent_;              // path halving in find() mutates it
  absl::flat_hash_map<std::string, std::uint32_t> first_;  // "<kind>:<value>" -> first record
  std::vector<IdentityLink> links_;
  std::uint64_t redundant_ = 0;
  std::vector<std::uint32_t> redundant_at_;  // per record: redundant links found adding it
  std::vector<RejectedIdentifier> rejected_;
};

SEGCORE_NAMESPACE_END
