// Hamerly's exact acceleration of Lloyd's algorithm (G. Hamerly, "Making k-means even faster",
// SDM 2010). Each row keeps an upper bound on the distance to its centre and a lower bound on
// the distance to any other; a row whose bounds prove its centre is still nearest is skipped.
// The iterations, the centre update and the convergence rule are Lloyd's, so both give the
// same labels and centres.
//
// Distances from the kernels carry rounding error. Every bound test keeps a margin larger
// than that error, so a row is skipped only when Lloyd's kernel would pick the same centre.
#include <algorithm>
#include <cmath>
#include <limits>

#include "cluster/kmeans_engine.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

namespace {

struct Bounds {
  std::vector<double> upper, lower, xnorm;
};

template <class T>
double sqnorm(const T* row, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) s += static_cast<double>(row[j]) * static_cast<double>(row[j]);
  return s;
}

// Half the distance from each centre to its nearest other centre.
std::vector<double> half_separation(const std::vector<double>& centres, std::size_t k, std::size_t d) {
  std::vector<double> s(k, std::numeric_limits<double>::infinity());
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = a + 1; b < k; ++b) {
      double sq = 0;
      for (std::size_t j = 0; j < d; ++j) sq += (centres[a * d + j] - centres[b * d + j]) * (centres[a * d + j] - centres[b * d + j]);
      const double half = 0.5 * std::sqrt(sq);
      s[a] = std::min(s[a], half);
      s[b] = std::min(s[b], half);
    }
  return s;
}

template <class T>
struct HamerlyPass {
  const Points<T>& p;
  const kernels::CentrePack<T>& pack;
  const std::vector<double>& centres;
  const std::vector<double>& separation;
  double margin;
  Bounds& b;
  std::int32_t* labels;

  // Labels row i from all centres, setting both bounds; ties go to the lower index, as in
  // the nearest-centre kernel, whose arithmetic the partials kernel repeats exactly.
  void relabel(std::size_t i, T* partial) const {
    kernels::active_kernels().get<T>().partials(p.x.row(i), p.d(), pack.ct.data(), pack.cnorm.data(), pack.kpad, partial);
    T best = partial[0], second = std::numeric_limits<T>::infinity();
    std::int32_t arg = 0;
    for (std::size_t c = 1; c < pack.k; ++c) {
      if (partial[c] < best) {
        second = best, best = partial[c], arg = static_cast<std::int32_t>(c);
      } else if (partial[c] < second) {
        second = partial[c];
      }
    }
    labels[i] = arg;
    b.upper[i] = std::sqrt(std::max(0.0, b.xnorm[i] + static_cast<double>(best)));
    b.lower[i] = pack.k > 1 ? std::sqrt(std::max(0.0, b.xnorm[i] + static_cast<double>(second)))
                            : std::numeric_limits<double>::infinity();
  }

  void run(ChunkSums* acc, bool everything) const {
    const std::size_t d = p.d();
    parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
      std::vector<T> partial(pack.kpad);
      if (acc) acc->clear(t);
      std::size_t changed = 0;
      for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i) {
        const std::int32_t before = labels[i];
        if (everything) {
          relabel(i, partial.data());
        } else {
          const std::size_t a = static_cast<std::size_t>(before);
          const double bound = std::max(separation[a], b.lower[i]);
          if (b.upper[i] + 3 * margin > bound) {
            b.upper[i] = std::sqrt(std::max(0.0, sqdist(p.x.row(i), &centres[a * d], d)));  // tighten
            if (b.upper[i] + 3 * margin > bound) relabel(i, partial.data());
          }
        }
        changed += labels[i] != before;
        if (acc) {
          const double w = p.weight(i);
          add_row(p.x.row(i), w, d, acc->sums_of(t) + static_cast<std::size_t>(labels[i]) * d);
          acc->weights_of(t)[labels[i]] += w;
        }
      }
      if (acc) acc->changed[t] = changed;
    });
  }

  static double sqdist(const T* row, const double* centre, std::size_t d) {
    double s = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const double diff = static_cast<double>(row[j]) - centre[j];
      s += diff * diff;
    }
    return s;
  }
};

// Bounds after the centres moved by `shift`: the own centre may be farther by its shift,
// every other centre nearer by at most the largest shift among them.
template <class T>
void move_bounds(const Points<T>& p, Bounds& b, const std::int32_t* labels, const std::vector<double>& shift) {
  std::size_t far = 0;
  for (std::size_t c = 1; c < shift.size(); ++c)
    if (shift[c] > shift[far]) far = c;
  double second = 0;
  for (std::size_t c = 0; c < shift.size(); ++c)
    if (c != far) second = std::max(second, shift[c]);
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i) {
      const std::size_t a = static_cast<std::size_t>(labels[i]);
      b.upper[i] += shift[a];
      b.lower[i] -= a == far ? second : shift[far];
    }
  });
}

// Distances computed from |x|^2 + (|c|^2 - 2 x.c) in precision T can be off by about
// sqrt(d * eps * (|x|^2 + |c|^2)); the margin is a generous multiple of that.
template <class T>
double rounding_margin(const Bounds& b, const kernels::CentrePack<T>& pack, std::size_t d) {
  double max_c = 0;
  for (std::size_t c = 0; c < pack.k; ++c) max_c = std::max(max_c, static_cast<double>(pack.cnorm[c]));
  const double max_x = b.xnorm.empty() ? 0 : *std::max_element(b.xnorm.begin(), b.xnorm.end());
  return std::sqrt((2.0 * d + 8.0) * std::numeric_limits<T>::epsilon() * (max_x + max_c));
}

}  // namespace

template <class T>
RunResult run_hamerly(const Points<T>& p, std::vector<double> centres, std::size_t k, int max_iter, double tol) {
  RunResult r;
  r.labels.assign(p.n(), -1);
  Bounds b;
  b.upper.resize(p.n());
  b.lower.resize(p.n());
  b.xnorm.resize(p.n());
  parallel_for(p.threads, p.chunks.count(), [&](std::size_t t) {
    for (std::size_t i = p.chunks[t].begin; i < p.chunks[t].end; ++i) b.xnorm[i] = sqnorm(p.x.row(i), p.d());
  });
  ChunkSums acc(p.chunks.count(), k, p.d());
  kernels::CentrePack<T> pack;
  bool strict = false;
  int it = 0;
  for (; it < max_iter; ++it) {
    pack.assign(centres.data(), k, p.d());
    const auto separation = half_separation(centres, k, p.d());
    HamerlyPass<T>{p, pack, centres, separation, rounding_margin(b, pack, p.d()), b, r.labels.data()}.run(&acc, it == 0);
    Update u = update_centres(p, acc, centres, r.labels.data());
    centres = std::move(u.centres);
    if (acc.total_changed() == 0) {
      strict = true;
      break;
    }
    move_bounds(p, b, r.labels.data(), u.shift);
    if (u.shift_sq_total <= tol) break;
  }
  r.n_iter = std::min(it + 1, max_iter);
  if (!strict) {  // bounds already follow the last update: label the rows against it
    pack.assign(centres.data(), k, p.d());
    const auto separation = half_separation(centres, k, p.d());
    HamerlyPass<T>{p, pack, centres, separation, rounding_margin(b, pack, p.d()), b, r.labels.data()}.run(nullptr, false);
  }
  r.inertia = inertia(p, centres.data(), r.labels.data());
  r.centres = std::move(centres);
  return r;
}

template RunResult run_hamerly(const Points<float>&, std::vector<double>, std::size_t, int, double);
template RunResult run_hamerly(const Points<double>&, std::vector<double>, std::size_t, int, double);

}  // namespace detail
SEGCORE_NAMESPACE_END
