#include "redis_streams.hpp"

#include <exception>
#include <new>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace segcore_stream {
namespace {

bool is_integer(const redisReply* r) { return r != nullptr && r->type == REDIS_REPLY_INTEGER; }

absl::Status error_or_unexpected(absl::string_view what, absl::string_view expected, const redisReply* r) {
  if (r != nullptr && r->type == REDIS_REPLY_ERROR) return server_error(what, *r);
  return unexpected_reply(what, expected, r);
}

absl::Status check_fields(absl::string_view what, const Fields& fields, std::size_t index) {
  if (fields.empty()) return absl::InvalidArgumentError(absl::StrCat(what, ": entry ", index, " has no fields"));
  return absl::OkStatus();
}

Command xadd(absl::string_view stream, const Fields& fields, StreamCap cap) {
  Command c{"XADD", std::string(stream)};
  if (cap.max_len > 0 && !cap.refuse_when_full) c.insert(c.end(), {"MAXLEN", "~", std::to_string(cap.max_len)});
  c.push_back("*");
  for (const auto& f : fields) {
    c.push_back(f.name);
    c.push_back(f.value);
  }
  return c;
}

// The public calls' bodies: an exception (memory running out) becomes a status, never escapes.
template <class F>
auto no_throw(const char* what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(absl::StrCat(what, ": out of memory"));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(what, ": ", e.what()));
  }
}

}  // namespace

absl::StatusOr<RedisStreams> RedisStreams::connect(std::string host, int port, std::chrono::milliseconds timeout,
                                                   RetryPolicy retry) {
  return no_throw("RedisStreams::connect", [&]() -> absl::StatusOr<RedisStreams> {
    auto c = RedisConnection::connect(std::move(host), port, timeout, retry);
    if (!c.ok()) return c.status();
    return RedisStreams(*std::move(c));
  });
}

absl::Status RedisStreams::ensure_group(absl::string_view stream, absl::string_view group, GroupStart start) {
  return no_throw("RedisStreams::ensure_group", [&]() -> absl::Status {
    std::string what = absl::StrCat("RedisStreams::ensure_group(", stream, ", ", group, ") at ", where());
    auto r = connection_.run(what, {"XGROUP", "CREATE", std::string(stream), std::string(group),
                                    start == GroupStart::kBeginning ? "0" : "$", "MKSTREAM"});
    if (!r.ok()) return r.status();
    const redisReply* reply = r->get();
    if (reply->type == REDIS_REPLY_STATUS) return absl::OkStatus();
    if (reply->type == REDIS_REPLY_ERROR && absl::StartsWith(absl::string_view(reply->str, reply->len), "BUSYGROUP"))
      return absl::OkStatus();
    return error_or_unexpected(what, "OK", reply);
  });
}

absl::StatusOr<std::vector<StreamEntry>> RedisStreams::read_group(absl::string_view stream, absl::string_view group,
                                                                  absl::string_view consumer, std::size_t count,
                                                                  int block_ms) {
  return no_throw("RedisStreams::read_group", [&]() -> absl::StatusOr<std::vector<StreamEntry>> {
    std::string what = absl::StrCat("RedisStreams::read_group(", stream, ", ", group, ", ", consumer, ") at ", where());
    if (count == 0) return absl::InvalidArgumentError(absl::StrCat(what, ": count must be at least 1"));
    if (block_ms < 0) return absl::InvalidArgumentError(absl::StrCat(what, ": block_ms must be >= 0"));
    std::string key = absl::StrCat(stream, absl::string_view("\0", 1), group, absl::string_view("\0", 1), consumer);
    auto [it, fresh] = cursors_.try_emplace(key);
    Cursor& cursor = it->second;
    if (fresh) cursor.generation = connection_.generation();
    // A reply read on a connection that replaced another is not trusted to be complete: entries
    // the server delivered in a lost reply sit in the pending list before it, so the read starts
    // again from the pending list (each pass is itself retried; a few passes bound the loop).
    for (int pass = 0; pass < 4; ++pass) {
      const int generation = connection_.generation();
      if (cursor.generation != generation) {
        cursor.draining = true;
        cursor.generation = generation;
      }
      Command c{"XREADGROUP", "GROUP", std::string(group), std::string(consumer), "COUNT", std::to_string(count)};
      if (!cursor.draining && block_ms > 0) c.insert(c.end(), {"BLOCK", std::to_string(block_ms)});
      c.insert(c.end(), {"STREAMS", std::string(stream), cursor.draining ? cursor.after : ">"});
      auto r = connection_.run(what, c, std::chrono::milliseconds(cursor.draining ? 0 : block_ms));
      if (!r.ok()) return r.status();
      auto entries = parse_read_reply(what, r->get(), stream);
      if (!entries.ok()) return entries.status();
      if (connection_.generation() != generation) continue;
      if (cursor.draining && entries->empty()) {
        cursor.draining = false;  // pending list drained: new entries from now on
        --pass;
        continue;
      }
      if (!entries->empty()) cursor.after = entries->back().id;
      return entries;
    }
    return absl::UnavailableError(absl::StrCat(what, ": the connection kept breaking during the read"));
  });
}

absl::StatusOr<std::size_t> RedisStreams::ack(absl::string_view stream, absl::string_view group,
                                              const std::vector<std::string>& ids) {
  return no_throw("RedisStreams::ack", [&]() -> absl::StatusOr<std::size_t> {
    if (ids.empty()) return 0;
    std::string what = absl::StrCat("RedisStreams::ack(", stream, ", ", group, ") at ", where());
    Command c{"XACK", std::string(stream), std::string(group)};
    c.insert(c.end(), ids.begin(), ids.end());
    auto r = connection_.run(what, c);
    if (!r.ok()) return r.status();
    if (!is_integer(r->get()) || (*r)->integer < 0) return error_or_unexpected(what, "an integer", r->get());
    return static_cast<std::size_t>((*r)->integer);
  });
}

absl::Status RedisStreams::check_room(absl::string_view what, absl::string_view stream, std::size_t adding,
                                      StreamCap cap) {
  if (cap.max_len == 0 || !cap.refuse_when_full) return absl::OkStatus();
  auto len = length(stream);
  if (!len.ok()) return len.status();
  if (*len + adding <= cap.max_len) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(what, ": stream '", stream, "' is full: ", *len, " entries, limit ",
                                                   cap.max_len, ", adding ", adding, "; nothing written"));
}

absl::StatusOr<std::string> RedisStreams::add(absl::string_view stream, const Fields& fields, StreamCap cap) {
  return no_throw("RedisStreams::add", [&]() -> absl::StatusOr<std::string> {
    std::string what = absl::StrCat("RedisStreams::add(", stream, ") at ", where());
    if (absl::Status s = check_fields(what, fields, 0); !s.ok()) return s;
    if (absl::Status s = check_room(what, stream, 1, cap); !s.ok()) return s;
    auto r = connection_.run(what, xadd(stream, fields, cap));
    if (!r.ok()) return r.status();
    if ((*r)->type != REDIS_REPLY_STRING || (*r)->str == nullptr)
      return error_or_unexpected(what, "an entry id", r->get());
    return std::string((*r)->str, (*r)->len);
  });
}

absl::StatusOr<std::vector<std::string>> RedisStreams::add_batch(absl::string_view stream,
                                                                 const std::vector<Fields>& entries, StreamCap cap) {
  return no_throw("RedisStreams::add_batch", [&]() -> absl::StatusOr<std::vector<std::string>> {
    std::string what = absl::StrCat("RedisStreams::add_batch(", stream, ") at ", where());
    std::vector<Command> commands;
    commands.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (absl::Status s = check_fields(what, entries[i], i); !s.ok()) return s;
      commands.push_back(xadd(stream, entries[i], cap));
    }
    if (entries.empty()) return std::vector<std::string>{};
    if (absl::Status s = check_room(what, stream, entries.size(), cap); !s.ok()) return s;
    auto replies = connection_.run_pipelined(what, commands);
    if (!replies.ok()) return replies.status();
    std::vector<std::string> ids;
    ids.reserve(entries.size());
    absl::Status first_error;
    for (std::size_t i = 0; i < replies->size(); ++i) {
      const redisReply* r = (*replies)[i].get();
      if (r->type == REDIS_REPLY_STRING && r->str != nullptr) {
        ids.emplace_back(r->str, r->len);
      } else if (first_error.ok()) {
        first_error = error_or_unexpected(absl::StrCat(what, ": entry ", i), "an entry id", r);
      }
    }
    if (first_error.ok()) return ids;
    return absl::Status(first_error.code(), absl::StrCat(first_error.message(), " (", ids.size(), " of ",
                                                         entries.size(), " entries written)"));
  });
}

absl::StatusOr<std::size_t> RedisStreams::length(absl::string_view stream) {
  return no_throw("RedisStreams::length", [&]() -> absl::StatusOr<std::size_t> {
    std::string what = absl::StrCat("RedisStreams::length(", stream, ") at ", where());
    auto r = connection_.run(what, {"XLEN", std::string(stream)});
    if (!r.ok()) return r.status();
    if (!is_integer(r->get()) || (*r)->integer < 0) return error_or_unexpected(what, "an integer", r->get());
    return static_cast<std::size_t>((*r)->integer);
  });
}

}  // namespace segcore_stream
