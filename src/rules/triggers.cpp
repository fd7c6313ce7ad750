// Triggers: the outcome of each rule per customer is remembered between updates, and each
// update reports the differences. Rules are evaluated column-wise over the whole table first;
// the callback then runs on the calling thread only.
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "segcore/rules.hpp"

SEGCORE_NAMESPACE_BEGIN

struct TriggerSet::State {
  absl::flat_hash_map<std::string, std::vector<std::uint8_t>> outcome;  // customer -> per trigger
};

TriggerSet::TriggerSet() : state_(std::make_unique<State>()) {}
TriggerSet::~TriggerSet() = default;
TriggerSet::TriggerSet(TriggerSet&&) noexcept = default;
TriggerSet& TriggerSet::operator=(TriggerSet&&) noexcept = default;

std::size_t TriggerSet::customers() const { return state_ ? state_->outcome.size() : 0; }

StatusOr<TriggerSet> TriggerSet::create(std::vector<Trigger> triggers, const Schema& schema) {
  constexpr const char* where = "TriggerSet";
  if (triggers.empty()) return invalid_argument(where, "no triggers");
  absl::flat_hash_set<std::string> seen;
  TriggerSet set;
  for (Trigger& t : triggers) {
    if (t.name.empty()) return invalid_argument(where, "a trigger has an empty name");
    if (!seen.insert(t.name).second) return invalid_argument(where, "trigger '", t.name, "' is defined twice");
    auto r = Rule::compile(t.rule, schema);
    if (!r.ok()) return Status(r.status().code(), absl::StrCat("trigger '", t.name, "': ", r.status().message()));
    set.names_.push_back(std::move(t.name));
    set.rules_.push_back(*std::move(r));
  }
  return set;
}

Status TriggerSet::update(const ProfileTable& table, absl::FunctionRef<int(const TriggerEvent&)> on_event,
                          int n_threads) {
  const std::size_t m = rules_.size(), n = table.size();
  if (m == 0) return absl::FailedPreconditionError("TriggerSet::update: the set has no triggers");
  TableView view = TableView::of(table);
  std::vector<std::vector<std::uint8_t>> now(m, std::vector<std::uint8_t>(n));
  for (std::size_t k = 0; k < m; ++k) SEGCORE_RETURN_IF_ERROR(rules_[k].evaluate(view, now[k], n_threads));
  std::uint64_t delivered = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::uint8_t>& was =
        state_->outcome.try_emplace(table.customer_id[i], m, std::uint8_t{0}).first->second;
    for (std::size_t k = 0; k < m; ++k) {
      if (now[k][i] == was[k]) continue;
      TriggerEvent e{table.customer_id[i], k, now[k][i] != 0};
      if (on_event(e) != 0)
        return absl::CancelledError(
            absl::StrCat("TriggerSet::update: the callback asked to stop after ", delivered, " events"));
      was[k] = now[k][i];  // only a delivered change is remembered
      ++delivered;
    }
  }
  return absl::OkStatus();
}

Status TriggerSet::erase(absl::string_view customer) {
  if (!state_ || state_->outcome.erase(customer) == 0)
    return absl::NotFoundError(absl::StrCat("TriggerSet::erase: customer '", customer, "' was not seen"));
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
