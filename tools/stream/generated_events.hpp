// Generated purchase events for the producer, the benchmarks and the tests: event i of a seed
// is a function of (seed, i) alone, so a test can rebuild any event without keeping the stream.
#pragma once

#include <cstdint>
#include <string>

namespace segcore_stream {

struct GeneratedEvent {
  std::string event_id;     // "e<seed>-<i>"
  std::string customer_id;  // "c<k>", k < customers
  std::string order_id;     // "o<seed>-<i>": one order per event
  std::int64_t timestamp;   // Unix seconds: 2026-01-01 plus i / events_per_second
  std::int64_t amount_cents;
};

GeneratedEvent generated_event(std::uint64_t seed, std::uint64_t index, std::uint64_t customers,
                               std::uint64_t events_per_second = 100);

// The event as one JSON object: {"event_id": ..., "customer_id": ..., "order_id": ...,
// "timestamp": "2026-01-01T00:00:05Z", "amount": 12.34}.
std::string event_json(const GeneratedEvent& e);

}  // namespace segcore_stream
