// Influence: PageRank against a plain power iteration written here on random graphs of awkward
// sizes (dangling nodes, self loops, parallel edges, isolated nodes), bit-identical results for
// 1, 2 and 3 threads, networkx's own test graphs and expected values, degrees against direct
// counts, tiers, and bad input. Equality with networkx.pagerank is tested in python/tests.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "segcore/influence.hpp"

namespace {

struct Edges {
  std::size_t n = 0;
  std::vector<std::uint32_t> source, target;
  std::vector<double> weight;
};

// A random graph whose last nodes are isolated, with self loops, parallel edges and (when
// weighted) zero weights, so that nodes with out-edges can still be dangling.
Edges random_graph(std::size_t n, std::size_t m, bool weighted, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Edges g;
  g.n = n;
  const std::size_t active = std::max<std::size_t>(1, n - n / 7);  // the rest stay isolated
  std::uniform_int_distribution<std::size_t> node(0, active - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  for (std::size_t e = 0; e < m; ++e) {
    std::uint32_t u = static_cast<std::uint32_t>(node(rng)), v = static_cast<std::uint32_t>(node(rng));
    if (unit(rng) < 0.05) v = u;                                             // a self loop
    if (e > 0 && unit(rng) < 0.1) u = g.source.back(), v = g.target.back();  // a parallel edge
    if (u % 5 == 3 && unit(rng) < 0.8) continue;                             // many dangling nodes
    g.source.push_back(u);
    g.target.push_back(v);
    if (weighted) g.weight.push_back(unit(rng) < 0.05 ? 0.0 : unit(rng) * 10);
  }
  return g;
}

// networkx.pagerank written out plainly: push along every edge, in edge order.
std::vector<double> reference_pagerank(const Edges& g, double alpha, std::vector<double> p, double tol, int max_iter) {
  const std::size_t n = g.n;
  auto w = [&](std::size_t e) { return g.weight.empty() ? 1.0 : g.weight[e]; };
  std::vector<double> out(n, 0.0);
  for (std::size_t e = 0; e < g.source.size(); ++e) out[g.source[e]] += w(e);
  if (p.empty()) p.assign(n, 1.0);
  double ps = 0;
  for (double v : p) ps += v;
  for (double& v : p) v /= ps;
  std::vector<double> x(n, 1.0 / n);
  for (int it = 0; it < max_iter; ++it) {
    std::vector<double> nx(n, 0.0);
    double dangling = 0;
    for (std::size_t u = 0; u < n; ++u)
      if (out[u] == 0) dangling += x[u];
    for (std::size_t e = 0; e < g.source.size(); ++e)
      if (out[g.source[e]] != 0) nx[g.target[e]] += x[g.source[e]] * w(e) / out[g.source[e]];
    double err = 0;
    for (std::size_t v = 0; v < n; ++v) {
      nx[v] = alpha * (nx[v] + dangling * p[v]) + (1 - alpha) * p[v];
      err += std::abs(nx[v] - x[v]);
    }
    x = nx;
    if (err < n * tol) return x;
  }
  return {};
}

segcore::InfluenceGraph build(const Edges& g) {
  auto r = segcore::InfluenceGraph::from_edges(g.n, g.source, g.target, g.weight);
  REQUIRE(r.ok());
  return *std::move(r);
}

// networkx's test_pagerank.py graph: nodes 1..6 coded 0..5.
Edges networkx_graph() {
  const std::pair<int, int> edges[] = {{1, 2}, {1, 3}, {3, 1}, {3, 2}, {3, 5}, {4, 5}, {4, 6}, {5, 4}, {5, 6}, {6, 4}};
  Edges g;
  g.n = 6;
  for (auto [u, v] : edges) {
    g.source.push_back(static_cast<std::uint32_t>(u - 1));
    g.target.push_back(static_cast<std::uint32_t>(v - 1));
  }
  return g;
}

}  // namespace

TEST_CASE("PageRank equals a plain power iteration on random graphs, for any thread count") {
  const std::size_t sizes[] = {1, 2, 3, 7, 31, 257, 1000, 8193, 20011};
  std::uint64_t seed = 1;
  for (std::size_t n : sizes) {
    for (bool weighted : {false, true}) {
      for (bool personal : {false, true}) {
        Edges g = random_graph(n, n * 3 + 1, weighted, seed++);
        std::vector<double> pers;
        if (personal) {
          std::mt19937_64 rng(seed);
          for (std::size_t v = 0; v < n; ++v) pers.push_back(v % 3 == 0 ? 0.0 : static_cast<double>(rng() % 100));
          if (n < 3 || pers[1] == 0) pers[0] = 1;
        }
        const segcore::InfluenceGraph graph = build(g);
        std::vector<double> first;
        for (int threads : {1, 2, 3}) {
          segcore::PageRankOptions o;
          o.personalization = pers;
          o.tol = 1e-12;
          o.max_iter = 1000;
          o.n_threads = threads;
          auto r = graph.pagerank(o);
          REQUIRE(r.ok());
          if (threads == 1) {
            first = *r;
            const std::vector<double> ref = reference_pagerank(g, 0.85, pers, 1e-12, 1000);
            REQUIRE(ref.size() == n);
            double sum = 0;
            for (std::size_t v = 0; v < n; ++v) {
              CHECK(std::abs(first[v] - ref[v]) <= 1e-12);
              sum += first[v];
            }
            CHECK(std::abs(sum - 1) <= 1e-9);
          } else {
            CHECK(*r == first);  // bit-identical
          }
        }
      }
    }
  }
}

TEST_CASE("PageRank: networkx's test graph and expected values") {
  const Edges g = networkx_graph();
  const double expected[] = {0.03721197, 0.05395735, 0.04150565, 0.37508082, 0.20599833, 0.28624589};
  segcore::PageRankOptions o;
  o.alpha = 0.9;  // networkx's test_pagerank uses alpha=0.9, tol=1e-8
  o.tol = 1e-8;
  auto r = build(g).pagerank(o);
  REQUIRE(r.ok());
  for (int v = 0; v < 6; ++v) CHECK((*r)[v] == doctest::Approx(expected[v]).epsilon(1e-4));
}

TEST_CASE("PageRank: networkx's personalization and dangling cases") {
  // complete_graph(4) (both directions of every pair), personalization {1, 1, 4, 4}.
  Edges k4;
  k4.n = 4;
  for (std::uint32_t u = 0; u < 4; ++u)
    for (std::uint32_t v = 0; v < 4; ++v)
      if (u != v) k4.source.push_back(u), k4.target.push_back(v);
  const std::vector<double> personalize = {1, 1, 4, 4};
  const double answer[] = {0.23246732615667579, 0.23246732615667579, 0.267532673843324, 0.2675326738433241};
  segcore::PageRankOptions o;
  o.personalization = personalize;
  auto r = build(k4).pagerank(o);
  REQUIRE(r.ok());
  for (int v = 0; v < 4; ++v) CHECK(std::abs((*r)[v] - answer[v]) <= 1e-4);  // networkx's tolerance

  // One non-zero personalization value (networkx's incomplete personalization too).
  const std::vector<double> one = {0, 0, 0, 1};
  o.personalization = one;
  auto z = build(k4).pagerank(o);
  REQUIRE(z.ok());
  const double answer_z[] = {0.22077931820379187, 0.22077931820379187, 0.22077931820379187, 0.3376620453886241};
  for (int v = 0; v < 4; ++v) CHECK(std::abs((*z)[v] - answer_z[v]) <= 1e-4);

  // The test graph (node 2 has no out-edges) with a dangling vector.
  const Edges g = networkx_graph();
  const std::vector<double> dangling = {2, 3, 0, 0, 0, 0};  // networkx's {1: 2, 2: 3, 3..6: 0}
  segcore::PageRankOptions d;
  d.dangling = dangling;
  auto dr = build(g).pagerank(d);
  REQUIRE(dr.ok());
  const double expected_d[] = {0.10844518, 0.18618601, 0.0710892, 0.2683668, 0.15919783, 0.20671497};
  for (int v = 0; v < 6; ++v) CHECK(std::abs((*dr)[v] - expected_d[v]) <= 1e-4);

  // networkx's (undirected) multigraph case, each edge both ways: parallel edges add up.
  // Nodes 1, 2, 3, "3" coded 0..3.
  Edges multi;
  multi.n = 4;
  multi.source = {0, 0, 0, 1, 1, 3, 3, 1, 1, 1, 2, 2, 2, 2};
  multi.target = {1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 1, 1, 3, 3};
  auto mr = build(multi).pagerank();
  REQUIRE(mr.ok());
  const double expected_m[] = {0.21066048614468322, 0.3395308825985378, 0.28933951385531687, 0.16046911740146227};
  for (int v = 0; v < 4; ++v) CHECK(std::abs((*mr)[v] - expected_m[v]) <= 1e-4);
}

TEST_CASE("PageRank: a node without out-edges spreads its mass by the personalization vector") {
  // 0 -> 1, and 1 dangling: with personalization on node 0 only, 1's mass all returns to 0.
  Edges g;
  g.n = 2;
  g.source = {0};
  g.target = {1};
  const std::vector<double> pers = {1, 0};
  segcore::PageRankOptions o;
  o.personalization = pers;
  o.tol = 1e-14;
  o.max_iter = 10000;
  auto r = build(g).pagerank(o);
  REQUIRE(r.ok());
  // x0 = 0.15 + 0.85 x1 and x1 = 0.85 x0: x0 = 0.15 / (1 - 0.85^2).
  CHECK((*r)[0] == doctest::Approx(0.15 / (1 - 0.85 * 0.85)).epsilon(1e-12));
  CHECK((*r)[1] == doctest::Approx(0.85 * 0.15 / (1 - 0.85 * 0.85)).epsilon(1e-12));
  // No edges at all: uniform.
  Edges none;
  none.n = 5;
  auto u = build(none).pagerank();
  REQUIRE(u.ok());
  for (double x : *u) CHECK(x == doctest::Approx(0.2));
  auto empty = build(Edges{}).pagerank();
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

TEST_CASE("PageRank: max_iter without convergence is an error naming the change") {
  const Edges g = networkx_graph();
  segcore::PageRankOptions o;
  o.max_iter = 2;
  auto r = build(g).pagerank(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(std::string(r.status().message()).find("not converged after max_iter = 2") != std::string::npos);
}

TEST_CASE("degrees, weights, reach and audience equal direct counts") {
  for (std::size_t n : {1, 5, 64, 1001}) {
    const Edges g = random_graph(n, 4 * n, true, 100 + n);
    const segcore::InfluenceGraph graph = build(g);
    std::vector<std::uint64_t> in(n, 0), out(n, 0);
    std::vector<double> win(n, 0), wout(n, 0);
    std::vector<std::set<std::uint32_t>> targets(n), sources(n);
    for (std::size_t e = 0; e < g.source.size(); ++e) {
      const std::uint32_t u = g.source[e], v = g.target[e];
      ++out[u], ++in[v];
      wout[u] += g.weight[e], win[v] += g.weight[e];
      if (u != v) targets[u].insert(v), sources[v].insert(u);
    }
    CHECK(graph.in_degree() == in);
    CHECK(graph.out_degree() == out);
    CHECK(graph.in_weight() == win);
    CHECK(graph.out_weight() == wout);
    const auto reach = graph.reach(), audience = graph.audience();
    for (std::size_t v = 0; v < n; ++v) {
      CHECK(reach[v] == targets[v].size());
      CHECK(audience[v] == sources[v].size());
    }
    CHECK(graph.n_edges() == g.source.size());
  }
}

TEST_CASE("influencer tiers by follower bands") {
  const std::vector<std::uint64_t> followers = {0,      999,    1000,    9999,
                                                10000,  99999,  100000,  499999,
                                                500000, 999999, 1000000, std::numeric_limits<std::uint64_t>::max()};
  auto t = segcore::influencer_tiers(followers);
  REQUIRE(t.ok());
  CHECK(*t == std::vector<std::uint8_t>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
  CHECK(std::string(segcore::influencer_tier_name(5)) == "mega");
  segcore::InfluencerBands custom{10, 20, 30, 40, 50};
  auto c = segcore::influencer_tiers(std::vector<std::uint64_t>{9, 10, 25, 49, 50}, custom);
  REQUIRE(c.ok());
  CHECK(*c == std::vector<std::uint8_t>{0, 1, 2, 4, 5});
  segcore::InfluencerBands bad{10, 20, 20, 40, 50};
  auto b = segcore::influencer_tiers(followers, bad);
  REQUIRE_FALSE(b.ok());
  CHECK(std::string(b.status().message()).find("mid bound 20 is not above the micro bound 20") != std::string::npos);
}

TEST_CASE("bad input names what and where") {
  auto msg = [](const absl::Status& s) { return std::string(s.message()); };
  const std::vector<std::uint32_t> s = {0, 1, 2}, t = {1, 2, 0};
  auto out_of_range = segcore::InfluenceGraph::from_edges(2, s, t);
  REQUIRE_FALSE(out_of_range.ok());
  CHECK(msg(out_of_range.status()).find("edge 1: target code 2 is not below n_nodes = 2") != std::string::npos);
  const std::vector<double> neg = {1, -1, 1}, nan = {1, 1, std::nan("")};
  CHECK(msg(segcore::InfluenceGraph::from_edges(3, s, t, neg).status()).find("edge 1: weight -1") != std::string::npos);
  CHECK(msg(segcore::InfluenceGraph::from_edges(3, s, t, nan).status()).find("edge 2: weight nan") !=
        std::string::npos);
  CHECK_FALSE(segcore::InfluenceGraph::from_edges(3, s, std::vector<std::uint32_t>{1}).ok());
  CHECK_FALSE(segcore::InfluenceGraph::from_edges(3, s, t, std::vector<double>{1}).ok());
  const segcore::InfluenceGraph g = *segcore::InfluenceGraph::from_edges(3, s, t);
  for (double alpha : {0.0, 1.0, -0.5, std::nan("")}) {
    segcore::PageRankOptions o;
    o.alpha = alpha;
    auto r = g.pagerank(o);
    REQUIRE_FALSE(r.ok());
    CHECK(msg(r.status()).find("alpha") != std::string::npos);
  }
  const std::vector<double> zero = {0, 0, 0}, negative = {1, -1, 1}, short_p = {1, 1};
  segcore::PageRankOptions o;
  o.personalization = zero;
  CHECK(msg(g.pagerank(o).status()).find("personalization is zero for every node") != std::string::npos);
  o.personalization = negative;
  CHECK(msg(g.pagerank(o).status()).find("personalization[1] = -1") != std::string::npos);
  o.personalization = short_p;
  CHECK(msg(g.pagerank(o).status()).find("personalization has 2 values for 3 nodes") != std::string::npos);
  segcore::PageRankOptions bad_tol;
  bad_tol.tol = 0;
  CHECK_FALSE(g.pagerank(bad_tol).ok());
  segcore::PageRankOptions bad_iter;
  bad_iter.max_iter = 0;
  CHECK_FALSE(g.pagerank(bad_iter).ok());
}
