// Payload parsing for the stream loop: a small flat-JSON reader (string, number, true, false and
// null values; nested values are refused) and a CSV line splitter (RFC 4180 quotes), both
// feeding one field setter, so the two formats accept the same values.
#include "stream/payload.hpp"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace stream_detail {
namespace {

enum class Field { customer, timestamp, amount, order, event_id, type, category, other };

Field field_of(absl::string_view name) {
  if (name == "customer_id") return Field::customer;
  if (name == "timestamp") return Field::timestamp;
  if (name == "amount") return Field::amount;
  if (name == "order_id") return Field::order;
  if (name == "event_id") return Field::event_id;
  if (name == "type") return Field::type;
  if (name == "category") return Field::category;
  return Field::other;
}

Status bad(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("field ", field, ": ", what));
}

// Sets one field from its text; `number` says the JSON value was a bare number. A null value
// (JSON null, or an empty CSV field) leaves the field unset.
struct Setter {
  ParsedEvent& e;
  bool customer = false, timestamp = false;

  Status set(Field f, absl::string_view name, absl::string_view v, bool is_null, bool number) {
    if (is_null) {
      if (f == Field::customer || f == Field::timestamp) return bad(name, "has no value (null or empty)");
      return absl::OkStatus();
    }
    switch (f) {
      case Field::customer:
        if (v.empty()) return bad(name, "is empty");
        e.customer.assign(v.data(), v.size());
        customer = true;
        break;
      case Field::timestamp: {
        std::int64_t t = 0;
        if (!parse_timestamp(v, number ? TimestampFormat::epoch_seconds : TimestampFormat::automatic, t))
          return bad(name, absl::StrCat("'", v, "' is not epoch seconds or an ISO 8601 time"));
        e.timestamp = t;
        timestamp = true;
        break;
      }
      case Field::amount: {
        double a = 0;
        auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), a);
        if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(a))
          return bad(name, absl::StrCat("'", v, "' is not a finite number"));
        e.amount = a;
        break;
      }
      case Field::order:
        e.order.assign(v.data(), v.size());
        break;
      case Field::event_id:
        e.event_id.assign(v.data(), v.size());
        break;
      case Field::type:
        e.type.emplace(v);
        break;
      case Field::category:
        e.category.emplace(v);
        break;
      case Field::other:
        break;
    }
    return absl::OkStatus();
  }
  Status finish() const {
    if (!customer) return absl::InvalidArgumentError("field customer_id is missing");
    if (!timestamp) return absl::InvalidArgumentError("field timestamp is missing");
    return absl::OkStatus();
  }
};

void put_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

struct JsonReader {
  const char* p;
  const char* end;
  std::string scratch[2];  // decoded key and value when they hold escapes

  void space() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
  }
  Status error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("not a flat JSON object: ", what));
  }
  bool hex4(std::uint32_t& v) {
    if (end - p < 4) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = *p++;
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else
        return false;
    }
    return true;
  }
  // A string after its opening quote; a view into the payload when it has no escapes.
  Status string(absl::string_view& out, std::string& buf) {
    const char* start = p;
    while (p < end && *p != '"' && *p != '\\') {
      if (static_cast<unsigned char>(*p) < 0x20) return error("a control character in a string");
      ++p;
    }
    if (p < end && *p == '"') {
      out = absl::string_view(start, p - start);
      ++p;
      return absl::OkStatus();
    }
    buf.assign(start, p - start);
    while (p < end && *p != '"') {
      if (static_cast<unsigned char>(*p) < 0x20) return error("a control character in a string");
      if (*p != '\\') {
        buf.push_back(*p++);
        continue;
      }
      if (++p == end) break;
      const char c = *p++;
      switch (c) {
        case '"':
        case '\\':
        case '/':
          buf.push_back(c);
          break;
        case 'b':
          buf.push_back('\b');
          break;
        case 'f':
          buf.push_back('\f');
          break;
        case 'n':
          buf.push_back('\n');
          break;
        case 'r':
          buf.push_back('\r');
          break;
        case 't':
          buf.push_back('\t');
          break;
        case 'u': {
          std::uint32_t u;
          if (!hex4(u)) return error("a bad \\u escape");
          if (u >= 0xD800 && u < 0xDC00) {  // a surrogate pair
            std::uint32_t lo;
            if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || (p += 2, !hex4(lo)) || lo < 0xDC00 || lo > 0xDFFF)
              return error("a lone surrogate in a \\u escape");
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          } else if (u >= 0xDC00 && u < 0xE000) {
            return error("a lone surrogate in a \\u escape");
          }
          put_utf8(buf, u);
          break;
        }
        default:
          return error(absl::StrCat("a bad escape \\", absl::string_view(&c, 1)));
      }
    }
    if (p == end) return error("an unterminated string");
    ++p;
    out = buf;
    return absl::OkStatus();
  }
};

}  // namespace

Status parse_json_event(absl::string_view payload, ParsedEvent& out) {
  out = ParsedEvent();
  Setter set{out};
  JsonReader r{payload.data(), payload.data() + payload.size(), {}};
  r.space();
  if (r.p == r.end || *r.p != '{') return r.error("it does not start with '{'");
  ++r.p;
  r.space();
  if (r.p < r.end && *r.p == '}') {
    ++r.p;
  } else {
    for (;;) {
      r.space();
      if (r.p == r.end || *r.p != '"') return r.error("expected a field name");
      ++r.p;
      absl::string_view key, value;
      SEGCORE_RETURN_IF_ERROR(r.string(key, r.scratch[0]));
      r.space();
      if (r.p == r.end || *r.p != ':') return r.error(absl::StrCat("expected ':' after \"", key, "\""));
      ++r.p;
      r.space();
      if (r.p == r.end) return r.error("it ends inside a field");
      bool is_null = false, number = false;
      const char c = *r.p;
      if (c == '"') {
        ++r.p;
        SEGCORE_RETURN_IF_ERROR(r.string(value, r.scratch[1]));
      } else if (c == '{' || c == '[') {
        return r.error(absl::StrCat("field ", key, " holds a nested value"));
      } else {
        const char* start = r.p;
        while (r.p < r.end && *r.p != ',' && *r.p != '}' && *r.p != ' ' && *r.p != '\t' && *r.p != '\r' && *r.p != '\n')
          ++r.p;
        value = absl::string_view(start, r.p - start);
        if (value == "null")
          is_null = true;
        else if (value == "true" || value == "false")
          number = false;
        else if (value.empty())
          return r.error(absl::StrCat("field ", key, " has no value"));
        else
          number = true;
        if (number) {
          double probe;
          auto [e, ec] = std::from_chars(value.data(), value.data() + value.size(), probe);
          if (ec != std::errc() || e != value.data() + value.size())
            return r.error(absl::StrCat("field ", key, ": '", value, "' is not a JSON value"));
        }
      }
      // A numeric customer id is its text as written.
      SEGCORE_RETURN_IF_ERROR(set.set(field_of(key), key, value, is_null, number));
      r.space();
      if (r.p < r.end && *r.p == ',') {
        ++r.p;
        continue;
      }
      if (r.p < r.end && *r.p == '}') {
        ++r.p;
        break;
      }
      return r.error("expected ',' or '}'");
    }
  }
  r.space();
  if (r.p != r.end) return r.error("text follows the object");
  return set.finish();
}

namespace {

// The fields of one CSV line (quotes removed, "" inside quotes is one quote).
Status split_csv(absl::string_view line, std::vector<std::string>& fields) {
  fields.clear();
  std::size_t i = 0;
  for (;;) {
    std::string f;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) return absl::InvalidArgumentError("an unterminated quoted field");
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            f.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        f.push_back(line[i++]);
      }
      if (i < line.size() && line[i] != ',') return absl::InvalidArgumentError("text after a quoted field");
    } else {
      const std::size_t comma = line.find(',', i);
      const std::size_t stop = comma == absl::string_view::npos ? line.size() : comma;
      f.assign(line.data() + i, stop - i);
      i = stop;
    }
    fields.push_back(std::move(f));
    if (i >= line.size()) return absl::OkStatus();
    ++i;  // the comma
    if (i == line.size()) {
      fields.emplace_back();
      return absl::OkStatus();
    }
  }
}

absl::string_view trim_cr(absl::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

StatusOr<CsvColumns> parse_csv_header(absl::string_view header) {
  std::vector<std::string> names;
  Status st = split_csv(trim_cr(header), names);
  if (!st.ok()) return absl::InvalidArgumentError(absl::StrCat("CSV header: ", st.message()));
  CsvColumns c;
  c.count = names.size();
  for (std::size_t j = 0; j < names.size(); ++j) {
    int* slot = nullptr;
    switch (field_of(names[j])) {
      case Field::customer:
        slot = &c.customer;
        break;
      case Field::timestamp:
        slot = &c.timestamp;
        break;
      case Field::amount:
        slot = &c.amount;
        break;
      case Field::order:
        slot = &c.order;
        break;
      case Field::event_id:
        slot = &c.event_id;
        break;
      case Field::type:
        slot = &c.type;
        break;
      case Field::category:
        slot = &c.category;
        break;
      case Field::other:
        break;
    }
    if (slot == nullptr) continue;
    if (*slot >= 0) return absl::InvalidArgumentError(absl::StrCat("CSV header: column ", names[j], " appears twice"));
    *slot = static_cast<int>(j);
  }
  if (c.customer < 0) return absl::InvalidArgumentError("CSV header: no customer_id column");
  if (c.timestamp < 0) return absl::InvalidArgumentError("CSV header: no timestamp column");
  return c;
}

Status parse_csv_event(absl::string_view line, const CsvColumns& columns, ParsedEvent& out) {
  out = ParsedEvent();
  thread_local std::vector<std::string> fields;
  SEGCORE_RETURN_IF_ERROR(split_csv(trim_cr(line), fields));
  if (fields.size() != columns.count)
    return absl::InvalidArgumentError(
        absl::StrCat("the line has ", fields.size(), " fields; the header has ", columns.count));
  Setter set{out};
  const std::pair<int, Field> cols[] = {{columns.customer, Field::customer}, {columns.timestamp, Field::timestamp},
                                        {columns.amount, Field::amount},     {columns.order, Field::order},
                                        {columns.event_id, Field::event_id}, {columns.type, Field::type},
                                        {columns.category, Field::category}};
  static constexpr const char* kNames[] = {"customer_id", "timestamp", "amount",  "order_id",
                                           "event_id",    "type",      "category"};
  for (std::size_t k = 0; k < 7; ++k) {
    const auto [j, f] = cols[k];
    if (j < 0) continue;
    const std::string& v = fields[j];
    SEGCORE_RETURN_IF_ERROR(set.set(f, kNames[k], v, v.empty(), false));
  }
  return set.finish();
}

}  // namespace stream_detail
SEGCORE_NAMESPACE_END
