// Parsing a message's payload into an event: a flat JSON object, or a CSV line under a header.
// Fields: customer_id (text or number), timestamp (epoch seconds, or ISO 8601 text), amount,
// order_id, event_id, type, category; other fields are ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace stream_detail {

struct ParsedEvent {
  std::string customer, order, event_id;
  std::optional<std::string> type, category;
  std::int64_t timestamp = 0;
  double amount = 0;
};

// InvalidArgument naming the field and what is wrong.
Status parse_json_event(absl::string_view payload, ParsedEvent& out);

// The columns of a CSV header that hold the event's fields (-1: absent).
struct CsvColumns {
  int customer = -1, timestamp = -1, amount = -1, order = -1, event_id = -1, type = -1, category = -1;
  std::size_t count = 0;
};
StatusOr<CsvColumns> parse_csv_header(absl::string_view header);
Status parse_csv_event(absl::string_view line, const CsvColumns& columns, ParsedEvent& out);

}  // namespace stream_detail
SEGCORE_NAMESPACE_END
