#include <doctest/doctest.h>

#include <vector>

#include "segcore/matrix.hpp"

using segcore::ConstMatrixView;
using segcore::MatrixView;

TEST_CASE("MatrixView addresses rows through its stride") {
  std::vector<double> buf(4 * 5);
  for (std::size_t k = 0; k < buf.size(); ++k) buf[k] = static_cast<double>(k);
  MatrixView<double> m(buf.data(), 4, 3, 5);  // a 4 x 3 block of a 4 x 5 matrix
  CHECK(m(2, 1) == 11.0);
  CHECK(m.row(3)[0] == 15.0);
  CHECK_FALSE(m.contiguous());
  auto block = m.row_block(1, 3);
  CHECK(block.rows() == 2);
  CHECK(block(0, 2) == 7.0);
  ConstMatrixView<double> c = m;  // non-const to const converts implicitly
  CHECK(c(3, 2) == 17.0);
}

TEST_CASE("MatrixView::eigen maps the same storage without copying") {
  std::vector<float> buf(3 * 4, 0.0f);
  MatrixView<float> m(buf.data(), 3, 2, 4);
  auto e = m.eigen();
  e(1, 1) = 5.0f;
  CHECK(buf[1 * 4 + 1] == 5.0f);
  CHECK(e.rows() == 3);
  CHECK(e.cols() == 2);
  m(2, 0) = 3.0f;
  CHECK(e.col(0).sum() == doctest::Approx(3.0));
}
