// Redis Streams with a consumer group, as segcore's stream service reads its events and
// publishes its moves: XGROUP CREATE, XREADGROUP (this consumer's pending entries first, then
// new ones), XACK, XADD (one or pipelined), over a RedisConnection that survives a restarting
// server. No exception escapes; every reply's shape is checked (redis_reply.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis_connection.hpp"
#include "redis_reply.hpp"

namespace segcore_stream {

// Where a new group starts reading: entries added after its creation, or the whole stream.
enum class GroupStart { kNewEntries, kBeginning };

// A bound on an output stream. max_len 0: none. Otherwise, with refuse_when_full false the
// stream is trimmed to about max_len entries (XADD MAXLEN ~: Redis drops the oldest, as a
// retention policy); with refuse_when_full true an add that would pass max_len writes nothing
// and fails with kResourceExhausted (the length is read before the batch: a concurrent producer
// may pass the bound by its own batch).
struct StreamCap {
  std::size_t max_len = 0;
  bool refuse_when_full = false;
};

class RedisStreams {
 public:
  static absl::StatusOr<RedisStreams> connect(std::string host, int port, std::chrono::milliseconds timeout,
                                              RetryPolicy retry = {});

  // Creates the group (and the stream if missing); a group that exists already is success.
  absl::Status ensure_group(absl::string_view stream, absl::string_view group,
                            GroupStart start = GroupStart::kNewEntries);

  // Up to `count` entries for `consumer`. A consumer first gets the entries delivered to it
  // earlier and never acked (after a restart of the caller or a lost reply), then new ones,
  // waiting up to block_ms (0: no wait) for them; none within the wait is an empty batch.
  absl::StatusOr<std::vector<StreamEntry>> read_group(absl::string_view stream, absl::string_view group,
                                                      absl::string_view consumer, std::size_t count, int block_ms);

  // Acknowledges the ids in one XACK; returns how many were pending (ids acked before count 0).
  absl::StatusOr<std::size_t> ack(absl::string_view stream, absl::string_view group,
                                  const std::vector<std::string>& ids);

  // Appends one entry (XADD *); returns its id.
  absl::StatusOr<std::string> add(absl::string_view stream, const Fields& fields, StreamCap cap = {});
  // Appends the entries pipelined, in order; returns their ids. On an error reply the status
  // says how many entries were written before it (those stay written).
  absl::StatusOr<std::vector<std::string>> add_batch(absl::string_view stream, const std::vector<Fields>& entries,
                                                     StreamCap cap = {});

  // Stream length (XLEN).
  absl::StatusOr<std::size_t> length(absl::string_view stream);

  const std::string& where() const { return connection_.where(); }
  int reconnects() const { return connection_.reconnects(); }

 private:
  explicit RedisStreams(RedisConnection c) : connection_(std::move(c)) {}

  // Per (stream, group, consumer): whether its pending entries are still being drained, and the
  // last id handed to the caller. After a reconnect the pending list is read again from that id:
  // entries the server delivered in a lost reply are found there, none is handed out twice.
  struct Cursor {
    bool draining = true;
    std::string after = "0";
    int generation = 0;
  };
  absl::Status check_room(absl::string_view what, absl::string_view stream, std::size_t adding, StreamCap cap);

  RedisConnection connection_;
  std::map<std::string, Cursor> cursors_;
};

}  // namespace segcore_stream
