// C ABI of rules and segment sets: converts segcore_rule_data into a TableView and forwards.
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"
#include "capi_tables.hpp"
#include "segcore/rules.hpp"
#include "segcore/score.hpp"
#include "segcore_rules.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::require;

static_assert(sizeof(segcore_rule_data) == offsetof(segcore_rule_data, reserved0) + sizeof(int32_t),
              "no tail padding (capi_support.hpp)");
static_assert(sizeof(segcore_column) == offsetof(segcore_column, valid) + sizeof(void*), "no tail padding");

}  // namespace

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

absl::StatusOr<segcore::TableView> table_of(const segcore_rule_data* user, const char* fn, const char* what,
                                            bool need_data) {
  SEGCORE_RETURN_IF_ERROR(require(user, fn, what));
  segcore_rule_data d{};
  d.struct_size = sizeof d;
  if (user->struct_size < sizeof d)  // a description, not options: it has no _init function
    return segcore::invalid_argument(fn, what, "->struct_size is ", user->struct_size,
                                     "; set it to sizeof(segcore_rule_data), ", sizeof d);
  SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(user, &d, sizeof d, sizeof d, fn));
  if (d.reserved0 != 0) return segcore::invalid_argument(fn, what, "->reserved0 must be 0");
  if (d.profiles != nullptr) {
    segcore::TableView t = segcore::TableView::of(d.profiles->impl);
    if (d.has_as_of) t.as_of = d.as_of;
    return t;
  }
  if (d.columns == nullptr && d.n_columns != 0)
    return segcore::invalid_argument(fn, what, "->columns is NULL with n_columns ", d.n_columns);
  segcore::TableView v;
  v.rows = d.n_rows;
  if (d.has_as_of) v.as_of = d.as_of;
  for (std::size_t j = 0; j < d.n_columns; ++j) {
    const segcore_column& c = d.columns[j];
    if (c.name == nullptr) return segcore::invalid_argument(fn, "column ", j, ": name is NULL");
    if (c.type < SEGCORE_COLUMN_F64 || c.type > SEGCORE_COLUMN_TEXT || c.reserved0 != 0)
      return segcore::invalid_argument(fn, "column '", c.name, "': type ", c.type, " is not a SEGCORE_COLUMN_* value");
    segcore::ColumnView cv;
    cv.name = c.name;
    cv.type = static_cast<segcore::ColumnType>(c.type);
    cv.f64 = c.f64;
    cv.i64 = c.i64;
    cv.c_text = c.text;
    cv.valid = c.valid;
    const void* data = c.type == SEGCORE_COLUMN_F64 ? static_cast<const void*>(c.f64)
                       : c.type == SEGCORE_COLUMN_TEXT ? static_cast<const void*>(c.text)
                                                       : static_cast<const void*>(c.i64);
    if (need_data && data == nullptr && d.n_rows != 0)
      return segcore::invalid_argument(fn, "column '", c.name, "': the data pointer for its type is NULL");
    v.columns.push_back(std::move(cv));
  }
  return v;
}

segcore::Schema schema_of(const segcore::TableView& v) {
  segcore::Schema s;
  for (const segcore::ColumnView& c : v.columns) s.push_back({c.name, c.type});
  return s;
}

}  // namespace capi_detail
SEGCORE_NAMESPACE_END

using segcore::capi_detail::room;
using segcore::capi_detail::schema_of;
using segcore::capi_detail::table_of;

extern "C" {

int segcore_rule_compile(segcore_rule** out, const char* text, const segcore_rule_data* schema) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(text);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(schema, fn, "schema", false));
    SEGCORE_ASSIGN_OR_RETURN(segcore::Rule r, segcore::Rule::compile(text, schema_of(v)));
    *out = new segcore_rule{std::move(r)};
  );
}

void segcore_rule_destroy(segcore_rule* rule) { delete rule; }

int segcore_rule_n_fields(const segcore_rule* rule, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(rule, out); *out = rule->impl.fields().size(););
}

int segcore_rule_field_name(const segcore_rule* rule, size_t j, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rule);
    if (j >= rule->impl.fields().size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": field ", j, " of ", rule->impl.fields().size()));
    return segcore::capi_detail::write_string(rule->impl.fields()[j].name, buffer, capacity, length, fn);
  );
}

int segcore_rule_field_type(const segcore_rule* rule, size_t j, int32_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rule, out);
    if (j >= rule->impl.fields().size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": field ", j, " of ", rule->impl.fields().size()));
    *out = static_cast<int32_t>(rule->impl.fields()[j].type);
  );
}

int segcore_rule_text(const segcore_rule* rule, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rule);
    return segcore::capi_detail::write_string(rule->impl.text(), buffer, capacity, length, fn);
  );
}

int segcore_rule_evaluate(const segcore_rule* rule, const segcore_rule_data* data, int32_t n_threads, uint8_t* out,
                          size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rule);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(data, fn, "data"));
    SEGCORE_RETURN_IF_ERROR(room(count, v.rows, out, fn));
    return rule->impl.evaluate(v, std::span<std::uint8_t>(out, v.rows), n_threads);
  );
}

int segcore_rule_evaluate_one(const segcore_rule* rule, const double* numbers, const char* const* texts,
                              const uint8_t* valid, size_t n_values, const int64_t* as_of, int32_t* truth) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rule, truth);
    const auto& fields = rule->impl.fields();
    if (n_values != fields.size())
      return segcore::invalid_argument(fn, n_values, " values given; the rule reads ", fields.size(), " fields");
    // Real-time path: values on the stack for the common case of a few fields.
    std::array<segcore::FieldValue, 16> small;
    std::vector<segcore::FieldValue> large;
    segcore::FieldValue* v = small.data();
    if (n_values > small.size()) large.resize(n_values), v = large.data();
    for (std::size_t j = 0; j < n_values; ++j) {
      bool ok = valid == nullptr || valid[j];
      if (fields[j].type == segcore::ColumnType::text) {
        const char* s = texts == nullptr ? nullptr : texts[j];
        v[j] = ok && s != nullptr ? segcore::FieldValue::of_text(s) : segcore::FieldValue::missing();
      } else {
        if (numbers == nullptr) return segcore::invalid_argument(fn, "numbers is NULL; field '", fields[j].name, "' is numeric");
        v[j] = ok ? segcore::FieldValue::of(numbers[j]) : segcore::FieldValue::missing();
      }
    }
    std::optional<std::int64_t> now;
    if (as_of != nullptr) now = *as_of;
    *truth = static_cast<int32_t>(rule->impl.evaluate_one(std::span<const segcore::FieldValue>(v, n_values), now));
  );
}

int segcore_rule_explain(const segcore_rule* rule, const segcore_rule_data* data, size_t row, char* buffer,
                         size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(rule);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(data, fn, "data"));
    SEGCORE_ASSIGN_OR_RETURN(std::string text, rule->impl.explain(v, row));
    return segcore::capi_detail::write_string(text, buffer, capacity, length, fn);
  );
}

int segcore_segment_set_parse(segcore_segment_set** out, const char* text, const segcore_rule_data* schema) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(text);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(schema, fn, "schema", false));
    SEGCORE_ASSIGN_OR_RETURN(segcore::SegmentSet s, segcore::SegmentSet::parse(text, schema_of(v)));
    *out = new segcore_segment_set{std::move(s)};
  );
}

int segcore_segment_set_tiers(segcore_segment_set** out, const char* field, const double* edges, size_t n_edges,
                              const char* const* names, const segcore_rule_data* schema) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(field, edges, names);
    std::vector<std::string> n;
    for (std::size_t j = 0; j <= n_edges; ++j) {
      if (names[j] == nullptr) return segcore::invalid_argument(fn, "names[", j, "] is NULL");
      n.emplace_back(names[j]);
    }
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(schema, fn, "schema", false));
    SEGCORE_ASSIGN_OR_RETURN(segcore::SegmentSet s,
                             segcore::SegmentSet::tiers(field, std::span<const double>(edges, n_edges), std::move(n),
                                                        schema_of(v)));
    *out = new segcore_segment_set{std::move(s)};
  );
}

int segcore_segment_set_lifecycle_text(char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    return segcore::capi_detail::write_string(segcore::SegmentSet::lifecycle_text(), buffer, capacity, length, fn);
  );
}

void segcore_segment_set_destroy(segcore_segment_set* set) { delete set; }

int segcore_segment_set_n_segments(const segcore_segment_set* set, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(set, out); *out = set->impl.size(););
}

int segcore_segment_set_name(const segcore_segment_set* set, size_t k, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(set);
    if (k >= set->impl.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": segment ", k, " of ", set->impl.size()));
    return segcore::capi_detail::write_string(set->impl.name(k), buffer, capacity, length, fn);
  );
}

int segcore_segment_set_fallback(const segcore_segment_set* set, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(set);
    return segcore::capi_detail::write_string(set->impl.fallback(), buffer, capacity, length, fn);
  );
}

int segcore_segment_set_mode(const segcore_segment_set* set, int32_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(set, out); *out = static_cast<int32_t>(set->impl.mode()););
}

int segcore_segment_set_assign(const segcore_segment_set* set, const segcore_rule_data* data, int32_t n_threads,
                               int32_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(set);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(data, fn, "data"));
    SEGCORE_RETURN_IF_ERROR(room(count, v.rows, out, fn));
    return set->impl.assign(v, std::span<std::int32_t>(out, v.rows), n_threads);
  );
}

int segcore_segment_set_membership(const segcore_segment_set* set, const segcore_rule_data* data, int32_t n_threads,
                                   uint8_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(set);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(data, fn, "data"));
    std::size_t m = set->impl.size();
    if (m != 0 && v.rows > static_cast<std::size_t>(-1) / m)
      return absl::OutOfRangeError(absl::StrCat(fn, ": ", v.rows, " x ", m, " is too large"));
    SEGCORE_RETURN_IF_ERROR(room(count, v.rows * m, out, fn));
    return set->impl.membership(v, std::span<std::uint8_t>(out, v.rows * m), n_threads);
  );
}

int segcore_segment_set_explain(const segcore_segment_set* set, const segcore_rule_data* data, size_t row,
                                char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(set);
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(data, fn, "data"));
    SEGCORE_ASSIGN_OR_RETURN(std::string text, set->impl.explain(v, row));
    return segcore::capi_detail::write_string(text, buffer, capacity, length, fn);
  );
}

int segcore_segment_tracker_create(segcore_segment_tracker** out, const segcore_segment_set* set) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(set);
    *out = new segcore_segment_tracker{segcore::SegmentTracker(set->impl)};
  );
}

void segcore_segment_tracker_destroy(segcore_segment_tracker* tracker) { delete tracker; }

int segcore_segment_tracker_segment_set(const segcore_segment_tracker* tracker, segcore_segment_set** out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(tracker);
    *out = new segcore_segment_set{tracker->impl.set()};
  );
}

int segcore_segment_tracker_update(segcore_segment_tracker* tracker, const segcore_profiles* profiles,
                                   int32_t n_threads, segcore_segment_change_fn cb, void* payload) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(tracker, profiles);
    SEGCORE_REQUIRE_AS(reinterpret_cast<const void*>(cb), "fn");
    // Customer ids are std::strings of the table, so data() is NUL-terminated.
    return tracker->impl.update(
        profiles->impl, [&](const segcore::SegmentChange& c) { return cb(payload, c.customer.data(), c.from, c.to); },
        n_threads);
  );
}

int segcore_weighted_score(const segcore_rule_data* data, const segcore_score_term* terms, size_t n_terms, double bias,
                           int32_t missing_as_zero, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(data, fn, "data"));
    if (terms == nullptr && n_terms != 0) return segcore::invalid_argument(fn, "terms is NULL");
    std::vector<segcore::ScoreTerm> t;
    for (std::size_t j = 0; j < n_terms; ++j) {
      if (terms[j].column == nullptr) return segcore::invalid_argument(fn, "terms[", j, "].column is NULL");
      t.push_back({terms[j].column, terms[j].weight});
    }
    SEGCORE_RETURN_IF_ERROR(room(count, v.rows, out, fn));
    return segcore::weighted_score(v, t, bias, missing_as_zero != 0, std::span<double>(out, v.rows));
  );
}

int segcore_triggers_create(segcore_triggers** out, const char* const* names, const char* const* rules, size_t n,
                            const segcore_rule_data* schema) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    if (n != 0 && (names == nullptr || rules == nullptr)) return segcore::invalid_argument(fn, "names or rules is NULL");
    std::vector<segcore::TriggerSet::Trigger> t;
    for (std::size_t i = 0; i < n; ++i) {
      if (names[i] == nullptr || rules[i] == nullptr) return segcore::invalid_argument(fn, "trigger ", i, ": NULL name or rule");
      t.push_back({names[i], rules[i]});
    }
    SEGCORE_ASSIGN_OR_RETURN(segcore::TableView v, table_of(schema, fn, "schema", false));
    SEGCORE_ASSIGN_OR_RETURN(segcore::TriggerSet s, segcore::TriggerSet::create(std::move(t), schema_of(v)));
    *out = new segcore_triggers{std::move(s)};
  );
}

void segcore_triggers_destroy(segcore_triggers* triggers) { delete triggers; }

int segcore_triggers_update(segcore_triggers* triggers, const segcore_profiles* profiles, int32_t n_threads,
                            segcore_trigger_fn cb, void* payload) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers, profiles);
    SEGCORE_REQUIRE_AS(reinterpret_cast<const void*>(cb), "fn");
    // Customer ids are std::strings of the table, so data() is NUL-terminated.
    return triggers->impl.update(
        profiles->impl,
        [&](const segcore::TriggerEvent& e) { return cb(payload, e.customer.data(), e.trigger, e.entered ? 1 : 0); },
        n_threads);
  );
}

}  // extern "C"
