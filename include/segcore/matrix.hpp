// A non-owning view of a row-major matrix, the form in which every algorithm takes data.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <type_traits>

#include <Eigen/Core>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN

// Rows are `stride` elements apart (stride >= cols), so a view can cover a block of a larger
// matrix. T may be const-qualified for read-only views; MatrixView<T> converts to
// MatrixView<const T>.
template <class T>
class MatrixView {
 public:
  using value_type = std::remove_const_t<T>;  // the element type without const
  // The row-major Eigen matrix type the view maps.
  using EigenMatrix = Eigen::Matrix<value_type, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  // An Eigen map over the view (const when T is), with its row stride.
  using EigenMap = Eigen::Map<std::conditional_t<std::is_const_v<T>, const EigenMatrix, EigenMatrix>, Eigen::Unaligned,
                              Eigen::OuterStride<>>;

  // An empty view (no data, 0 x 0).
  MatrixView() = default;
  // A contiguous rows x cols view of data (stride = cols).
  MatrixView(T* data, std::size_t rows, std::size_t cols) : MatrixView(data, rows, cols, cols) {}
  // A view whose rows are stride elements apart (stride >= cols).
  MatrixView(T* data, std::size_t rows, std::size_t cols, std::size_t stride)
      : data_(data), rows_(rows), cols_(cols), stride_(stride) {}

  // A read-only view of the same storage as a writable one.
  template <class U>
  requires std::is_same_v<const U, T> &&
      (!std::is_same_v<U, T>)MatrixView(MatrixView<U> other)  // NOLINT: implicit, like T* to const T*
      : MatrixView(other.data(), other.rows(), other.cols(), other.stride()) {}

  // The first element.
  T* data() const { return data_; }
  // Number of rows.
  std::size_t rows() const { return rows_; }
  // Number of columns.
  std::size_t cols() const { return cols_; }
  // Elements from one row's start to the next's.
  std::size_t stride() const { return stride_; }
  // rows() * cols().
  std::size_t size() const { return rows_ * cols_; }
  // True when there is no row or no column.
  bool empty() const { return rows_ == 0 || cols_ == 0; }
  // True when the rows follow each other without a gap.
  bool contiguous() const { return stride_ == cols_; }

  // The first element of row i (not checked).
  T* row(std::size_t i) const { return data_ + i * stride_; }
  // Element (i, j) (not checked).
  T& operator()(std::size_t i, std::size_t j) const { return data_[i * stride_ + j]; }

  // Rows [begin, end) as a view of the same storage.
  MatrixView row_block(std::size_t begin, std::size_t end) const {
    return MatrixView(row(begin), end - begin, cols_, stride_);
  }

  // The same storage as an Eigen matrix expression, without a copy.
  EigenMap eigen() const {
    return EigenMap(data_, static_cast<Eigen::Index>(rows_), static_cast<Eigen::Index>(cols_),
                    Eigen::OuterStride<>(static_cast<Eigen::Index>(stride_)));
  }

 private:
  T* data_ = nullptr;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::size_t stride_ = 0;
};

// A read-only view: what the API takes as input data.
template <class T>
using ConstMatrixView = MatrixView<const T>;

SEGCORE_NAMESPACE_END
