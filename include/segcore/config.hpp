// Namespace and platform settings shared by every public C++ header.
// Since: 0.1, every declaration in this header.
#pragma once

// The C++ API lives in an inline namespace named after the ABI major, so that two
// incompatible builds linked into one program fail at link time instead of at run time.
#define SEGCORE_NAMESPACE_BEGIN \
  namespace segcore {           \
  inline namespace v0 {
// Closes what SEGCORE_NAMESPACE_BEGIN opened.
#define SEGCORE_NAMESPACE_END \
  }                           \
  }
