#include "redis_reply.hpp"

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"

namespace segcore_stream {
namespace {

absl::string_view text(const redisReply& r) { return r.str != nullptr ? absl::string_view(r.str, r.len) : ""; }

absl::string_view type_name(const redisReply* r) {
  if (r == nullptr) return "no reply";
  switch (r->type) {
    case REDIS_REPLY_STRING:
      return "a string";
    case REDIS_REPLY_ARRAY:
      return "an array";
    case REDIS_REPLY_INTEGER:
      return "an integer";
    case REDIS_REPLY_NIL:
      return "nil";
    case REDIS_REPLY_STATUS:
      return "a status";
    case REDIS_REPLY_ERROR:
      return "an error";
    default:
      return "an unknown reply type";
  }
}

bool is_string(const redisReply* r) { return r != nullptr && r->type == REDIS_REPLY_STRING && r->str != nullptr; }
bool is_array(const redisReply* r) {
  return r != nullptr && r->type == REDIS_REPLY_ARRAY && (r->elements == 0 || r->element != nullptr);
}

absl::StatusOr<StreamEntry> parse_entry(absl::string_view what, const redisReply* e, std::size_t index) {
  std::string where = absl::StrCat(what, ": entry ", index);
  if (!is_array(e) || e->elements != 2 || !is_string(e->element[0]))
    return unexpected_reply(where, "an array of an id and its fields", e);
  StreamEntry entry;
  entry.id.assign(e->element[0]->str, e->element[0]->len);
  const redisReply* fields = e->element[1];
  if (fields != nullptr && fields->type == REDIS_REPLY_NIL) {
    entry.deleted = true;
    return entry;
  }
  if (!is_array(fields) || fields->elements % 2 != 0)
    return unexpected_reply(absl::StrCat(where, " (", entry.id, ")"), "an array of field names and values", fields);
  entry.fields.reserve(fields->elements / 2);
  for (std::size_t i = 0; i < fields->elements; i += 2) {
    const redisReply* name = fields->element[i];
    const redisReply* value = fields->element[i + 1];
    if (!is_string(name) || !is_string(value))
      return unexpected_reply(absl::StrCat(where, " (", entry.id, "), field ", i / 2), "two strings",
                              is_string(name) ? value : name);
    entry.fields.push_back({std::string(name->str, name->len), std::string(value->str, value->len)});
  }
  return entry;
}

}  // namespace

absl::Status server_error(absl::string_view what, const redisReply& r) {
  absl::string_view t = text(r);
  std::string message = absl::StrCat(what, ": the server replied: ", t);
  if (absl::StartsWith(t, "OOM")) return absl::ResourceExhaustedError(message);
  if (absl::StartsWith(t, "NOGROUP")) return absl::NotFoundError(message);
  if (absl::StartsWith(t, "WRONGTYPE")) return absl::FailedPreconditionError(message);
  if (transient_server_error(r)) return absl::UnavailableError(message);
  return absl::InvalidArgumentError(message);
}

bool transient_server_error(const redisReply& r) {
  absl::string_view t = text(r);
  return r.type == REDIS_REPLY_ERROR && (absl::StartsWith(t, "LOADING") || absl::StartsWith(t, "BUSY ") ||
                                         absl::StartsWith(t, "MASTERDOWN") || absl::StartsWith(t, "TRYAGAIN"));
}

absl::Status unexpected_reply(absl::string_view what, absl::string_view expected, const redisReply* r) {
  std::string found(type_name(r));
  if (r != nullptr && (r->type == REDIS_REPLY_STATUS || r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_ERROR))
    absl::StrAppend(&found, " '", text(*r).substr(0, 80), "'");
  if (r != nullptr && r->type == REDIS_REPLY_ARRAY) absl::StrAppend(&found, " of ", r->elements);
  return absl::InternalError(absl::StrCat(what, ": unexpected reply: expected ", expected, ", got ", found));
}

absl::StatusOr<std::vector<StreamEntry>> parse_read_reply(absl::string_view what, const redisReply* r,
                                                          absl::string_view stream) {
  std::vector<StreamEntry> entries;
  if (r != nullptr && r->type == REDIS_REPLY_NIL) return entries;
  if (r != nullptr && r->type == REDIS_REPLY_ERROR) return server_error(what, *r);
  if (!is_array(r)) return unexpected_reply(what, "an array of streams", r);
  for (std::size_t s = 0; s < r->elements; ++s) {
    const redisReply* one = r->element[s];
    if (!is_array(one) || one->elements != 2 || !is_string(one->element[0]) || !is_array(one->element[1]))
      return unexpected_reply(what, "an array of a stream name and its entries", one);
    if (absl::string_view(one->element[0]->str, one->element[0]->len) != stream)
      return unexpected_reply(what, absl::StrCat("stream '", stream, "'"), one->element[0]);
    const redisReply* list = one->element[1];
    entries.reserve(entries.size() + list->elements);
    for (std::size_t i = 0; i < list->elements; ++i) {
      auto entry = parse_entry(what, list->element[i], i);
      if (!entry.ok()) return entry.status();
      entries.push_back(*std::move(entry));
    }
  }
  return entries;
}

}  // namespace segcore_stream
