#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "segcore_rules.h"

namespace {

std::string last() { return segcore_last_error_message(); }

struct Profiles {
  segcore_profiles* p = nullptr;
  Profiles() {
    // customer 1: 2 orders, the last 10 days before as_of; 2: a return only; 3: one order 400 days before.
    const int64_t customer[] = {1, 1, 2, 3};
    const int64_t D = 86400;
    const int64_t ts[] = {500 * D, 990 * D, 995 * D, 600 * D};
    const double amount[] = {10, 20, -5, 7};
    segcore_events* ev = nullptr;
    REQUIRE(segcore_events_from_arrays(&ev, customer, ts, amount, nullptr, 4) == SEGCORE_OK);
    segcore_profile_options o;
    REQUIRE(segcore_profile_options_init(&o, sizeof o) == SEGCORE_OK);
    o.as_of = 1000 * D;
    o.has_as_of = 1;
    REQUIRE(segcore_profiles_build(&p, ev, &o) == SEGCORE_OK);
    segcore_events_destroy(ev);
  }
  ~Profiles() { segcore_profiles_destroy(p); }
  segcore_rule_data data() const {
    segcore_rule_data d;
    std::memset(&d, 0, sizeof d);
    d.struct_size = sizeof d;
    d.profiles = p;
    return d;
  }
};

}  // namespace

TEST_CASE("capi rules: over profiles, explain with snprintf sizing") {
  Profiles prof;
  segcore_rule_data d = prof.data();
  segcore_rule* r = nullptr;
  REQUIRE(segcore_rule_compile(&r, "frequency >= 2 or monetary < 0", &d) == SEGCORE_OK);
  uint8_t out[3];
  REQUIRE(segcore_rule_evaluate(r, &d, 2, out, 3) == SEGCORE_OK);
  CHECK(out[0] == 1);
  CHECK(out[1] == 1);
  CHECK(out[2] == 0);
  CHECK(segcore_rule_evaluate(r, &d, 1, out, 2) == SEGCORE_ERANGE);
  size_t n = 0, len = 0;
  REQUIRE(segcore_rule_n_fields(r, &n) == SEGCORE_OK);
  CHECK(n == 2);
  char name[4];
  CHECK(segcore_rule_field_name(r, 0, name, sizeof name, &len) == SEGCORE_OK);
  CHECK(len == 9);
  CHECK(std::string(name) == "fre");
  CHECK(segcore_rule_field_name(r, 2, name, sizeof name, &len) == SEGCORE_ERANGE);
  REQUIRE(segcore_rule_explain(r, &d, 2, nullptr, 0, &len) == SEGCORE_OK);
  std::string text(len + 1, '\0');
  REQUIRE(segcore_rule_explain(r, &d, 2, text.data(), text.size(), &len) == SEGCORE_OK);
  text.resize(len);
  CHECK(text ==
        "false: frequency >= 2 or monetary < 0\n  false: frequency >= 2  [frequency = 1]\n"
        "  false: monetary < 0  [monetary = 7]\n");
  CHECK(segcore_rule_explain(r, &d, 3, nullptr, 0, &len) == SEGCORE_ERANGE);
  segcore_rule_destroy(r);
}

TEST_CASE("capi rules: bad input is reported, never crashes") {
  Profiles prof;
  segcore_rule_data d = prof.data();
  segcore_rule* r = nullptr;
  CHECK(segcore_rule_compile(&r, "frequncy > 1", &d) == SEGCORE_ENOTFOUND);
  CHECK(last() == "line 1, column 1: unknown field 'frequncy' (did you mean 'frequency'?)");
  CHECK(r == nullptr);
  CHECK(segcore_rule_compile(&r, nullptr, &d) == SEGCORE_EINVAL);
  CHECK(segcore_rule_compile(&r, "frequency > 1", nullptr) == SEGCORE_EINVAL);
  d.struct_size = 3;
  CHECK(segcore_rule_compile(&r, "frequency > 1", &d) == SEGCORE_EINVAL);
  d = prof.data();
  // A column with an unknown type, and one without data.
  segcore_column c;
  std::memset(&c, 0, sizeof c);
  c.name = "x";
  c.type = 9;
  segcore_rule_data cd;
  std::memset(&cd, 0, sizeof cd);
  cd.struct_size = sizeof cd;
  cd.columns = &c;
  cd.n_columns = 1;
  cd.n_rows = 2;
  CHECK(segcore_rule_compile(&r, "x > 1", &cd) == SEGCORE_EINVAL);
  c.type = SEGCORE_COLUMN_F64;
  REQUIRE(segcore_rule_compile(&r, "x > 1", &cd) == SEGCORE_OK);
  uint8_t out[3];
  CHECK(segcore_rule_evaluate(r, &cd, 1, out, 2) == SEGCORE_EINVAL);
  CHECK(last().find("data pointer") != std::string::npos);
  CHECK(segcore_rule_evaluate(r, &d, 1, out, 3) == SEGCORE_ENOTFOUND);  // profiles have no x
  CHECK(segcore_rule_evaluate(r, &cd, -1, out, 2) == SEGCORE_EINVAL);
  CHECK(segcore_rule_evaluate(nullptr, &cd, 1, out, 2) == SEGCORE_EINVAL);
  int32_t truth = 5;
  double v = 0.5;
  CHECK(segcore_rule_evaluate_one(r, &v, nullptr, nullptr, 1, nullptr, &truth) == SEGCORE_OK);
  CHECK(truth == SEGCORE_RULE_FALSE);
  uint8_t missing = 0;
  CHECK(segcore_rule_evaluate_one(r, &v, nullptr, &missing, 1, nullptr, &truth) == SEGCORE_OK);
  CHECK(truth == SEGCORE_RULE_UNKNOWN);
  segcore_rule_destroy(r);
}

TEST_CASE("capi segment sets: lifecycle over profiles, membership, errors with file positions") {
  Profiles prof;
  segcore_rule_data d = prof.data();
  size_t len = 0;
  REQUIRE(segcore_segment_set_lifecycle_text(nullptr, 0, &len) == SEGCORE_OK);
  std::string text(len + 1, '\0');
  REQUIRE(segcore_segment_set_lifecycle_text(text.data(), text.size(), &len) == SEGCORE_OK);
  segcore_segment_set* s = nullptr;
  REQUIRE(segcore_segment_set_parse(&s, text.c_str(), &d) == SEGCORE_OK);
  size_t k = 0;
  REQUIRE(segcore_segment_set_n_segments(s, &k) == SEGCORE_OK);
  CHECK(k == 6);
  int32_t seg[3], mode = -1;
  REQUIRE(segcore_segment_set_assign(s, &d, 0, seg, 3) == SEGCORE_OK);
  CHECK(seg[0] == 4);   // Repeat
  CHECK(seg[1] == -1);  // no positive order: the fallback
  CHECK(seg[2] == 0);   // Lapsed
  char name[32];
  REQUIRE(segcore_segment_set_name(s, 4, name, sizeof name, &len) == SEGCORE_OK);
  CHECK(std::string(name) == "Repeat");
  REQUIRE(segcore_segment_set_fallback(s, name, sizeof name, &len) == SEGCORE_OK);
  CHECK(std::string(name) == "Prospect");
  REQUIRE(segcore_segment_set_mode(s, &mode) == SEGCORE_OK);
  CHECK(mode == SEGCORE_SEGMENTS_EXCLUSIVE);
  uint8_t member[18];
  CHECK(segcore_segment_set_membership(s, &d, 1, member, 17) == SEGCORE_ERANGE);
  REQUIRE(segcore_segment_set_membership(s, &d, 1, member, 18) == SEGCORE_OK);
  CHECK(member[0 * 6 + 4] == 1);
  CHECK(member[0 * 6 + 5] == 1);  // two orders is also at least one: membership overlaps
  CHECK(member[2 * 6 + 0] == 1);
  CHECK(member[2 * 6 + 1] == 1);
  REQUIRE(segcore_segment_set_explain(s, &d, 1, nullptr, 0, &len) == SEGCORE_OK);
  std::string why(len + 1, '\0');
  REQUIRE(segcore_segment_set_explain(s, &d, 1, why.data(), why.size(), &len) == SEGCORE_OK);
  CHECK(why.find("assigned: Prospect") != std::string::npos);
  segcore_segment_set_destroy(s);

  segcore_segment_set* bad = nullptr;
  CHECK(segcore_segment_set_parse(&bad, "mode exclusive\nsegment a: frequency >> 1\n", &d) == SEGCORE_EINVAL);
  CHECK(last() == "segment 'a': line 2, column 23: expected a field, a number, a string or '(', found '>'");
  CHECK(bad == nullptr);
}

namespace {

struct Log {
  std::vector<std::string> lines;
  int stop_after = -1;
};

int on_change(void* payload, const char* customer, size_t trigger, int32_t entered) {
  auto* log = static_cast<Log*>(payload);
  if (log->stop_after == static_cast<int>(log->lines.size())) return 1;
  log->lines.push_back(std::string(customer) + (entered ? " +" : " -") + std::to_string(trigger));
  return 0;
}

}  // namespace

TEST_CASE("capi triggers: a C callback with a payload; nonzero stops with ECANCELLED") {
  segcore_profile_store* store = nullptr;
  REQUIRE(segcore_profile_store_create(&store, nullptr) == SEGCORE_OK);
  const int64_t D = 86400;
  REQUIRE(segcore_profile_store_add(store, "a", D, 5, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(store, "b", D, 50, nullptr) == SEGCORE_OK);
  segcore_profiles* snap = nullptr;
  REQUIRE(segcore_profile_store_snapshot(store, &snap, 2 * D, 1) == SEGCORE_OK);
  segcore_rule_data d;
  std::memset(&d, 0, sizeof d);
  d.struct_size = sizeof d;
  d.profiles = snap;
  const char* names[] = {"big", "repeat"};
  const char* rules[] = {"monetary >= 20", "frequency >= 2"};
  segcore_triggers* t = nullptr;
  REQUIRE(segcore_triggers_create(&t, names, rules, 2, &d) == SEGCORE_OK);
  Log log;
  REQUIRE(segcore_triggers_update(t, snap, 1, on_change, &log) == SEGCORE_OK);
  CHECK(log.lines == std::vector<std::string>{"b +0"});
  segcore_profiles_destroy(snap);

  REQUIRE(segcore_profile_store_add(store, "a", 3 * D, 30, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_snapshot(store, &snap, 4 * D, 1) == SEGCORE_OK);
  d.profiles = snap;
  log.stop_after = 1;
  CHECK(segcore_triggers_update(t, snap, 1, on_change, &log) == SEGCORE_ECANCELLED);
  CHECK(log.lines == std::vector<std::string>{"b +0"});
  log.stop_after = -1;
  log.lines.clear();
  REQUIRE(segcore_triggers_update(t, snap, 2, on_change, &log) == SEGCORE_OK);
  CHECK(log.lines == std::vector<std::string>{"a +0", "a +1"});
  CHECK(segcore_triggers_update(t, snap, 1, nullptr, &log) == SEGCORE_EINVAL);
  const char* bad[] = {"frequency >= 2", "monetary >"};
  segcore_triggers* t2 = nullptr;
  CHECK(segcore_triggers_create(&t2, names, bad, 2, &d) == SEGCORE_EINVAL);
  CHECK(last() ==
        "trigger 'repeat': line 1, column 11: expected a field, a number, a string or '(', found end of rule");
  segcore_triggers_destroy(t);
  segcore_triggers_destroy(nullptr);
  segcore_profiles_destroy(snap);
  segcore_profile_store_destroy(store);
}

TEST_CASE("capi rules: a newer, larger segcore_rule_data is accepted only with a zero tail") {
  double v[2] = {1, 5};
  segcore_column c;
  std::memset(&c, 0, sizeof c);
  c.name = "v";
  c.type = SEGCORE_COLUMN_F64;
  c.f64 = v;
  struct Newer {
    segcore_rule_data d;
    uint64_t extra;
  } n;
  std::memset(&n, 0, sizeof n);
  n.d.struct_size = sizeof n;
  n.d.columns = &c;
  n.d.n_columns = 1;
  n.d.n_rows = 2;
  segcore_rule* r = nullptr;
  REQUIRE(segcore_rule_compile(&r, "v > 2", &n.d) == SEGCORE_OK);
  uint8_t out[2];
  REQUIRE(segcore_rule_evaluate(r, &n.d, 1, out, 2) == SEGCORE_OK);
  CHECK(out[0] == 0);
  CHECK(out[1] == 1);
  n.extra = 1;  // a field this library does not know, set: refused, not ignored
  CHECK(segcore_rule_evaluate(r, &n.d, 1, out, 2) == SEGCORE_EUNSUPPORTED);
  c.reserved0 = 1;
  n.extra = 0;
  CHECK(segcore_rule_evaluate(r, &n.d, 1, out, 2) == SEGCORE_EINVAL);
  segcore_rule_destroy(r);
}

namespace {

int on_move(void* payload, const char* customer, int32_t from, int32_t to) {
  auto* log = static_cast<Log*>(payload);
  if (log->stop_after == static_cast<int>(log->lines.size())) return 1;
  log->lines.push_back(std::string(customer) + " " + std::to_string(from) + ">" + std::to_string(to));
  return 0;
}

}  // namespace

TEST_CASE("capi segment tracker: old and new segment per customer; a stop resumes next time") {
  segcore_profile_store* store = nullptr;
  REQUIRE(segcore_profile_store_create(&store, nullptr) == SEGCORE_OK);
  const int64_t D = 86400;
  REQUIRE(segcore_profile_store_add(store, "a", 1000 * D, 5, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(store, "b", 1001 * D, -5, nullptr) == SEGCORE_OK);
  segcore_profiles* snap = nullptr;
  REQUIRE(segcore_profile_store_snapshot(store, &snap, 1002 * D, 1) == SEGCORE_OK);
  segcore_rule_data d;
  std::memset(&d, 0, sizeof d);
  d.struct_size = sizeof d;
  d.profiles = snap;
  size_t len = 0;
  char text[1024];
  REQUIRE(segcore_segment_set_lifecycle_text(text, sizeof text, &len) == SEGCORE_OK);
  segcore_segment_set* set = nullptr;
  REQUIRE(segcore_segment_set_parse(&set, text, &d) == SEGCORE_OK);
  segcore_segment_tracker* tr = nullptr;
  REQUIRE(segcore_segment_tracker_create(&tr, set) == SEGCORE_OK);
  segcore_segment_set_destroy(set);  // the tracker keeps its own copy
  Log log;
  REQUIRE(segcore_segment_tracker_update(tr, snap, 1, on_move, &log) == SEGCORE_OK);
  CHECK(log.lines == std::vector<std::string>{"a -2>2", "b -2>-1"});  // New; Prospect (fallback)
  segcore_profiles_destroy(snap);
  REQUIRE(segcore_profile_store_add(store, "a", 1010 * D, 5, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(store, "b", 1011 * D, 9, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_snapshot(store, &snap, 1100 * D, 1) == SEGCORE_OK);
  log.lines.clear();
  log.stop_after = 0;
  CHECK(segcore_segment_tracker_update(tr, snap, 1, on_move, &log) == SEGCORE_ECANCELLED);
  log.stop_after = -1;
  REQUIRE(segcore_segment_tracker_update(tr, snap, 2, on_move, &log) == SEGCORE_OK);
  CHECK(log.lines == std::vector<std::string>{"a 2>4", "b -1>5"});  // Repeat; Active
  segcore_segment_tracker_destroy(tr);
  segcore_segment_tracker_destroy(nullptr);
  segcore_profiles_destroy(snap);
  segcore_profile_store_destroy(store);
}
