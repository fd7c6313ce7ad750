// libFuzzer target: C ABI entry points that take caller buffers and sizes. Bytes become the
// option struct's declared size, a rule text (also split into identifiers for pseudonyms,
// identity resolution and erasure, and edge codes of an influence graph), and a matrix of
// doubles (NaN and Inf included; also the graph's weights and personalization).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "segcore.h"
#include "segcore_cluster.h"
#include "segcore_privacy.h"
#include "segcore_profile.h"
#include "segcore_rules.h"
#include "segcore_social.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const std::size_t declared = data[0];  // struct_size as a caller might get it wrong
  const std::size_t n_features = 1 + data[1] % 9;
  const int32_t k = data[2] % 6;
  const std::uint8_t text_length = data[3];
  data += 4, size -= 4;

  // Rules: arbitrary text against a one-column schema, with the declared struct size.
  const std::string text(reinterpret_cast<const char*>(data), std::min<std::size_t>(text_length, size));
  const double values[2] = {1.0, 2.0};
  segcore_column column = {"x", SEGCORE_COLUMN_F64, 0, values, nullptr, nullptr, nullptr};
  // A caller that declares struct_size owns that many bytes: the struct sits in a zeroed
  // buffer large enough for any declared size, as a newer header's larger struct would.
  union {
    segcore_rule_data data;
    unsigned char bytes[256];
  } schema = {};
  schema.data = {declared, nullptr, &column, 1, 2, 0, 0, 0};
  segcore_rule* rule = nullptr;
  if (segcore_rule_compile(&rule, text.c_str(), &schema.data) == SEGCORE_OK) {
    uint8_t out[2];
    (void)segcore_rule_evaluate(rule, &schema.data, 1, out, 2);
  }
  segcore_rule_destroy(rule);
  segcore_segment_set* set = nullptr;
  (void)segcore_segment_set_parse(&set, text.c_str(), &schema.data);
  segcore_segment_set_destroy(set);

  // The text split at newlines into identifiers of one kind: pseudonyms into a buffer whose
  // capacity the input chooses (often too small), then a resolver that links and erases them.
  std::vector<std::string> ids;
  for (std::size_t start = 0, end; start <= text.size(); start = end + 1) {
    end = std::min(text.find('\n', start), text.size());
    ids.push_back(text.substr(start, end - start));
  }
  std::vector<const char*> id_values;
  for (const std::string& id : ids) id_values.push_back(id.c_str());
  const int32_t id_kind = static_cast<int32_t>(declared % 7) - 1;  // SEGCORE_ID_RAW to one past the kinds
  std::vector<char> pseudonyms(declared % 2 == 0 ? ids.size() * SEGCORE_PSEUDONYM_SIZE : declared);
  const std::uint8_t key[4] = {1, 2, 3, 4};
  size_t n_rejected = 0;
  (void)segcore_pseudonymize_identifiers(key, sizeof key, id_kind, "44", id_values.data(), id_values.size(), 1,
                                         pseudonyms.data(), pseudonyms.size(), &n_rejected);
  segcore_identity* identity = nullptr;
  if (segcore_identity_create(&identity, "44") == SEGCORE_OK) {
    std::vector<int32_t> kinds(id_values.size(), id_kind);
    for (std::size_t i = 0; i + 1 < id_values.size(); i += 2)
      (void)segcore_identity_add_record(identity, kinds.data() + i, id_values.data() + i, 2, nullptr);
    uint64_t erased = 0;
    (void)segcore_identity_erase(identity, id_kind, id_values.front(), &erased, nullptr, nullptr, nullptr);
    std::vector<uint32_t> customer(id_values.size());
    size_t n_customers = 0;
    (void)segcore_identity_resolve(identity, customer.data(), customer.size(), &n_customers);
  }
  segcore_identity_destroy(identity);

  // k-means and the scaler on the remaining bytes as doubles.
  const std::size_t skip = std::min<std::size_t>(text_length, size);
  data += skip, size -= skip;
  std::vector<double> x(size / sizeof(double));
  if (!x.empty()) std::memcpy(x.data(), data, x.size() * sizeof(double));
  const std::size_t n_rows = x.size() / n_features;
  union {
    segcore_kmeans_options o;
    unsigned char bytes[256];
  } opts = {};
  if (segcore_kmeans_options_init(&opts.o, sizeof opts.o) == SEGCORE_OK) {
    opts.o.struct_size = declared;
    opts.o.n_clusters = k;
    opts.o.max_iter = 20;
    segcore_kmeans* km = nullptr;
    if (segcore_kmeans_create(&km, &opts.o) == SEGCORE_OK) {
      (void)segcore_kmeans_fit_f64(km, x.data(), n_rows, n_features, nullptr);
      std::vector<int32_t> labels(n_rows);
      (void)segcore_kmeans_predict_f64(km, x.data(), n_rows, n_features, labels.data(), labels.size());
    }
    segcore_kmeans_destroy(km);
  }
  segcore_scaler* scaler = nullptr;
  if (segcore_scaler_create(&scaler, nullptr) == SEGCORE_OK)
    (void)segcore_scaler_fit_f64(scaler, x.data(), n_rows, n_features);
  segcore_scaler_destroy(scaler);

  // An influence graph: the text's bytes as edge codes (one past the nodes included), the
  // doubles as weights and personalization, options with the declared struct size.
  const std::size_t n_nodes = 1 + declared % 17, n_edges = text.size() / 2;
  std::vector<uint32_t> source(n_edges), target(n_edges);
  for (std::size_t e = 0; e < n_edges; ++e) {
    source[e] = static_cast<uint8_t>(text[2 * e]) % (n_nodes + 1);
    target[e] = static_cast<uint8_t>(text[2 * e + 1]) % (n_nodes + 1);
  }
  segcore_influence_graph* graph = nullptr;
  const double* weight = x.size() >= n_edges && !x.empty() ? x.data() : nullptr;
  if (segcore_influence_graph_create(&graph, n_nodes, source.data(), target.data(), weight, n_edges, nullptr) ==
      SEGCORE_OK) {
    union {
      segcore_pagerank_options o;
      unsigned char bytes[256];
    } rank_opts = {};
    (void)segcore_pagerank_options_init(&rank_opts.o, sizeof rank_opts.o);
    rank_opts.o.struct_size = declared;
    rank_opts.o.max_iter = 1 + k * 20;
    if (x.size() >= n_nodes && declared % 3 == 0) {
      rank_opts.o.personalization = x.data();
      rank_opts.o.personalization_count = n_nodes;
    }
    std::vector<double> rank(n_nodes);
    (void)segcore_influence_graph_pagerank(graph, &rank_opts.o, rank.data(), rank.size());
    std::vector<uint64_t> audience(n_nodes);
    std::vector<uint8_t> tiers(n_nodes);
    if (segcore_influence_graph_audience(graph, audience.data(), audience.size()) == SEGCORE_OK)
      (void)segcore_influencer_tiers(audience.data(), audience.size(), nullptr, tiers.data(), tiers.size());
  }
  segcore_influence_graph_destroy(graph);
  return 0;
}
