// Cancellations and returns in the CLV input: which orders are purchases, and for how much
// (the rule is in clv.hpp, clv_purchases, and docs/CLV.md). A cancelled order must not count:
// a large order cancelled minutes later would otherwise make its customer one of the most
// valuable, and a purchase occasion that never happened lengthens the customer's history.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>
#include <vector>

#include "clv/purchases.hpp"
#include "io/csv_internal.hpp"
#include "segcore/clv.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

struct Order {
  std::int64_t customer;
  std::int64_t key;   // order id, or the line's rank in value order when there are no order ids
  std::int64_t time;  // of its first line
  double total = 0;
  bool negative_line = false;  // a line with a negative amount
};

// Equal totals up to rounding in the sums of their lines.
bool same_total(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)); }

}  // namespace

StatusOr<ClvPurchases> net_purchases(const char* where, std::span<const std::int64_t> customer_id,
                                     std::span<const std::int64_t> timestamp, std::span<const double> amount,
                                     std::span<const std::int64_t> order, std::int64_t calibration_end) {
  const std::size_t n = customer_id.size();
  if (timestamp.size() != n)
    return invalid_argument(where, "customer_id has ", n, " values and timestamp ", timestamp.size(),
                            "; they must be equal");
  if (!amount.empty() && amount.size() != n)
    return invalid_argument(where, "amount has ", amount.size(), " values; ", n, " transactions (or pass none)");
  if (!order.empty() && order.size() != n)
    return invalid_argument(where, "order has ", order.size(), " values; ", n, " transactions (or pass none)");
  std::vector<std::size_t> lines;
  lines.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!io_detail::timestamp_in_range(timestamp[i]))
      return invalid_argument(where, "transaction ", i, ": timestamp ", timestamp[i],
                              " is outside the years 0000 to 9999 (epoch seconds ", io_detail::kMinTimestamp, " to ",
                              io_detail::kMaxTimestamp, ")");
    if (!amount.empty() && !std::isfinite(amount[i]))
      return invalid_argument(where, "transaction ", i, ": amount is ", amount[i], "; amounts must be finite");
    if (timestamp[i] <= calibration_end) lines.push_back(i);  // no look-ahead past the calibration end
  }
  // Lines in an order that depends on their values alone, never on their positions in the
  // input: an order's total and a customer's sums then add the same amounts in the same order
  // (the same bits) however the rows are shuffled. Lines equal in every value are
  // interchangeable. Without order ids each line is its own order, keyed by its rank here.
  auto order_of = [&](std::size_t i) { return order.empty() ? std::int64_t{0} : order[i]; };
  auto amount_of = [&](std::size_t i) { return amount.empty() ? 0.0 : amount[i]; };
  std::sort(lines.begin(), lines.end(), [&](std::size_t a, std::size_t b) {
    return std::make_tuple(customer_id[a], order_of(a), timestamp[a], amount_of(a)) <
           std::make_tuple(customer_id[b], order_of(b), timestamp[b], amount_of(b));
  });
  std::vector<Order> orders;
  for (std::size_t rank = 0; rank < lines.size(); ++rank) {
    const std::size_t i = lines[rank];
    const double a = amount_of(i);
    const std::int64_t key = order.empty() ? static_cast<std::int64_t>(rank) : order[i];
    if (orders.empty() || orders.back().customer != customer_id[i] || orders.back().key != key)
      orders.push_back({customer_id[i], key, timestamp[i]});
    orders.back().total += a;
    orders.back().negative_line |= a < 0;
  }
  // Per customer in time order; at equal times purchases before credits, so that a credit
  // issued in the same second still finds its order.
  std::sort(orders.begin(), orders.end(), [](const Order& a, const Order& b) {
    return std::make_tuple(a.customer, a.time, a.total < 0, a.key) <
           std::make_tuple(b.customer, b.time, b.total < 0, b.key);
  });
  ClvPurchases out;
  std::vector<double> left(orders.size());   // what is left of each purchase after credits
  std::vector<bool> reduced(orders.size());  // a negative line or a credit took something off
  for (std::size_t i = 0; i < orders.size();) {
    std::size_t j = i;
    while (j < orders.size() && orders[j].customer == orders[i].customer) ++j;
    for (std::size_t k = i; k < j; ++k) {
      const Order& o = orders[k];
      reduced[k] = o.negative_line;
      if (o.total >= 0) {
        left[k] = o.total;
        continue;
      }
      ++out.credits;
      left[k] = 0;
      double credit = -o.total;
      // The order this credit cancels outright: the latest earlier one with exactly its total.
      for (std::size_t m = k; m-- > i;)
        if (orders[m].total > 0 && left[m] > 0 && same_total(left[m], credit)) {
          left[m] = 0, reduced[m] = true, credit = 0;
          break;
        }
      // Otherwise a return of part of several orders: taken off the latest first.
      for (std::size_t m = k; credit > 0 && m-- > i;)
        if (left[m] > 0) {
          const double take = std::min(left[m], credit);
          left[m] -= take, credit -= take, reduced[m] = true;
        }
    }
    for (std::size_t k = i; k < j; ++k) {
      const Order& o = orders[k];
      if (o.total < 0) continue;
      if (reduced[k] && left[k] <= 1e-9 * std::max(o.total, 0.0)) {
        ++out.cancelled_orders;
        continue;
      }
      out.customer_id.push_back(o.customer);
      out.timestamp.push_back(o.time);
      out.amount.push_back(left[k]);
    }
    i = j;
  }
  return out;
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

StatusOr<ClvPurchases> clv_purchases(std::span<const std::int64_t> customer_id, std::span<const std::int64_t> timestamp,
                                     std::span<const double> amount, std::span<const std::int64_t> order,
                                     std::int64_t calibration_end) {
  return clv_detail::net_purchases("clv_purchases", customer_id, timestamp, amount, order, calibration_end);
}

SEGCORE_NAMESPACE_END
