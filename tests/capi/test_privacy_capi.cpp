#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "segcore_privacy.h"

namespace {

std::string last() { return segcore_last_error_message(); }
bool says(const char* what) { return last().find(what) != std::string::npos; }

}  // namespace

TEST_CASE("capi privacy: erasure codes, counts and bad arguments") {
  segcore_profile_store* st = nullptr;
  REQUIRE(segcore_profile_store_create(&st, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(st, "a", 0, 5, "o1") == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(st, "a", 10, 5, "o1") == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(st, "b", 20, 1, nullptr) == SEGCORE_OK);
  uint64_t events = 0, orders = 0, values = 9;
  CHECK(segcore_profile_store_erase(st, "a", &events, &orders, &values) == SEGCORE_OK);
  CHECK(events == 2);
  CHECK(orders == 1);
  CHECK(values == 0);
  uint64_t left = 0;
  CHECK(segcore_profile_store_n_events(st, &left) == SEGCORE_OK);
  CHECK(left == 1);
  CHECK(segcore_profile_store_erase(st, "a", nullptr, nullptr, nullptr) == SEGCORE_ENOTFOUND);
  CHECK(says("no customer 'a'"));
  CHECK(segcore_profile_store_erase(nullptr, "a", nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
  CHECK(says("store is NULL"));
  CHECK(segcore_profile_store_erase(st, nullptr, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
  segcore_profile_store_destroy(st);

  segcore_identity* id = nullptr;
  REQUIRE(segcore_identity_create(&id, "44") == SEGCORE_OK);
  const int32_t kinds[2] = {SEGCORE_ID_EMAIL, SEGCORE_ID_PHONE};
  const char* ann[2] = {"ann@example.com", "07700 900123"};
  const char* ann2[2] = {"x@y", "+447700900123"};  // a rejected email, Ann's phone
  const char* bob[1] = {"bob@example.com"};
  REQUIRE(segcore_identity_add_record(id, kinds, ann, 2, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_identity_add_record(id, kinds, ann2, 2, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_identity_add_record(id, kinds, bob, 1, nullptr) == SEGCORE_OK);
  uint32_t customer[3];
  size_t n_customers = 0, n = 0;
  REQUIRE(segcore_identity_resolve(id, customer, 3, &n_customers) == SEGCORE_OK);
  CHECK(segcore_identity_n_links(id, &n) == SEGCORE_OK);
  CHECK(n == 1);
  CHECK(segcore_identity_n_rejected(id, &n) == SEGCORE_OK);
  CHECK(n == 1);
  uint64_t records = 0, identifiers = 0, links = 0, rejected = 0;
  CHECK(segcore_identity_erase(id, SEGCORE_ID_PHONE, "+44 7700 900123", &records, &identifiers, &links, &rejected) ==
        SEGCORE_OK);
  CHECK(records == 2);
  CHECK(identifiers == 2);
  CHECK(links == 1);
  CHECK(rejected == 1);
  // The links and rejections read through the handle are gone at once, without a new resolve.
  CHECK(segcore_identity_n_links(id, &n) == SEGCORE_OK);
  CHECK(n == 0);
  CHECK(segcore_identity_n_rejected(id, &n) == SEGCORE_OK);
  CHECK(n == 0);
  REQUIRE(segcore_identity_resolve(id, customer, 3, &n_customers) == SEGCORE_OK);
  CHECK(customer[0] == SEGCORE_IDENTITY_ERASED);
  CHECK(customer[1] == SEGCORE_IDENTITY_ERASED);
  CHECK(customer[2] == 0);
  CHECK(n_customers == 1);
  CHECK(segcore_identity_erase(id, SEGCORE_ID_EMAIL, "ann@example.com", nullptr, nullptr, nullptr, nullptr) ==
        SEGCORE_ENOTFOUND);
  CHECK(segcore_identity_erase(id, SEGCORE_ID_EMAIL, "not an email", nullptr, nullptr, nullptr, nullptr) ==
        SEGCORE_EINVAL);
  CHECK(segcore_identity_erase(id, 7, "x", nullptr, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
  CHECK(says("SEGCORE_ID_"));
  CHECK(segcore_identity_erase(id, SEGCORE_ID_CRM, nullptr, nullptr, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_identity_erase_record(id, 0, nullptr, nullptr, nullptr, nullptr) == SEGCORE_ENOTFOUND);
  CHECK(says("already erased"));
  CHECK(segcore_identity_erase_record(id, 3, nullptr, nullptr, nullptr, nullptr) == SEGCORE_ENOTFOUND);
  CHECK(segcore_identity_erase_record(id, 2, &records, nullptr, nullptr, nullptr) == SEGCORE_OK);
  CHECK(records == 1);
  CHECK(segcore_identity_erase_record(nullptr, 2, nullptr, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);
  segcore_identity_destroy(id);

  segcore_event_triggers* et = nullptr;
  REQUIRE(segcore_event_triggers_parse(&et, "trigger t to Seen: count(*) >= 1 within 1 days", nullptr, 0) ==
          SEGCORE_OK);
  segcore_stream_event e{};
  e.struct_size = sizeof e;
  e.customer = "x";
  REQUIRE(segcore_event_triggers_add(et, &e, nullptr, nullptr, nullptr) == SEGCORE_OK);  // move kept pending
  uint64_t dropped = 0, customers = 9, pending = 9;
  CHECK(segcore_event_triggers_erase(et, "x", &dropped) == SEGCORE_OK);
  CHECK(dropped == 1);
  CHECK(segcore_event_triggers_counts(et, nullptr, nullptr, &customers, &pending) == SEGCORE_OK);
  CHECK(customers == 0);
  CHECK(pending == 0);
  CHECK(segcore_event_triggers_erase(et, "x", nullptr) == SEGCORE_ENOTFOUND);
  CHECK(segcore_event_triggers_erase(et, nullptr, nullptr) == SEGCORE_EINVAL);
  segcore_event_triggers_destroy(et);
  CHECK(segcore_segment_tracker_erase(nullptr, "x") == SEGCORE_EINVAL);
  CHECK(segcore_triggers_erase(nullptr, "x") == SEGCORE_EINVAL);
}

TEST_CASE("capi privacy: pseudonyms into a caller's buffer") {
  const uint8_t key[4] = {'J', 'e', 'f', 'e'};
  const char* data[3] = {"what do ya want for nothing?", nullptr, ""};
  std::vector<char> out(3 * SEGCORE_PSEUDONYM_SIZE, 'x');
  size_t rejected = 9;
  if (!segcore_pseudonyms_available()) {
    CHECK(segcore_pseudonymize_identifiers(key, 4, SEGCORE_ID_RAW, nullptr, data, 3, 1, out.data(), out.size(),
                                           &rejected) == SEGCORE_EUNSUPPORTED);
    return;
  }
  REQUIRE_MESSAGE(segcore_pseudonymize_identifiers(key, 4, SEGCORE_ID_RAW, nullptr, data, 3, 1, out.data(), out.size(),
                                                   &rejected) == SEGCORE_OK,
                  last());
  CHECK(std::string(out.data()) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(std::string(out.data() + SEGCORE_PSEUDONYM_SIZE).empty());           // NULL: empty
  CHECK(std::string(out.data() + 2 * SEGCORE_PSEUDONYM_SIZE).size() == 64);  // "" as given is hashed
  CHECK(rejected == 0);

  const char* phones[3] = {"07700 900123", "12", "  "};
  REQUIRE(segcore_pseudonymize_identifiers(key, 4, SEGCORE_ID_PHONE, "44", phones, 3, 2, out.data(), out.size(),
                                           &rejected) == SEGCORE_OK);
  CHECK(rejected == 1);
  CHECK(std::string(out.data()).size() == 64);
  CHECK(out[SEGCORE_PSEUDONYM_SIZE] == 0);
  CHECK(out[2 * SEGCORE_PSEUDONYM_SIZE] == 0);

  CHECK(segcore_pseudonymize_identifiers(key, 4, SEGCORE_ID_RAW, nullptr, data, 3, 1, out.data(), out.size() - 1,
                                         nullptr) == SEGCORE_ERANGE);
  CHECK(says("SEGCORE_PSEUDONYM_SIZE"));
  CHECK(segcore_pseudonymize_identifiers(key, 0, SEGCORE_ID_RAW, nullptr, data, 3, 1, out.data(), out.size(),
                                         nullptr) == SEGCORE_EINVAL);
  CHECK(says("key"));
  CHECK(segcore_pseudonymize_identifiers(nullptr, 4, SEGCORE_ID_RAW, nullptr, data, 3, 1, out.data(), out.size(),
                                         nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_pseudonymize_identifiers(key, 4, 9, nullptr, data, 3, 1, out.data(), out.size(), nullptr) ==
        SEGCORE_EINVAL);
  CHECK(segcore_pseudonymize_identifiers(key, 4, SEGCORE_ID_RAW, nullptr, nullptr, 3, 1, out.data(), out.size(),
                                         nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_pseudonymize_identifiers(key, 4, SEGCORE_ID_RAW, nullptr, data, 3, -1, out.data(), out.size(),
                                         nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_pseudonymize_identifiers(key, 4, SEGCORE_ID_RAW, nullptr, nullptr, 0, 1, nullptr, 0, nullptr) ==
        SEGCORE_OK);

  // A pseudonymised resolver links equal pseudonyms and never normalises them.
  segcore_identity* id = nullptr;
  REQUIRE(segcore_identity_create_pseudonymised(&id) == SEGCORE_OK);
  const int32_t kind[1] = {SEGCORE_ID_PHONE};
  const char* v[1] = {out.data()};
  REQUIRE(segcore_identity_add_record(id, kind, v, 1, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_identity_add_record(id, kind, v, 1, nullptr) == SEGCORE_OK);
  uint32_t customer[2];
  size_t n_customers = 0, n_rejected = 9;
  REQUIRE(segcore_identity_resolve(id, customer, 2, &n_customers) == SEGCORE_OK);
  CHECK(n_customers == 1);
  CHECK(segcore_identity_n_rejected(id, &n_rejected) == SEGCORE_OK);
  CHECK(n_rejected == 0);
  segcore_identity_destroy(id);
  CHECK(segcore_identity_create_pseudonymised(nullptr) == SEGCORE_EINVAL);
}

TEST_CASE("capi privacy: opt-out lists on an event table") {
  const int64_t cust[5] = {1, 2, 1, 3, 2};
  const int64_t when[5] = {0, 1, 2, 3, 4};
  const double amt[5] = {1, 2, 3, 4, 5};
  segcore_events* ev = nullptr;
  REQUIRE(segcore_events_from_arrays(&ev, cust, when, amt, nullptr, 5) == SEGCORE_OK);
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "segcore_capi_opt_out.txt";
  { std::ofstream(path) << "# ids\n2\n\n7\n"; }
  uint64_t customers = 0, rows = 0;
  CHECK(segcore_events_exclude_customers_file(ev, path.c_str(), &customers, &rows) == SEGCORE_OK);
  CHECK(customers == 1);
  CHECK(rows == 2);
  size_t n = 0;
  CHECK(segcore_events_n_rows(ev, &n) == SEGCORE_OK);
  CHECK(n == 3);
  const char* ids[2] = {"3", nullptr};
  CHECK(segcore_events_exclude_customers(ev, ids, 2, nullptr, nullptr) == SEGCORE_EINVAL);
  CHECK(says("ids[1] is NULL"));
  CHECK(segcore_events_exclude_customers(ev, ids, 1, &customers, &rows) == SEGCORE_OK);
  CHECK(customers == 1);
  CHECK(rows == 1);
  CHECK(segcore_events_n_customers(ev, &n) == SEGCORE_OK);
  CHECK(n == 1);
  segcore_profiles* p = nullptr;
  REQUIRE(segcore_profiles_build(&p, ev, nullptr) == SEGCORE_OK);
  char name[16];
  CHECK(segcore_profiles_customer_id(p, 0, name, sizeof name, nullptr) == SEGCORE_OK);
  CHECK(std::string(name) == "1");
  segcore_profiles_destroy(p);
  std::filesystem::remove(path);
  CHECK(segcore_events_exclude_customers_file(ev, path.c_str(), nullptr, nullptr) == SEGCORE_ENOTFOUND);
  CHECK(says("no such file"));
  CHECK(segcore_events_exclude_customers_file(nullptr, "x", nullptr, nullptr) == SEGCORE_EINVAL);
  segcore_events_destroy(ev);
}
