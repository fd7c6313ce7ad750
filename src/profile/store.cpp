// The streaming profile store: the batch path's accumulation applied one event at a time.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "features.hpp"
#include "io/csv_internal.hpp"
#include "store_state.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

using namespace profile_detail;

ProfileStore::ProfileStore(ProfileOptions options, StoreSchema schema) : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->schema = std::move(schema);
  state_->category_values.resize(state_->schema.categories.size());
  state_->attribute_values.resize(state_->schema.attributes.size());
}
ProfileStore::~ProfileStore() = default;
ProfileStore::ProfileStore(ProfileStore&&) noexcept = default;
ProfileStore& ProfileStore::operator=(ProfileStore&&) noexcept = default;

std::size_t ProfileStore::customers() const { return state_->ids.size(); }
std::uint64_t ProfileStore::events() const { return state_->events; }
const StoreSchema& ProfileStore::schema() const { return state_->schema; }
std::optional<std::int64_t> ProfileStore::latest_event() const {
  if (state_->events == 0) return std::nullopt;
  return state_->max_time;
}

Status ProfileStore::add(const EventTable& ev) {
  constexpr const char* where = "ProfileStore::add(events)";
  const StoreSchema& schema = state_->schema;
  auto names_match = [](const auto& columns, const std::vector<std::string>& names) {
    if (columns.size() != names.size()) return false;
    for (std::size_t k = 0; k < names.size(); ++k)
      if (columns[k].name != names[k]) return false;
    return true;
  };
  if (!names_match(ev.categories, schema.categories) || !names_match(ev.attributes, schema.attributes) ||
      !names_match(ev.numerics, schema.numerics))
    return invalid_argument(where, "the events' category, attribute and numeric columns are not the store's schema (",
                            schema.categories.size(), ", ", schema.attributes.size(), " and ", schema.numerics.size(),
                            " named columns, in order)");
  // Applied to a fresh store first and merged: a refused row leaves this store unchanged.
  ProfileStore batch(state_->options, schema);
  std::vector<absl::string_view> cats(ev.categories.size()), atts(ev.attributes.size());
  std::vector<double> nums(ev.numerics.size());
  for (std::size_t i = 0; i < ev.rows(); ++i) {
    for (std::size_t k = 0; k < cats.size(); ++k) cats[k] = ev.categories[k].values[ev.categories[k].codes[i]];
    for (std::size_t k = 0; k < atts.size(); ++k) atts[k] = ev.attributes[k].values[ev.attributes[k].codes[i]];
    for (std::size_t k = 0; k < nums.size(); ++k) nums[k] = ev.numerics[k].values[i];
    Event e{ev.customer.values[ev.customer.codes[i]],
            ev.timestamp[i],
            ev.amount[i],
            ev.has_order ? absl::string_view(ev.order.values[ev.order.codes[i]]) : absl::string_view(),
            cats,
            atts,
            nums};
    if (Status st = batch.add(e); !st.ok())
      return Status(st.code(), absl::StrCat(where, ": row ", i, ": ", st.message()));
  }
  return merge(batch);
}

Status ProfileStore::add(absl::string_view customer, std::int64_t timestamp, double amount, absl::string_view order) {
  Event e;
  e.customer = customer;
  e.timestamp = timestamp;
  e.amount = amount;
  e.order = order;
  return add(e);
}

Status check_event_values(const Event& e, absl::string_view where) {
  auto texts = [&](std::span<const absl::string_view> values, const char* what) -> Status {
    for (std::size_t i = 0; i < values.size(); ++i)
      if (!io_detail::valid_utf8(values[i])) return invalid_argument(where, what, "[", i, "] is not valid UTF-8");
    return absl::OkStatus();
  };
  SEGCORE_RETURN_IF_ERROR(texts(e.categories, "categories"));
  SEGCORE_RETURN_IF_ERROR(texts(e.attributes, "attributes"));
  for (std::size_t i = 0; i < e.numerics.size(); ++i)
    if (std::isinf(e.numerics[i])) return invalid_argument(where, "numerics[", i, "] is infinite");
  return absl::OkStatus();
}

Status ProfileStore::add(const Event& e) {
  constexpr const char* where = "ProfileStore::add";
  State& s = *state_;
  if (e.customer.empty()) return invalid_argument(where, "the customer id is empty");
  // Ids must be UTF-8 as in CSV input; the message gives the byte, not the text.
  if (const std::size_t at = io_detail::invalid_utf8_at(e.customer); at != absl::string_view::npos)
    return invalid_argument(where, "the customer id is not valid UTF-8 (byte ", at, ")");
  if (const std::size_t at = io_detail::invalid_utf8_at(e.order); at != absl::string_view::npos)
    return invalid_argument(where, "customer '", e.customer, "': the order id is not valid UTF-8 (byte ", at, ")");
  if (!io_detail::timestamp_in_range(e.timestamp))
    return invalid_argument(where, "customer '", e.customer, "': timestamp ", e.timestamp,
                            " is outside the years 0000 to 9999 (epoch seconds ", io_detail::kMinTimestamp, " to ",
                            io_detail::kMaxTimestamp, ")");
  if (!(std::fabs(e.amount) <= 1e12))
    return invalid_argument(where, "customer '", e.customer, "': amount ", e.amount,
                            " is not a finite number within +-1e12");
  if (e.categories.size() != s.schema.categories.size() || e.attributes.size() != s.schema.attributes.size() ||
      e.numerics.size() != s.schema.numerics.size())
    return invalid_argument(where, "the event has ", e.categories.size(), " categories, ", e.attributes.size(),
                            " attributes and ", e.numerics.size(), " numerics; the store's schema has ",
                            s.schema.categories.size(), ", ", s.schema.attributes.size(), " and ",
                            s.schema.numerics.size());
  SEGCORE_RETURN_IF_ERROR(check_event_values(e, where));
  const std::int64_t micro = to_micro(e.amount);
  const bool needs_cold =
      !e.order.empty() || !s.schema.categories.empty() || !s.schema.attributes.empty() || !s.schema.numerics.empty();
  // Check the order total before changing anything, so a failed add leaves no trace.
  auto it = s.index.find(e.customer);
  if (it != s.index.end() && !e.order.empty() && it->second.cold != UINT32_MAX) {
    const Cold& c = s.cold[it->second.cold];
    if (auto o = c.order_index.find(e.order); o != c.order_index.end()) {
      std::int64_t sum;
      if (__builtin_add_overflow(it->second.orders[o->second].total, micro, &sum))
        return absl::OutOfRangeError(
            absl::StrCat(where, ": order '", e.order, "' of customer '", e.customer, "' totals beyond 9.2e12"));
    }
  }
  if (it == s.index.end()) {
    it = s.index.try_emplace(std::string(e.customer)).first;
    it->second.id = static_cast<std::uint32_t>(s.ids.size());
    s.ids.emplace_back(e.customer);
  }
  Hot& h = it->second;
  if (needs_cold && h.cold == UINT32_MAX) {
    h.cold = static_cast<std::uint32_t>(s.cold.size());
    Cold& c = s.cold.emplace_back();
    c.category_counts.resize(s.schema.categories.size());
    c.attributes.resize(s.schema.attributes.size());
    c.numerics.resize(s.schema.numerics.size());
  }
  if (e.order.empty()) {
    add_to_order(h.orders.emplace_back(), e.timestamp, micro);
  } else {
    Cold& c = s.cold[h.cold];
    auto [o, inserted] = c.order_index.try_emplace(std::string(e.order), static_cast<std::uint32_t>(h.orders.size()));
    if (inserted) h.orders.emplace_back();
    add_to_order(h.orders[o->second], e.timestamp, micro);
  }
  ++h.events;
  h.latest = std::max(h.latest, e.timestamp);
  if (needs_cold) {
    Cold& c = s.cold[h.cold];
    for (std::size_t k = 0; k < e.categories.size(); ++k)
      ++c.category_counts[k][s.category_values[k].code(e.categories[k])];
    for (std::size_t k = 0; k < e.attributes.size(); ++k) {
      const Dict& d = s.attribute_values[k];
      const std::uint32_t code = s.attribute_values[k].code(e.attributes[k]);
      update_latest(c.attributes[k], e.timestamp, code,
                    [&](std::uint32_t a, std::uint32_t b) { return d.values[a] < d.values[b]; });
    }
    for (std::size_t k = 0; k < e.numerics.size(); ++k)
      if (!std::isnan(e.numerics[k]))
        update_latest(c.numerics[k], e.timestamp, e.numerics[k], [](double a, double b) { return a < b; });
  }
  s.max_time = std::max(s.max_time, e.timestamp);
  ++s.events;
  return absl::OkStatus();
}

StatusOr<ProfileTable> ProfileStore::snapshot(std::optional<std::int64_t> as_of) const {
  constexpr const char* where = "ProfileStore::snapshot";
  const State& s = *state_;
  SEGCORE_RETURN_IF_ERROR(validate(s.options));
  if (s.events == 0) return absl::FailedPreconditionError(absl::StrCat(where, ": no events yet"));
  ProfileTable t;
  if (as_of && !io_detail::timestamp_in_range(*as_of))
    return invalid_argument(where, "as_of ", *as_of, " is outside the years 0000 to 9999 (epoch seconds ",
                            io_detail::kMinTimestamp, " to ", io_detail::kMaxTimestamp, ")");
  t.as_of = as_of.value_or(s.max_time + kDay);
  if (t.as_of < s.max_time)
    return absl::FailedPreconditionError(absl::StrCat(where, ": as_of ", t.as_of, " precedes an event at ", s.max_time,
                                                      " already applied; the store cannot exclude it"));
  const std::size_t n = s.ids.size();
  t.customer_id = s.ids;
  std::vector<const Hot*> hot(n);
  for (const auto& [id, h] : s.index) hot[h.id] = &h;
  auto cold = [&](std::size_t i) -> const Cold* {
    return hot[i]->cold == UINT32_MAX ? nullptr : &s.cold[hot[i]->cold];
  };
  t.columns = core_columns(s.options, n);
  const Blocks blocks(n, 4096);
  parallel_for(resolve_threads(s.options.n_threads), blocks.count(), [&](std::size_t b) {
    for (std::size_t i = blocks[b].begin; i < blocks[b].end; ++i)
      finalize_core(
          t.columns, i, hot[i]->events,
          [&](auto&& visit) {
            for (const OrderAcc& o : hot[i]->orders) visit(o);
          },
          t.as_of, s.options);
  });
  for (std::size_t k = 0; k < s.schema.categories.size(); ++k) {
    const auto& values = s.category_values[k].values;
    if (values.size() > 256)
      return invalid_argument(where, "category column '", s.schema.categories[k], "' has ", values.size(),
                              " values; at most 256 are counted (use it as an attribute instead)");
    const std::size_t first = t.columns.size();
    for (const std::string& v : values) {
      ProfileColumn c;
      c.name = absl::StrCat(s.schema.categories[k], "=", v);
      c.type = ColumnType::i64;
      c.i64.assign(n, 0);
      c.valid.assign(n, 1);
      t.columns.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < n; ++i)
      if (const Cold* c = cold(i))
        for (const auto& [code, count] : c->category_counts[k])
          t.columns[first + code].i64[i] = static_cast<std::int64_t>(count);
  }
  for (std::size_t k = 0; k < s.schema.attributes.size(); ++k) {
    ProfileColumn c;
    c.name = s.schema.attributes[k];
    c.type = ColumnType::text;
    c.text.resize(n);
    c.valid.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i)
      if (const Cold* cc = cold(i); cc != nullptr && cc->attributes[k].set)
        c.text[i] = s.attribute_values[k].values[cc->attributes[k].value], c.valid[i] = 1;
    t.columns.push_back(std::move(c));
  }
  for (std::size_t k = 0; k < s.schema.numerics.size(); ++k) {
    ProfileColumn c;
    c.name = s.schema.numerics[k];
    c.type = ColumnType::f64;
    c.f64.assign(n, std::nan(""));
    c.valid.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i)
      if (const Cold* cc = cold(i); cc != nullptr && cc->numerics[k].set)
        c.f64[i] = cc->numerics[k].value, c.valid[i] = 1;
    t.columns.push_back(std::move(c));
  }
  SEGCORE_RETURN_IF_ERROR(check_unique_names(t.columns, where));
  return t;
}

SEGCORE_NAMESPACE_END
