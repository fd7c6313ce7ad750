// Privacy controls: pseudonyms per second (100,000 emails, normalised then HMAC-SHA-256) with
// one keyed context copied per block, against OpenSSL's one-shot HMAC() per value, the
// obvious way that sets the key up again for every value; and the cost of one erasure from a
// profile store of 100,000 customers (linear in the customers by design).
#include <benchmark/benchmark.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "segcore/privacy.hpp"
#include "segcore/profile.hpp"

namespace {

const std::string kKey(32, 'k');

const std::vector<std::string>& emails() {
  static const std::vector<std::string> e = [] {
    std::vector<std::string> v;
    for (int i = 0; i < 100000; ++i) v.push_back(absl::StrCat(" User.", i, "@Example", i % 97, ".com "));
    return v;
  }();
  return e;
}

void BM_pseudonymize_identifiers(benchmark::State& state) {
  const std::vector<absl::string_view> values(emails().begin(), emails().end());
  std::vector<std::string> out(values.size());
  for (auto _ : state) {
    auto r = segcore::pseudonymize_identifiers(kKey, segcore::IdKind::email, values, out, "",
                                               static_cast<int>(state.range(0)));
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(values.size()));
}
BENCHMARK(BM_pseudonymize_identifiers)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same work with HMAC() per value: normalise, hash, write hex.
void BM_one_shot_hmac(benchmark::State& state) {
  std::vector<std::string> out(emails().size());
  for (auto _ : state) {
    for (std::size_t i = 0; i < emails().size(); ++i) {
      auto norm = segcore::normalize_email(emails()[i]);
      unsigned char md[32];
      unsigned int len = 0;
      HMAC(EVP_sha256(), kKey.data(), static_cast<int>(kKey.size()),
           reinterpret_cast<const unsigned char*>(norm->data()), norm->size(), md, &len);
      static constexpr char kHex[] = "0123456789abcdef";
      out[i].resize(64);
      for (int b = 0; b < 32; ++b) out[i][2 * b] = kHex[md[b] >> 4], out[i][2 * b + 1] = kHex[md[b] & 15];
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(emails().size()));
}
BENCHMARK(BM_one_shot_hmac)->Unit(benchmark::kMillisecond)->UseRealTime();

// One erasure (and, untimed, the customer's events added back) in a store of 100,000
// customers with 20 events each.
void BM_store_erase(benchmark::State& state) {
  segcore::ProfileStore store;
  const int customers = 100000;
  for (int e = 0; e < 20; ++e)
    for (int c = 0; c < customers; ++c) (void)store.add(absl::StrCat("C", c), 1577836800 + e * 86400 + c, 10.0 + e);
  int next = 0;
  for (auto _ : state) {
    const std::string id = absl::StrCat("C", next++ % customers);
    auto r = store.erase(id);
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
    state.PauseTiming();
    for (int e = 0; e < 20; ++e) (void)store.add(id, 1577836800 + e * 86400, 10.0 + e);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_store_erase)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
