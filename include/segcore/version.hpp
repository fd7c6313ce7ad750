// Library version, as compiled (macros) and as running (functions).
// Since: 0.1, every declaration in this header.
#pragma once

#include "segcore/config.hpp"
#include "segcore_version.h"

SEGCORE_NAMESPACE_BEGIN

// SEGCORE_VERSION_NUMBER of the library that is linked in.
int version_number();
// "MAJOR.MINOR.PATCH" of the library that is linked in.
const char* version_string();

SEGCORE_NAMESPACE_END
