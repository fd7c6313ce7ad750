// The stream loop over Redis Streams: an EventSource reading a consumer group (XREADGROUP, XACK)
// and a MoveSink publishing moves and dead letters to output streams (pipelined XADD on flush).
// Entries carry the event as the field `event` (as tools/stream/produce writes it); ids are the
// Redis stream ids, which compare_source_ids orders.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "redis_streams.hpp"
#include "segcore/stream.hpp"

namespace segcore_stream {

// Reads `stream` as `consumer` of `group` (the group is made when missing, from the stream's
// beginning): first the entries delivered to this consumer earlier and never acked (after a
// restart), then new ones. An entry without the field `event` (or one the server no longer holds)
// has an empty payload, which the consumer dead-letters as malformed. ack() is XACK.
absl::StatusOr<std::unique_ptr<segcore::EventSource>> make_redis_source(RedisStreams& redis, std::string stream,
                                                                        std::string group, std::string consumer);

// Publishes each move as an entry of `moves_stream` with the field `move` (the JSON object the
// JSON-lines sink prints), and each dead letter as an entry of `dead_letter_stream` (empty: to
// `moves_stream`) with the fields `dead_letter` (the payload), `reason` and `source_id`. Entries
// are buffered and written, pipelined and in order, by flush().
std::unique_ptr<segcore::MoveSink> make_redis_sink(RedisStreams& redis, std::string moves_stream,
                                                   std::string dead_letter_stream);

}  // namespace segcore_stream
