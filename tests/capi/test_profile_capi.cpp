#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <algorithm>
#include <string>
#include <vector>

#include "segcore_profile.h"

namespace {

std::string last() { return segcore_last_error_message(); }

segcore_csv_options retail_options() {
  segcore_csv_options o;
  REQUIRE(segcore_csv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.customer_col = "CustomerID";
  o.timestamp_col = "InvoiceDate";
  o.amount_col = nullptr;
  o.quantity_col = "Quantity";
  o.price_col = "UnitPrice";
  o.order_col = "InvoiceNo";
  o.n_threads = 2;
  return o;
}

}  // namespace

TEST_CASE("capi: CSV to profiles to RFM on the sample, and the store agrees") {
  segcore_csv_options o = retail_options();
  segcore_events* ev = nullptr;
  REQUIRE_MESSAGE(segcore_events_read_csv(&ev, SEGCORE_DATA_DIR "/online_retail_sample.csv", &o) == SEGCORE_OK, last());
  size_t rows = 0, customers = 0;
  CHECK(segcore_events_n_rows(ev, &rows) == SEGCORE_OK);
  CHECK(segcore_events_n_customers(ev, &customers) == SEGCORE_OK);
  CHECK(rows == 19292);
  CHECK(customers == 220);
  segcore_ingest_summary sum;
  sum.struct_size = sizeof sum;
  CHECK(segcore_events_ingest_summary(ev, &sum) == SEGCORE_OK);
  CHECK(sum.records == 19292);
  size_t len = 0;
  CHECK(segcore_events_report_text(ev, nullptr, 0, &len) == SEGCORE_OK);
  std::string report(len + 1, '\0');
  CHECK(segcore_events_report_text(ev, report.data(), report.size(), &len) == SEGCORE_OK);
  CHECK(report.find("records: 19292") == 0);

  segcore_profiles* prof = nullptr;
  REQUIRE(segcore_profiles_build(&prof, ev, nullptr) == SEGCORE_OK);
  size_t n = 0, ncol = 0;
  CHECK(segcore_profiles_n_customers(prof, &n) == SEGCORE_OK);
  CHECK(segcore_profiles_n_columns(prof, &ncol) == SEGCORE_OK);
  CHECK(n == 220);
  std::vector<double> monetary(n);
  CHECK(segcore_profiles_get_f64(prof, "monetary", monetary.data(), n) == SEGCORE_OK);
  std::vector<int64_t> freq(n);
  CHECK(segcore_profiles_get_i64(prof, "frequency", freq.data(), n) == SEGCORE_OK);
  CHECK(segcore_profiles_get_i64(prof, "monetary", freq.data(), n) == SEGCORE_EINVAL);
  CHECK(segcore_profiles_get_f64(prof, "monetary", monetary.data(), n - 1) == SEGCORE_ERANGE);
  // Every column: its type decides which getter reads it, and the validity mask agrees with
  // the getter's missing values (NaN for numbers, 0 for integers and timestamps).
  int missing_seen = 0;
  for (size_t j = 0; j < ncol; ++j) {
    char col[128];
    REQUIRE(segcore_profiles_column_name(prof, j, col, sizeof col, nullptr) == SEGCORE_OK);
    CAPTURE(col);
    int32_t type = -1;
    REQUIRE(segcore_profiles_column_type(prof, j, &type) == SEGCORE_OK);
    std::vector<uint8_t> valid(n, 7);
    REQUIRE(segcore_profiles_get_valid(prof, col, valid.data(), n) == SEGCORE_OK);
    for (uint8_t v : valid) CHECK((v == 0 || v == 1));
    missing_seen += static_cast<int>(std::count(valid.begin(), valid.end(), 0));
    std::vector<double> as_f64(n);
    std::vector<int64_t> as_i64(n);
    if (type == SEGCORE_COLUMN_F64) {
      REQUIRE(segcore_profiles_get_f64(prof, col, as_f64.data(), n) == SEGCORE_OK);
      for (size_t i = 0; i < n; ++i) CHECK((valid[i] == 0) == std::isnan(as_f64[i]));
    } else if (type == SEGCORE_COLUMN_I64 || type == SEGCORE_COLUMN_TIMESTAMP) {
      REQUIRE(segcore_profiles_get_i64(prof, col, as_i64.data(), n) == SEGCORE_OK);
      for (size_t i = 0; i < n; ++i)
        if (valid[i] == 0) CHECK(as_i64[i] == 0);
      CHECK(segcore_profiles_get_f64(prof, col, as_f64.data(), n) == SEGCORE_OK);
    } else {
      REQUIRE(type == SEGCORE_COLUMN_TEXT);
      CHECK(segcore_profiles_get_f64(prof, col, as_f64.data(), n) == SEGCORE_EINVAL);
      CHECK(segcore_profiles_get_i64(prof, col, as_i64.data(), n) == SEGCORE_EINVAL);
    }
  }
  CHECK(missing_seen > 0);  // the sample has customers without some values
  int32_t type = 0;
  CHECK(segcore_profiles_column_type(prof, ncol, &type) == SEGCORE_ERANGE);
  std::vector<uint8_t> valid(n);
  CHECK(segcore_profiles_get_valid(prof, "no_such_column", valid.data(), n) == SEGCORE_ENOTFOUND);
  CHECK(segcore_profiles_get_valid(prof, "monetary", valid.data(), n - 1) == SEGCORE_ERANGE);

  segcore_rfm* rfm = nullptr;
  segcore_rfm_options ro;
  REQUIRE(segcore_rfm_options_init(&ro, sizeof ro) == SEGCORE_OK);
  ro.mode = SEGCORE_RFM_RANK;
  REQUIRE_MESSAGE(segcore_rfm_score(&rfm, prof, &ro) == SEGCORE_OK, last());
  std::vector<int32_t> r(n), f(n), m(n), seg(n);
  CHECK(segcore_rfm_get_scores(rfm, r.data(), f.data(), m.data(), n) == SEGCORE_OK);
  CHECK(segcore_rfm_get_segments(rfm, seg.data(), n) == SEGCORE_OK);
  double edges[4];
  CHECK(segcore_rfm_get_edges(rfm, edges, nullptr, nullptr, 4) == SEGCORE_OK);
  size_t n_seg = 0;
  CHECK(segcore_rfm_n_segments(rfm, &n_seg) == SEGCORE_OK);
  uint64_t total = 0;
  for (size_t k = 0; k < n_seg; ++k) {
    segcore_segment_summary s;
    s.struct_size = sizeof s;
    REQUIRE(segcore_rfm_segment_summary(rfm, k, &s) == SEGCORE_OK);
    total += s.customers;
  }
  CHECK(total == n);
  char name[32];
  CHECK(segcore_rfm_segment_name(rfm, 0, name, sizeof name, nullptr) == SEGCORE_OK);
  CHECK(std::string(name) == "Champions");

  // The same events through the C store give the same monetary column.
  segcore_profile_store* store = nullptr;
  REQUIRE(segcore_profile_store_create(&store, nullptr) == SEGCORE_OK);
  CHECK(segcore_profile_store_add(store, "a", 0, 1.0, nullptr) == SEGCORE_OK);
  CHECK(segcore_profile_store_add(store, nullptr, 0, 1.0, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_profile_store_add(store, "a", 0, NAN, nullptr) == SEGCORE_EINVAL);
  uint64_t events = 0;
  CHECK(segcore_profile_store_n_events(store, &events) == SEGCORE_OK);
  CHECK(events == 1);
  segcore_profiles* snap = nullptr;
  CHECK(segcore_profile_store_snapshot(store, &snap, -10, 1) == SEGCORE_ENOTFITTED);
  CHECK(segcore_profile_store_snapshot(store, &snap, 0, 0) == SEGCORE_OK);
  segcore_profiles_destroy(snap);
  segcore_profile_store_destroy(store);

  segcore_rfm_destroy(rfm);
  segcore_profiles_destroy(prof);
  segcore_events_destroy(ev);
}

TEST_CASE("capi: CSV errors carry line and column; options are checked") {
  segcore_events* ev = nullptr;
  segcore_csv_options o;
  REQUIRE(segcore_csv_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(segcore_events_read_csv(&ev, "/nonexistent/x.csv", &o) == SEGCORE_ENOTFOUND);
  CHECK(ev == nullptr);
  o = retail_options();
  o.amount_col = "Quantity";
  CHECK(segcore_events_read_csv(&ev, SEGCORE_DATA_DIR "/online_retail_sample.csv", &o) == SEGCORE_EINVAL);
  CHECK(last().find("either an amount column or quantity and price") != std::string::npos);
  o = retail_options();
  o.customer_col = "Missing";
  CHECK(segcore_events_read_csv(&ev, SEGCORE_DATA_DIR "/online_retail_sample.csv", &o) == SEGCORE_ENOTFOUND);
  CHECK(last().find("column 'Missing' is not in the header") != std::string::npos);
  o = retail_options();
  o.reserved0 = 1;
  CHECK(segcore_events_read_csv(&ev, SEGCORE_DATA_DIR "/online_retail_sample.csv", &o) == SEGCORE_EINVAL);
  CHECK(segcore_csv_options_init(&o, 8) == SEGCORE_EINVAL);
  int64_t c[2] = {1, 2}, t[2] = {0, 1};
  double a[2] = {1, INFINITY};
  CHECK(segcore_events_from_arrays(&ev, c, t, a, nullptr, 2) == SEGCORE_EINVAL);
  CHECK(last().find("row 1") != std::string::npos);
  CHECK(segcore_events_from_arrays(&ev, nullptr, t, a, nullptr, 2) == SEGCORE_EINVAL);
  a[1] = 2;
  REQUIRE(segcore_events_from_arrays(&ev, c, t, a, nullptr, 2) == SEGCORE_OK);
  segcore_profiles* p = nullptr;
  segcore_profile_options po;
  REQUIRE(segcore_profile_options_init(&po, sizeof po) == SEGCORE_OK);
  po.trend_weeks = 0;
  CHECK(segcore_profiles_build(&p, ev, &po) == SEGCORE_EINVAL);
  CHECK(p == nullptr);
  REQUIRE(segcore_profile_options_init(&po, sizeof po) == SEGCORE_OK);
  REQUIRE(segcore_profiles_build(&p, ev, &po) == SEGCORE_OK);
  // as_of: the latest event + 1 day by default; given, the events after it are counted.
  int64_t as_of = -1;
  uint64_t after = 99;
  REQUIRE(segcore_profiles_as_of(p, &as_of) == SEGCORE_OK);
  REQUIRE(segcore_profiles_events_after_as_of(p, &after) == SEGCORE_OK);
  CHECK(as_of == 1 + 86400);
  CHECK(after == 0);
  po.has_as_of = 1;
  po.as_of = 0;
  segcore_profiles* early = nullptr;
  REQUIRE(segcore_profiles_build(&early, ev, &po) == SEGCORE_OK);
  REQUIRE(segcore_profiles_as_of(early, &as_of) == SEGCORE_OK);
  REQUIRE(segcore_profiles_events_after_as_of(early, &after) == SEGCORE_OK);
  CHECK(as_of == 0);
  CHECK(after == 1);
  segcore_profiles_destroy(early);
  po.has_as_of = 0;
  segcore_rfm_options ro;
  REQUIRE(segcore_rfm_options_init(&ro, sizeof ro) == SEGCORE_OK);
  ro.mode = SEGCORE_RFM_FIXED;
  segcore_rfm* rfm = nullptr;
  CHECK(segcore_rfm_score(&rfm, p, &ro) == SEGCORE_EINVAL);
  segcore_segment_rule rule = {"All", 1, 5, 1, 5};
  ro.mode = SEGCORE_RFM_QUANTILE;
  REQUIRE(segcore_rfm_score_with_map(&rfm, p, &ro, &rule, 1, 5, nullptr) == SEGCORE_OK);
  int32_t seg[2];
  CHECK(segcore_rfm_get_segments(rfm, seg, 2) == SEGCORE_OK);
  CHECK(seg[0] == 0);
  CHECK(seg[1] == 0);
  segcore_rfm_destroy(rfm);
  segcore_profiles_destroy(p);
  segcore_events_destroy(ev);
}

TEST_CASE("capi: an RFM result from scores names segments as scoring does") {
  const int32_t r[] = {5, 1, 0, 3};
  const int32_t f[] = {5, 1, 0, 3};
  const int32_t m[] = {2, 4, 0, 1};
  segcore_rfm* rfm = nullptr;
  REQUIRE(segcore_rfm_from_scores(&rfm, r, f, m, 4, 5, nullptr, 0, 5, nullptr) == SEGCORE_OK);
  int32_t seg[4];
  REQUIRE(segcore_rfm_get_segments(rfm, seg, 4) == SEGCORE_OK);
  char name[64];
  size_t len = 0;
  auto name_of = [&](int32_t k) {
    REQUIRE(segcore_rfm_segment_name(rfm, static_cast<size_t>(k), name, sizeof name, &len) == SEGCORE_OK);
    return std::string(name);
  };
  CHECK(name_of(seg[0]) == "Champions");
  CHECK(name_of(seg[1]) == "Lost");
  CHECK(name_of(seg[2]) == "No Purchase");
  CHECK(name_of(seg[3]) == "Need Attention");
  int32_t got[4];
  REQUIRE(segcore_rfm_get_scores(rfm, got, nullptr, nullptr, 4) == SEGCORE_OK);
  CHECK(got[0] == 5);
  segcore_segment_summary summary{};
  summary.struct_size = sizeof summary;
  CHECK(segcore_rfm_segment_summary(rfm, 0, &summary) != SEGCORE_OK);
  CHECK(last().find("made from scores") != std::string::npos);
  segcore_rfm_destroy(rfm);
  // A custom map, raw scores.
  segcore_segment_rule rule = {"High", 4, 5, 4, 5};
  REQUIRE(segcore_rfm_from_scores(&rfm, r, f, m, 4, 5, &rule, 1, 0, "Low") == SEGCORE_OK);
  REQUIRE(segcore_rfm_get_segments(rfm, seg, 4) == SEGCORE_OK);
  CHECK(name_of(seg[0]) == "High");
  CHECK(name_of(seg[3]) == "Low");
  segcore_rfm_destroy(rfm);
  // Refusals.
  const int32_t bad[] = {9, 1, 0, 3};
  rfm = reinterpret_cast<segcore_rfm*>(&rule);
  CHECK(segcore_rfm_from_scores(&rfm, bad, f, m, 4, 5, nullptr, 0, 5, nullptr) == SEGCORE_EINVAL);
  CHECK(rfm == nullptr);
  CHECK(last().find("score 9") != std::string::npos);
  CHECK(segcore_rfm_from_scores(&rfm, nullptr, f, m, 4, 5, nullptr, 0, 5, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_rfm_from_scores(&rfm, r, f, m, 4, 5, nullptr, 1, 5, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_rfm_from_scores(&rfm, nullptr, nullptr, nullptr, 0, 5, nullptr, 0, 5, nullptr) == SEGCORE_OK);
  segcore_rfm_destroy(rfm);
}

TEST_CASE("capi: identity resolution and normalisation") {
  char buf[64];
  size_t len = 0;
  CHECK(segcore_normalize_email(" A@B.Com", buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "a@b.com");
  CHECK(segcore_normalize_email("nope", buf, sizeof buf, &len) == SEGCORE_EINVAL);
  CHECK(last().find("no '@'") != std::string::npos);
  CHECK(segcore_normalize_phone("020 7946 0958", "44", buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "+442079460958");
  segcore_identity* id = nullptr;
  REQUIRE(segcore_identity_create(&id, "44") == SEGCORE_OK);
  const int32_t k0[] = {SEGCORE_ID_EMAIL, SEGCORE_ID_CRM};
  const char* v0[] = {"ann@example.com", "C1"};
  const int32_t k1[] = {SEGCORE_ID_CRM, SEGCORE_ID_EMAIL};
  const char* v1[] = {"C1", "bad"};
  const int32_t k2[] = {SEGCORE_ID_COOKIE};
  const char* v2[] = {"ck"};
  uint32_t rec = 0;
  CHECK(segcore_identity_add_record(id, k0, v0, 2, &rec) == SEGCORE_OK);
  CHECK(segcore_identity_add_record(id, k1, v1, 2, &rec) == SEGCORE_OK);
  CHECK(segcore_identity_add_record(id, k2, v2, 1, &rec) == SEGCORE_OK);
  CHECK(rec == 2);
  const int32_t bad_kind[] = {9};
  CHECK(segcore_identity_add_record(id, bad_kind, v2, 1, nullptr) == SEGCORE_EINVAL);
  uint32_t customer[3];
  size_t n = 0;
  REQUIRE(segcore_identity_resolve(id, customer, 3, &n) == SEGCORE_OK);
  CHECK(n == 2);
  CHECK(customer[0] == 0);
  CHECK(customer[1] == 0);
  CHECK(customer[2] == 1);
  size_t links = 0, rejected = 0;
  CHECK(segcore_identity_n_links(id, &links) == SEGCORE_OK);
  REQUIRE(links == 1);
  segcore_identity_link link;
  link.struct_size = sizeof link;
  CHECK(segcore_identity_get_link(id, 0, &link, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(link.record_a == 0);
  CHECK(link.record_b == 1);
  CHECK(link.kind == SEGCORE_ID_CRM);
  CHECK(std::string(buf) == "C1");
  CHECK(segcore_identity_n_rejected(id, &rejected) == SEGCORE_OK);
  CHECK(rejected == 1);
  CHECK(segcore_identity_rejected_text(id, 0, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf).find("record 1, email 'bad'") == 0);
  segcore_identity_rejection rej;
  rej.struct_size = sizeof rej;
  CHECK(segcore_identity_get_rejected(id, 0, &rej, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(rej.record == 1);
  CHECK(rej.kind == SEGCORE_ID_EMAIL);
  CHECK(std::string(buf) == "bad");
  CHECK(segcore_identity_rejected_reason(id, 0, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf).find("'@'") != std::string::npos);
  CHECK(segcore_identity_get_rejected(id, 1, &rej, buf, sizeof buf, &len) == SEGCORE_ERANGE);
  size_t records = 0;
  uint64_t redundant = 9;
  CHECK(segcore_identity_n_records(id, &records) == SEGCORE_OK);
  CHECK(records == 3);
  CHECK(segcore_identity_redundant_links(id, &redundant) == SEGCORE_OK);
  CHECK(redundant == 0);
  // A fourth record carrying both the email and the CRM id of the first group: one link joins
  // it, the other is redundant.
  const int32_t k3[] = {SEGCORE_ID_EMAIL, SEGCORE_ID_CRM};
  const char* v3[] = {"ANN@example.com ", "C1"};
  CHECK(segcore_identity_add_record(id, k3, v3, 2, &rec) == SEGCORE_OK);
  uint32_t customer4[4];
  REQUIRE(segcore_identity_resolve(id, customer4, 4, &n) == SEGCORE_OK);
  CHECK(customer4[3] == 0);
  CHECK(segcore_identity_redundant_links(id, &redundant) == SEGCORE_OK);
  CHECK(redundant == 1);
  segcore_identity_destroy(id);
  segcore_identity_destroy(nullptr);
}

TEST_CASE("capi: events from arrays carry categories, attributes and numerics; the store agrees") {
  // Customer 1: two web purchases then a store one; customer 2: one app purchase.
  const int64_t cust[] = {1, 2, 1, 1};
  const int64_t ts[] = {86400, 2 * 86400, 3 * 86400, 5 * 86400};
  const double amt[] = {10, 20, 5, 7};
  segcore_events* ev = nullptr;
  REQUIRE(segcore_events_from_arrays(&ev, cust, ts, amt, nullptr, 4) == SEGCORE_OK);
  const char* channels[] = {"web", "app", "store"};
  const uint32_t channel[] = {0, 1, 0, 2};
  const char* tiers[] = {"gold", "silver"};
  const uint32_t tier[] = {1, 0, 0, 1};
  const double score[] = {0.5, NAN, 0.9, NAN};
  CHECK(segcore_events_add_category(ev, "channel", channel, 4, channels, 3) == SEGCORE_OK);
  CHECK(segcore_events_add_attribute(ev, "tier", tier, 4, tiers, 2) == SEGCORE_OK);
  CHECK(segcore_events_add_numeric(ev, "sentiment", score, 4) == SEGCORE_OK);
  // Bad columns are refused, naming what is wrong.
  CHECK(segcore_events_add_category(ev, "channel", channel, 4, channels, 3) == SEGCORE_EINVAL);
  CHECK(last().find("already has a column 'channel'") != std::string::npos);
  CHECK(segcore_events_add_category(ev, "c2", channel, 3, channels, 3) == SEGCORE_EINVAL);
  CHECK(last().find("has 3 values; the table has 4 rows") != std::string::npos);
  CHECK(segcore_events_add_category(ev, "c3", channel, 4, channels, 2) == SEGCORE_EINVAL);
  CHECK(last().find("codes[3] is 2; there are 2 labels") != std::string::npos);
  const char* twice[] = {"a", "a", "b"};
  CHECK(segcore_events_add_attribute(ev, "c4", channel, 4, twice, 3) == SEGCORE_EINVAL);
  CHECK(last().find("appears twice") != std::string::npos);
  const char* bad_utf8[] = {"a", "\xff", "b"};
  CHECK(segcore_events_add_attribute(ev, "c5", channel, 4, bad_utf8, 3) == SEGCORE_EINVAL);
  const double inf[] = {1, INFINITY, 1, 1};
  CHECK(segcore_events_add_numeric(ev, "c6", inf, 4) == SEGCORE_EINVAL);
  CHECK(segcore_events_add_numeric(ev, "", score, 4) == SEGCORE_EINVAL);

  segcore_profiles* batch = nullptr;
  REQUIRE(segcore_profiles_build(&batch, ev, nullptr) == SEGCORE_OK);
  int64_t web[2], app[2], store_count[2];
  CHECK(segcore_profiles_get_i64(batch, "channel=web", web, 2) == SEGCORE_OK);
  CHECK(segcore_profiles_get_i64(batch, "channel=app", app, 2) == SEGCORE_OK);
  CHECK(segcore_profiles_get_i64(batch, "channel=store", store_count, 2) == SEGCORE_OK);
  CHECK(web[0] == 2);
  CHECK(web[1] == 0);
  CHECK(app[1] == 1);
  CHECK(store_count[0] == 1);
  char buf[32];
  size_t len = 0;
  CHECK(segcore_profiles_get_text(batch, "tier", 0, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "silver");  // the latest event's value
  double sentiment[2];
  CHECK(segcore_profiles_get_f64(batch, "sentiment", sentiment, 2) == SEGCORE_OK);
  CHECK(sentiment[0] == 0.9);  // the latest non-missing value
  CHECK(std::isnan(sentiment[1]));

  // The same events through a store with the same schema, in reverse order.
  const char* cats[] = {"channel"};
  const char* atts[] = {"tier"};
  const char* nums[] = {"sentiment"};
  segcore_profile_store* st = nullptr;
  REQUIRE(segcore_profile_store_create_with_schema(&st, nullptr, cats, 1, atts, 1, nums, 1) == SEGCORE_OK);
  CHECK(segcore_profile_store_add(st, "1", 0, 1.0, nullptr) == SEGCORE_EINVAL);  // the schema needs values
  for (int i = 3; i >= 0; --i) {
    const std::string id = std::to_string(cust[i]);
    const char* c[] = {channels[channel[i]]};
    const char* a[] = {tiers[tier[i]]};
    REQUIRE(segcore_profile_store_add_event(st, id.c_str(), ts[i], amt[i], nullptr, c, 1, a, 1, &score[i], 1) ==
            SEGCORE_OK);
  }
  const char* c[] = {"web"};
  CHECK(segcore_profile_store_add_event(st, "1", 0, 1.0, nullptr, c, 1, nullptr, 0, score, 1) == SEGCORE_EINVAL);
  CHECK(last().find("schema") != std::string::npos);
  const char* dup[] = {"tier"};
  segcore_profile_store* st2 = nullptr;
  CHECK(segcore_profile_store_create_with_schema(&st2, nullptr, dup, 1, atts, 1, nullptr, 0) == SEGCORE_EINVAL);
  CHECK(st2 == nullptr);
  segcore_profiles* snap = nullptr;
  REQUIRE(segcore_profile_store_snapshot(st, &snap, 0, 0) == SEGCORE_OK);
  // Customer 1's last event arrives first, so both tables list customer 1 first.
  size_t nb = 0, ns = 0;
  CHECK(segcore_profiles_n_columns(batch, &nb) == SEGCORE_OK);
  CHECK(segcore_profiles_n_columns(snap, &ns) == SEGCORE_OK);
  CHECK(nb == ns);
  CHECK(segcore_profiles_customer_id(snap, 0, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "1");
  for (const char* name : {"channel=web", "channel=app", "channel=store", "frequency"}) {
    int64_t b[2], s2[2];
    CHECK(segcore_profiles_get_i64(batch, name, b, 2) == SEGCORE_OK);
    CHECK(segcore_profiles_get_i64(snap, name, s2, 2) == SEGCORE_OK);
    CHECK_MESSAGE(b[0] == s2[0], name);  // customer "1" is row 0 in both
    CHECK_MESSAGE(b[1] == s2[1], name);
  }
  double snap_sentiment[2];
  CHECK(segcore_profiles_get_f64(snap, "sentiment", snap_sentiment, 2) == SEGCORE_OK);
  CHECK(snap_sentiment[0] == 0.9);
  CHECK(segcore_profiles_get_text(snap, "tier", 0, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "silver");
  segcore_profiles_destroy(snap);
  segcore_profile_store_destroy(st);
  segcore_profiles_destroy(batch);
  segcore_events_destroy(ev);
}
