// The C ABI's error conventions: codes, messages, NULL handling, options struct sizes.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "segcore.h"

TEST_CASE("status codes have fixed values and fixed text") {
  CHECK(SEGCORE_OK == 0);
  CHECK(SEGCORE_EINVAL == -1);
  CHECK(SEGCORE_ENOMEM == -2);
  CHECK(SEGCORE_ENOTFITTED == -3);
  CHECK(SEGCORE_EINTERNAL == -4);
  CHECK(SEGCORE_ECANCELLED == -10);
  CHECK(std::string(segcore_status_string(SEGCORE_EINVAL)) == "invalid argument");
  CHECK(std::string(segcore_status_string(12345)) == "unknown status code");
}

TEST_CASE("the runtime version matches the headers") {
  CHECK(segcore_version_number() == SEGCORE_VERSION_NUMBER);
  CHECK(std::string(segcore_version_string()) == SEGCORE_VERSION_STRING);
  CHECK(SEGCORE_VERSION_ATLEAST(0, 1, 0));
  CHECK_FALSE(SEGCORE_VERSION_ATLEAST(SEGCORE_VERSION_MAJOR + 1, 0, 0));
}

TEST_CASE("a failure sets the thread's message and a success clears it") {
  segcore_scaler* s = nullptr;
  CHECK(segcore_scaler_create(nullptr, nullptr) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()) == "segcore_scaler_create: out is NULL");
  REQUIRE(segcore_scaler_create(&s, nullptr) == SEGCORE_OK);
  CHECK(std::string(segcore_last_error_message()).empty());
  CHECK(segcore_scaler_fit_f64(nullptr, nullptr, 0, 0) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()) == "segcore_scaler_fit_f64: scaler is NULL");
  segcore_scaler_destroy(s);
  segcore_scaler_destroy(nullptr);  // a no-op
}

TEST_CASE("options: defaults, an older smaller struct, a newer larger one") {
  segcore_scaler_options o;
  std::memset(&o, 0xAB, sizeof o);
  REQUIRE(segcore_scaler_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.struct_size == sizeof o);
  CHECK(o.kind == SEGCORE_SCALER_STANDARD);
  CHECK(o.n_threads == 1);
  CHECK(o.range_max == 1.0);

  segcore_scaler* s = nullptr;
  // Too small to be any published layout.
  o.struct_size = sizeof(size_t) + 4;
  CHECK(segcore_scaler_create(&s, &o) == SEGCORE_EINVAL);
  CHECK(s == nullptr);
  CHECK(std::string(segcore_last_error_message()).find("struct_size is 12") != std::string::npos);

  // A caller built against newer headers: unknown trailing fields must be zero.
  struct newer {
    segcore_scaler_options base;
    int64_t future_field;
  } n{};
  REQUIRE(segcore_scaler_options_init(&n.base, sizeof n) == SEGCORE_OK);
  CHECK(n.base.struct_size == sizeof n);
  CHECK(segcore_scaler_create(&s, &n.base) == SEGCORE_OK);
  segcore_scaler_destroy(s);
  n.future_field = 1;
  CHECK(segcore_scaler_create(&s, &n.base) == SEGCORE_EUNSUPPORTED);

  CHECK(segcore_scaler_options_init(nullptr, sizeof o) == SEGCORE_EINVAL);
  CHECK(segcore_scaler_options_init(&o, 3) == SEGCORE_EINVAL);
}

#include "capi_support.hpp"

namespace {
// Two layouts of one options struct, as an old and a new header would declare them. Each
// layout ends at its last field (no tail padding), so new fields never overlap old bytes.
struct options_v1 {
  size_t struct_size;
  int32_t a;
  int32_t reserved;
};
struct options_v2 {
  size_t struct_size;
  int32_t a;
  int32_t reserved;
  int32_t b;
  int32_t reserved2;
  double c;
};
}  // namespace

TEST_CASE("read_options accepts an older, smaller layout and defaults the missing fields") {
  const options_v2 defaults{sizeof(options_v2), 1, 0, 2, 0, 3.5};
  options_v1 old{sizeof(options_v1), 42, 0};
  options_v2 out = defaults;
  REQUIRE(segcore::capi_detail::read_options(&old, &out, sizeof out, sizeof(options_v1), "f").ok());
  CHECK(out.a == 42);
  CHECK(out.b == 2);
  CHECK(out.c == 3.5);

  options_v2 full{sizeof(options_v2), 7, 0, 8, 0, 9.0};
  out = defaults;
  REQUIRE(segcore::capi_detail::read_options(&full, &out, sizeof out, sizeof(options_v1), "f").ok());
  CHECK(out.b == 8);
  CHECK(out.c == 9.0);

  out = defaults;
  CHECK(segcore::capi_detail::read_options(nullptr, &out, sizeof out, sizeof(options_v1), "f").ok());
  CHECK(out.a == 1);
}

TEST_CASE("guard turns every exception into a code and a message") {
  CHECK(segcore::capi_detail::guard("f", []() -> absl::Status { throw std::bad_alloc(); }) == SEGCORE_ENOMEM);
  CHECK(std::string(segcore_last_error_message()) == "f: out of memory");
  CHECK(segcore::capi_detail::guard("g", []() -> absl::Status { throw std::runtime_error("boom"); }) ==
        SEGCORE_EINTERNAL);
  CHECK(std::string(segcore_last_error_message()) == "g: boom");
  CHECK(segcore::capi_detail::guard("h", []() -> absl::Status { throw 42; }) == SEGCORE_EINTERNAL);
  CHECK(segcore::capi_detail::guard("i", [] { return absl::DataLossError("i: checksum"); }) == SEGCORE_ECORRUPT);
  CHECK(segcore::capi_detail::guard("j", [] { return absl::OkStatus(); }) == SEGCORE_OK);
  CHECK(std::string(segcore_last_error_message()).empty());
}
