#include "segcore/version.hpp"

SEGCORE_NAMESPACE_BEGIN

int version_number() { return SEGCORE_VERSION_NUMBER; }
const char* version_string() { return SEGCORE_VERSION_STRING; }

SEGCORE_NAMESPACE_END
