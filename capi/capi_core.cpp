// Status codes, error messages, versions and option structs of the C ABI.
#include "capi_support.hpp"
#include "segcore/version.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

std::string& last_error() {
  thread_local std::string message;
  return message;
}

int code_of(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return SEGCORE_OK;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kAlreadyExists:
      return SEGCORE_EINVAL;
    case absl::StatusCode::kResourceExhausted:
      return SEGCORE_ENOMEM;
    case absl::StatusCode::kFailedPrecondition:
      return SEGCORE_ENOTFITTED;
    case absl::StatusCode::kOutOfRange:
      return SEGCORE_ERANGE;
    case absl::StatusCode::kNotFound:
      return SEGCORE_ENOTFOUND;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnavailable:
      return SEGCORE_EIO;
    case absl::StatusCode::kDataLoss:
      return SEGCORE_ECORRUPT;
    case absl::StatusCode::kUnimplemented:
      return SEGCORE_EUNSUPPORTED;
    case absl::StatusCode::kCancelled:
      return SEGCORE_ECANCELLED;
    default:
      return SEGCORE_EINTERNAL;
  }
}

int report(const absl::Status& status) {
  if (!status.ok()) {
    try {
      last_error().assign(status.message().data(), status.message().size());
    } catch (...) {
      last_error().clear();  // no memory even for the message: the code still tells
    }
  }
  return code_of(status);
}

int report_failure(int code, const char* function, const char* what) noexcept {
  std::string& message = last_error();
  try {
    message.assign(function).append(": ").append(what);
  } catch (...) {
    message.clear();
  }
  return code;
}

absl::Status room(std::size_t count, std::size_t n, const void* out, const char* fn) {
  if (out == nullptr && n != 0) return segcore::invalid_argument(fn, "out is NULL");
  if (count < n) return absl::OutOfRangeError(absl::StrCat(fn, ": out holds ", count, " values; ", n, " are needed"));
  return absl::OkStatus();
}

absl::Status require(const void* p, const char* function, const char* name) {
  if (p == nullptr) return invalid_argument(function, name, " is NULL");
  return absl::OkStatus();
}

absl::Status read_options(const void* user, void* out, std::size_t known_size, std::size_t min_size,
                          const char* function) {
  if (user == nullptr) return absl::OkStatus();
  std::size_t size;
  std::memcpy(&size, user, sizeof size);
  if (size < min_size)
    return invalid_argument(function, "options struct_size is ", size, "; the smallest layout is ", min_size,
                            " bytes (was it set with the _options_init function?)");
  if (size > known_size) {
    const auto* tail = static_cast<const unsigned char*>(user) + known_size;
    for (std::size_t i = 0; i < size - known_size; ++i)
      if (tail[i] != 0)
        return absl::UnimplementedError(absl::StrCat(function, ": options struct_size is ", size, " but this segcore (",
                                                     SEGCORE_VERSION_STRING, ") knows ", known_size,
                                                     " bytes, and the newer fields are set; link a newer segcore"));
  }
  std::memcpy(static_cast<unsigned char*>(out) + sizeof size, static_cast<const unsigned char*>(user) + sizeof size,
              std::min(size, known_size) - sizeof size);
  return absl::OkStatus();
}

absl::Status init_options(void* user, std::size_t struct_size, const void* defaults, std::size_t known_size,
                          std::size_t min_size, const char* function) {
  SEGCORE_RETURN_IF_ERROR(require(user, function, "opts"));
  if (struct_size < min_size)
    return invalid_argument(function, "struct_size is ", struct_size, "; the smallest layout is ", min_size, " bytes");
  std::memset(user, 0, struct_size);
  std::memcpy(user, defaults, std::min(struct_size, known_size));
  std::memcpy(user, &struct_size, sizeof struct_size);
  return absl::OkStatus();
}

absl::Status write_string(absl::string_view text, char* buffer, std::size_t capacity, std::size_t* length,
                          const char* function) {
  if (buffer == nullptr && capacity != 0)
    return invalid_argument(function, "buffer is NULL but capacity is ", capacity);
  if (length != nullptr) *length = text.size();
  if (capacity == 0) return absl::OkStatus();
  const std::size_t n = std::min(text.size(), capacity - 1);
  std::memcpy(buffer, text.data(), n);
  buffer[n] = '\0';
  return absl::OkStatus();
}

absl::Status write_bytes(std::span<const std::uint8_t> image, void* buffer, std::size_t capacity, std::size_t* size,
                         const char* function, const char* what) {
  if (buffer == nullptr && capacity != 0)
    return invalid_argument(function, "buffer is NULL but capacity is ", capacity);
  *size = image.size();
  if (buffer == nullptr) return absl::OkStatus();
  if (capacity < image.size())
    return absl::OutOfRangeError(
        absl::StrCat(function, ": the buffer holds ", capacity, " bytes; the ", what, " needs ", image.size()));
  std::memcpy(buffer, image.data(), image.size());
  return absl::OkStatus();
}

absl::Status write_struct(void* user, const void* value, std::size_t known_size, std::size_t min_size,
                          const char* function) {
  SEGCORE_RETURN_IF_ERROR(require(user, function, "out"));
  std::size_t size;
  std::memcpy(&size, user, sizeof size);
  if (size < min_size)
    return invalid_argument(function, "out->struct_size is ", size, "; set it to sizeof the struct (at least ",
                            min_size, ")");
  std::memcpy(static_cast<unsigned char*>(user) + sizeof size, static_cast<const unsigned char*>(value) + sizeof size,
              std::min(size, known_size) - sizeof size);
  return absl::OkStatus();
}

}  // namespace capi_detail
SEGCORE_NAMESPACE_END

using namespace segcore::capi_detail;

extern "C" {

const char* segcore_status_string(int status) {
  switch (status) {
    case SEGCORE_OK:
      return "success";
    case SEGCORE_EINVAL:
      return "invalid argument";
    case SEGCORE_ENOMEM:
      return "out of memory";
    case SEGCORE_ENOTFITTED:
      return "object not in the required state (not fitted)";
    case SEGCORE_EINTERNAL:
      return "internal error";
    case SEGCORE_ERANGE:
      return "out of range";
    case SEGCORE_ENOTFOUND:
      return "not found";
    case SEGCORE_EIO:
      return "input/output error";
    case SEGCORE_ECORRUPT:
      return "corrupt or truncated data";
    case SEGCORE_EUNSUPPORTED:
      return "not supported";
    case SEGCORE_ECANCELLED:
      return "cancelled";
    default:
      return "unknown status code";
  }
}

const char* segcore_last_error_message(void) { return last_error().c_str(); }

int32_t segcore_version_number(void) { return segcore::version_number(); }

const char* segcore_version_string(void) { return segcore::version_string(); }

}  // extern "C"

#include "segcore/simd.hpp"
#include "segcore/progress.hpp"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

extern "C" {

void segcore_set_progress_callback(segcore_progress_fn fn, void* user_data) {
  segcore::set_progress_callback({.function = fn, .user = user_data});
}

const char* segcore_simd_arch(void) { return segcore::simd_arch(); }

int segcore_set_simd_arch(const char* name) {
  SEGCORE_CAPI_BODY(return segcore::set_simd_arch(name == nullptr ? "" : name););
}

}  // extern "C"
