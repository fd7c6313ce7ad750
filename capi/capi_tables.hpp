// Reading a caller's segcore_rule_data (a profile table or caller columns) as a TableView,
// shared by the wrappers of rules, segment sets and scores. Internal to the library.
#pragma once

#include <cstddef>

#include "segcore/rules.hpp"
#include "segcore_rules.h"

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

// A schema needs names and types only; data is read (and checked) when need_data.
absl::StatusOr<TableView> table_of(const segcore_rule_data* user, const char* fn, const char* what,
                                   bool need_data = true);

Schema schema_of(const TableView& v);

}  // namespace capi_detail
SEGCORE_NAMESPACE_END
