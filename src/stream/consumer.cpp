// The stream consumer: messages -> events -> store, triggers and trackers -> moves, with
// checkpoints that cover what was applied and acknowledgements only after them. Tracker updates
// happen at fixed event counts (never at batch or time boundaries), so the moves depend only on
// the events, not on how a run was cut by restarts. A periodic save stops the loop only to copy
// the state into a snapshot (flat vectors, no sorting or encoding); the writer thread encodes,
// seals and writes it, and the input it covers is acknowledged when the writer reports the
// file in place.
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "model/checkpoint_image.hpp"
#include "segcore/checkpoint.hpp"
#include "segcore/stream.hpp"
#include "stream/checkpoint_writer.hpp"
#include "stream/payload.hpp"

SEGCORE_NAMESPACE_BEGIN

using Clock = std::chrono::steady_clock;

// See StreamOptions::checkpoint_seconds.
constexpr double kSaveSpacing = 4;

namespace {

// The columns of the store's profiles (what rules may read).
Schema profile_schema() {
  ProfileStore probe({}, StoreSchema{{"type", "category"}, {}, {}});
  const absl::string_view cats[2] = {"view", "shoes"};
  Event e;
  e.customer = "probe";
  e.categories = cats;
  if (!probe.add(e).ok()) return {};
  auto t = probe.snapshot();
  return t.ok() ? schema_of(*t) : Schema{};
}

bool same_triggers(const EventTriggers& a, const EventTriggers& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const EventTriggerDef &x = a.trigger(k), &y = b.trigger(k);
    if (x.name != y.name || x.segment != y.segment || x.filter != y.filter || x.op != y.op ||
        x.threshold != y.threshold || x.window_seconds != y.window_seconds || x.without != y.without)
      return false;
  }
  return true;
}

bool same_set(const SegmentSet& a, const SegmentSet& b) {
  if (a.size() != b.size() || a.fallback() != b.fallback() || a.mode() != b.mode()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a.name(k) != b.name(k) || a.rule(k).text() != b.rule(k).text()) return false;
  return true;
}

}  // namespace

struct StreamConsumer::State {
  StreamOptions options;
  ProfileStore store{{}, StoreSchema{{"type", "category"}, {}, {}}};
  std::optional<EventTriggers> triggers;
  std::vector<std::pair<std::string, SegmentTracker>> trackers;  // label, tracker
  stream_detail::CsvColumns csv;
  std::string position;                // the id of the last message applied (or dead-lettered)
  std::uint64_t since_checkpoint = 0;  // messages since the last checkpoint
  std::vector<std::string> unacked;
  std::vector<MoveRecord> moves;
  bool unflushed = false;  // moves or dead letters published since the sink's last flush
  StreamCounters counters;
  // The one snapshot and the checkpoint's bytes, their memory kept between saves (with the
  // writer while a save is in flight).
  std::unique_ptr<model_detail::CheckpointSnapshot> snapshot = std::make_unique<model_detail::CheckpointSnapshot>();
  std::vector<std::uint8_t> image;
  double last_save_seconds = 0;  // how long the last save took, snapshot to file in place
  // The writer (when options name a checkpoint path), the ids its save in flight covers, and
  // when that save began.
  std::unique_ptr<stream_detail::CheckpointWriter> writer;
  std::vector<std::string> in_flight;
  Clock::time_point save_began;

  // The source id, event id and time of the event being applied (the cause of its moves).
  std::string cause_source, cause_event;
  std::int64_t cause_time = 0;

  void move(absl::string_view customer, std::optional<std::string> from, std::string to, std::string trigger) {
    MoveRecord m;
    m.move_id = move_id(cause_source, customer, trigger, to);
    m.customer.assign(customer.data(), customer.size());
    m.from = std::move(from);
    m.to = std::move(to);
    m.trigger = std::move(trigger);
    m.event_id = cause_event;
    m.source_id = cause_source;
    m.timestamp = cause_time;
    moves.push_back(std::move(m));
  }

  Status publish(MoveSink& sink) {
    if (moves.empty()) return absl::OkStatus();
    counters.moves += moves.size();
    unflushed = true;
    Status st = sink.publish(moves);
    moves.clear();
    return st;
  }

  // Applies one parsed event of message m; an event the store or the triggers refuse changes
  // nothing and is returned as the error.
  Status apply_event(const stream_detail::ParsedEvent& p, const StreamMessage& m) {
    const absl::string_view cats[2] = {p.type ? absl::string_view(*p.type) : absl::string_view(),
                                       p.category ? absl::string_view(*p.category) : absl::string_view()};
    Event e;
    e.customer = p.customer;
    e.timestamp = p.timestamp;
    e.amount = p.amount;
    e.order = p.order;
    e.categories = cats;
    cause_source = m.id;
    cause_event = p.event_id;
    cause_time = p.timestamp;
    if (triggers) {
      const EventTriggers& t = *triggers;
      auto name = [&](std::int32_t k) {
        return k < 0 ? std::nullopt : std::optional<std::string>(t.segment_name(static_cast<std::size_t>(k)));
      };
      SEGCORE_RETURN_IF_ERROR(triggers->add(
          e,
          [&](const SegmentMove& mv) {
            move(mv.customer, name(mv.from), name(mv.to).value_or(""), t.trigger(mv.trigger).name);
            return 0;
          },
          &store));
    } else {
      SEGCORE_RETURN_IF_ERROR(store.add(e));
    }
    ++counters.events;
    if (!trackers.empty() && counters.events % options.segment_every == 0) return update_trackers();
    return absl::OkStatus();
  }

  // Takes the state of the checkpoint at path, which must hold the configured triggers and sets.
  Status restore(const std::string& path) {
    SEGCORE_ASSIGN_OR_RETURN(StreamCheckpoint c, load_checkpoint(path));
    auto refuse = [&](absl::string_view what) {
      return absl::FailedPreconditionError(absl::StrCat("checkpoint '", path, "' ", what));
    };
    if (!c.store) return refuse("holds no profile store");
    if (c.triggers.has_value() != triggers.has_value() || (triggers && !same_triggers(*triggers, *c.triggers)))
      return refuse("was made with other event triggers");
    if (c.trackers.size() != trackers.size()) return refuse("was made with other segment sets");
    for (std::size_t k = 0; k < trackers.size(); ++k)
      if (!same_set(trackers[k].second.set(), c.trackers[k].set())) return refuse("was made with other segment sets");
    store = std::move(*c.store);
    if (triggers) triggers = std::move(*c.triggers);
    for (std::size_t k = 0; k < trackers.size(); ++k) trackers[k].second = std::move(c.trackers[k]);
    position = std::move(c.position);
    counters.events = c.events_applied;
    return absl::OkStatus();
  }

  // Takes a finished save's result: acknowledges what it covers, or returns its error.
  Status finish_save(std::optional<stream_detail::CheckpointWriter::Done> done, EventSource& source) {
    if (!done) return absl::OkStatus();
    image = std::move(done->image);
    snapshot = std::move(done->snapshot);
    counters.writing += done->writing;
    if (!done->status.ok()) return done->status;
    // The interval runs from the end of a save: a save slower than the interval (a large
    // state, a busy disk) must not make every batch save again.
    counters.last_checkpoint = done->ended;
    last_save_seconds = std::chrono::duration<double>(done->ended - save_began).count();
    ++counters.checkpoints;
    SEGCORE_RETURN_IF_ERROR(source.ack(in_flight));
    in_flight.clear();
    return absl::OkStatus();
  }

  // Publishes and flushes the moves so far, copies the state into the snapshot and hands it to
  // the writer; the messages applied so far are acknowledged when the writer is done.
  Status start_save(MoveSink& sink) {
    SEGCORE_RETURN_IF_ERROR(publish(sink));
    SEGCORE_RETURN_IF_ERROR(sink.flush());  // every move of the covered events is out first
    unflushed = false;
    since_checkpoint = 0;
    if (!writer) {
      counters.last_checkpoint = Clock::now();
      return absl::OkStatus();  // nothing to acknowledge with
    }
    std::vector<const SegmentTracker*> ts;
    for (const auto& t : trackers) ts.push_back(&t.second);
    CheckpointParts parts{position, counters.events, &store, triggers ? &*triggers : nullptr, nullptr, ts};
    save_began = Clock::now();
    SEGCORE_RETURN_IF_ERROR(model_detail::snapshot_checkpoint(parts, *snapshot));
    counters.saving += Clock::now() - save_began;
    in_flight = std::move(unacked);
    unacked.clear();
    writer->start(std::move(snapshot), std::move(image));
    return absl::OkStatus();
  }

  Status update_trackers() {
    if (trackers.empty() || store.customers() == 0) return absl::OkStatus();
    SEGCORE_ASSIGN_OR_RETURN(ProfileTable table, store.snapshot());
    for (auto& labelled : trackers) {
      const std::string& label = labelled.first;  // not a structured binding: lambdas capture it
      SegmentTracker& tracker = labelled.second;
      const SegmentSet& set = tracker.set();
      auto name = [&](std::int32_t k) { return k < 0 ? set.fallback() : set.name(static_cast<std::size_t>(k)); };
      SEGCORE_RETURN_IF_ERROR(tracker.update(table, [&](const SegmentChange& c) {
        move(c.customer, c.from == SegmentChange::kNoSegment ? std::nullopt : std::optional<std::string>(name(c.from)),
             name(c.to), label);
        return 0;
      }));
    }
    return absl::OkStatus();
  }
};

StatusOr<StreamConsumer> StreamConsumer::create(StreamOptions options) {
  auto s = std::make_unique<State>();
  if (options.batch == 0) return absl::InvalidArgumentError("StreamConsumer: batch must be at least 1");
  if (!(options.checkpoint_seconds >= 0)) return absl::InvalidArgumentError("StreamConsumer: checkpoint_seconds < 0");
  if (options.format == PayloadFormat::csv) {
    SEGCORE_ASSIGN_OR_RETURN(s->csv, stream_detail::parse_csv_header(options.csv_header));
  }
  const StoreSchema event_schema{{"type", "category"}, {}, {}};
  if (!options.triggers_text.empty()) {
    SEGCORE_ASSIGN_OR_RETURN(EventTriggers t, EventTriggers::parse(options.triggers_text, event_schema));
    if (t.size() == 0) return absl::InvalidArgumentError("StreamConsumer: the triggers text defines no trigger");
    s->triggers = std::move(t);
  }
  const Schema profiles = profile_schema();
  if (!options.rules_text.empty()) {
    SEGCORE_ASSIGN_OR_RETURN(SegmentSet set, SegmentSet::parse(options.rules_text, profiles));
    s->trackers.emplace_back("rules", SegmentTracker(std::move(set)));
  }
  if (options.lifecycle) {
    SEGCORE_ASSIGN_OR_RETURN(SegmentSet set, SegmentSet::lifecycle(profiles));
    s->trackers.emplace_back("lifecycle", SegmentTracker(std::move(set)));
  }
  if (!options.checkpoint_path.empty() && std::filesystem::exists(options.checkpoint_path))
    SEGCORE_RETURN_IF_ERROR(s->restore(options.checkpoint_path));
  if (!s->trackers.empty() && options.segment_every == 0)
    return absl::InvalidArgumentError("StreamConsumer: segment_every must be at least 1 with segment sets");
  if (!options.checkpoint_path.empty())
    s->writer = std::make_unique<stream_detail::CheckpointWriter>(options.checkpoint_path);
  s->options = std::move(options);
  s->counters.started = s->counters.last_checkpoint = Clock::now();
  return StreamConsumer(std::move(s));
}

StreamConsumer::StreamConsumer(std::unique_ptr<State> s) : s_(std::move(s)) {}
StreamConsumer::~StreamConsumer() = default;
StreamConsumer::StreamConsumer(StreamConsumer&&) noexcept = default;
StreamConsumer& StreamConsumer::operator=(StreamConsumer&&) noexcept = default;

const StreamCounters& StreamConsumer::counters() const { return s_->counters; }
const std::string& StreamConsumer::position() const { return s_->position; }
const ProfileStore& StreamConsumer::store() const { return s_->store; }

Status StreamConsumer::apply(std::span<const StreamMessage> batch, EventSource& source, MoveSink& sink) {
  State& s = *s_;
  if (s.writer) SEGCORE_RETURN_IF_ERROR(s.finish_save(s.writer->poll(), source));
  stream_detail::ParsedEvent p;
  for (const StreamMessage& m : batch) {
    ++s.counters.messages;
    s.unacked.push_back(m.id);
    if (!s.position.empty() && source.compare(m.id, s.position) <= 0) {
      ++s.counters.skipped;  // applied before the restart (or a repeat): in the state already
      continue;
    }
    Status st = s.options.format == PayloadFormat::json ? stream_detail::parse_json_event(m.payload, p)
                                                        : stream_detail::parse_csv_event(m.payload, s.csv, p);
    if (st.ok()) st = s.apply_event(p, m);
    s.position = m.id;
    ++s.since_checkpoint;
    if (!st.ok()) {
      SEGCORE_RETURN_IF_ERROR(s.publish(sink));  // keep the output in message order
      SEGCORE_RETURN_IF_ERROR(sink.dead_letter(m, st.message()));
      s.unflushed = true;
      ++s.counters.malformed;
    }
  }
  SEGCORE_RETURN_IF_ERROR(s.publish(sink));
  const auto age = std::chrono::duration<double>(Clock::now() - s.counters.last_checkpoint).count();
  // A save may take at most 1 / (1 + kSaveSpacing) of the time: after a slow one (a large state,
  // a busy disk) the time trigger waits kSaveSpacing times its length rather than the interval.
  const double interval = std::max(s.options.checkpoint_seconds, kSaveSpacing * s.last_save_seconds);
  const bool due = (s.options.checkpoint_every > 0 && s.since_checkpoint >= s.options.checkpoint_every) ||
                   (s.options.checkpoint_seconds > 0 && s.since_checkpoint > 0 && age >= interval);
  // At most one save in flight: one due meanwhile starts with the first batch after it ends.
  if (due && !(s.writer && s.writer->busy())) return s.start_save(sink);
  // The batch's moves leave now, not at the next checkpoint: a move's latency is one batch.
  if (s.unflushed) {
    s.unflushed = false;
    return sink.flush();
  }
  return absl::OkStatus();
}

Status StreamConsumer::checkpoint(EventSource& source, MoveSink& sink) {
  State& s = *s_;
  if (s.writer) SEGCORE_RETURN_IF_ERROR(s.finish_save(s.writer->wait(), source));
  SEGCORE_RETURN_IF_ERROR(s.start_save(sink));
  return s.writer ? s.finish_save(s.writer->wait(), source) : absl::OkStatus();
}

Status StreamConsumer::run(EventSource& source, MoveSink& sink, const std::atomic<bool>& stop) {
  std::vector<StreamMessage> batch;
  auto last_metrics = Clock::now();
  while (!stop.load(std::memory_order_relaxed)) {
    Status st = source.read(s_->options.batch, s_->options.poll, batch);
    if (st.code() == absl::StatusCode::kOutOfRange) break;
    SEGCORE_RETURN_IF_ERROR(st);
    SEGCORE_RETURN_IF_ERROR(apply(batch, source, sink));
    if (s_->options.metrics && s_->options.metrics_seconds > 0 &&
        std::chrono::duration<double>(Clock::now() - last_metrics).count() >= s_->options.metrics_seconds) {
      s_->options.metrics(s_->counters);
      last_metrics = Clock::now();
    }
  }
  return checkpoint(source, sink);
}

SEGCORE_NAMESPACE_END
