// Checks a reply's shape before reading it: a Redis reply is whatever the server (or anything
// listening on its port) sent, so each access first checks the type it expects.
#pragma once

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace segcore_stream {

struct Field {
  std::string name;
  std::string value;
};
using Fields = std::vector<Field>;

// One stream entry. `deleted`: the entry is pending in the group but the stream no longer holds
// it (trimmed or XDEL'd after delivery); it has no fields and the caller should ack it.
struct StreamEntry {
  std::string id;
  Fields fields;
  bool deleted = false;
};

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

// The status of a server error reply ("-OOM ...", "-NOGROUP ...") for a command run by `what`:
// OOM is kResourceExhausted, NOGROUP kNotFound, WRONGTYPE kFailedPrecondition, LOADING / BUSY /
// MASTERDOWN / TRYAGAIN kUnavailable, other errors kInvalidArgument; the server's text is kept.
absl::Status server_error(absl::string_view what, const redisReply& r);

// True for the server errors worth retrying after a backoff (the server is loading its data).
bool transient_server_error(const redisReply& r);

// The status of a reply whose shape is not the expected one (kInternal, naming what was found).
absl::Status unexpected_reply(absl::string_view what, absl::string_view expected, const redisReply* r);

// The entries of an XREADGROUP reply for one stream: nil (block timed out) is no entries; an
// error reply is server_error; any other shape kInternal.
absl::StatusOr<std::vector<StreamEntry>> parse_read_reply(absl::string_view what, const redisReply* r,
                                                          absl::string_view stream);

}  // namespace segcore_stream
