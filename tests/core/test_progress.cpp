#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "segcore/hierarchy.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/metrics.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/parallel.hpp"
#include "segcore/progress.hpp"
#include "segcore/selection.hpp"
#include "support/blobs.hpp"

using segcore::ConstMatrixView;
using segcore::ProgressCallback;
using segcore::ScopedProgressCallback;

namespace {

// Counts the calls and asks to stop at call `stop_at` (0: never); records what it was told.
struct Counter {
  int calls = 0;
  int stop_at = 0;
  std::vector<double> done{};
  std::thread::id thread{};
  bool other_thread = false;
  static int on_progress(void* user, double done, const char*) {
    auto* c = static_cast<Counter*>(user);
    c->other_thread |= std::this_thread::get_id() != c->thread;
    c->done.push_back(done);
    return ++c->calls == c->stop_at ? 1 : 0;
  }
  ProgressCallback every_check() {
    thread = std::this_thread::get_id();
    return {.function = on_progress, .user = this, .interval = std::chrono::nanoseconds(0)};
  }
};

struct Data {
  std::vector<double> x;
  std::size_t n, d;
  ConstMatrixView<double> view() const { return ConstMatrixView<double>(x.data(), n, d); }
};

Data blobs(std::size_t n, std::uint64_t seed) {
  auto b = segcore_test::blobs<double>(n, 5, 6, 3.0, seed);
  return {b.x, n, 5};
}

segcore::KMeansOptions kmeans_options(segcore::KMeansAlgorithm alg, int threads) {
  return {.n_clusters = 6, .n_init = 3, .max_iter = 50, .tol = 0, .algorithm = alg, .seed = 7, .n_threads = threads};
}

}  // namespace

TEST_CASE("a cancelled k-means fit returns Cancelled and leaves the model unfitted or as it was") {
  const Data a = blobs(20000, 1), b = blobs(20000, 2);
  for (auto alg : {segcore::KMeansAlgorithm::lloyd, segcore::KMeansAlgorithm::hamerly}) {
    for (int threads : {1, 3}) {
      for (int stop_at : {1, 2, 7}) {
        CAPTURE(static_cast<int>(alg));
        CAPTURE(threads);
        CAPTURE(stop_at);
        segcore::KMeans km(kmeans_options(alg, threads));
        Counter c{.stop_at = stop_at};
        {
          ScopedProgressCallback scope(c.every_check());
          const segcore::Status st = km.fit(a.view());
          CHECK(absl::IsCancelled(st));
          CHECK(st.message().find("KMeans::fit") != std::string::npos);
        }
        CHECK(c.calls == stop_at);  // never called again once it asked to stop
        CHECK_FALSE(c.other_thread);
        CHECK_FALSE(km.fitted());

        REQUIRE(km.fit(a.view()).ok());
        const std::vector<double> centers(km.centers().data(), km.centers().data() + 6 * 5);
        const std::vector<std::int32_t> labels = km.labels();
        Counter again{.stop_at = stop_at};
        {
          ScopedProgressCallback scope(again.every_check());
          CHECK(absl::IsCancelled(km.fit(b.view())));
        }
        CHECK(std::vector<double>(km.centers().data(), km.centers().data() + 6 * 5) == centers);
        CHECK(km.labels() == labels);
      }
    }
  }
}

TEST_CASE("a callback that never stops sees fractions that do not go back, and changes no result") {
  const Data a = blobs(20000, 3);
  for (int threads : {1, 3}) {
    segcore::KMeans plain(kmeans_options(segcore::KMeansAlgorithm::lloyd, threads));
    REQUIRE(plain.fit(a.view()).ok());
    segcore::KMeans watched(kmeans_options(segcore::KMeansAlgorithm::lloyd, threads));
    Counter c;
    {
      ScopedProgressCallback scope(c.every_check());
      REQUIRE(watched.fit(a.view()).ok());
    }
    CHECK(c.calls > 3);
    CHECK_FALSE(c.other_thread);
    for (std::size_t i = 0; i < c.done.size(); ++i) {
      CHECK(c.done[i] >= 0);
      CHECK(c.done[i] <= 1);
      if (i > 0) CHECK(c.done[i] >= c.done[i - 1]);
    }
    CHECK(std::vector<double>(watched.centers().data(), watched.centers().data() + 30) ==
          std::vector<double>(plain.centers().data(), plain.centers().data() + 30));
    CHECK(watched.labels() == plain.labels());
  }
}

TEST_CASE("the default cadence calls the callback no more often than every 50 ms") {
  const Data a = blobs(40000, 4);
  segcore::KMeans km(kmeans_options(segcore::KMeansAlgorithm::lloyd, 2));
  Counter c;
  c.thread = std::this_thread::get_id();
  const auto start = std::chrono::steady_clock::now();
  {
    ScopedProgressCallback scope({.function = Counter::on_progress, .user = &c});
    REQUIRE(km.fit(a.view()).ok());
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  CHECK(c.calls <= ms / 50 + 1);  // an upper bound only: a loaded machine may call it less often
}

TEST_CASE("a cancelled mini-batch fit or partial_fit puts the model back as it was") {
  const Data a = blobs(20000, 5), b = blobs(20000, 6);
  for (int threads : {1, 3}) {
    CAPTURE(threads);
    segcore::MiniBatchKMeans mb({.n_clusters = 6,
                                 .batch_size = 512,
                                 .max_iter = 20,
                                 .tol = 0,
                                 .max_no_improvement = 0,
                                 .seed = 3,
                                 .n_threads = threads});
    Counter c{.stop_at = 4};
    {
      ScopedProgressCallback scope(c.every_check());
      CHECK(absl::IsCancelled(mb.fit(a.view())));
    }
    CHECK_FALSE(mb.fitted());
    CHECK(mb.n_steps() == 0);
    REQUIRE(mb.fit(a.view()).ok());
    const std::vector<double> centers(mb.centers().data(), mb.centers().data() + 30);
    const auto steps = mb.n_steps();
    for (auto fit : {0, 1}) {
      Counter again{.stop_at = 1};
      ScopedProgressCallback scope(again.every_check());
      const segcore::Status st = fit == 0 ? mb.fit(b.view()) : mb.partial_fit(b.view());
      CHECK(absl::IsCancelled(st));
      CHECK(std::vector<double>(mb.centers().data(), mb.centers().data() + 30) == centers);
      CHECK(mb.n_steps() == steps);
    }
  }
}

TEST_CASE("the callback belongs to the thread that installed it, and a scope puts the previous one back") {
  const Data a = blobs(5000, 7);
  Counter outer{.stop_at = 1};
  ScopedProgressCallback scope(outer.every_check());
  std::thread other([&] {
    segcore::KMeans km(kmeans_options(segcore::KMeansAlgorithm::lloyd, 1));
    CHECK(km.fit(a.view()).ok());  // no callback on this thread
  });
  other.join();
  CHECK(outer.calls == 0);
  {
    Counter inner;
    ScopedProgressCallback nested(inner.every_check());
    segcore::KMeans km(kmeans_options(segcore::KMeansAlgorithm::lloyd, 1));
    CHECK(km.fit(a.view()).ok());
    CHECK(inner.calls > 0);
  }
  segcore::KMeans km(kmeans_options(segcore::KMeansAlgorithm::lloyd, 1));
  CHECK(absl::IsCancelled(km.fit(a.view())));
  CHECK(outer.calls == 1);
}

TEST_CASE("parallel_for outside a long call ignores the callback") {
  Counter c{.stop_at = 1};
  ScopedProgressCallback scope(c.every_check());
  std::atomic<int> ran{0};
  segcore::parallel_for(3, 100, [&](std::size_t) { ran.fetch_add(1); });
  CHECK(ran.load() == 100);
  CHECK(c.calls == 0);
}

TEST_CASE("choose_k, cluster_stability and the silhouette stop at the call that asks, and run through without one") {
  const Data a = blobs(3000, 8);
  const segcore::KMeansOptions ko = kmeans_options(segcore::KMeansAlgorithm::lloyd, 2);
  segcore::KMeans km(ko);
  REQUIRE(km.fit(a.view()).ok());
  for (int stop_at : {1, 3, 0}) {
    CAPTURE(stop_at);
    auto check = [&](const segcore::Status& st, std::string what) {
      CAPTURE(what);
      CHECK(absl::IsCancelled(st) == (stop_at != 0));
    };
    {
      Counter c{.stop_at = stop_at};
      ScopedProgressCallback scope(c.every_check());
      check(segcore::choose_k(a.view(), {.k_min = 2, .k_max = 5, .kmeans = ko}).status(), "choose_k");
      if (stop_at != 0) CHECK(c.calls == stop_at);
    }
    {
      Counter c{.stop_at = stop_at};
      ScopedProgressCallback scope(c.every_check());
      check(segcore::cluster_stability(a.view(), {.n_resamples = 4, .kmeans = ko}).status(), "stability");
      if (stop_at != 0) CHECK(c.calls == stop_at);
    }
    {
      Counter c{.stop_at = stop_at};
      ScopedProgressCallback scope(c.every_check());
      check(segcore::silhouette_score(a.view(), km.labels(), {.n_threads = 2}).status(), "silhouette");
    }
    {
      Counter c{.stop_at = stop_at};
      ScopedProgressCallback scope(c.every_check());
      std::vector<double> out(a.n);
      check(segcore::silhouette_samples(a.view(), km.labels(), out, 1), "silhouette_samples");
    }
  }
}

TEST_CASE("linkage_tree stops at the call that asks, for every linkage") {
  const Data a = blobs(400, 9);
  for (auto l :
       {segcore::Linkage::ward, segcore::Linkage::complete, segcore::Linkage::average, segcore::Linkage::single}) {
    CAPTURE(static_cast<int>(l));
    Counter c{.stop_at = 5};
    {
      ScopedProgressCallback scope(c.every_check());
      CHECK(absl::IsCancelled(segcore::linkage_tree(a.view(), l).status()));
    }
    CHECK(c.calls == 5);
    CHECK(segcore::linkage_tree(a.view(), l).ok());
  }
}

TEST_CASE("every callback of a long call names a stage: the call's own name until it records one") {
  // A k-means fit polls while it checks and prepares the data, before its first run records
  // "KMeans::fit"; the callback must see the call's name there too, never an empty stage.
  std::vector<std::string> stages;
  auto record = [](void* user, double, const char* stage) {
    static_cast<std::vector<std::string>*>(user)->emplace_back(stage);
    return 0;
  };
  ScopedProgressCallback scope({.function = record, .user = &stages, .interval = std::chrono::nanoseconds(0)});
  const absl::Status s = segcore::detail::cancellable("outer_call", [] {
    segcore::detail::poll_progress();  // before any stage is recorded
    segcore::detail::progress(0.5, "outer_call: step");
    return segcore::detail::cancellable("inner_call", [] {
      segcore::detail::poll_progress();  // nested: the outer call's stage stays
      return absl::OkStatus();
    });
  });
  REQUIRE(s.ok());
  REQUIRE(stages.size() >= 3);
  CHECK(stages[0] == "outer_call");
  for (const std::string& stage : stages) CHECK_FALSE(stage.empty());
  CHECK(stages.back() == "outer_call: step");
}
