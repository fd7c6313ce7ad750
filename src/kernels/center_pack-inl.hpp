// CenterPack::assign. Included by kernel_table.hpp.
#pragma once

#include <limits>

SEGCORE_NAMESPACE_BEGIN
namespace kernels {

template <class T>
template <class U>
void CenterPack<T>::assign(const U* centers, std::size_t k_, std::size_t d_, const T* origin_) {
  k = k_;
  d = d_;
  if (origin_ != nullptr)
    origin.assign(origin_, origin_ + d);
  else
    origin.assign(d, T(0));
  kpad = (k + kCenterLanes - 1) / kCenterLanes * kCenterLanes;
  ct.assign(d * kpad, T(0));
  cnorm.assign(kpad, std::numeric_limits<T>::infinity());
  for (std::size_t c = 0; c < k; ++c) {
    double norm = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const T v = static_cast<T>(centers[c * d + j]);
      ct[j * kpad + c] = T(-2) * v;  // exact: a power of two
      norm += static_cast<double>(v) * static_cast<double>(v);
    }
    cnorm[c] = static_cast<T>(norm);
  }
}

}  // namespace kernels
SEGCORE_NAMESPACE_END
