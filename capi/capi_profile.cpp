// C ABI of profile tables and the streaming profile store.
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"
#include "segcore/progress.hpp"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {


constexpr std::size_t kMinOptionsSize = offsetof(segcore_profile_options, n_windows) + sizeof(size_t);
static_assert(sizeof(segcore_profile_options) == kMinOptionsSize, "no tail padding (capi_support.hpp)");

segcore_profile_options default_options() {
  segcore_profile_options o{};
  o.struct_size = sizeof o;
  o.n_threads = 1;
  o.velocity_days = 30;
  o.trend_weeks = 12;
  return o;
}

absl::StatusOr<const segcore::ProfileColumn*> named(const segcore_profiles* profiles, const char* name,
                                                    const char* fn) {
  SEGCORE_REQUIRE(profiles, name);
  auto c = profiles->impl.column(name);
  if (!c.ok()) return absl::NotFoundError(absl::StrCat(fn, ": ", c.status().message()));
  return *c;
}

template <class T>
int get_size(const T* profiles, size_t* out, const char* fn, std::size_t (*value)(const T&)) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE(profiles, out);
    *out = value(*profiles);
  );
}

}  // namespace

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

absl::StatusOr<ProfileOptions> profile_options(const segcore_profile_options* opts, const char* fn) {
  segcore_profile_options o = default_options();
  SEGCORE_RETURN_IF_ERROR(read_options(opts, &o, sizeof o, kMinOptionsSize, fn));
  ProfileOptions p;
  if (o.has_as_of) p.as_of = o.as_of;
  p.n_threads = o.n_threads;
  p.velocity_days = o.velocity_days;
  p.trend_weeks = o.trend_weeks;
  if (o.window_days != nullptr) p.window_days.assign(o.window_days, o.window_days + o.n_windows);
  else if (o.n_windows != 0) return invalid_argument(fn, "window_days is NULL with n_windows ", o.n_windows);
  SEGCORE_RETURN_IF_ERROR(validate(p));
  return p;
}

}  // namespace capi_detail
SEGCORE_NAMESPACE_END

extern "C" {

int segcore_profile_options_init(segcore_profile_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_profile_options d = default_options();
    return segcore::capi_detail::init_options(opts, struct_size, &d, sizeof d, kMinOptionsSize, fn);
  );
}

int segcore_profiles_build(segcore_profiles** out, const segcore_events* events, const segcore_profile_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(events);
    SEGCORE_ASSIGN_OR_RETURN(segcore::ProfileOptions o, segcore::capi_detail::profile_options(opts, fn));
    SEGCORE_ASSIGN_OR_RETURN(segcore::ProfileTable t, segcore::build_profiles(events->impl, o));
    *out = new segcore_profiles{std::move(t), {}};
  );
}

void segcore_profiles_destroy(segcore_profiles* p) { delete p; }

int segcore_profiles_n_customers(const segcore_profiles* p, size_t* out) {
  return get_size<segcore_profiles>(p, out, __func__, [](const segcore_profiles& h) { return h.impl.size(); });
}
int segcore_profiles_n_columns(const segcore_profiles* p, size_t* out) {
  return get_size<segcore_profiles>(p, out, __func__, [](const segcore_profiles& h) { return h.impl.columns.size(); });
}

int segcore_profiles_as_of(const segcore_profiles* profiles, int64_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(profiles, out); *out = profiles->impl.as_of;);
}

int segcore_profiles_events_after_as_of(const segcore_profiles* profiles, uint64_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(profiles, out); *out = profiles->impl.events_after_as_of;);
}

int segcore_profiles_column_name(const segcore_profiles* profiles, size_t j, char* buffer, size_t capacity,
                                 size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(profiles);
    if (j >= profiles->impl.columns.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": column ", j, " of ", profiles->impl.columns.size()));
    return segcore::capi_detail::write_string(profiles->impl.columns[j].name, buffer, capacity, length, fn);
  );
}

int segcore_profiles_column_type(const segcore_profiles* profiles, size_t j, int32_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(profiles, out);
    if (j >= profiles->impl.columns.size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": column ", j, " of ", profiles->impl.columns.size()));
    *out = static_cast<int32_t>(profiles->impl.columns[j].type);
  );
}

int segcore_profiles_customer_id(const segcore_profiles* profiles, size_t i, char* buffer, size_t capacity,
                                 size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(profiles);
    if (i >= profiles->impl.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": customer ", i, " of ", profiles->impl.size()));
    return segcore::capi_detail::write_string(profiles->impl.customer_id[i], buffer, capacity, length, fn);
  );
}

int segcore_profiles_get_f64(const segcore_profiles* p, const char* name, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::ProfileColumn* c, named(p, name, fn));
    if (c->type == segcore::ColumnType::text) return segcore::invalid_argument(fn, "column '", name, "' holds text");
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::room(count, p->impl.size(), out, fn));
    for (std::size_t i = 0; i < p->impl.size(); ++i)
      out[i] = !c->valid[i] ? std::nan("")
               : c->type == segcore::ColumnType::f64 ? c->f64[i] : static_cast<double>(c->i64[i]);
  );
}

int segcore_profiles_get_i64(const segcore_profiles* p, const char* name, int64_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::ProfileColumn* c, named(p, name, fn));
    if (c->type != segcore::ColumnType::i64 && c->type != segcore::ColumnType::timestamp)
      return segcore::invalid_argument(fn, "column '", name, "' is not an integer or timestamp column");
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::room(count, p->impl.size(), out, fn));
    for (std::size_t i = 0; i < p->impl.size(); ++i) out[i] = c->valid[i] ? c->i64[i] : 0;
  );
}

int segcore_profiles_get_valid(const segcore_profiles* p, const char* name, uint8_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::ProfileColumn* c, named(p, name, fn));
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::room(count, p->impl.size(), out, fn));
    std::copy(c->valid.begin(), c->valid.end(), out);
  );
}

int segcore_profiles_get_text(const segcore_profiles* p, const char* name, size_t i, char* buffer, size_t capacity,
                              size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::ProfileColumn* c, named(p, name, fn));
    if (c->type != segcore::ColumnType::text) return segcore::invalid_argument(fn, "column '", name, "' is not text");
    if (i >= p->impl.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": customer ", i, " of ", p->impl.size()));
    return segcore::capi_detail::write_string(c->text[i], buffer, capacity, length, fn);
  );
}

int segcore_profile_store_create_with_schema(segcore_profile_store** out, const segcore_profile_options* opts,
                                             const char* const* category_cols, size_t n_category_cols,
                                             const char* const* attribute_cols, size_t n_attribute_cols,
                                             const char* const* numeric_cols, size_t n_numeric_cols) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(segcore::ProfileOptions o, segcore::capi_detail::profile_options(opts, fn));
    o.as_of.reset();
    segcore::StoreSchema schema;
    absl::flat_hash_set<std::string> seen;
    auto names = [&](const char* const* list, size_t n, std::vector<std::string>& to, const char* what) -> absl::Status {
      if (n != 0 && list == nullptr) return segcore::invalid_argument(fn, what, " is NULL with ", n, " names");
      for (size_t i = 0; i < n; ++i) {
        if (list[i] == nullptr || *list[i] == '\0') return segcore::invalid_argument(fn, what, "[", i, "] is NULL or empty");
        if (!seen.insert(list[i]).second) return segcore::invalid_argument(fn, "column '", list[i], "' is named twice");
        to.emplace_back(list[i]);
      }
      return absl::OkStatus();
    };
    SEGCORE_RETURN_IF_ERROR(names(category_cols, n_category_cols, schema.categories, "category_cols"));
    SEGCORE_RETURN_IF_ERROR(names(attribute_cols, n_attribute_cols, schema.attributes, "attribute_cols"));
    SEGCORE_RETURN_IF_ERROR(names(numeric_cols, n_numeric_cols, schema.numerics, "numeric_cols"));
    *out = new segcore_profile_store{segcore::ProfileStore(o, std::move(schema))};
  );
}

int segcore_profile_store_add_event(segcore_profile_store* s, const char* customer, int64_t timestamp, double amount,
                                    const char* order, const char* const* categories, size_t n_categories,
                                    const char* const* attributes, size_t n_attributes, const double* numerics,
                                    size_t n_numerics) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(s, "store");
    SEGCORE_REQUIRE(customer);
    if (n_numerics != 0) SEGCORE_REQUIRE(numerics);
    // Views of the caller's texts; check_event_values checks them as ProfileStore::add does.
    std::vector<absl::string_view> cats, atts;
    auto texts = [&](const char* const* list, size_t n, std::vector<absl::string_view>& to, const char* what) -> absl::Status {
      if (n != 0 && list == nullptr) return segcore::invalid_argument(fn, what, " is NULL with ", n, " values");
      for (size_t i = 0; i < n; ++i) {
        if (list[i] == nullptr) return segcore::invalid_argument(fn, what, "[", i, "] is NULL");
        to.emplace_back(list[i]);
      }
      return absl::OkStatus();
    };
    SEGCORE_RETURN_IF_ERROR(texts(categories, n_categories, cats, "categories"));
    SEGCORE_RETURN_IF_ERROR(texts(attributes, n_attributes, atts, "attributes"));
    segcore::Event e;
    e.customer = customer;
    e.timestamp = timestamp;
    e.amount = amount;
    e.order = order == nullptr ? absl::string_view() : absl::string_view(order);
    e.categories = cats;
    e.attributes = atts;
    e.numerics = std::span<const double>(numerics, n_numerics);
    SEGCORE_RETURN_IF_ERROR(segcore::check_event_values(e, fn));  // named as this call
    return s->impl.add(e);
  );
}

int segcore_profile_store_create(segcore_profile_store** out, const segcore_profile_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(segcore::ProfileOptions o, segcore::capi_detail::profile_options(opts, fn));
    o.as_of.reset();
    *out = new segcore_profile_store{segcore::ProfileStore(o)};
  );
}

void segcore_profile_store_destroy(segcore_profile_store* s) { delete s; }

int segcore_profile_store_add(segcore_profile_store* s, const char* customer, int64_t timestamp, double amount,
                              const char* order) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(s, "store");
    SEGCORE_REQUIRE(customer);
    return s->impl.add(customer, timestamp, amount, order == nullptr ? absl::string_view() : absl::string_view(order));
  );
}

int segcore_profile_store_n_events(const segcore_profile_store* s, uint64_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(s, "store"); SEGCORE_REQUIRE(out); *out = s->impl.events(););
}

namespace {
absl::StatusOr<const std::vector<std::string>*> schema_list(const segcore_profile_store* s, int32_t list, const char* fn) {
  const segcore::StoreSchema& schema = s->impl.schema();
  switch (list) {
    case SEGCORE_SCHEMA_CATEGORY: return &schema.categories;
    case SEGCORE_SCHEMA_ATTRIBUTE: return &schema.attributes;
    case SEGCORE_SCHEMA_NUMERIC: return &schema.numerics;
  }
  return segcore::invalid_argument(fn, "list is ", list, "; SEGCORE_SCHEMA_CATEGORY (0), _ATTRIBUTE (1) or _NUMERIC (2)");
}
}  // namespace

int segcore_profile_store_add_events(segcore_profile_store* s, const segcore_events* events) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(s, "store"); SEGCORE_REQUIRE(events); return s->impl.add(events->impl););
}

int segcore_profile_store_latest_event(const segcore_profile_store* s, int64_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(s, "store");
    SEGCORE_REQUIRE(out);
    const std::optional<int64_t> t = s->impl.latest_event();
    if (!t) return absl::FailedPreconditionError(absl::StrCat(fn, ": no events yet"));
    *out = *t;
  );
}

int segcore_profile_store_schema_size(const segcore_profile_store* s, int32_t list, size_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(s, "store");
    SEGCORE_REQUIRE(out);
    SEGCORE_ASSIGN_OR_RETURN(const std::vector<std::string>* names, schema_list(s, list, fn));
    *out = names->size();
  );
}

int segcore_profile_store_schema_name(const segcore_profile_store* s, int32_t list, size_t j, char* buffer,
                                      size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(s, "store");
    SEGCORE_ASSIGN_OR_RETURN(const std::vector<std::string>* names, schema_list(s, list, fn));
    if (j >= names->size()) return absl::OutOfRangeError(absl::StrCat(fn, ": name ", j, " of ", names->size()));
    return segcore::capi_detail::write_string((*names)[j], buffer, capacity, length, fn);
  );
}

int segcore_profile_store_merge(segcore_profile_store* s, const segcore_profile_store* other) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(s, "store"); SEGCORE_REQUIRE(other); return s->impl.merge(other->impl););
}

int segcore_profile_store_snapshot(const segcore_profile_store* s, segcore_profiles** out, int64_t as_of,
                                   int32_t has_as_of) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE_AS(s, "store");
    SEGCORE_ASSIGN_OR_RETURN(segcore::ProfileTable t,
                             s->impl.snapshot(has_as_of ? std::optional<int64_t>(as_of) : std::nullopt));
    *out = new segcore_profiles{std::move(t), {}};
  );
}

}  // extern "C"
