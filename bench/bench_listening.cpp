// Listening: texts per second for 4 topic sets of 50 patterns each (30 keywords, 12 two-word
// phrases, 8 hashtags) over short social-media texts (1 to 14 words, punctuation, hashtags,
// mixed case), on 1 and 2 threads. bench/peers/listening_peers.py times the same shape of work
// against Python's re.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "segcore/listening.hpp"

using namespace segcore;

namespace {

struct Workload {
  std::vector<std::string> vocab;
  std::vector<TopicSet> sets;
  std::vector<std::string> texts;
  std::vector<std::string_view> views;

  explicit Workload(std::size_t n_texts) {
    std::mt19937_64 g(2026);
    const char* syllables[] = {"ka", "ro", "mi", "te", "lu", "sa", "no", "vi", "da", "pe", "zo", "ri"};
    for (int i = 0; i < 2000; ++i) {
      std::string w;
      for (int k = 0, n = 2 + static_cast<int>(g() % 3); k < n; ++k) w += syllables[g() % 12];
      vocab.push_back(w);
    }
    const char* names[] = {"brand", "competitor", "product", "issue"};
    for (int s = 0; s < 4; ++s) {
      TopicSet t{names[s], {}};
      for (int p = 0; p < 50; ++p) {
        const std::string& w = vocab[g() % vocab.size()];
        if (p < 30)
          t.patterns.push_back(w);
        else if (p < 42)
          t.patterns.push_back(w + " " + vocab[g() % vocab.size()]);
        else
          t.patterns.push_back("#" + w);
      }
      sets.push_back(std::move(t));
    }
    const char* gaps[] = {" ", " ", " ", " ", ", ", ". ", "! ", " #", " - ", "? "};
    for (std::size_t i = 0; i < n_texts; ++i) {
      std::string t;
      for (int k = 0, n = 1 + static_cast<int>(g() % 14); k < n; ++k) {
        std::string w = vocab[g() % vocab.size()];
        if (g() % 10 == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
        t += w;
        if (k + 1 < n) t += gaps[g() % 10];
      }
      texts.push_back(std::move(t));
    }
    views.assign(texts.begin(), texts.end());
  }
};

void BM_ListeningMatch(benchmark::State& state) {
  static const Workload work(200'000);
  auto sets = ListeningSets::compile(work.sets);
  if (!sets.ok()) {
    state.SkipWithError(std::string(sets.status().message()).c_str());
    return;
  }
  std::vector<std::uint32_t> counts(work.views.size() * sets->size());
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto status = match_listening(*sets, work.views, counts, threads);
    if (!status.ok()) state.SkipWithError(std::string(status.message()).c_str());
    benchmark::DoNotOptimize(counts.data());
  }
  std::uint64_t matches = 0;
  for (std::uint32_t c : counts) matches += c;
  state.counters["matches_per_text"] = static_cast<double>(matches) / static_cast<double>(work.views.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * work.views.size()));
}
BENCHMARK(BM_ListeningMatch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
