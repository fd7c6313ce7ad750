// The stream loop of a real-time segmentation service: messages from an EventSource (stdin,
// Redis Streams, Kafka, ...) are parsed into events and applied to a profile store, event
// triggers and segment trackers; each segment move goes to a MoveSink with a deterministic id;
// the state is checkpointed every N events or T seconds, and input is acknowledged only after the
// checkpoint that covers it. A restarted consumer loads its checkpoint and skips redelivered
// messages at or before the saved position. Use: docs/guides/real-time.md, "The service".
//
// Threads: a consumer with a checkpoint path owns one writer thread, started by create() and
// joined by the destructor (no global pool). A periodic save stops the loop only while the
// state is encoded into memory; the writer seals that image and writes, fsyncs and renames it
// into place while the loop goes on, and the loop acknowledges the covered input once the
// writer reports the file in place. Every other call runs on the caller's thread; a consumer
// is used from one thread at a time, as before.
// Since: 0.2, every declaration in this header.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/event_triggers.hpp"
#include "segcore/rules.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// One message of a source: its id there (a Redis stream id "1700000000000-0", a line number,
// a Kafka offset) and its payload (one JSON object, or one CSV line).
struct StreamMessage {
  std::string id;       // the message's id in its source
  std::string payload;  // one JSON object or one CSV line
};

// Where events come from. A source delivers messages in id order (ids compare with compare()),
// redelivers those not acknowledged after a restart, and forgets those acknowledged.
class EventSource {
 public:
  virtual ~EventSource() = default;
  // Up to max messages into out (cleared first), waiting at most timeout for the first one. An
  // empty batch with OK: nothing arrived in time. OutOfRange: the source has ended (stdin's end).
  virtual Status read(std::size_t max, std::chrono::milliseconds timeout, std::vector<StreamMessage>& out) = 0;
  // The messages of these ids are covered by a saved checkpoint: the source may forget them.
  virtual Status ack(std::span<const std::string> ids) = 0;
  // <0, 0, >0 as id a is before, equal to or after b. Default: compare_source_ids.
  virtual int compare(absl::string_view a, absl::string_view b) const;
};

// Ids of the form "<n>" or "<n>-<m>" (decimal, as line numbers and Redis stream ids) compare as
// numbers, (n, m) in order; other ids compare as bytes.
int compare_source_ids(absl::string_view a, absl::string_view b);

// A segment move as published: who moved from where to where, by which trigger (an event
// trigger's name, or "rules" / "lifecycle" for the segment sets), caused by which message.
// move_id is a hash of source_id, customer, trigger and to: a move published again after a
// restart has the same id, so a consumer can drop the repeat.
struct MoveRecord {
  std::string move_id;              // see move_id()
  std::string customer;             // the customer's id
  std::optional<std::string> from;  // none for a customer seen for the first time
  std::string to;                   // the segment entered
  std::string trigger;              // the trigger's name, or the segment set's label
  std::string event_id;             // the causing event's event_id field ("" when it had none)
  std::string source_id;            // the causing message's id
  std::int64_t timestamp = 0;       // the causing event's time
};

// The deterministic id of a move (16 hex digits of FNV-1a 64 over the four fields).
std::string move_id(absl::string_view source_id, absl::string_view customer, absl::string_view trigger,
                    absl::string_view to);

// Where moves go.
class MoveSink {
 public:
  virtual ~MoveSink() = default;
  // Publishes moves in order (may buffer until flush).
  virtual Status publish(std::span<const MoveRecord> moves) = 0;
  // A message that could not be applied, with the reason.
  virtual Status dead_letter(const StreamMessage& message, absl::string_view reason) = 0;
  // Makes everything published so far durable; called before each checkpoint is saved and after
  // each batch that published anything.
  virtual Status flush() = 0;
};

// The payload formats of messages.
enum class PayloadFormat { json, csv };

// Counters of a consumer (read at any time from the consumer's thread).
struct StreamCounters {
  std::uint64_t messages = 0;                             // messages read
  std::uint64_t events = 0;                               // events applied (since the stream began, across restarts)
  std::uint64_t skipped = 0;                              // redelivered messages at or before the restored position
  std::uint64_t moves = 0;                                // moves published by this process
  std::uint64_t malformed = 0;                            // messages dead-lettered by this process
  std::uint64_t checkpoints = 0;                          // checkpoints saved by this process
  std::chrono::steady_clock::duration saving{};           // time the loop stopped for them (taking snapshots)
  std::chrono::steady_clock::time_point started;          // when the consumer was made
  std::chrono::steady_clock::time_point last_checkpoint;  // of the last checkpoint (or started)
  // Time the writer thread spent encoding, sealing, writing and syncing them (beside the loop).
  std::chrono::steady_clock::duration writing{};
};

// What a consumer reads, tracks and saves, and how often.
struct StreamOptions {
  PayloadFormat format = PayloadFormat::json;  // of every payload
  std::string csv_header;                      // the CSV header line (format csv)
  std::string checkpoint_path;                 // empty: no checkpoints (nothing survives a restart)
  std::uint64_t checkpoint_every = 100000;     // events between checkpoints (0: no count trigger)
  // Seconds from the end of one checkpoint to the next (0: no time trigger). After a save that
  // took longer than a quarter of this (snapshot to file in place), the wait is four times that
  // save instead, so saving a large state takes at most a fifth of the time
  // (docs/guides/real-time.md, "Checkpoints"). At most one save is in flight: a save due while
  // the writer still writes the last starts with the first batch after that one is in place.
  double checkpoint_seconds = 1.0;
  std::uint64_t segment_every = 10000;  // events between segment-tracker updates (at least 1)
  std::size_t batch = 4096;             // messages per read
  std::chrono::milliseconds poll{200};  // longest wait of one read
  std::string triggers_text;            // event triggers (docs/RULES.md); empty: none
  std::string rules_text;               // a segment set tracked as "rules"; empty: none
  bool lifecycle = true;                // track the built-in lifecycle set as "lifecycle"
  // Called by run() with the counters every metrics_seconds (0: never).
  std::function<void(const StreamCounters&)> metrics;
  double metrics_seconds = 0;  // see metrics
};

// The consumer: owns the state; run() drives a source into a sink.
class StreamConsumer {
 public:
  // A consumer with options' triggers and sets; when options.checkpoint_path names a file, the
  // state and position are restored from it (FailedPrecondition when it was made with other
  // triggers or segment sets).
  static StatusOr<StreamConsumer> create(StreamOptions options);
  // Frees the consumer (without a checkpoint: call run() or checkpoint() first). A save in
  // flight is completed first (its input stays unacknowledged: redelivered and skipped).
  ~StreamConsumer();
  // Moves the consumer; the moved-from one may only be destroyed or assigned.
  StreamConsumer(StreamConsumer&&) noexcept;
  // Moves another consumer into this one.
  StreamConsumer& operator=(StreamConsumer&&) noexcept;

  // Reads, applies and publishes until the source ends or stop is set, then waits for the save
  // in flight and checkpoints; a failing source, sink or checkpoint (a failed write of the
  // writer thread included) stops it with that error (the state stays consistent with the
  // last checkpoint saved).
  Status run(EventSource& source, MoveSink& sink, const std::atomic<bool>& stop);
  // Takes the result of a save the writer has finished (acknowledging what it covers, or
  // returning its error), applies one batch of messages, then starts a save when one is due
  // and none is in flight (encoded here, written by the writer thread; apply returns without
  // waiting), else flushes the sink when the batch published anything (so moves leave a batch
  // after their event, not a checkpoint).
  Status apply(std::span<const StreamMessage> batch, EventSource& source, MoveSink& sink);
  // Waits for the save in flight, then publishes and flushes the moves so far, saves a
  // checkpoint (when options name a path), waits until it is in place and acknowledges the
  // messages it covers.
  Status checkpoint(EventSource& source, MoveSink& sink);

  // The counters so far.
  const StreamCounters& counters() const;
  // The id of the last message applied ("" before any).
  const std::string& position() const;
  // The profile store (for tests and reports).
  const ProfileStore& store() const;

 private:
  struct State;
  explicit StreamConsumer(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

// A source reading lines of a file descriptor (stdin: 0), numbered from first_line (empty lines
// are skipped but numbered). ack() does nothing: the producer re-sends from the checkpoint's
// position on a restart, telling the new source the first line's number.
std::unique_ptr<EventSource> make_line_source(int fd, std::uint64_t first_line);

// A sink writing one JSON object per line to fd (stdout: 1): moves as
// {"move_id":..,"customer":..,"from":..,"to":..,"trigger":..,"event_id":..,"source_id":..,"timestamp":..}
// and dead letters as {"dead_letter":"the payload as text","reason":..,"source_id":..}.
std::unique_ptr<MoveSink> make_json_lines_sink(int fd);

SEGCORE_NAMESPACE_END
