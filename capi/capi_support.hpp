// The skin between the C ABI and the C++ API: status mapping, the thread-local error message,
// the exception barrier and option-struct reading. Internal to the library.
#pragma once

#include <cstddef>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <new>
#include <span>
#include <string>
#include <string_view>

#include "segcore.h"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

// The message returned by segcore_last_error_message() on this thread.
std::string& last_error();

// Maps an absl status code onto a SEGCORE_* code; the numbers are part of the ABI.
int code_of(const absl::Status& status);

// Records the status's message and returns its code (SEGCORE_OK for an OK status).
int report(const absl::Status& status);

// Records "<function>: <what>" as the message and returns code. Never throws: when there is
// no memory left for the message, the message is empty and the code still tells.
int report_failure(int code, const char* function, const char* what) noexcept;

// Runs body, a callable returning absl::Status, and turns every outcome, including any
// exception, into a status code. Every extern "C" function with a body that can fail goes
// through here, so no exception crosses the ABI.
template <class Body>
int guard(const char* function, Body&& body) noexcept {
  try {
    last_error().clear();
    return report(body());
  } catch (const std::bad_alloc&) {
    return report_failure(SEGCORE_ENOMEM, function, "out of memory");
  } catch (const std::exception& e) {
    return report_failure(SEGCORE_EINTERNAL, function, e.what());
  } catch (...) {
    return report_failure(SEGCORE_EINTERNAL, function, "unknown exception");
  }
}

// InvalidArgument "<function>: <name> is NULL" when p is null.
absl::Status require(const void* p, const char* function, const char* name);

}  // namespace capi_detail
SEGCORE_NAMESPACE_END

// The body of an extern "C" function, so that a wrapper is its checks and its work:
//
//   int segcore_x_get(const segcore_x* x, double* out) {
//     SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(x, out); *out = x->value;);
//   }
//
// runs the statements under guard (no exception escapes), with `fn` naming the function in
// messages; they may return an absl::Status, and falling off the end means success.
#define SEGCORE_CAPI_BODY(...) SEGCORE_CAPI_BODY_NAMED(__func__, __VA_ARGS__)
// The same in a helper shared by several C functions (the f32 and f64 twins), named by the
// caller: `name` is the helper's `fn` parameter.
#define SEGCORE_CAPI_BODY_NAMED(name, ...)                                                                \
  return ::segcore::capi_detail::guard(name, [&, fn = static_cast<const char*>(name)]() -> absl::Status { \
    static_cast<void>(fn);                                                                                \
    __VA_ARGS__                                                                                           \
    return absl::OkStatus();                                                                              \
  })

// InvalidArgument "<fn>: <name> is NULL" for the first NULL of the pointers given, each named
// as written (the parameter's name): SEGCORE_REQUIRE(model, out);
#define SEGCORE_REQUIRE(...) \
  SEGCORE_RETURN_IF_ERROR(   \
      ::segcore::capi_detail::require_all(fn, {SEGCORE_CAPI_FOR_EACH(SEGCORE_CAPI_NAMED, __VA_ARGS__)}))
#define SEGCORE_CAPI_NAMED(p) \
  ::segcore::capi_detail::Named { p, #p }
// The same for one pointer whose message names it otherwise (the handle's kind).
#define SEGCORE_REQUIRE_AS(p, name) SEGCORE_RETURN_IF_ERROR(::segcore::capi_detail::require(p, fn, name))
// An out-parameter for a new object: required, then NULL until the call succeeds.
#define SEGCORE_REQUIRE_OUT(out) \
  SEGCORE_REQUIRE(out);          \
  *(out) = nullptr

// SEGCORE_CAPI_FOR_EACH(M, a, b, c) is M(a), M(b), M(c), for one to six arguments.
#define SEGCORE_CAPI_FOR_EACH(M, ...)                                                                                 \
  SEGCORE_CAPI_PICK(__VA_ARGS__, SEGCORE_CAPI_E6, SEGCORE_CAPI_E5, SEGCORE_CAPI_E4, SEGCORE_CAPI_E3, SEGCORE_CAPI_E2, \
                    SEGCORE_CAPI_E1)                                                                                  \
  (M, __VA_ARGS__)
#define SEGCORE_CAPI_PICK(a1, a2, a3, a4, a5, a6, name, ...) name
#define SEGCORE_CAPI_E1(M, a) M(a)
#define SEGCORE_CAPI_E2(M, a, ...) M(a), SEGCORE_CAPI_E1(M, __VA_ARGS__)
#define SEGCORE_CAPI_E3(M, a, ...) M(a), SEGCORE_CAPI_E2(M, __VA_ARGS__)
#define SEGCORE_CAPI_E4(M, a, ...) M(a), SEGCORE_CAPI_E3(M, __VA_ARGS__)
#define SEGCORE_CAPI_E5(M, a, ...) M(a), SEGCORE_CAPI_E4(M, __VA_ARGS__)
#define SEGCORE_CAPI_E6(M, a, ...) M(a), SEGCORE_CAPI_E5(M, __VA_ARGS__)

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

// A pointer and its name in messages, for SEGCORE_REQUIRE.
struct Named {
  const void* p;
  const char* name;
};

// require() for each pointer in turn: the first NULL one fails.
inline absl::Status require_all(const char* function, std::initializer_list<Named> pointers) {
  for (const Named& x : pointers)
    if (x.p == nullptr) return require(nullptr, function, x.name);
  return absl::OkStatus();
}

// An output buffer for n values: InvalidArgument "<fn>: out is NULL" for a NULL out with n > 0,
// OutOfRange "<fn>: out holds <count> values; <n> are needed" when count < n.
absl::Status room(std::size_t count, std::size_t n, const void* out, const char* fn);

// Reads a caller's options struct whose first field is `size_t struct_size`. `out` holds the
// defaults on entry. A smaller (older) struct keeps the defaults for the fields it lacks; a
// larger (newer) one is accepted only if the bytes this library does not know are all zero.
// min_size is the size of the first published layout. A NULL struct means defaults.
// For this to work every published layout must end exactly at its last field: pad with
// explicit `reserved` fields so that no field of a later layout sits in an earlier one's
// tail padding (checked for each struct with static_assert in its wrapper).
absl::Status read_options(const void* user, void* out, std::size_t known_size, std::size_t min_size,
                          const char* function);

// Initialises a caller's options struct from the defaults in `defaults`.
absl::Status init_options(void* user, std::size_t struct_size, const void* defaults, std::size_t known_size,
                          std::size_t min_size, const char* function);

// snprintf-style string output: writes at most capacity bytes (NUL included) to buffer and
// the full length to *length when length is not NULL. buffer may be NULL when capacity is 0.
absl::Status write_string(absl::string_view text, char* buffer, std::size_t capacity, std::size_t* length,
                          const char* function);

// A byte form into the caller's buffer: *size receives its length; buffer NULL with capacity 0
// asks the size only; OutOfRange "<fn>: the buffer holds <c> bytes; the <what> needs <n>".
absl::Status write_bytes(std::span<const std::uint8_t> image, void* buffer, std::size_t capacity, std::size_t* size,
                         const char* function, const char* what);

// Copies an output struct whose first field is `size_t struct_size` (set by the caller) into
// the caller's struct, as many bytes as both layouts know. min_size is the first layout's size.
absl::Status write_struct(void* user, const void* value, std::size_t known_size, std::size_t min_size,
                          const char* function);

// A read-only matrix view of a caller's row-major buffer, checked for NULL and overflow.
template <class T>
absl::StatusOr<ConstMatrixView<T>> input_matrix(const T* data, std::size_t rows, std::size_t cols, const char* function,
                                                const char* name) {
  if (rows != 0 && cols > static_cast<std::size_t>(-1) / sizeof(T) / rows)
    return invalid_argument(function, name, " is ", rows, " x ", cols, ", too large to address");
  if (data == nullptr && rows * cols != 0) return invalid_argument(function, name, " is NULL");
  return ConstMatrixView<T>(data, rows, cols);
}

// A writable view of a caller's buffer of `count` values, which must hold rows x cols.
template <class T>
absl::StatusOr<MatrixView<T>> output_matrix(T* data, std::size_t count, std::size_t rows, std::size_t cols,
                                            const char* function, const char* name) {
  if (data == nullptr && rows * cols != 0) return invalid_argument(function, name, " is NULL");
  if (count < rows * cols)
    return absl::OutOfRangeError(
        absl::StrCat(function, ": ", name, " holds ", count, " values; ", rows * cols, " are needed"));
  return MatrixView<T>(data, rows, cols);
}

}  // namespace capi_detail
SEGCORE_NAMESPACE_END
