// Error handling: segcore reports failures as absl::Status / absl::StatusOr, never by
// throwing (std::bad_alloc aside). The codes used across the C++ API, each with a message
// saying what and where: InvalidArgument for bad input or options; FailedPrecondition when
// an object is not in the state a call needs (not fitted yet, no events yet); NotFound for a
// missing file, column or field; OutOfRange for an index, or a total beyond what is stored;
// Unimplemented for a valid request this build or object cannot serve; Cancelled when a
// caller's callback asked to stop; Unavailable when a file cannot be read. The C ABI maps
// them onto its SEGCORE_E* codes.
//
// Threading, as in the C ABI: one object must not be used from two threads at once;
// different objects may be used from different threads at the same time.
// Since: 0.1, every declaration in this header.
#pragma once

#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN

using absl::Status;
using absl::StatusOr;

// Builds an InvalidArgument status "<where>: <what>", the most common failure.
template <class... Parts>
Status invalid_argument(absl::string_view where, const Parts&... what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what...));
}

SEGCORE_NAMESPACE_END

// Returns early from the enclosing function when `expr` yields a non-OK status.
#define SEGCORE_RETURN_IF_ERROR(expr)                                                \
  do {                                                                               \
    if (::absl::Status segcore_status_ = (expr); !segcore_status_.ok()) [[unlikely]] \
      return segcore_status_;                                                        \
  } while (false)

#define SEGCORE_CONCAT_INNER_(a, b) a##b
#define SEGCORE_CONCAT_(a, b) SEGCORE_CONCAT_INNER_(a, b)

// `SEGCORE_ASSIGN_OR_RETURN(auto x, f());` binds the value of a StatusOr or returns its error.
#define SEGCORE_ASSIGN_OR_RETURN(lhs, expr) \
  SEGCORE_ASSIGN_OR_RETURN_IMPL_(SEGCORE_CONCAT_(segcore_or_, __LINE__), lhs, expr)
#define SEGCORE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) [[unlikely]]                          \
    return std::move(tmp).status();                    \
  lhs = *std::move(tmp)
