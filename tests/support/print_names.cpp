// Prints the C++ tables of option names (segcore/names.hpp, every enum of EnumNameTables) and
// the limits the C++ API checks, as JSON, for tests/cli/test_names_across_layers.py, which
// compares the C constants, the CLI and the Python package with them.
#include <cstdio>
#include <string_view>
#include <tuple>

#include "segcore/kmeans.hpp"
#include "segcore/names.hpp"
#include "segcore/rfm.hpp"

namespace {

// One table: {"prefix": ..., "names": [[name, value, C name], ...]}.
template <class E>
void print_table(bool first) {
  std::printf("%s\n    {\"prefix\": \"%.*s\", \"names\": [", first ? "" : ",",
              static_cast<int>(segcore::EnumNames<E>::c_prefix.size()), segcore::EnumNames<E>::c_prefix.data());
  bool first_name = true;
  for (const segcore::EnumName<E>& n : segcore::enum_names<E>()) {
    std::printf("%s[\"%.*s\", %d, \"%.*s\"]", first_name ? "" : ", ", static_cast<int>(n.name.size()), n.name.data(),
                static_cast<int>(n.value), static_cast<int>(n.c.size()), n.c.data());
    first_name = false;
  }
  std::printf("]}");
}

template <class... E>
void print_tables(std::tuple<E...>*) {
  bool first = true;
  ((print_table<E>(first), first = false), ...);
}

}  // namespace

int main() {
  std::printf("{\n  \"tables\": [");
  print_tables(static_cast<segcore::EnumNameTables*>(nullptr));
  std::printf("\n  ],\n  \"limits\": {\"rfm_bins\": [%d, %d], \"rfm_grid\": [0, %d], \"n_clusters\": [1, %d]}\n}\n",
              segcore::kRfmMinBins, segcore::kRfmMaxBins, segcore::kRfmMaxGrid, segcore::kMaxClusters);
  return 0;
}
