// A JSON value for the run record (run.json): built by `run`, written, read back and read by
// the report. Reading a missing field or one of the wrong kind is a CliError that names the
// file and the field's path ("run.json: clusters.personas[2].name: missing"), so a damaged
// record is refused in words, never rendered half.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace segcore_cli {

class Json {
 public:
  enum class Kind { null, boolean, number, string, array, object };

  Json() = default;  // null
  Json(bool b) : kind_(Kind::boolean), number_(b) {}
  Json(double x) : kind_(Kind::number), number_(x) {}  // NaN and infinities are written as null
  Json(int x) : Json(static_cast<double>(x)) {}
  Json(unsigned x) : Json(static_cast<double>(x)) {}
  Json(long x) : Json(static_cast<double>(x)) {}
  Json(long long x) : Json(static_cast<double>(x)) {}
  Json(unsigned long x) : Json(static_cast<double>(x)) {}
  Json(unsigned long long x) : Json(static_cast<double>(x)) {}
  Json(std::string s) : kind_(Kind::string), text_(std::move(s)) {}
  Json(const char* s) : Json(std::string(s)) {}
  static Json array();
  static Json object();
  template <class T>
  static Json array_of(const std::vector<T>& values) {
    Json a = array();
    for (const T& v : values) a.push(Json(v));
    return a;
  }

  // Building.
  Json& set(std::string key, Json value);  // appends; keys are written in the order set
  Json& push(Json value);

  // Reading; each throws the CliError above when the value is not there or not of that kind.
  Kind kind() const { return kind_; }
  bool has(std::string_view key) const;
  const Json& at(std::string_view key) const;
  const Json& at(std::size_t i) const;
  std::size_t size() const;  // of an array
  const std::vector<Json>& items() const;
  bool flag() const;
  double number() const;  // null reads as NaN (a value that could not be computed)
  std::int64_t integer() const;
  std::size_t count() const;  // a whole number >= 0
  int small_int() const;      // a whole number in int's range
  const std::string& text() const;
  std::vector<double> numbers() const;
  std::vector<std::string> texts() const;

  // Compact text with a line per top-level field; numbers as the shortest text that reads
  // back as the same double.
  std::string dump() const;
  // `where` names the file in errors. Fails (CliError) on anything but one whole JSON value.
  static Json parse(std::string_view text, const std::string& where);

 private:
  [[noreturn]] void fail(const std::string& what) const;
  void dump_to(std::string& out, int depth) const;

  Kind kind_ = Kind::null;
  double number_ = 0;
  std::string text_;
  std::vector<Json> items_;                   // an array's values, or an object's
  std::vector<std::string> keys_;             // an object's keys, parallel to items_
  std::shared_ptr<const std::string> where_;  // the file, for errors
  std::string path_;                          // this value's place in it, for errors
  friend class JsonParser;
};

}  // namespace segcore_cli
