#include "json.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "../args.hpp"
#include "../output.hpp"

namespace segcore_cli {

Json Json::array() {
  Json a;
  a.kind_ = Kind::array;
  return a;
}

Json Json::object() {
  Json o;
  o.kind_ = Kind::object;
  return o;
}

Json& Json::set(std::string key, Json value) {
  keys_.push_back(std::move(key));
  items_.push_back(std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  items_.push_back(std::move(value));
  return *this;
}

void Json::fail(const std::string& what) const {
  const std::string file = where_ ? *where_ : "record";
  throw CliError(file + ": " + (path_.empty() ? "the top level" : path_) + ": " + what +
                 " (the run record is damaged or from another version; run `segcore run` again)");
}

bool Json::has(std::string_view key) const {
  if (kind_ != Kind::object) return false;
  for (const std::string& k : keys_)
    if (k == key) return true;
  return false;
}

const Json& Json::at(std::string_view key) const {
  if (kind_ != Kind::object) fail("not an object");
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i] == key) return items_[i];
  fail("no field \"" + std::string(key) + "\"");
}

const Json& Json::at(std::size_t i) const {
  if (i >= size()) fail("has no item " + std::to_string(i));
  return items_[i];
}

std::size_t Json::size() const { return items().size(); }

const std::vector<Json>& Json::items() const {
  if (kind_ != Kind::array) fail("not an array");
  return items_;
}

bool Json::flag() const {
  if (kind_ != Kind::boolean) fail("not true or false");
  return number_ != 0;
}

double Json::number() const {
  if (kind_ == Kind::null) return std::numeric_limits<double>::quiet_NaN();
  if (kind_ != Kind::number) fail("not a number");
  return number_;
}

std::int64_t Json::integer() const {
  const double x = number();
  if (!(std::abs(x) <= 9007199254740992.0) || x != std::floor(x)) fail("not a whole number");
  return static_cast<std::int64_t>(x);
}

std::size_t Json::count() const {
  const std::int64_t x = integer();
  if (x < 0) fail("negative");
  return static_cast<std::size_t>(x);
}

int Json::small_int() const {
  const std::int64_t x = integer();
  if (x < std::numeric_limits<int>::min() || x > std::numeric_limits<int>::max()) fail("out of range");
  return static_cast<int>(x);
}

const std::string& Json::text() const {
  if (kind_ != Kind::string) fail("not a string");
  return text_;
}

std::vector<double> Json::numbers() const {
  std::vector<double> out;
  for (const Json& v : items()) out.push_back(v.number());
  return out;
}

std::vector<std::string> Json::texts() const {
  std::vector<std::string> out;
  for (const Json& v : items()) out.push_back(v.text());
  return out;
}

void Json::dump_to(std::string& out, int depth) const {
  switch (kind_) {
    case Kind::null:
      out += "null";
      return;
    case Kind::boolean:
      out += number_ != 0 ? "true" : "false";
      return;
    case Kind::number:
      out += std::isfinite(number_) ? format_number(number_) : "null";
      return;
    case Kind::string:
      out += json_string(text_);
      return;
    case Kind::array:
    case Kind::object: {
      const bool object = kind_ == Kind::object;
      out += object ? '{' : '[';
      for (std::size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        if (depth == 0) out += "\n  ";
        if (object) out += json_string(keys_[i]) + ':';
        items_[i].dump_to(out, depth + 1);
      }
      if (depth == 0 && !items_.empty()) out += '\n';
      out += object ? '}' : ']';
      return;
    }
  }
}

std::string Json::dump() const {
  std::string out;
  dump_to(out, 0);
  return out + "\n";
}

// Recursive descent over RFC 8259 JSON; nesting is bounded so a hostile file cannot exhaust the stack.
class JsonParser {
 public:
  JsonParser(std::string_view text, std::string where) : s_(text), where_(std::move(where)) {}

  Json whole() {
    Json v = value(0);
    space();
    if (p_ != s_.size()) fail("unexpected text after the value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    std::size_t line = 1;
    for (std::size_t i = 0; i < p_ && i < s_.size(); ++i) line += s_[i] == '\n';
    throw CliError(where_ + ": line " + std::to_string(line) + ": not valid JSON: " + what +
                   " (the run record is damaged; run `segcore run` again)");
  }
  void space() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\n' || s_[p_] == '\t' || s_[p_] == '\r')) ++p_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }
  void expect(char c) {
    space();
    if (p_ >= s_.size() || s_[p_] != c) fail(std::string("expected '") + c + "'");
    ++p_;
  }

  Json value(int depth) {
    if (depth > 64) fail("nested too deeply");
    space();
    if (p_ >= s_.size()) fail("unexpected end");
    const char c = s_[p_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') return Json(string());
    if (literal("true")) return Json(true);
    if (literal("false")) return Json(false);
    if (literal("null")) return Json();
    return number();
  }

  Json object(int depth) {
    Json o = Json::object();
    ++p_;
    space();
    if (p_ < s_.size() && s_[p_] == '}') return ++p_, o;
    for (;;) {
      space();
      if (p_ >= s_.size() || s_[p_] != '"') fail("expected a field name");
      std::string key = string();
      expect(':');
      o.set(std::move(key), value(depth + 1));
      space();
      if (p_ < s_.size() && s_[p_] == ',') {
        ++p_;
        continue;
      }
      expect('}');
      return o;
    }
  }

  Json array(int depth) {
    Json a = Json::array();
    ++p_;
    space();
    if (p_ < s_.size() && s_[p_] == ']') return ++p_, a;
    for (;;) {
      a.push(value(depth + 1));
      space();
      if (p_ < s_.size() && s_[p_] == ',') {
        ++p_;
        continue;
      }
      expect(']');
      return a;
    }
  }

  Json number() {
    const std::size_t start = p_;
    while (p_ < s_.size() && std::string_view("+-0123456789.eE").find(s_[p_]) != std::string_view::npos) ++p_;
    double x = 0;
    const auto [end, ec] = std::from_chars(s_.data() + start, s_.data() + p_, x);
    if (p_ == start || ec != std::errc() || end != s_.data() + p_) p_ = start, fail("expected a value");
    return Json(x);
  }

  unsigned hex4() {
    if (p_ + 4 > s_.size()) fail("short \\u escape");
    unsigned v = 0;
    const auto [end, ec] = std::from_chars(s_.data() + p_, s_.data() + p_ + 4, v, 16);
    if (ec != std::errc() || end != s_.data() + p_ + 4) fail("bad \\u escape");
    p_ += 4;
    return v;
  }

  void utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12)), out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18)), out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  std::string string() {
    ++p_;  // the opening quote
    std::string out;
    for (;;) {
      if (p_ >= s_.size()) fail("unterminated string");
      const char c = s_[p_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (p_ >= s_.size()) fail("unterminated string");
      switch (const char e = s_[p_++]) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && literal("\\u")) {
            const unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("bad surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          utf8(out, cp);
          break;
        }
        default:
          fail("bad escape");
      }
    }
  }

  std::string_view s_;
  std::string where_;
  std::size_t p_ = 0;
};

Json Json::parse(std::string_view text, const std::string& where) {
  Json v = JsonParser(text, where).whole();
  auto file = std::make_shared<const std::string>(where);
  // Every value learns its file and path, for the errors of the readers above.
  struct Namer {
    std::shared_ptr<const std::string> file;
    void operator()(Json& v, const std::string& path) const {
      v.where_ = file;
      v.path_ = path;
      for (std::size_t i = 0; i < v.items_.size(); ++i)
        (*this)(v.items_[i], v.kind_ == Kind::object ? (path.empty() ? "" : path + ".") + v.keys_[i]
                                                     : path + "[" + std::to_string(i) + "]");
    }
  };
  Namer{file}(v, "");
  return v;
}

}  // namespace segcore_cli
