// Lloyd's algorithm: every row against every center with the blocked nearest-center kernel,
// each sub-block's rows added into the new center sums while they are still in cache.
#include <algorithm>
#include <numeric>
#include <vector>

#include "cluster/kmeans_engine.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

template <class T>
void assign_and_accumulate(const Points<T>& p, const kernels::CenterPack<T>& pack, std::int32_t* labels, ChunkSums* acc,
                           const double* centers, double* inertia_of_chunk, double* row_sqdist) {
  const auto& kern = kernels::active_kernels().get<T>();
  const std::size_t d = p.d();
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    std::int32_t fresh[kSubBlock];
    T partial[kSubBlock];
    if (acc) acc->clear(t);
    double* sums = acc ? acc->sums_of(t) : nullptr;
    double* weights = acc ? acc->weights_of(t) : nullptr;
    std::size_t changed = 0;
    double inertia_sum = 0;
    for (std::size_t i0 = p.chunks[t].begin; i0 < p.chunks[t].end; i0 += kSubBlock) {
      const std::size_t m = std::min(kSubBlock, p.chunks[t].end - i0);
      // The old labels are read once per block, after the kernel, and a block's labels fill a
      // page the hardware prefetcher does not enter: ask for them now.
      for (std::size_t r = 0; r < m; r += 16) __builtin_prefetch(labels + i0 + r, 1);
      kern.nearest(p.x.row(i0), m, d, p.x.stride(), pack.origin.data(), pack.ct.data(), pack.cnorm.data(), pack.kpad,
                   fresh, partial);
      for (std::size_t r = 0; r < m; ++r) {
        changed += labels[i0 + r] != fresh[r];
        labels[i0 + r] = fresh[r];
      }
      if (acc)
        kern.accumulate(p.x.row(i0), m, d, p.x.stride(), p.origin_d.data(), fresh, p.w.empty() ? nullptr : &p.w[i0],
                        sums, weights);
      if (row_sqdist) {  // add_inertia's sum, keeping each row's squared distance
        for (std::size_t i = i0; i < i0 + m; ++i) {
          row_sqdist[i] = sqdist_to_center(p.x.row(i), p.origin_d.data(), centers + labels[i] * d, d);
          inertia_sum += p.weight(i) * row_sqdist[i];
        }
      } else if (inertia_of_chunk) {
        inertia_sum = add_inertia(p, centers, labels, i0, i0 + m, inertia_sum);
      }
    }
    if (acc) acc->changed[t] = changed;
    if (inertia_of_chunk) inertia_of_chunk[t] = inertia_sum;
  });
}

template <class T>
RunResult run_lloyd(const Points<T>& data, std::vector<double> centers, std::size_t k, int max_iter, double tol) {
  Points<T> p = data;
  p.center_on(centers, k);
  p.to_origin(centers);
  RunResult r;
  r.labels.assign(p.n(), -1);
  ChunkSums acc(p.chunks.count(), k, p.d());
  kernels::CenterPack<T> pack;
  bool strict = false;
  int it = 0;
  for (; it < max_iter; ++it) {
    pack.assign(centers.data(), k, p.d(), p.origin.data());
    assign_and_accumulate(p, pack, r.labels.data(), &acc);
    Totals totals(k, p.d());
    totals.add(acc);
    Update u = update_centers(p, std::move(totals), centers, r.labels.data());
    centers = std::move(u.centers);
    if (acc.total_changed() == 0) {
      strict = true;
      break;
    }
    if (u.shift_sq_total <= tol) break;
  }
  r.n_iter = std::min(it + 1, max_iter);
  if (!strict) {  // the last centers moved after the last assignment: label the rows again
    pack.assign(centers.data(), k, p.d(), p.origin.data());
    std::vector<double> part(p.chunks.count());
    assign_and_accumulate<T>(p, pack, r.labels.data(), nullptr, centers.data(), part.data());
    r.inertia = std::accumulate(part.begin(), part.end(), 0.0);  // as inertia() sums
  } else {
    r.inertia = inertia(p, centers.data(), r.labels.data());
  }
  p.from_origin(centers);
  r.centers = std::move(centers);
  return r;
}

template void assign_and_accumulate(const Points<float>&, const kernels::CenterPack<float>&, std::int32_t*, ChunkSums*,
                                    const double*, double*, double*);
template void assign_and_accumulate(const Points<double>&, const kernels::CenterPack<double>&, std::int32_t*,
                                    ChunkSums*, const double*, double*, double*);
template RunResult run_lloyd(const Points<float>&, std::vector<double>, std::size_t, int, double);
template RunResult run_lloyd(const Points<double>&, std::vector<double>, std::size_t, int, double);

}  // namespace detail
SEGCORE_NAMESPACE_END
