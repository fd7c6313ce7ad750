// Customer profiles: one row per customer with behavioural features, computed from an
// EventTable in batch or from events applied one at a time (ProfileStore). Both paths use the
// same accumulation and finalisation functions, so they give identical tables on the same
// events in any arrival order. Exact definitions: docs/PROFILES.md.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/io.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// The type of a profile or rule column; timestamp is epoch seconds in i64.
enum class ColumnType : int { f64 = 0, i64 = 1, timestamp = 2, text = 3 };

// A typed column with a validity mask (valid[i] == 0: missing). Only the vector that matches
// the type is filled; a missing f64 is also NaN.
struct ProfileColumn {
  std::string name;                   // unique within the table
  ColumnType type = ColumnType::f64;  // which vector holds the values
  std::vector<double> f64;            // f64 columns
  std::vector<std::int64_t> i64;      // i64 and timestamp (epoch seconds)
  std::vector<std::string> text;      // text columns
  std::vector<std::uint8_t> valid;    // one per row; 0: missing
};

// Options of build_profiles() and ProfileStore.
struct ProfileOptions {
  std::optional<std::int64_t> as_of;           // epoch seconds; default: latest event + 1 day
  std::vector<int> window_days = {7, 30, 90};  // orders_<w>d and amount_<w>d columns
  int velocity_days = 30;                      // velocity_<v>d: last v days against the v before
  int trend_weeks = 12;                        // trend_<t>w: slope of weekly orders
  int n_threads = 1;                           // >= 1, or 0 for one per hardware thread
};

// OK, or InvalidArgument naming the option out of range: n_threads >= 0, at most 16
// windows of 1 to 36500 days, velocity_days 1 to 36500, trend_weeks 2 to 5200.
Status validate(const ProfileOptions& options);

// One row per customer, named typed columns (docs/PROFILES.md lists them).
class ProfileTable {
 public:
  std::vector<std::string> customer_id;  // in order of first appearance
  std::int64_t as_of = 0;                // "now" of the features, epoch seconds
  std::uint64_t events_after_as_of = 0;  // excluded from every feature (batch only)
  std::vector<ProfileColumn> columns;    // the features, one value per customer each

  // The number of customers (rows).
  std::size_t size() const { return customer_id.size(); }
  // The column named name, or NotFound naming the columns that exist.
  StatusOr<const ProfileColumn*> column(absl::string_view name) const;
};

// Batch: one profile per customer of `events`. Events after as_of are excluded and counted.
StatusOr<ProfileTable> build_profiles(const EventTable& events, const ProfileOptions& options = {});

// One event for ProfileStore::add. An empty order means the event is an order by itself.
// categories, attributes and numerics follow the names given to the store's constructor.
struct Event {
  absl::string_view customer;                     // the customer's id
  std::int64_t timestamp = 0;                     // epoch seconds
  double amount = 0;                              // money; 0 for none
  absl::string_view order;                        // order id; empty: an order by itself
  std::span<const absl::string_view> categories;  // one per schema category
  std::span<const absl::string_view> attributes;  // one per schema attribute
  std::span<const double> numerics;               // one per schema numeric; NaN: missing
};

// The checks ProfileStore::add makes on an event's extra values: every category and
// attribute valid UTF-8 (as in CSV input), no infinite numeric (NaN marks a missing one).
// InvalidArgument "<where>: categories[i] is not valid UTF-8", "<where>: numerics[i] is
// infinite", ...
Status check_event_values(const Event& event, absl::string_view where);

// The names of the extra event fields a ProfileStore (or EventTriggers) takes, in order.
struct StoreSchema {
  std::vector<std::string> categories;  // counted per customer and value
  std::vector<std::string> attributes;  // text carried per customer (latest value)
  std::vector<std::string> numerics;    // numbers carried per customer (latest value)
};

// What ProfileStore::erase removed.
struct StoreErasure {
  std::uint64_t events = 0;  // the customer's events
  std::uint64_t orders = 0;  // their orders (events without an order id count one each)
  std::size_t values = 0;    // category and attribute values no remaining customer holds
};

// Streaming: applies events one at a time, in any order, and gives the batch path's table.
// Keeps per customer one small record per order, so windows can be evaluated at any as_of.
class ProfileStore {
 public:
  // An empty store; options are checked by each snapshot. The schema names the category,
  // attribute and numeric values every Event carries.
  explicit ProfileStore(ProfileOptions options = {}, StoreSchema schema = {});
  // Frees the store.
  ~ProfileStore();
  // Moves the store; the moved-from one may only be destroyed or assigned.
  ProfileStore(ProfileStore&&) noexcept;
  // Moves the store into this one.
  ProfileStore& operator=(ProfileStore&&) noexcept;

  // Fails (and changes nothing) on an empty customer, a non-finite amount or one beyond +-1e12,
  // spans that do not match the schema, or values check_event_values refuses.
  Status add(const Event& event);
  // Convenience for the common case.
  Status add(absl::string_view customer, std::int64_t timestamp, double amount, absl::string_view order = {});
  // Applies every row of `events` in row order, all or none: the first refused row fails the
  // call naming the row, and nothing changes. The table's category, attribute and numeric
  // columns must be the schema's, by name and in order (InvalidArgument). Since: 0.2
  Status add(const EventTable& events);

  // Removes a customer and everything the store keeps about them: their orders and order ids,
  // category counts and carried values, and the category and attribute values no remaining
  // customer holds (their columns disappear). Later snapshots equal those of a store that never
  // saw the customer's events, and a later event for the id starts a new customer. NotFound
  // for an id the store does not hold. Takes time linear in the number of customers.
  StatusOr<StoreErasure> erase(absl::string_view customer);

  // Customers seen so far.
  std::size_t customers() const;
  // Events applied so far.
  std::uint64_t events() const;
  // The time of the latest event applied (epoch seconds); nullopt before the first. Since: 0.2
  std::optional<std::int64_t> latest_event() const;
  // The names of the extra event fields, as given to the constructor. Since: 0.2
  const StoreSchema& schema() const;
  // The profiles as of as_of (default: latest event + 1 day). as_of must not precede an
  // event already applied (FailedPrecondition): the store cannot un-apply events.
  StatusOr<ProfileTable> snapshot(std::optional<std::int64_t> as_of = std::nullopt) const;

  // Adds everything `other` holds, as if its events had been added to this store after this
  // store's own: customers new to this store follow in other's order, orders with the same id
  // are one order, carried values keep the latest (ties: the larger). So stores built from the
  // consecutive slices of a stream, merged in slice order, equal the store of the whole stream
  // (snapshots identical, bit for bit). This store's options are kept. InvalidArgument when the
  // schemas differ; OutOfRange when an order's total would pass 9.2e12 (nothing changes).
  // Since: 0.2
  Status merge(const ProfileStore& other);

 private:
  struct State;
  friend struct StoreAccess;
  std::unique_ptr<State> state_;
};

// The byte form of a store is a model file (model_file.hpp: model_to_bytes, model_from_bytes,
// save_model, load_model; kind profile_store), the same for a checkpoint and for a partial
// state sent between processes.

SEGCORE_NAMESPACE_END
