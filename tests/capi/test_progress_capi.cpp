#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "segcore/progress.hpp"
#include "segcore_cluster.h"
#include "segcore_profile.h"
#include "support/blobs.hpp"

namespace {

struct Log {
  int calls = 0;
  int stop_at = 0;  // 0: never
  std::string stage{};
};

int on_progress(void* user, double done, const char* stage) {
  auto* log = static_cast<Log*>(user);
  CHECK(done >= 0);
  CHECK(done <= 1);
  log->stage = stage;
  return ++log->calls == log->stop_at ? 1 : 0;
}

}  // namespace

TEST_CASE("capi progress: a callback returning nonzero cancels a k-means fit, which leaves the model as it was") {
  // Enough work for several 50 ms periods even on a fast machine (a cancelled fit stops early).
  auto big = segcore_test::blobs<double>(200000, 8, 40, 2.0, 11);
  auto small = segcore_test::blobs<double>(2000, 8, 4, 30.0, 12);
  // Mini-batch's early stop may end its fit within 100 ms: the C++ tests cancel it at every check.
  for (int32_t alg : {SEGCORE_KMEANS_LLOYD, SEGCORE_KMEANS_HAMERLY}) {
    CAPTURE(alg);
    segcore_kmeans_options o;
    REQUIRE(segcore_kmeans_options_init(&o, sizeof o) == SEGCORE_OK);
    o.n_clusters = 40;
    o.algorithm = alg;
    o.n_init = 10;
    o.max_iter = 300;
    o.tol = 0;
    o.n_threads = 2;
    segcore_kmeans* km = nullptr;
    REQUIRE(segcore_kmeans_create(&km, &o) == SEGCORE_OK);
    Log log{.stop_at = 2};
    segcore_set_progress_callback(on_progress, &log);
    CHECK(segcore_kmeans_fit_f64(km, big.x.data(), 200000, 8, nullptr) == SEGCORE_ECANCELLED);
    CHECK(std::string(segcore_last_error_message()).find("cancelled") != std::string::npos);
    CHECK(log.calls == 2);
    CHECK(log.stage.find("KMeans::fit") != std::string::npos);
    std::vector<int32_t> labels(2000);
    CHECK(segcore_kmeans_get_labels(km, labels.data(), labels.size()) == SEGCORE_ENOTFITTED);

    segcore_set_progress_callback(nullptr, nullptr);  // reset: the next calls run to the end
    REQUIRE(segcore_kmeans_fit_f64(km, small.x.data(), 2000, 8, nullptr) == SEGCORE_OK);
    std::vector<double> before(40 * 8), after(40 * 8);
    REQUIRE(segcore_kmeans_get_centers(km, before.data(), before.size()) == SEGCORE_OK);
    Log again{.stop_at = 1};
    segcore_set_progress_callback(on_progress, &again);
    CHECK(segcore_kmeans_fit_f64(km, big.x.data(), 200000, 8, nullptr) == SEGCORE_ECANCELLED);
    segcore_set_progress_callback(nullptr, nullptr);
    REQUIRE(segcore_kmeans_get_centers(km, after.data(), after.size()) == SEGCORE_OK);
    CHECK(after == before);
    size_t k = 0, d = 0, n = 0;
    REQUIRE(segcore_kmeans_get_shape(km, &k, &d, &n) == SEGCORE_OK);
    CHECK(n == 2000);
    segcore_kmeans_destroy(km);
  }
  CHECK(std::string(segcore_status_string(SEGCORE_ECANCELLED)) == "cancelled");
}

TEST_CASE("capi progress: reading a CSV file and building profiles stop when the callback asks") {
  // Called at every check (a C++ callback on the same thread), so a small file is enough.
  segcore_csv_options o;
  REQUIRE(segcore_csv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.customer_col = "CustomerID";
  o.timestamp_col = "InvoiceDate";
  o.amount_col = nullptr;  // quantity x price
  o.quantity_col = "Quantity";
  o.price_col = "UnitPrice";
  o.order_col = "InvoiceNo";
  o.n_threads = 2;
  const char* path = SEGCORE_DATA_DIR "/online_retail_sample.csv";
  Log log{.stop_at = 1};
  segcore_events* ev = nullptr;
  {
    segcore::ScopedProgressCallback scope(
        {.function = on_progress, .user = &log, .interval = std::chrono::nanoseconds(0)});
    CHECK(segcore_events_read_csv(&ev, path, &o) == SEGCORE_ECANCELLED);
    CHECK(ev == nullptr);
    CHECK(std::string(segcore_last_error_message()).find("read_csv: cancelled") != std::string::npos);
  }
  REQUIRE_MESSAGE(segcore_events_read_csv(&ev, path, &o) == SEGCORE_OK, segcore_last_error_message());
  Log again{.stop_at = 1};
  segcore_profiles* prof = nullptr;
  {
    segcore::ScopedProgressCallback scope(
        {.function = on_progress, .user = &again, .interval = std::chrono::nanoseconds(0)});
    CHECK(segcore_profiles_build(&prof, ev, nullptr) == SEGCORE_ECANCELLED);
    CHECK(prof == nullptr);
  }
  REQUIRE(segcore_profiles_build(&prof, ev, nullptr) == SEGCORE_OK);
  segcore_profiles_destroy(prof);
  segcore_events_destroy(ev);
}
