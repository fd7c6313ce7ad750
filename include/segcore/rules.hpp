// Rules: boolean expressions over profile columns, compiled once against a schema and then
// evaluated column-wise over a whole table (in blocks, on any number of threads) or for one
// profile at a time. Segment sets group named rules with priorities. Language: docs/RULES.md.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/profile.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace rules_detail {
struct Program;
}

// A field a rule may read: its name and column type (timestamps compare as epoch seconds).
struct FieldSpec {
  std::string name;                   // as rules write it
  ColumnType type = ColumnType::f64;  // what the rule may do with it
};
// The fields rules are compiled against.
using Schema = std::vector<FieldSpec>;

// The names and types of a profile table's columns, to compile rules against.
Schema schema_of(const ProfileTable& table);

// A read-only view of one column over memory the caller owns. Exactly one data pointer is
// used, chosen by type: f64; i64 (i64 and timestamp); text or c_text (text). valid may be
// nullptr (every value present); a NaN f64 is missing too.
struct ColumnView {
  std::string name;                     // the name rules use
  ColumnType type = ColumnType::f64;    // which pointer is read
  const double* f64 = nullptr;          // rows values for f64
  const std::int64_t* i64 = nullptr;    // rows values for i64 and timestamp
  const std::string* text = nullptr;    // rows values for text (or c_text)
  const char* const* c_text = nullptr;  // NULL entries are missing
  const std::uint8_t* valid = nullptr;  // rows flags, 0: missing; nullptr: all present
};

// Columns of equal length, found by name.
struct TableView {
  std::size_t rows = 0;             // the length of every column
  std::vector<ColumnView> columns;  // found by name
  // "Now" for days_since(), epoch seconds: a ProfileTable's as_of, or the caller's.
  std::optional<std::int64_t> as_of;

  // A view of a profile table's columns and as_of (the table must outlive the view).
  static TableView of(const ProfileTable& table);
  // The column named name, or nullptr.
  const ColumnView* find(absl::string_view name) const;
};

// Three-valued logic: a comparison with a missing value is unknown, and a rule selects a
// profile only when it is true.
enum class Truth : std::uint8_t { is_false = 0, is_true = 1, unknown = 2 };

// One field's value for one profile (the single-profile path).
struct FieldValue {
  double number = 0;       // for f64, i64 and timestamp fields
  absl::string_view text;  // for text fields
  bool valid = false;      // false: missing

  // A missing value.
  static FieldValue missing() { return {}; }
  // A number (NaN is missing).
  static FieldValue of(double x) { return {x, {}, x == x}; }
  // A text (the caller's memory, read during the call).
  static FieldValue of_text(absl::string_view s) { return {0, s, true}; }
};

// A compiled condition over named fields (docs/RULES.md), evaluated over tables or one
// profile. Immutable once compiled; copies share the compiled program.
class Rule {
 public:
  // Parses and type-checks text against schema. Errors name the place:
  // "line L, column C: expected X, found Y", unknown fields (with the closest name), and
  // operators applied to the wrong types.
  static StatusOr<Rule> compile(absl::string_view text, const Schema& schema);

  // The rule's text as compiled.
  const std::string& text() const;
  // The fields the rule reads, in the order evaluate_one wants their values.
  const std::vector<FieldSpec>& fields() const;

  // out[i] = 1 where the rule is true for row i, 0 where it is false or unknown.
  // out.size() must be table.rows. Results do not depend on n_threads (>= 1, 0: all cores).
  Status evaluate(const TableView& table, std::span<std::uint8_t> out, int n_threads = 1) const;
  // The same over a profile table, into a new vector.
  StatusOr<std::vector<std::uint8_t>> evaluate(const ProfileTable& table, int n_threads = 1) const;

  // One profile: values[j] is the value of fields()[j]. No allocation, no lookup by name.
  // as_of is "now" for days_since(); without it days_since() is missing.
  Truth evaluate_one(std::span<const FieldValue> values, std::optional<std::int64_t> as_of = std::nullopt) const;
  // The values of fields() for one row of a table (for evaluate_one or explain_one).
  StatusOr<std::vector<FieldValue>> row_values(const TableView& table, std::size_t row) const;

  // Why the rule is true, false or unknown for one profile: one line per condition with
  // its outcome and the field values it read.
  std::string explain_one(std::span<const FieldValue> values, std::optional<std::int64_t> as_of = std::nullopt) const;
  // explain_one for row `row` of a table: OutOfRange for a row beyond the table, NotFound
  // for a missing column.
  StatusOr<std::string> explain(const TableView& table, std::size_t row) const;

  // Internal: the compiled program (used by SegmentSet).
  const rules_detail::Program& program() const { return *program_; }

 private:
  explicit Rule(std::shared_ptr<const rules_detail::Program> p) : program_(std::move(p)) {}
  std::shared_ptr<const rules_detail::Program> program_;
};

// Whether a profile gets one segment (the first whose rule holds) or every segment whose
// rule holds.
enum class SegmentMode : int { exclusive = 0, overlapping = 1 };

// One named segment of a SegmentSet.
struct SegmentDef {
  std::string name;  // unique, non-empty
  std::string rule;  // rule text
  int priority = 0;  // lower first; ties keep the given order
};

// Named rules. Exclusive: each profile gets the first segment (by priority) whose rule is
// true, else the fallback. Overlapping: each profile belongs to every segment whose rule is true.
class SegmentSet {
 public:
  // A set from its definitions, each rule compiled against schema: InvalidArgument for a
  // syntax or type error or a bad name, NotFound for an unknown field.
  static StatusOr<SegmentSet> create(std::vector<SegmentDef> segments, SegmentMode mode, std::string fallback,
                                     const Schema& schema);
  // The text format of docs/RULES.md ("mode", "fallback", "segment" lines, # comments).
  static StatusOr<SegmentSet> parse(absl::string_view text, const Schema& schema);
  // The built-in customer lifecycle set (Lapsed, At Risk, New, Loyal, Repeat, Active; fallback Prospect),
  // and its text in the file format.
  static absl::string_view lifecycle_text();
  // The lifecycle set compiled against schema (NotFound when it lacks a profile column).
  static StatusOr<SegmentSet> lifecycle(const Schema& schema);
  // Tiered thresholds on one numeric field: names[0] below edges[0], names[j] from
  // edges[j-1] up to edges[j] (both inclusive for the tier below the top), the last tier
  // above the last edge; missing values get no tier (-1). Edges strictly ascending.
  // E.g. edges {2, 5}, names {Low, Medium, High}: Low < 2, Medium 2..5, High > 5.
  static StatusOr<SegmentSet> tiers(absl::string_view field, std::span<const double> edges,
                                    std::vector<std::string> names, const Schema& schema);

  // Exclusive or overlapping.
  SegmentMode mode() const { return mode_; }
  // The number of segments (without the fallback).
  std::size_t size() const { return names_.size(); }
  // Segments in priority order.
  const std::string& name(std::size_t k) const { return names_[k]; }
  // Segment k's compiled rule.
  const Rule& rule(std::size_t k) const { return rules_[k]; }
  // The fallback segment's name.
  const std::string& fallback() const { return fallback_; }

  // Exclusive assignment: out[i] = segment index, or -1 for the fallback (any mode: the first
  // true segment by priority). out.size() must be table.rows.
  Status assign(const TableView& table, std::span<std::int32_t> out, int n_threads = 1) const;
  // Membership: out[i * size() + k] = 1 where segment k's rule is true for row i.
  Status membership(const TableView& table, std::span<std::uint8_t> out, int n_threads = 1) const;
  // Each segment's outcome for one row, and the one assigned.
  StatusOr<std::string> explain(const TableView& table, std::size_t row) const;

 private:
  SegmentMode mode_ = SegmentMode::exclusive;
  std::vector<std::string> names_;
  std::vector<Rule> rules_;
  std::string fallback_;
};

// A customer entering or leaving a trigger's rule between two updates.
struct TriggerEvent {
  absl::string_view customer;  // the customer's id, valid during the call
  std::size_t trigger = 0;     // index into the set's names
  bool entered = true;         // false: left (the rule is no longer true)
};

// Triggers: named rules watched over successive profile snapshots (a ProfileStore's, or
// batch tables of the same customers). update() evaluates every rule over the new table and
// reports each customer whose outcome changed since the last update; a customer seen for
// the first time enters every rule that is true for it. Customers absent from a table keep
// their state.
class TriggerSet {
 public:
  // One trigger: a name and the rule text watched.
  struct Trigger {
    std::string name;  // unique
    std::string rule;  // rule text
  };
  // A set from its triggers, each rule compiled against schema: InvalidArgument for a
  // syntax or type error, NotFound for an unknown field.
  static StatusOr<TriggerSet> create(std::vector<Trigger> triggers, const Schema& schema);

  // An empty set (no triggers).
  TriggerSet();
  // Frees the set.
  ~TriggerSet();
  // Moves the object; the moved-from one may only be destroyed or assigned.
  TriggerSet(TriggerSet&&) noexcept;
  // Moves another object into this one.
  TriggerSet& operator=(TriggerSet&&) noexcept;

  // The number of triggers.
  std::size_t size() const { return names_.size(); }
  // Trigger k's name.
  const std::string& name(std::size_t k) const { return names_[k]; }
  // Customers seen so far.
  std::size_t customers() const;

  // Calls on_event for each change, in table row order then trigger order. A nonzero return
  // stops the call with Cancelled; changes not yet reported stay pending, so the next update
  // reports them again. on_event must not throw.
  Status update(const ProfileTable& table, absl::FunctionRef<int(const TriggerEvent&)> on_event, int n_threads = 1);
  // Forgets a customer's outcomes: if the customer appears in a later table, it is seen for the
  // first time again. NotFound for a customer not seen.
  Status erase(absl::string_view customer);

 private:
  struct State;
  std::vector<std::string> names_;
  std::vector<Rule> rules_;
  std::unique_ptr<State> state_;
};

// A customer's segment changing between two updates of a SegmentTracker. Segments are
// indices into the set's names; -1 is the fallback; kNoSegment marks a customer not seen before.
struct SegmentChange {
  static constexpr std::int32_t kNoSegment = -2;  // not seen before
  absl::string_view customer;                     // the customer's id, valid during the call
  std::int32_t from = kNoSegment;                 // the segment at the last update
  std::int32_t to = -1;                           // the segment now
};

// Segment entry and exit over successive profile snapshots: update() assigns every customer
// of the table (SegmentSet::assign) and reports those whose segment differs from the last
// update, in row order. A nonzero return from on_event stops the call with Cancelled; changes
// not yet reported are reported by the next update.
class SegmentTracker {
 public:
  // A tracker over set, which it keeps; no customer seen yet.
  explicit SegmentTracker(SegmentSet set);
  // Frees the tracker.
  ~SegmentTracker();
  // Moves the object; the moved-from one may only be destroyed or assigned.
  SegmentTracker(SegmentTracker&&) noexcept;
  // Moves another object into this one.
  SegmentTracker& operator=(SegmentTracker&&) noexcept;

  // The set the tracker assigns with.
  const SegmentSet& set() const { return set_; }
  // Assigns every customer of table and calls on_event for each change (see the class).
  // Cancelled when on_event returned nonzero; NotFound when the table lacks a column the set
  // reads. on_event must not throw.
  Status update(const ProfileTable& table, absl::FunctionRef<int(const SegmentChange&)> on_event, int n_threads = 1);
  // Customers seen so far.
  std::size_t customers() const;
  // Forgets a customer's last segment, as TriggerSet::erase. NotFound for a customer not seen.
  Status erase(absl::string_view customer);
  // Each customer's last reported segment, sorted by customer id, so equal trackers give equal
  // lists whatever their hash-map order (a stream checkpoint saves this). Since: 0.2.
  std::vector<std::pair<std::string, std::int32_t>> last_segments() const;
  // A tracker over set resuming from last_segments(): it reports the same changes as the tracker
  // that gave them. InvalidArgument for a segment outside kNoSegment..set.size()-1 or a repeated
  // customer. Since: 0.2.
  static StatusOr<SegmentTracker> restore(SegmentSet set, std::span<const std::pair<std::string, std::int32_t>> last);

 private:
  struct State;
  friend struct SegmentTrackerAccess;
  SegmentSet set_;
  std::unique_ptr<State> state_;
};

SEGCORE_NAMESPACE_END
