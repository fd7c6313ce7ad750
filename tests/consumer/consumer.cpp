#include <cstdio>
#include <vector>

#include "segcore.h"
#include "segcore/segcore.hpp"

int main() {
  std::vector<double> x = {1, 10, 2, 20, 3, 30};
  segcore::Scaler scaler({.kind = segcore::ScalerKind::minmax});
  if (auto st = scaler.fit(segcore::ConstMatrixView<double>(x.data(), 3, 2)); !st.ok()) {
    std::printf("fit failed: %s\n", std::string(st.message()).c_str());
    return 1;
  }
  // The C ABI is reachable from the same dependency.
  if (segcore_version_number() != SEGCORE_VERSION_NUMBER || scaler.scale()[1] != 20.0) return 1;
  std::printf("consumer (C++): segcore %s ok\n", segcore::version_string());
  return 0;
}
