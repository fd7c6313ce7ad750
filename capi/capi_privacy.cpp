// C ABI of the privacy controls: erasure on the handles that keep customer state, pseudonyms,
// opt-out lists. Converts and forwards; the work is in src/privacy/ and the classes' erase.
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"
#include "segcore/privacy.hpp"
#include "segcore_privacy.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {


template <class T, class V>
void put(T* out, V value) {
  if (out != nullptr) *out = static_cast<T>(value);
}

void put_identity(const segcore::IdentityErasure& e, uint64_t* records, uint64_t* identifiers, uint64_t* links,
                  uint64_t* rejected) {
  put(records, e.records);
  put(identifiers, e.identifiers);
  put(links, e.links);
  put(rejected, e.rejected);
}

}  // namespace

extern "C" {

int segcore_profile_store_erase(segcore_profile_store* store, const char* customer, uint64_t* events,
                                uint64_t* orders, uint64_t* values) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(store, customer);
    SEGCORE_ASSIGN_OR_RETURN(segcore::StoreErasure e, store->impl.erase(customer));
    put(events, e.events);
    put(orders, e.orders);
    put(values, e.values);
  );
}

int segcore_identity_erase(segcore_identity* identity, int32_t kind, const char* value, uint64_t* records,
                           uint64_t* identifiers, uint64_t* links, uint64_t* rejected) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(identity, value);
    if (kind < 0 || kind > 4) return segcore::invalid_argument(fn, "kind is ", kind, "; use SEGCORE_ID_*");
    SEGCORE_ASSIGN_OR_RETURN(segcore::IdentityErasure e,
                             identity->impl.erase({static_cast<segcore::IdKind>(kind), value}));
    identity->last = identity->impl.resolve();  // the erased links and rejections must not stay readable
    put_identity(e, records, identifiers, links, rejected);
  );
}

int segcore_identity_erase_record(segcore_identity* identity, uint32_t record, uint64_t* records, uint64_t* identifiers,
                                  uint64_t* links, uint64_t* rejected) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(identity);
    SEGCORE_ASSIGN_OR_RETURN(segcore::IdentityErasure e, identity->impl.erase_record(record));
    identity->last = identity->impl.resolve();
    put_identity(e, records, identifiers, links, rejected);
  );
}

int segcore_identity_create_pseudonymised(segcore_identity** out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(out); *out = new segcore_identity{segcore::IdentityResolver("", true), {}};);
}

int segcore_segment_tracker_erase(segcore_segment_tracker* tracker, const char* customer) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(tracker, customer); return tracker->impl.erase(customer););
}

int segcore_triggers_erase(segcore_triggers* triggers, const char* customer) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(triggers, customer); return triggers->impl.erase(customer););
}

int segcore_event_triggers_erase(segcore_event_triggers* triggers, const char* customer, uint64_t* pending_dropped) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers, customer);
    SEGCORE_ASSIGN_OR_RETURN(std::size_t dropped, triggers->impl.erase(customer));
    put(pending_dropped, dropped);
  );
}

int segcore_pseudonyms_available(void) { return segcore::pseudonyms_available() ? 1 : 0; }

int segcore_pseudonymize_identifiers(const uint8_t* key, size_t key_length, int32_t kind, const char* country,
                                     const char* const* values, size_t n, int n_threads, char* out, size_t capacity,
                                     size_t* n_rejected) {
  SEGCORE_CAPI_BODY(
    if (key == nullptr || key_length == 0) return segcore::invalid_argument(fn, "the key is NULL or empty");
    if (kind < SEGCORE_ID_RAW || kind > 4)
      return segcore::invalid_argument(fn, "kind is ", kind, "; use SEGCORE_ID_* or SEGCORE_ID_RAW");
    if (n != 0) {
      SEGCORE_REQUIRE(values, out);
    }
    if (n > capacity / SEGCORE_PSEUDONYM_SIZE)
      return absl::OutOfRangeError(absl::StrCat(fn, ": out holds ", capacity, " bytes; ", n, " pseudonyms need ",
                                                n, " x SEGCORE_PSEUDONYM_SIZE"));
    if (!segcore::pseudonyms_available())
      return absl::UnimplementedError(absl::StrCat(fn, ": this build of segcore has no libcrypto (OpenSSL)"));
    const absl::string_view k(reinterpret_cast<const char*>(key), key_length);
    // NULL entries stay out of the hashed column and give empty outputs.
    std::vector<absl::string_view> present;
    std::vector<std::size_t> row;
    present.reserve(n);
    row.reserve(n);
    for (size_t i = 0; i < n; ++i)
      if (values[i] != nullptr) present.emplace_back(values[i]), row.push_back(i);
    std::vector<std::string> hashed(present.size());
    std::size_t rejected = 0;
    if (kind == SEGCORE_ID_RAW) {
      SEGCORE_RETURN_IF_ERROR(segcore::pseudonymize(k, present, hashed, n_threads));
    } else {
      SEGCORE_ASSIGN_OR_RETURN(rejected, segcore::pseudonymize_identifiers(k, static_cast<segcore::IdKind>(kind), present,
                                                                          hashed, country == nullptr ? "" : country,
                                                                          n_threads));
    }
    if (n != 0) std::memset(out, 0, n * SEGCORE_PSEUDONYM_SIZE);
    for (std::size_t j = 0; j < hashed.size(); ++j)
      std::memcpy(out + row[j] * SEGCORE_PSEUDONYM_SIZE, hashed[j].data(), hashed[j].size());
    put(n_rejected, rejected);
  );
}

int segcore_events_exclude_customers(segcore_events* events, const char* const* ids, size_t n, uint64_t* customers,
                                     uint64_t* rows) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(events);
    if (n != 0) SEGCORE_REQUIRE(ids);
    absl::flat_hash_set<std::string> set;
    for (size_t i = 0; i < n; ++i) {
      if (ids[i] == nullptr) return segcore::invalid_argument(fn, "ids[", i, "] is NULL");
      set.emplace(ids[i]);
    }
    const segcore::OptOutReport r = segcore::exclude_customers(events->impl, set);
    put(customers, r.customers);
    put(rows, r.rows);
  );
}

int segcore_events_exclude_customers_file(segcore_events* events, const char* path, uint64_t* customers,
                                          uint64_t* rows) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(events, path);
    SEGCORE_ASSIGN_OR_RETURN(absl::flat_hash_set<std::string> set, segcore::read_opt_out_file(path));
    const segcore::OptOutReport r = segcore::exclude_customers(events->impl, set);
    put(customers, r.customers);
    put(rows, r.rows);
  );
}

}  // extern "C"
