// clv_purchases with the caller's name in its error messages (summarize_transactions, ...).
#pragma once

#include <cstdint>
#include <span>

#include "segcore/clv.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

StatusOr<ClvPurchases> net_purchases(const char* where, std::span<const std::int64_t> customer_id,
                                     std::span<const std::int64_t> timestamp, std::span<const double> amount,
                                     std::span<const std::int64_t> order, std::int64_t calibration_end);

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
