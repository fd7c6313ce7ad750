// C ABI of identifier normalisation and identity resolution.
#include <cstddef>
#include <vector>

#include "capi_support.hpp"
#include "segcore/identity.hpp"
#include "capi_state_handles.hpp"
#include "segcore_profile.h"

namespace {

using segcore::capi::guard;
using segcore::capi::require;

constexpr std::size_t kMinLinkSize = offsetof(segcore_identity_link, reserved0) + sizeof(int32_t);
static_assert(sizeof(segcore_identity_link) == kMinLinkSize, "no tail padding");
constexpr std::size_t kMinRejectionSize = offsetof(segcore_identity_rejection, kind) + sizeof(int32_t);
static_assert(sizeof(segcore_identity_rejection) == kMinRejectionSize, "no tail padding");

absl::StatusOr<const segcore::RejectedIdentifier*> rejection(const segcore_identity* id, size_t i, const char* fn) {
  SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
  if (i >= id->last.rejected.size())
    return absl::OutOfRangeError(absl::StrCat(fn, ": rejection ", i, " of ", id->last.rejected.size()));
  return &id->last.rejected[i];
}

}  // namespace

extern "C" {

int segcore_normalize_email(const char* email, char* buffer, size_t capacity, size_t* length) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(email, fn, "email"));
    SEGCORE_ASSIGN_OR_RETURN(std::string e, segcore::normalize_email(email));
    return segcore::capi::write_string(e, buffer, capacity, length, fn);
  });
}

int segcore_normalize_phone(const char* phone, const char* country, char* buffer, size_t capacity, size_t* length) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(phone, fn, "phone"));
    SEGCORE_ASSIGN_OR_RETURN(std::string p, segcore::normalize_phone(phone, country == nullptr ? "" : country));
    return segcore::capi::write_string(p, buffer, capacity, length, fn);
  });
}

int segcore_identity_create(segcore_identity** out, const char* country) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(out, fn, "out"));
    *out = new segcore_identity{segcore::IdentityResolver(country == nullptr ? "" : country), {}};
    return absl::OkStatus();
  });
}

void segcore_identity_destroy(segcore_identity* identity) { delete identity; }

int segcore_identity_add_record(segcore_identity* id, const int32_t* kinds, const char* const* values, size_t n,
                                uint32_t* record) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    if (n != 0) {
      SEGCORE_RETURN_IF_ERROR(require(kinds, fn, "kinds"));
      SEGCORE_RETURN_IF_ERROR(require(values, fn, "values"));
    }
    std::vector<segcore::Identifier> ids;
    for (size_t i = 0; i < n; ++i) {
      if (kinds[i] < 0 || kinds[i] > 4) return segcore::invalid_argument(fn, "kinds[", i, "] is ", kinds[i], "; use SEGCORE_ID_*");
      if (values[i] != nullptr) ids.push_back({static_cast<segcore::IdKind>(kinds[i]), values[i]});
    }
    SEGCORE_ASSIGN_OR_RETURN(std::uint32_t r, id->resolver.add_record(ids));
    if (record != nullptr) *record = r;
    return absl::OkStatus();
  });
}

int segcore_identity_resolve(segcore_identity* id, uint32_t* customer, size_t count, size_t* n_customers) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    const std::size_t n = id->resolver.records();
    if (count < n) return absl::OutOfRangeError(absl::StrCat(fn, ": customer holds ", count, " values; ", n, " are needed"));
    if (customer == nullptr && n != 0) return segcore::invalid_argument(fn, "customer is NULL");
    id->last = id->resolver.resolve();
    std::copy(id->last.customer.begin(), id->last.customer.end(), customer);
    if (n_customers != nullptr) *n_customers = id->last.n_customers;
    return absl::OkStatus();
  });
}

int segcore_identity_n_links(const segcore_identity* id, size_t* out) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    SEGCORE_RETURN_IF_ERROR(require(out, fn, "out"));
    *out = id->last.links.size();
    return absl::OkStatus();
  });
}

int segcore_identity_get_link(const segcore_identity* id, size_t i, segcore_identity_link* out, char* value,
                              size_t capacity, size_t* length) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    if (i >= id->last.links.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": link ", i, " of ", id->last.links.size()));
    const segcore::IdentityLink& l = id->last.links[i];
    segcore_identity_link c{};
    c.struct_size = sizeof c;
    c.record_a = l.record_a;
    c.record_b = l.record_b;
    c.kind = static_cast<int32_t>(l.kind);
    SEGCORE_RETURN_IF_ERROR(segcore::capi::write_struct(out, &c, sizeof c, kMinLinkSize, fn));
    return segcore::capi::write_string(l.value, value, capacity, length, fn);
  });
}

int segcore_identity_n_rejected(const segcore_identity* id, size_t* out) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    SEGCORE_RETURN_IF_ERROR(require(out, fn, "out"));
    *out = id->last.rejected.size();
    return absl::OkStatus();
  });
}

int segcore_identity_n_records(const segcore_identity* id, size_t* out) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    SEGCORE_RETURN_IF_ERROR(require(out, fn, "out"));
    *out = id->resolver.records();
    return absl::OkStatus();
  });
}

int segcore_identity_redundant_links(const segcore_identity* id, uint64_t* out) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    SEGCORE_RETURN_IF_ERROR(require(out, fn, "out"));
    *out = id->last.redundant_links;
    return absl::OkStatus();
  });
}

int segcore_identity_get_rejected(const segcore_identity* id, size_t i, segcore_identity_rejection* out, char* value,
                                  size_t capacity, size_t* length) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_ASSIGN_OR_RETURN(const segcore::RejectedIdentifier* r, rejection(id, i, fn));
    segcore_identity_rejection c{};
    c.struct_size = sizeof c;
    c.record = r->record;
    c.kind = static_cast<int32_t>(r->kind);
    SEGCORE_RETURN_IF_ERROR(segcore::capi::write_struct(out, &c, sizeof c, kMinRejectionSize, fn));
    return segcore::capi::write_string(r->value, value, capacity, length, fn);
  });
}

int segcore_identity_rejected_reason(const segcore_identity* id, size_t i, char* buffer, size_t capacity,
                                     size_t* length) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_ASSIGN_OR_RETURN(const segcore::RejectedIdentifier* r, rejection(id, i, fn));
    return segcore::capi::write_string(r->reason, buffer, capacity, length, fn);
  });
}

int segcore_identity_rejected_text(const segcore_identity* id, size_t i, char* buffer, size_t capacity,
                                   size_t* length) {
  const char* fn = __func__;
  return guard(fn, [&]() -> absl::Status {
    SEGCORE_RETURN_IF_ERROR(require(id, fn, "identity"));
    if (i >= id->last.rejected.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": rejection ", i, " of ", id->last.rejected.size()));
    const segcore::RejectedIdentifier& r = id->last.rejected[i];
    return segcore::capi::write_string(
        absl::StrCat("record ", r.record, ", ", segcore::to_string(r.kind), " '", r.value, "': ", r.reason), buffer,
        capacity, length, fn);
  });
}

}  // extern "C"
