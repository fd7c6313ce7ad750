// Per-customer listening counts: mentions and mentioning texts per set, overall and within
// windows ending at as_of (as_of - w days < time <= as_of, as the profiles' order windows).
#include "segcore/listening.hpp"

SEGCORE_NAMESPACE_BEGIN

StatusOr<ListeningAggregate> aggregate_listening(std::span<const std::uint32_t> counts, std::size_t n_sets,
                                                 std::span<const std::uint32_t> customer,
                                                 std::span<const std::int64_t> time, std::size_t n_customers,
                                                 std::int64_t as_of, std::span<const int> window_days) {
  constexpr const char* where = "aggregate_listening";
  const std::size_t n = customer.size();
  if (n_sets == 0) return invalid_argument(where, "n_sets is 0; give the number of sets the counts hold");
  if (time.size() != n || counts.size() / n_sets != n || counts.size() % n_sets != 0)
    return invalid_argument(where, "counts (", counts.size(), " values, ", n_sets, " sets per text), customer (", n,
                            ") and time (", time.size(), ") must describe the same texts");
  if (window_days.size() > 16) return invalid_argument(where, window_days.size(), " windows; at most 16");
  for (std::size_t w = 0; w < window_days.size(); ++w)
    if (window_days[w] < 1 || window_days[w] > 36500)
      return invalid_argument(where, "window_days[", w, "] is ", window_days[w], "; use 1 to 36500 days");
  for (std::size_t i = 0; i < n; ++i)
    if (customer[i] >= n_customers)
      return invalid_argument(where, "customer[", i, "] is ", customer[i], "; use 0 to n_customers - 1 (", n_customers,
                              " customers)");
  constexpr std::uint64_t kDay = 86400;
  const std::size_t n_windows = window_days.size();
  ListeningAggregate out;
  out.n_customers = n_customers;
  out.n_sets = n_sets;
  out.window_days.assign(window_days.begin(), window_days.end());
  out.mentions.assign(n_customers * n_sets, 0);
  out.texts.assign(n_customers * n_sets, 0);
  out.window_texts.assign(n_customers * n_windows * n_sets, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (time[i] > as_of) {
      ++out.texts_after_as_of;
      continue;
    }
    // time <= as_of, so the difference fits in 64 unsigned bits whatever the two values.
    const std::uint64_t age = static_cast<std::uint64_t>(as_of) - static_cast<std::uint64_t>(time[i]);
    const std::size_t c = customer[i];
    for (std::size_t s = 0; s < n_sets; ++s) {
      const std::uint32_t m = counts[i * n_sets + s];
      if (m == 0) continue;
      out.mentions[c * n_sets + s] += m;
      ++out.texts[c * n_sets + s];
      for (std::size_t w = 0; w < n_windows; ++w)
        if (age < static_cast<std::uint64_t>(window_days[w]) * kDay)
          ++out.window_texts[(c * n_windows + w) * n_sets + s];
    }
  }
  return out;
}

SEGCORE_NAMESPACE_END
