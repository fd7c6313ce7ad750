// Ward linkage by the nearest-neighbour chain on centroids: O(n x d) memory instead of the
// n^2 / 2 distance matrix. The active centroids are kept packed like k-means centers (d x m,
// -2c, norms), so one nearest-neighbour search is the vectorised partials kernel over all of
// them; removed clusters get an infinite norm and are squeezed out when they are half.
//
// The chain follows scipy's nn_chain step for step (the first strictly smaller distance wins,
// the previous chain element is preferred on ties, the merged cluster takes the larger slot),
// so merges agree with scipy's ward on the same data up to floating-point near-ties.
//
// The centroids are kept relative to the column means: the kernel's |a|^2 - 2 a.b + |b|^2
// loses eps (|a|^2 + |b|^2) to rounding, which for data far from zero (epoch seconds) is more
// than the distances themselves. Ward's heights depend only on differences of centroids.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "cluster/linkage_internal.hpp"
#include "kernels/kernel_table.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {
namespace {

class ActiveSet {
 public:
  ActiveSet(const std::vector<double>& x, std::size_t n, std::size_t d)
      : n_(n), d_(d), center_(x), size_(n, 1.0), pos_(n) {
    for (std::size_t j = 0; j < d; ++j) {
      double mean = 0;
      for (std::size_t i = 0; i < n; ++i) mean += x[i * d + j];
      mean /= static_cast<double>(n);
      for (std::size_t i = 0; i < n; ++i) center_[i * d + j] -= mean;
    }
    slot_.resize(n);
    for (std::size_t i = 0; i < n; ++i) slot_[i] = i, pos_[i] = i;
    repack();
  }

  const double* center(std::size_t s) const { return &center_[s * d_]; }
  double size(std::size_t s) const { return size_[s]; }

  // The slot nearest to s under Ward's criterion, starting from `prefer` (or none), taking
  // only strictly smaller values after it; also the criterion's value for the winner.
  std::size_t nearest(std::size_t s, std::size_t prefer, std::vector<double>& scratch) const {
    const auto& kern = kernels::active_kernels().f64;
    scratch.resize(m_pad_);
    kern.partials(center(s), d_, ct_.data(), cnorm_.data(), m_pad_, scratch.data());
    const double* c = center(s);
    double xn = 0;
    for (std::size_t j = 0; j < d_; ++j) xn += c[j] * c[j];
    const double ns = size_[s];
    // Ward's distance squared over 2 ns, |ca - cb|^2 nb / (ns + nb), monotone in the distance;
    // a branch-free pass the compiler vectorises, then the first minimum. Removed positions
    // have an infinite norm (and size 1), so their value is infinite.
    double* v = scratch.data();
    for (std::size_t p = 0; p < m_; ++p) v[p] = std::max(v[p] + xn, 0.0) * psize_[p] / (ns + psize_[p]);
    v[pos_[s]] = std::numeric_limits<double>::infinity();
    std::size_t best = prefer;
    double best_v = prefer == kNone ? std::numeric_limits<double>::infinity() : v[pos_[prefer]];
    for (std::size_t p = 0; p < m_; ++p)
      if (v[p] < best_v) best_v = v[p], best = slot_[p];
    return best;
  }

  // Merges slot a into slot b (a < b): b becomes the union, a disappears.
  double merge(std::size_t a, std::size_t b) {
    const double na = size_[a], nb = size_[b];
    double sq = 0;
    for (std::size_t j = 0; j < d_; ++j) {
      const double diff = center_[a * d_ + j] - center_[b * d_ + j];
      sq += diff * diff;
    }
    const double height = std::sqrt(2.0 * na * nb / (na + nb) * sq);
    for (std::size_t j = 0; j < d_; ++j)
      center_[b * d_ + j] = (na * center_[a * d_ + j] + nb * center_[b * d_ + j]) / (na + nb);
    size_[b] = na + nb;
    size_[a] = 0;
    cnorm_[pos_[a]] = std::numeric_limits<double>::infinity();
    psize_[pos_[a]] = 1.0;
    psize_[pos_[b]] = na + nb;
    put(pos_[b], b);
    if (++removed_ * 2 > m_ && m_ > 64) repack();
    return height;
  }

  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

 private:
  void put(std::size_t p, std::size_t s) {
    double norm = 0;
    for (std::size_t j = 0; j < d_; ++j) {
      ct_[j * m_pad_ + p] = -2.0 * center_[s * d_ + j];
      norm += center_[s * d_ + j] * center_[s * d_ + j];
    }
    cnorm_[p] = norm;
  }

  // Keeps the live slots in slot order, so "first in position order" stays "lowest slot".
  void repack() {
    std::vector<std::size_t> live;
    for (std::size_t s = 0; s < n_; ++s)
      if (size_[s] > 0) live.push_back(s);
    m_ = live.size();
    m_pad_ = (m_ + kernels::kCenterLanes - 1) / kernels::kCenterLanes * kernels::kCenterLanes;
    ct_.assign(d_ * m_pad_, 0.0);
    cnorm_.assign(m_pad_, std::numeric_limits<double>::infinity());
    slot_.assign(m_pad_, kNone);
    psize_.assign(m_pad_, 1.0);
    for (std::size_t p = 0; p < m_; ++p) {
      slot_[p] = live[p];
      psize_[p] = size_[live[p]];
      pos_[live[p]] = p;
      put(p, live[p]);
    }
    removed_ = 0;
  }

  std::size_t n_, d_;
  std::vector<double> center_, size_;
  std::vector<std::size_t> pos_, slot_;
  std::vector<double> ct_, cnorm_, psize_;  // psize_: cluster size by position
  std::size_t m_ = 0, m_pad_ = 0, removed_ = 0;
};

}  // namespace

std::vector<Merge> ward_chain(const std::vector<double>& x, std::size_t n, std::size_t d) {
  ActiveSet set(x, n, d);
  std::vector<Merge> merges;
  merges.reserve(n - 1);
  std::vector<std::size_t> chain;
  std::vector<double> scratch;
  std::size_t first_live = 0;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    progress(static_cast<double>(k) / static_cast<double>(n), "linkage_tree");
    if (chain.empty()) {
      while (set.size(first_live) == 0) ++first_live;
      chain.push_back(first_live);
    }
    std::size_t a, b;
    for (;;) {
      a = chain.back();
      const std::size_t prev = chain.size() > 1 ? chain[chain.size() - 2] : ActiveSet::kNone;
      b = set.nearest(a, prev, scratch);
      if (b == prev) break;
      chain.push_back(b);
    }
    chain.resize(chain.size() - 2);
    if (a > b) std::swap(a, b);
    const double nab = set.size(a) + set.size(b);
    const double h = set.merge(a, b);
    merges.push_back(
        Merge{static_cast<std::int64_t>(a), static_cast<std::int64_t>(b), h, static_cast<std::int64_t>(nab)});
  }
  return merges;
}

}  // namespace detail
SEGCORE_NAMESPACE_END
