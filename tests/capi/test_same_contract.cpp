// The C ABI and the C++ API refuse the same extra event values: texts that are not UTF-8 and
// infinite numbers, in the profile store and in the columns added to an event table. Random
// inputs from each class go through both, which must agree.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "segcore/io.hpp"
#include "segcore/profile.hpp"
#include "segcore_profile.h"

using namespace segcore;

namespace {

// A UTF-8 encoding of code point c (c a valid scalar value).
void append_utf8(std::string& s, char32_t c) {
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6)), s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12)), s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18)), s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), s += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Valid text of 0 to 12 code points from every encoding length (no NUL: C strings).
std::string valid_text(std::mt19937_64& rng) {
  std::string s;
  const int n = static_cast<int>(rng() % 13);
  for (int i = 0; i < n; ++i) {
    char32_t c;
    do {
      switch (rng() % 4) {
        case 0:
          c = static_cast<char32_t>(1 + rng() % 0x7F);
          break;
        case 1:
          c = static_cast<char32_t>(0x80 + rng() % (0x800 - 0x80));
          break;
        case 2:
          c = static_cast<char32_t>(0x800 + rng() % (0x10000 - 0x800));
          break;
        default:
          c = static_cast<char32_t>(0x10000 + rng() % (0x110000 - 0x10000));
          break;
      }
    } while (c >= 0xD800 && c <= 0xDFFF);
    append_utf8(s, c);
  }
  return s;
}

// Valid text with one invalid sequence inserted at a random code point boundary: a stray
// continuation byte, a byte never used in UTF-8, an overlong form, a surrogate, a code point
// beyond U+10FFFF, or a sequence cut short at the end.
std::string invalid_text(std::mt19937_64& rng) {
  std::string s = valid_text(rng);
  std::string bad;
  switch (rng() % 6) {
    case 0:
      bad = std::string(1, static_cast<char>(0x80 + rng() % 0x40));
      break;
    case 1:
      bad = std::string(1, static_cast<char>(0xF8 + rng() % 8));
      break;
    case 2:
      bad = "\xC0\xAF";
      break;
    case 3:
      bad = "\xED\xA0\x80";
      break;
    case 4:
      bad = "\xF4\x90\x80\x80";
      break;
    default:
      return s + "\xE2\x82";
  }
  std::size_t at = s.empty() ? 0 : rng() % (s.size() + 1);
  while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) ++at;
  return s.substr(0, at) + bad + s.substr(at);
}

double random_numeric(std::mt19937_64& rng, bool infinite) {
  if (infinite) return rng() % 2 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  switch (rng() % 4) {
    case 0:
      return std::numeric_limits<double>::quiet_NaN();  // missing: accepted
    case 1:
      return std::numeric_limits<double>::max() * (rng() % 2 ? 1 : -1);
    default:
      return std::ldexp(static_cast<double>(rng() % 2001) - 1000, static_cast<int>(rng() % 200) - 100);
  }
}

bool contains(absl::string_view text, absl::string_view part) { return text.find(part) != absl::string_view::npos; }

}  // namespace

TEST_CASE("same contract: ProfileStore::add refuses the extra values segcore_profile_store_add_event refuses") {
  std::mt19937_64 rng(20261206);
  const StoreSchema schema{{"channel", "kind"}, {"tier"}, {"score", "age"}};
  const char* cat_names[] = {"channel", "kind"};
  const char* att_names[] = {"tier"};
  const char* num_names[] = {"score", "age"};
  for (int trial = 0; trial < 400; ++trial) {
    ProfileStore store({}, schema);
    segcore_profile_store* c = nullptr;
    REQUIRE(segcore_profile_store_create_with_schema(&c, nullptr, cat_names, 2, att_names, 1, num_names, 2) ==
            SEGCORE_OK);
    // One fault at most, of a random kind in a random slot: 0 none, 1 text, 2 number.
    const int fault = trial % 3;
    const std::size_t slot = rng() % 3;
    std::vector<std::string> texts;
    for (std::size_t k = 0; k < 3; ++k) texts.push_back(fault == 1 && k == slot ? invalid_text(rng) : valid_text(rng));
    double numerics[2];
    for (std::size_t k = 0; k < 2; ++k) numerics[k] = random_numeric(rng, fault == 2 && k == slot % 2);
    const std::vector<absl::string_view> cats = {texts[0], texts[1]}, atts = {texts[2]};
    Event e;
    e.customer = "c1";
    e.timestamp = 86400;
    e.amount = 10;
    e.categories = cats;
    e.attributes = atts;
    e.numerics = numerics;
    const Status cpp = store.add(e);
    const char* ccats[] = {texts[0].c_str(), texts[1].c_str()};
    const char* catts[] = {texts[2].c_str()};
    const int code = segcore_profile_store_add_event(c, "c1", 86400, 10, nullptr, ccats, 2, catts, 1, numerics, 2);
    const std::string c_message = segcore_last_error_message();
    CAPTURE(trial);
    CHECK(cpp.ok() == (fault == 0));
    CHECK((code == SEGCORE_OK) == (fault == 0));
    CHECK(store.events() == (fault == 0 ? 1u : 0u));  // a refused event leaves no trace
    if (fault != 0) {
      CHECK(code == SEGCORE_EINVAL);
      CHECK(cpp.code() == absl::StatusCode::kInvalidArgument);
      const std::string what = fault == 1 ? (slot < 2 ? absl::StrCat("categories[", slot, "] is not valid UTF-8")
                                                      : std::string("attributes[0] is not valid UTF-8"))
                                          : absl::StrCat("numerics[", slot % 2, "] is infinite");
      CHECK_MESSAGE(contains(cpp.message(), absl::StrCat("ProfileStore::add: ", what)), std::string(cpp.message()));
      CHECK_MESSAGE(c_message == absl::StrCat("segcore_profile_store_add_event: ", what), c_message);
    }
    segcore_profile_store_destroy(c);
  }
}

TEST_CASE("same contract: add_category, add_attribute and add_numeric refuse what the C calls refuse") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 1 + rng() % 9;
    std::vector<std::int64_t> cust(n), ts(n);
    std::vector<double> amt(n, 1.0);
    for (std::size_t i = 0; i < n; ++i)
      cust[i] = static_cast<std::int64_t>(rng() % 4), ts[i] = 86400 * static_cast<std::int64_t>(i + 1);
    auto table = events_from_arrays(cust, ts, amt);
    REQUIRE(table.ok());
    segcore_events* c = nullptr;
    REQUIRE(segcore_events_from_arrays(&c, cust.data(), ts.data(), amt.data(), nullptr, n) == SEGCORE_OK);

    // Labels: distinct valid texts, or with one fault: invalid UTF-8 (1), a repeat (2), a code
    // out of range (3); numbers: one infinite (4).
    const int fault = trial % 5;
    const std::size_t n_labels = 2 + rng() % 4;
    std::vector<std::string> labels;
    for (std::size_t k = 0; k < n_labels; ++k) labels.push_back(absl::StrCat(valid_text(rng), "#", k));
    const std::size_t bad = rng() % n_labels;
    if (fault == 1) labels[bad] = invalid_text(rng);
    if (fault == 2 && bad > 0) labels[bad] = labels[bad - 1];
    if (fault == 2 && bad == 0) labels[0] = labels[1];
    std::vector<std::uint32_t> codes(n);
    for (auto& x : codes) x = static_cast<std::uint32_t>(rng() % n_labels);
    if (fault == 3) codes[rng() % n] = static_cast<std::uint32_t>(n_labels + rng() % 3);
    std::vector<double> values(n);
    for (auto& v : values) v = random_numeric(rng, false);
    if (fault == 4) values[rng() % n] = random_numeric(rng, true);

    const std::vector<absl::string_view> views(labels.begin(), labels.end());
    std::vector<const char*> clabels;
    for (const auto& l : labels) clabels.push_back(l.c_str());
    const bool labels_ok = fault == 0 || fault == 4;
    CAPTURE(trial);
    const bool as_attribute = rng() % 2;
    const Status cpp =
        as_attribute ? add_attribute(*table, "extra", codes, views) : add_category(*table, "extra", codes, views);
    const int code = as_attribute ? segcore_events_add_attribute(c, "extra", codes.data(), n, clabels.data(), n_labels)
                                  : segcore_events_add_category(c, "extra", codes.data(), n, clabels.data(), n_labels);
    CHECK(cpp.ok() == labels_ok);
    CHECK((code == SEGCORE_OK) == labels_ok);
    CHECK((as_attribute ? table->attributes.size() : table->categories.size()) == (labels_ok ? 1u : 0u));
    if (!labels_ok) {
      // The same message after the caller's name.
      const std::string c_message = segcore_last_error_message();
      const std::string prefix = as_attribute ? "segcore_events_add_attribute: " : "segcore_events_add_category: ";
      const std::string cpp_prefix = as_attribute ? "add_attribute: " : "add_category: ";
      REQUIRE(c_message.rfind(prefix, 0) == 0);
      CHECK(std::string(cpp.message()) == cpp_prefix + c_message.substr(prefix.size()));
    }
    const Status num = add_numeric(*table, "number", values);
    const int num_code = segcore_events_add_numeric(c, "number", values.data(), n);
    CHECK(num.ok() == (fault != 4));
    CHECK((num_code == SEGCORE_OK) == (fault != 4));
    if (fault == 4) CHECK(contains(num.message(), "is infinite"));
    // A second column of the same name is refused by both.
    if (fault != 4) {
      CHECK(!add_numeric(*table, "number", values).ok());
      CHECK(segcore_events_add_numeric(c, "number", values.data(), n) == SEGCORE_EINVAL);
    }
    segcore_events_destroy(c);
  }
}
