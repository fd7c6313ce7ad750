// The C ABI of stream checkpoints: a store, triggers, a segment set and a tracker saved as one
// file come back as new handles, once each, and the restored tracker reports what the saved one
// would have; bad arguments and damaged files get codes.
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "model/model_test_support.hpp"
#include "segcore_model.h"

namespace {

constexpr int64_t D = 86400;

std::string last() { return segcore_last_error_message(); }

int log_change(void* payload, const char* customer, int32_t from, int32_t to) {
  static_cast<std::vector<std::string>*>(payload)->push_back(std::string(customer) + " " + std::to_string(from) + ">" +
                                                             std::to_string(to));
  return 0;
}

segcore_profiles* snapshot(const segcore_profile_store* s, int64_t as_of) {
  segcore_profiles* p = nullptr;
  REQUIRE(segcore_profile_store_snapshot(s, &p, as_of, 1) == SEGCORE_OK);
  return p;
}

segcore_segment_set* lifecycle(segcore_profiles* snap) {
  segcore_rule_data d;
  std::memset(&d, 0, sizeof d);
  d.struct_size = sizeof d;
  d.profiles = snap;
  char text[1024];
  size_t len = 0;
  REQUIRE(segcore_segment_set_lifecycle_text(text, sizeof text, &len) == SEGCORE_OK);
  segcore_segment_set* set = nullptr;
  REQUIRE(segcore_segment_set_parse(&set, text, &d) == SEGCORE_OK);
  return set;
}

}  // namespace

TEST_CASE("capi checkpoints: every part comes back once, and a restored tracker reports the same changes") {
  segcore_test::ScratchDir dir;
  const std::string path = dir.file("stream.ckpt");
  segcore_profile_store* store = nullptr;
  REQUIRE(segcore_profile_store_create(&store, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(store, "a", 1000 * D, 5, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_profile_store_add(store, "b", 1001 * D, -5, nullptr) == SEGCORE_OK);
  segcore_profiles* snap = snapshot(store, 1002 * D);
  segcore_segment_set* set = lifecycle(snap);
  segcore_segment_tracker* tr = nullptr;
  REQUIRE(segcore_segment_tracker_create(&tr, set) == SEGCORE_OK);
  std::vector<std::string> first;
  REQUIRE(segcore_segment_tracker_update(tr, snap, 1, log_change, &first) == SEGCORE_OK);
  CHECK(first == std::vector<std::string>{"a -2>2", "b -2>-1"});
  segcore_profiles_destroy(snap);
  const char* names[] = {"type"};
  segcore_event_triggers* trig = nullptr;
  REQUIRE(segcore_event_triggers_parse(&trig, "trigger v to Viewer: count(type = 'view') >= 2 within 7 days", names,
                                       1) == SEGCORE_OK);

  const segcore_segment_tracker* trackers[] = {tr, tr};  // the same state twice: each comes back
  REQUIRE(segcore_checkpoint_save(path.c_str(), "1700-3", 2, store, trig, set, trackers, 2) == SEGCORE_OK);
  int32_t kind = 0;
  REQUIRE(segcore_model_file_info(path.c_str(), &kind, nullptr, nullptr) == SEGCORE_OK);
  CHECK(kind == SEGCORE_MODEL_STREAM_CHECKPOINT);

  // The run goes on from the original objects and from the restored ones alike.
  segcore_checkpoint* c = nullptr;
  REQUIRE(segcore_checkpoint_load(&c, path.c_str()) == SEGCORE_OK);
  char pos[16];
  size_t len = 0;
  REQUIRE(segcore_checkpoint_position(c, pos, sizeof pos, &len) == SEGCORE_OK);
  CHECK(std::string(pos) == "1700-3");
  CHECK(len == 6);
  uint64_t applied = 0;
  REQUIRE(segcore_checkpoint_events_applied(c, &applied) == SEGCORE_OK);
  CHECK(applied == 2);
  segcore_profile_store* store2 = nullptr;
  segcore_segment_tracker* tr2 = nullptr;
  segcore_segment_set* set2 = nullptr;
  segcore_event_triggers* trig2 = nullptr;
  REQUIRE(segcore_checkpoint_take_store(c, &store2) == SEGCORE_OK);
  REQUIRE(segcore_checkpoint_n_trackers(c, &len) == SEGCORE_OK);
  CHECK(len == 2);
  REQUIRE(segcore_checkpoint_take_tracker(c, 1, &tr2) == SEGCORE_OK);
  segcore_segment_tracker* other = nullptr;
  CHECK(segcore_checkpoint_take_tracker(c, 1, &other) == SEGCORE_ENOTFOUND);
  CHECK(segcore_checkpoint_take_tracker(c, 2, &other) == SEGCORE_ERANGE);
  CHECK(other == nullptr);
  REQUIRE(segcore_checkpoint_take_segments(c, &set2) == SEGCORE_OK);
  REQUIRE(segcore_checkpoint_take_triggers(c, &trig2) == SEGCORE_OK);
  size_t n = 0;
  REQUIRE(segcore_event_triggers_n_triggers(trig2, &n) == SEGCORE_OK);
  CHECK(n == 1);
  REQUIRE(segcore_event_triggers_n_categories(trig2, &n) == SEGCORE_OK);
  CHECK(n == 1);
  REQUIRE(segcore_event_triggers_category_name(trig2, 0, pos, sizeof pos, &len) == SEGCORE_OK);
  CHECK(std::string(pos) == "type");
  CHECK(segcore_event_triggers_category_name(trig2, 1, pos, sizeof pos, &len) == SEGCORE_ERANGE);
  segcore_segment_set* tracked = nullptr;
  REQUIRE(segcore_segment_tracker_segment_set(tr2, &tracked) == SEGCORE_OK);
  REQUIRE(segcore_segment_set_n_segments(tracked, &n) == SEGCORE_OK);
  CHECK(n == 6);
  segcore_segment_set_destroy(tracked);
  REQUIRE(segcore_segment_set_n_segments(set2, &n) == SEGCORE_OK);
  CHECK(n == 6);
  segcore_profile_store* again = nullptr;
  CHECK(segcore_checkpoint_take_store(c, &again) == SEGCORE_ENOTFOUND);
  CHECK(last() == "segcore_checkpoint_take_store: the checkpoint holds no profile store (or it was taken)");
  CHECK(again == nullptr);
  segcore_checkpoint_destroy(c);

  std::vector<std::string> after, after2;
  for (segcore_profile_store* s : {store, store2}) {
    REQUIRE(segcore_profile_store_add(s, "a", 1010 * D, 5, nullptr) == SEGCORE_OK);
    REQUIRE(segcore_profile_store_add(s, "b", 1011 * D, 9, nullptr) == SEGCORE_OK);
  }
  snap = snapshot(store, 1100 * D);
  REQUIRE(segcore_segment_tracker_update(tr, snap, 1, log_change, &after) == SEGCORE_OK);
  segcore_profiles_destroy(snap);
  snap = snapshot(store2, 1100 * D);
  REQUIRE(segcore_segment_tracker_update(tr2, snap, 1, log_change, &after2) == SEGCORE_OK);
  segcore_profiles_destroy(snap);
  CHECK(after == std::vector<std::string>{"a 2>4", "b -1>5"});
  CHECK(after2 == after);  // a fresh tracker would report "a -2>4", "b -2>5"

  // Only a position; NULL arguments; a damaged file.
  segcore_segment_tracker_destroy(tr2);
  REQUIRE(segcore_checkpoint_save(path.c_str(), "p", 0, nullptr, nullptr, nullptr, nullptr, 0) == SEGCORE_OK);
  REQUIRE(segcore_checkpoint_load(&c, path.c_str()) == SEGCORE_OK);
  CHECK(segcore_checkpoint_take_tracker(c, 0, &tr2) == SEGCORE_ERANGE);
  CHECK(tr2 == nullptr);
  segcore_checkpoint_destroy(c);
  CHECK(segcore_checkpoint_save(path.c_str(), nullptr, 0, store, nullptr, nullptr, nullptr, 0) == SEGCORE_EINVAL);
  CHECK(last() == "segcore_checkpoint_save: position is NULL");
  CHECK(segcore_checkpoint_save(path.c_str(), "p", 0, store, nullptr, nullptr, nullptr, 1) == SEGCORE_EINVAL);
  CHECK(last() == "segcore_checkpoint_save: trackers is NULL but n_trackers is 1");
  const segcore_segment_tracker* none[] = {nullptr};
  CHECK(segcore_checkpoint_save(path.c_str(), "p", 0, store, nullptr, nullptr, none, 1) == SEGCORE_EINVAL);
  CHECK(segcore_checkpoint_load(nullptr, path.c_str()) == SEGCORE_EINVAL);
  REQUIRE(segcore_checkpoint_save(path.c_str(), "p", 1, store, nullptr, set, trackers, 1) == SEGCORE_OK);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('\x7f');
  }
  c = reinterpret_cast<segcore_checkpoint*>(&kind);
  CHECK(segcore_checkpoint_load(&c, path.c_str()) == SEGCORE_ECORRUPT);
  CHECK(c == nullptr);
  CHECK(segcore_checkpoint_load(&c, (path + ".none").c_str()) == SEGCORE_ENOTFOUND);
  segcore_checkpoint_destroy(nullptr);
  segcore_event_triggers_destroy(trig);
  segcore_event_triggers_destroy(trig2);
  segcore_segment_set_destroy(set);
  segcore_segment_set_destroy(set2);
  segcore_segment_tracker_destroy(tr);
  segcore_segment_tracker_destroy(tr2);
  segcore_profile_store_destroy(store);
  segcore_profile_store_destroy(store2);
}
