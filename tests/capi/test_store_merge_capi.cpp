// The C ABI of profile-store merging and byte forms: two halves merged (directly, after bytes
// and after a file) equal one store; bad input gets codes and changes nothing.
#include <doctest/doctest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "segcore_model.h"

namespace {

struct Row {
  const char* customer;
  int64_t time;
  double amount;
  const char* order;
};
// Order o2 is split between the halves; customer c appears only in the second.
const Row kRows[] = {{"a", 1000, 10, "o1"}, {"b", 2000, 5, nullptr}, {"a", 90000, 7, "o2"},
                     {"a", 90100, 3, "o2"}, {"c", 95000, 4, "o3"},   {"b", 99000, -5, nullptr}};

segcore_profile_store* store_of(int begin, int end) {
  segcore_profile_store* s = nullptr;
  REQUIRE(segcore_profile_store_create(&s, nullptr) == SEGCORE_OK);
  for (int i = begin; i < end; ++i)
    REQUIRE(segcore_profile_store_add(s, kRows[i].customer, kRows[i].time, kRows[i].amount, kRows[i].order) ==
            SEGCORE_OK);
  return s;
}

std::vector<unsigned char> bytes_of(const segcore_profile_store* s) {
  size_t size = 0;
  REQUIRE(segcore_profile_store_to_bytes(s, nullptr, 0, &size) == SEGCORE_OK);
  std::vector<unsigned char> b(size);
  REQUIRE(segcore_profile_store_to_bytes(s, b.data(), b.size(), &size) == SEGCORE_OK);
  return b;
}

std::vector<double> monetary(const segcore_profile_store* s) {
  segcore_profiles* p = nullptr;
  REQUIRE(segcore_profile_store_snapshot(s, &p, 0, 0) == SEGCORE_OK);
  size_t n = 0;
  REQUIRE(segcore_profiles_n_customers(p, &n) == SEGCORE_OK);
  std::vector<double> m(n);
  REQUIRE(segcore_profiles_get_f64(p, "monetary", m.data(), n) == SEGCORE_OK);
  segcore_profiles_destroy(p);
  return m;
}

}  // namespace

TEST_CASE("capi: profile stores merge, travel as bytes and files, and equal one store") {
  segcore_profile_store* whole = store_of(0, 6);
  const std::vector<unsigned char> expected = bytes_of(whole);
  segcore_profile_store* first = store_of(0, 3);
  segcore_profile_store* second = store_of(3, 6);
  REQUIRE(segcore_profile_store_merge(first, second) == SEGCORE_OK);
  CHECK(bytes_of(first) == expected);
  CHECK(monetary(first) == monetary(whole));
  CHECK(monetary(first) == std::vector<double>{20, 0, 4});

  segcore_profile_store* copy = nullptr;
  REQUIRE(segcore_profile_store_from_bytes(&copy, expected.data(), expected.size()) == SEGCORE_OK);
  CHECK(bytes_of(copy) == expected);
  const std::string path = "segcore_test_store_merge_capi.bin";
  REQUIRE(segcore_profile_store_save(copy, path.c_str()) == SEGCORE_OK);
  segcore_profile_store* loaded = nullptr;
  REQUIRE(segcore_profile_store_load(&loaded, path.c_str()) == SEGCORE_OK);
  CHECK(bytes_of(loaded) == expected);
  std::remove(path.c_str());
  int32_t kind = 0;
  REQUIRE(segcore_model_info(expected.data(), expected.size(), &kind, nullptr, nullptr) == SEGCORE_OK);
  CHECK(kind == SEGCORE_MODEL_PROFILE_STORE);

  // Bad input: codes, messages, nothing changed.
  CHECK(segcore_profile_store_merge(first, first) == SEGCORE_EINVAL);
  CHECK(segcore_profile_store_merge(nullptr, second) == SEGCORE_EINVAL);
  CHECK(segcore_profile_store_merge(first, nullptr) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()).find("other") != std::string::npos);
  segcore_profile_store* schema = nullptr;
  const char* cats[] = {"channel"};
  REQUIRE(segcore_profile_store_create_with_schema(&schema, nullptr, cats, 1, nullptr, 0, nullptr, 0) == SEGCORE_OK);
  CHECK(segcore_profile_store_merge(first, schema) == SEGCORE_EINVAL);
  size_t names = 9;
  CHECK(segcore_profile_store_schema_size(schema, SEGCORE_SCHEMA_CATEGORY, &names) == SEGCORE_OK);
  CHECK(names == 1);
  CHECK(segcore_profile_store_schema_size(schema, SEGCORE_SCHEMA_NUMERIC, &names) == SEGCORE_OK);
  CHECK(names == 0);
  CHECK(segcore_profile_store_schema_size(schema, 3, &names) == SEGCORE_EINVAL);
  char name[16];
  CHECK(segcore_profile_store_schema_name(schema, SEGCORE_SCHEMA_CATEGORY, 0, name, sizeof name, nullptr) ==
        SEGCORE_OK);
  CHECK(std::string(name) == "channel");
  CHECK(segcore_profile_store_schema_name(schema, SEGCORE_SCHEMA_CATEGORY, 1, name, sizeof name, nullptr) ==
        SEGCORE_ERANGE);
  CHECK(bytes_of(first) == expected);
  std::vector<unsigned char> bad = expected;
  bad[bad.size() / 2] ^= 1;
  segcore_profile_store* none = whole;
  CHECK(segcore_profile_store_from_bytes(&none, bad.data(), bad.size()) == SEGCORE_ECORRUPT);
  CHECK(none == nullptr);
  CHECK(segcore_profile_store_from_bytes(&none, nullptr, 3) == SEGCORE_EINVAL);
  size_t size = 0;
  std::vector<unsigned char> small(4);
  CHECK(segcore_profile_store_to_bytes(first, small.data(), small.size(), &size) == SEGCORE_ERANGE);
  CHECK(size == expected.size());

  // A whole table at once equals the rows one by one.
  const int64_t ids[] = {1, 2, 1}, times[] = {1000, 2000, 90000}, orders[] = {5, 6, 5};
  const double amounts[] = {10, 5, 7};
  segcore_events* ev = nullptr;
  REQUIRE(segcore_events_from_arrays(&ev, ids, times, amounts, orders, 3) == SEGCORE_OK);
  segcore_profile_store* table = nullptr;
  REQUIRE(segcore_profile_store_create(&table, nullptr) == SEGCORE_OK);
  int64_t latest = 0;
  CHECK(segcore_profile_store_latest_event(table, &latest) == SEGCORE_ENOTFITTED);
  REQUIRE(segcore_profile_store_add_events(table, ev) == SEGCORE_OK);
  CHECK(segcore_profile_store_latest_event(table, &latest) == SEGCORE_OK);
  CHECK(latest == 90000);
  CHECK(monetary(table) == std::vector<double>{17, 5});
  CHECK(segcore_profile_store_add_events(schema, ev) == SEGCORE_EINVAL);
  CHECK(segcore_profile_store_add_events(table, nullptr) == SEGCORE_EINVAL);
  segcore_events_destroy(ev);

  // Text ids through labels: the same store as the rows added one by one.
  const uint32_t cust_codes[] = {1, 0, 1, 1, 2, 0}, order_codes[] = {0, 1, 2, 2, 3, 4};
  const char* cust_labels[] = {"b", "a", "c", "unused"};
  const char* order_labels[] = {"o1", "b-1", "o2", "o3", "b-2"};
  const int64_t row_times[] = {1000, 2000, 90000, 90100, 95000, 99000};
  const double row_amounts[] = {10, 5, 7, 3, 4, -5};
  segcore_events* labelled = nullptr;
  REQUIRE(segcore_events_from_labels(&labelled, cust_codes, cust_labels, 4, row_times, row_amounts, order_codes,
                                     order_labels, 5, 6) == SEGCORE_OK);
  size_t n_customers = 0;
  CHECK(segcore_events_n_customers(labelled, &n_customers) == SEGCORE_OK);
  CHECK(n_customers == 3);  // the unused label is dropped
  segcore_profile_store* by_table = nullptr;
  REQUIRE(segcore_profile_store_create(&by_table, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add_events(by_table, labelled) == SEGCORE_OK);
  CHECK(monetary(by_table) == monetary(whole));  // a: 10 + 10, b: 5 - 5, c: 4, in that order
  segcore_events_destroy(labelled);
  const char* empty_label[] = {"a", ""};
  const char* twice[] = {"a", "a"};
  const uint32_t codes2[] = {0, 1}, past[] = {0, 2};
  const int64_t t2[] = {1, 2};
  const double a2[] = {1, 2};
  segcore_events* bad_ev = nullptr;
  CHECK(segcore_events_from_labels(&bad_ev, codes2, empty_label, 2, t2, a2, nullptr, nullptr, 0, 2) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()).find("empty") != std::string::npos);
  CHECK(segcore_events_from_labels(&bad_ev, codes2, twice, 2, t2, a2, nullptr, nullptr, 0, 2) == SEGCORE_EINVAL);
  CHECK(segcore_events_from_labels(&bad_ev, past, twice, 1, t2, a2, nullptr, nullptr, 0, 2) == SEGCORE_EINVAL);
  CHECK(segcore_events_from_labels(&bad_ev, codes2, nullptr, 2, t2, a2, nullptr, nullptr, 0, 2) == SEGCORE_EINVAL);
  CHECK(bad_ev == nullptr);

  for (segcore_profile_store* s : {whole, first, second, copy, loaded, schema, table, by_table})
    segcore_profile_store_destroy(s);
}

TEST_CASE("capi: a table split by customer gives stores whose customers are the whole's") {
  // Customers a, b, c over three parts: each part's store holds whole customers, so the
  // monetary values of all parts together are the whole table's.
  const uint32_t cust_codes[] = {0, 1, 0, 0, 2, 1};
  const char* cust_labels[] = {"a", "b", "c"};
  const int64_t times[] = {1000, 2000, 90000, 90100, 95000, 99000};
  const double amounts[] = {10, 5, 7, 3, 4, -5};
  segcore_events* ev = nullptr;
  REQUIRE(segcore_events_from_labels(&ev, cust_codes, cust_labels, 3, times, amounts, nullptr, nullptr, 0, 6) ==
          SEGCORE_OK);
  for (size_t n_parts : {1u, 2u, 3u, 8u}) {
    CAPTURE(n_parts);
    std::vector<segcore_events*> parts(n_parts);
    REQUIRE(segcore_events_split(ev, n_parts, parts.data()) == SEGCORE_OK);
    double total = 0;
    size_t rows = 0, customers = 0;
    for (segcore_events* part : parts) {
      size_t n = 0;
      REQUIRE(segcore_events_n_rows(part, &n) == SEGCORE_OK);
      rows += n;
      if (n == 0) {
        segcore_events_destroy(part);
        continue;
      }
      segcore_profile_store* s = nullptr;
      REQUIRE(segcore_profile_store_create(&s, nullptr) == SEGCORE_OK);
      REQUIRE(segcore_profile_store_add_events(s, part) == SEGCORE_OK);
      for (double m : monetary(s)) total += m, ++customers;
      segcore_profile_store_destroy(s);
      segcore_events_destroy(part);
    }
    CHECK(rows == 6);
    CHECK(customers == 3);
    CHECK(total == 24.0);
  }
  segcore_events* parts[2] = {ev, ev};
  CHECK(segcore_events_split(ev, 0, parts) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()).find("segcore_events_split: n_parts is 0") != std::string::npos);
  CHECK(segcore_events_split(nullptr, 2, parts) == SEGCORE_EINVAL);
  CHECK((parts[0] == nullptr && parts[1] == nullptr));
  CHECK(segcore_events_split(ev, 2, nullptr) == SEGCORE_EINVAL);
  segcore_events_destroy(ev);
}

TEST_CASE("capi: a split's first rows and labels name each customer's first row in the whole table") {
  // Customers b, a, c, d appear first at rows 0, 1, 3, 6; every split lists each part's
  // customers in their order with those rows, and the labels end to end.
  const uint32_t cust_codes[] = {0, 1, 0, 2, 1, 2, 3, 0};
  const char* cust_labels[] = {"b", "a", "cc", "ddd"};
  const int64_t times[] = {1, 2, 3, 4, 5, 6, 7, 8};
  const double amounts[] = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::map<std::string, uint64_t> first = {{"b", 0}, {"a", 1}, {"cc", 3}, {"ddd", 6}};
  segcore_events* ev = nullptr;
  REQUIRE(segcore_events_from_labels(&ev, cust_codes, cust_labels, 4, times, amounts, nullptr, nullptr, 0, 8) ==
          SEGCORE_OK);
  size_t length = 0;
  uint64_t ends[4] = {};
  REQUIRE(segcore_events_customer_labels(ev, nullptr, 0, ends, &length) == SEGCORE_OK);
  CHECK(length == 7);
  CHECK((ends[0] == 1 && ends[1] == 2 && ends[2] == 4 && ends[3] == 7));
  char text[7];
  REQUIRE(segcore_events_customer_labels(ev, text, 7, nullptr, &length) == SEGCORE_OK);
  CHECK(std::string(text, 7) == "baccddd");
  char few[3] = {'x', 'x', 'x'};
  REQUIRE(segcore_events_customer_labels(ev, few, 2, nullptr, &length) == SEGCORE_OK);
  CHECK((length == 7 && std::string(few, 3) == "bax"));
  for (size_t n_parts : {1u, 2u, 3u, 5u}) {
    CAPTURE(n_parts);
    std::vector<segcore_events*> parts(n_parts);
    std::vector<uint64_t> rows(4, 99);
    REQUIRE(segcore_events_split_first_rows(ev, n_parts, parts.data(), rows.data(), rows.size()) == SEGCORE_OK);
    size_t at = 0;
    for (segcore_events* part : parts) {
      size_t n = 0, bytes = 0;
      REQUIRE(segcore_events_n_customers(part, &n) == SEGCORE_OK);
      std::vector<uint64_t> part_ends(n);
      REQUIRE(segcore_events_customer_labels(part, nullptr, 0, part_ends.data(), &bytes) == SEGCORE_OK);
      std::string ids(bytes, '\0');
      REQUIRE(segcore_events_customer_labels(part, ids.data(), bytes, nullptr, &bytes) == SEGCORE_OK);
      for (size_t c = 0; c < n; ++c) {
        const std::string id = ids.substr(c ? part_ends[c - 1] : 0, part_ends[c] - (c ? part_ends[c - 1] : 0));
        CAPTURE(id);
        REQUIRE(first.count(id) == 1);
        CHECK(rows[at + c] == first.at(id));
        if (c > 0) CHECK(rows[at + c - 1] < rows[at + c]);  // the part's order is first appearance
      }
      at += n;
      segcore_events_destroy(part);
    }
    CHECK(at == 4);
  }
  segcore_events* parts[2] = {ev, ev};
  uint64_t rows[4];
  CHECK(segcore_events_split_first_rows(ev, 2, parts, rows, 3) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()).find("n_first_rows is 3; the table has 4 customers") !=
        std::string::npos);
  CHECK((parts[0] == nullptr && parts[1] == nullptr));
  CHECK(segcore_events_split_first_rows(ev, 2, parts, nullptr, 4) == SEGCORE_EINVAL);
  CHECK(segcore_events_split_first_rows(ev, 0, parts, rows, 4) == SEGCORE_EINVAL);
  CHECK(segcore_events_split_first_rows(nullptr, 2, parts, rows, 4) == SEGCORE_EINVAL);
  CHECK(segcore_events_customer_labels(ev, nullptr, 1, nullptr, &length) == SEGCORE_EINVAL);
  CHECK(segcore_events_customer_labels(ev, nullptr, 0, nullptr, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_events_customer_labels(nullptr, nullptr, 0, nullptr, &length) == SEGCORE_EINVAL);
  segcore_events_destroy(ev);
}
