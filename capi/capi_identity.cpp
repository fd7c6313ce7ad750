// C ABI of identifier normalisation and identity resolution.
#include <cstddef>
#include <vector>

#include "capi_support.hpp"
#include "segcore/identity.hpp"
#include "capi_handles.hpp"
#include "segcore_profile.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {


constexpr std::size_t kMinLinkSize = offsetof(segcore_identity_link, reserved0) + sizeof(int32_t);
static_assert(sizeof(segcore_identity_link) == kMinLinkSize, "no tail padding");
constexpr std::size_t kMinRejectionSize = offsetof(segcore_identity_rejection, kind) + sizeof(int32_t);
static_assert(sizeof(segcore_identity_rejection) == kMinRejectionSize, "no tail padding");

absl::StatusOr<const segcore::RejectedIdentifier*> rejection(const segcore_identity* identity, size_t i,
                                                             const char* fn) {
  SEGCORE_REQUIRE(identity);
  if (i >= identity->last.rejected.size())
    return absl::OutOfRangeError(absl::StrCat(fn, ": rejection ", i, " of ", identity->last.rejected.size()));
  return &identity->last.rejected[i];
}

}  // namespace

extern "C" {

int segcore_normalize_email(const char* email, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(email);
    SEGCORE_ASSIGN_OR_RETURN(std::string e, segcore::normalize_email(email));
    return segcore::capi_detail::write_string(e, buffer, capacity, length, fn);
  );
}

int segcore_normalize_phone(const char* phone, const char* country, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(phone);
    SEGCORE_ASSIGN_OR_RETURN(std::string p, segcore::normalize_phone(phone, country == nullptr ? "" : country));
    return segcore::capi_detail::write_string(p, buffer, capacity, length, fn);
  );
}

int segcore_identity_create(segcore_identity** out, const char* country) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(out);
    *out = new segcore_identity{segcore::IdentityResolver(country == nullptr ? "" : country), {}};
  );
}

void segcore_identity_destroy(segcore_identity* identity) { delete identity; }

int segcore_identity_add_record(segcore_identity* identity, const int32_t* kinds, const char* const* values, size_t n,
                                uint32_t* record) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(identity);
    if (n != 0) {
      SEGCORE_REQUIRE(kinds, values);
    }
    std::vector<segcore::Identifier> ids;
    for (size_t i = 0; i < n; ++i) {
      if (kinds[i] < 0 || kinds[i] > 4) return segcore::invalid_argument(fn, "kinds[", i, "] is ", kinds[i], "; use SEGCORE_ID_*");
      if (values[i] != nullptr) ids.push_back({static_cast<segcore::IdKind>(kinds[i]), values[i]});
    }
    SEGCORE_ASSIGN_OR_RETURN(std::uint32_t r, identity->impl.add_record(ids));
    if (record != nullptr) *record = r;
  );
}

int segcore_identity_resolve(segcore_identity* identity, uint32_t* customer, size_t count, size_t* n_customers) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(identity);
    const std::size_t n = identity->impl.records();
    if (count < n) return absl::OutOfRangeError(absl::StrCat(fn, ": customer holds ", count, " values; ", n, " are needed"));
    if (customer == nullptr && n != 0) return segcore::invalid_argument(fn, "customer is NULL");
    identity->last = identity->impl.resolve();
    std::copy(identity->last.customer.begin(), identity->last.customer.end(), customer);
    if (n_customers != nullptr) *n_customers = identity->last.n_customers;
  );
}

int segcore_identity_n_links(const segcore_identity* identity, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(identity, out); *out = identity->last.links.size(););
}

int segcore_identity_get_link(const segcore_identity* identity, size_t i, segcore_identity_link* out, char* value,
                              size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(identity);
    if (i >= identity->last.links.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": link ", i, " of ", identity->last.links.size()));
    const segcore::IdentityLink& l = identity->last.links[i];
    segcore_identity_link c{};
    c.struct_size = sizeof c;
    c.record_a = l.record_a;
    c.record_b = l.record_b;
    c.kind = static_cast<int32_t>(l.kind);
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::write_struct(out, &c, sizeof c, kMinLinkSize, fn));
    return segcore::capi_detail::write_string(l.value, value, capacity, length, fn);
  );
}

int segcore_identity_n_rejected(const segcore_identity* identity, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(identity, out); *out = identity->last.rejected.size(););
}

int segcore_identity_n_records(const segcore_identity* identity, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(identity, out); *out = identity->impl.records(););
}

int segcore_identity_redundant_links(const segcore_identity* identity, uint64_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(identity, out); *out = identity->last.redundant_links;);
}

int segcore_identity_get_rejected(const segcore_identity* id, size_t i, segcore_identity_rejection* out, char* value,
                                  size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::RejectedIdentifier* r, rejection(id, i, fn));
    segcore_identity_rejection c{};
    c.struct_size = sizeof c;
    c.record = r->record;
    c.kind = static_cast<int32_t>(r->kind);
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::write_struct(out, &c, sizeof c, kMinRejectionSize, fn));
    return segcore::capi_detail::write_string(r->value, value, capacity, length, fn);
  );
}

int segcore_identity_rejected_reason(const segcore_identity* id, size_t i, char* buffer, size_t capacity,
                                     size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::RejectedIdentifier* r, rejection(id, i, fn));
    return segcore::capi_detail::write_string(r->reason, buffer, capacity, length, fn);
  );
}

int segcore_identity_rejected_text(const segcore_identity* identity, size_t i, char* buffer, size_t capacity,
                                   size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(identity);
    if (i >= identity->last.rejected.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": rejection ", i, " of ", identity->last.rejected.size()));
    const segcore::RejectedIdentifier& r = identity->last.rejected[i];
    return segcore::capi_detail::write_string(
        absl::StrCat("record ", r.record, ", ", segcore::to_string(r.kind), " '", r.value, "': ", r.reason), buffer,
        capacity, length, fn);
  );
}

}  // extern "C"
