// Error handling: segcore reports failures as absl::Status / absl::StatusOr.
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
#define SEGCORE_RETURN_IF_ERROR(expr)                \
  do {                                               \
    if (::absl::Status segcore_status_ = (expr);     \
        !segcore_status_.ok()) [[unlikely]]          \
      return segcore_status_;                        \
  } while (false)

#define SEGCORE_CONCAT_INNER_(a, b) a##b
#define SEGCORE_CONCAT_(a, b) SEGCORE_CONCAT_INNER_(a, b)

// `SEGCORE_ASSIGN_OR_RETURN(auto x, f());` binds the value of a StatusOr or returns its error.
#define SEGCORE_ASSIGN_OR_RETURN(lhs, expr)                                    \
  SEGCORE_ASSIGN_OR_RETURN_IMPL_(SEGCORE_CONCAT_(segcore_or_, __LINE__), lhs, expr)
#define SEGCORE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) [[unlikely]]                          \
    return std::move(tmp).status();                    \
  lhs = *std::move(tmp)
