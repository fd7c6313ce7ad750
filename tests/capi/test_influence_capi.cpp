// The influence graph through the C ABI: the same PageRank, degrees and tiers as the C++ API,
// options structs of older sizes, labels, and errors with their codes and messages.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "segcore/influence.hpp"
#include "segcore_social.h"

namespace {

// networkx's test_pagerank.py graph, nodes 1..6 coded 0..5.
const std::vector<uint32_t> kSource = {0, 0, 2, 2, 2, 3, 3, 4, 4, 5};
const std::vector<uint32_t> kTarget = {1, 2, 0, 1, 4, 4, 5, 3, 5, 3};

std::string last_error() { return segcore_last_error_message(); }

}  // namespace

TEST_CASE("influence graph through the C ABI equals the C++ API") {
  const char* labels[] = {"n1", "n2", "n3", "n4", "n5", "n6"};
  const std::vector<double> weight = {1, 2, 0.5, 1, 3, 1, 1, 2, 1, 1};
  segcore_influence_graph* g = nullptr;
  REQUIRE(segcore_influence_graph_create(&g, 6, kSource.data(), kTarget.data(), weight.data(), kSource.size(),
                                         labels) == SEGCORE_OK);
  auto cpp = segcore::InfluenceGraph::from_edges(6, kSource, kTarget, weight);
  REQUIRE(cpp.ok());
  size_t n = 0;
  REQUIRE(segcore_influence_graph_n_nodes(g, &n) == SEGCORE_OK);
  CHECK(n == 6);
  REQUIRE(segcore_influence_graph_n_edges(g, &n) == SEGCORE_OK);
  CHECK(n == 10);

  segcore_pagerank_options o;
  REQUIRE(segcore_pagerank_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.alpha == 0.85);
  CHECK(o.max_iter == 100);
  const std::vector<double> pers = {1, 0, 2, 0, 0, 1};
  o.personalization = pers.data();
  o.personalization_count = pers.size();
  o.alpha = 0.9;
  o.n_threads = 2;
  std::vector<double> rank(6);
  REQUIRE(segcore_influence_graph_pagerank(g, &o, rank.data(), rank.size()) == SEGCORE_OK);
  segcore::PageRankOptions p;
  p.alpha = 0.9;
  p.personalization = pers;
  CHECK(rank == *cpp->pagerank(p));
  std::vector<double> defaults(6);
  REQUIRE(segcore_influence_graph_pagerank(g, nullptr, defaults.data(), defaults.size()) == SEGCORE_OK);
  CHECK(defaults == *cpp->pagerank());

  std::vector<uint64_t> u(6);
  std::vector<double> w(6);
  REQUIRE(segcore_influence_graph_in_degree(g, u.data(), u.size()) == SEGCORE_OK);
  CHECK(u == cpp->in_degree());
  REQUIRE(segcore_influence_graph_out_degree(g, u.data(), u.size()) == SEGCORE_OK);
  CHECK(u == cpp->out_degree());
  REQUIRE(segcore_influence_graph_reach(g, u.data(), u.size()) == SEGCORE_OK);
  CHECK(u == cpp->reach());
  REQUIRE(segcore_influence_graph_audience(g, u.data(), u.size()) == SEGCORE_OK);
  CHECK(u == cpp->audience());
  REQUIRE(segcore_influence_graph_in_weight(g, w.data(), w.size()) == SEGCORE_OK);
  CHECK(w == cpp->in_weight());
  REQUIRE(segcore_influence_graph_out_weight(g, w.data(), w.size()) == SEGCORE_OK);
  CHECK(w == cpp->out_weight());
  CHECK(segcore_influence_graph_reach(g, u.data(), 5) == SEGCORE_ERANGE);

  char buf[8];
  size_t len = 0;
  REQUIRE(segcore_influence_graph_label(g, 3, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "n4");
  CHECK(len == 2);
  CHECK(segcore_influence_graph_label(g, 6, buf, sizeof buf, &len) == SEGCORE_ERANGE);
  segcore_influence_graph_destroy(g);
  segcore_influence_graph_destroy(nullptr);
}

TEST_CASE("influence C ABI: an older options struct takes the defaults for the fields it lacks") {
  segcore_influence_graph* g = nullptr;
  REQUIRE(segcore_influence_graph_create(&g, 6, kSource.data(), kTarget.data(), nullptr, kSource.size(), nullptr) ==
          SEGCORE_OK);
  segcore_pagerank_options o;
  REQUIRE(segcore_pagerank_options_init(&o, sizeof o) == SEGCORE_OK);
  o.struct_size = offsetof(segcore_pagerank_options, personalization);  // too small: not a layout
  std::vector<double> r(6);
  CHECK(segcore_influence_graph_pagerank(g, &o, r.data(), r.size()) == SEGCORE_EINVAL);
  char buf[4];
  CHECK(segcore_influence_graph_label(g, 0, buf, sizeof buf, nullptr) == SEGCORE_ENOTFOUND);
  segcore_influence_graph_destroy(g);
}

TEST_CASE("influence C ABI: errors carry their code and say what and where") {
  segcore_influence_graph* g = nullptr;
  const std::vector<uint32_t> bad_target = {1, 7};
  CHECK(segcore_influence_graph_create(&g, 3, kSource.data(), bad_target.data(), nullptr, 2, nullptr) ==
        SEGCORE_EINVAL);
  CHECK(g == nullptr);
  CHECK(last_error().find("edge 1: target code 7 is not below n_nodes = 3") != std::string::npos);
  const std::vector<double> nan_weight = {1, std::nan("")};
  CHECK(segcore_influence_graph_create(&g, 6, kSource.data(), kTarget.data(), nan_weight.data(), 2, nullptr) ==
        SEGCORE_EINVAL);
  CHECK(segcore_influence_graph_create(&g, 6, nullptr, kTarget.data(), nullptr, 2, nullptr) == SEGCORE_EINVAL);
  CHECK(last_error().find("source is NULL") != std::string::npos);
  const char* labels[] = {"a", nullptr, "c", "d", "e", "f"};
  CHECK(segcore_influence_graph_create(&g, 6, kSource.data(), kTarget.data(), nullptr, 10, labels) == SEGCORE_EINVAL);
  CHECK(last_error().find("labels[1] is NULL") != std::string::npos);

  REQUIRE(segcore_influence_graph_create(&g, 6, kSource.data(), kTarget.data(), nullptr, 10, nullptr) == SEGCORE_OK);
  segcore_pagerank_options o;
  REQUIRE(segcore_pagerank_options_init(&o, sizeof o) == SEGCORE_OK);
  std::vector<double> r(6);
  o.alpha = 1;
  CHECK(segcore_influence_graph_pagerank(g, &o, r.data(), r.size()) == SEGCORE_EINVAL);
  CHECK(last_error().find("alpha = 1 is not in (0, 1)") != std::string::npos);
  o.alpha = 0.85;
  o.max_iter = 1;
  CHECK(segcore_influence_graph_pagerank(g, &o, r.data(), r.size()) == SEGCORE_ENOTFITTED);
  CHECK(last_error().find("not converged after max_iter = 1") != std::string::npos);
  o.max_iter = 100;
  const std::vector<double> zero(6, 0.0);
  o.personalization = zero.data();
  o.personalization_count = zero.size();
  CHECK(segcore_influence_graph_pagerank(g, &o, r.data(), r.size()) == SEGCORE_EINVAL);
  CHECK(last_error().find("personalization is zero for every node") != std::string::npos);
  o.personalization = nullptr;
  CHECK(segcore_influence_graph_pagerank(g, &o, r.data(), r.size()) == SEGCORE_EINVAL);
  CHECK(last_error().find("personalization is NULL") != std::string::npos);
  CHECK(segcore_influence_graph_pagerank(nullptr, nullptr, r.data(), r.size()) == SEGCORE_EINVAL);
  CHECK(segcore_influence_graph_pagerank(g, nullptr, r.data(), 5) == SEGCORE_ERANGE);
  segcore_influence_graph_destroy(g);
}

TEST_CASE("influencer tiers through the C ABI") {
  const std::vector<uint64_t> followers = {0, 1000, 10000, 100000, 500000, 1000000};
  std::vector<uint8_t> t(6);
  REQUIRE(segcore_influencer_tiers(followers.data(), followers.size(), nullptr, t.data(), t.size()) == SEGCORE_OK);
  CHECK(t == std::vector<uint8_t>{SEGCORE_TIER_NONE, SEGCORE_TIER_NANO, SEGCORE_TIER_MICRO, SEGCORE_TIER_MID,
                                  SEGCORE_TIER_MACRO, SEGCORE_TIER_MEGA});
  segcore_influencer_bands b;
  REQUIRE(segcore_influencer_bands_init(&b, sizeof b) == SEGCORE_OK);
  CHECK(b.mega == 1000000);
  b.nano = 0, b.micro = 1, b.mid = 2, b.macro = 3, b.mega = 4;
  const std::vector<uint64_t> small = {0, 1, 2, 3, 4, 5};
  REQUIRE(segcore_influencer_tiers(small.data(), small.size(), &b, t.data(), t.size()) == SEGCORE_OK);
  CHECK(t == std::vector<uint8_t>{1, 2, 3, 4, 5, 5});
  b.mid = 1;
  CHECK(segcore_influencer_tiers(small.data(), small.size(), &b, t.data(), t.size()) == SEGCORE_EINVAL);
  CHECK(last_error().find("mid bound 1 is not above the micro bound 1") != std::string::npos);
  CHECK(segcore_influencer_tiers(small.data(), small.size(), nullptr, t.data(), 2) == SEGCORE_ERANGE);
  CHECK(std::strcmp(segcore_influencer_tier_name(SEGCORE_TIER_MICRO), "micro") == 0);
  CHECK(std::strcmp(segcore_influencer_tier_name(9), "unknown") == 0);
}
