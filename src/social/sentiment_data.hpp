// The lexicons shipped with segcore, compiled in from data/sentiment/vader_lexicon.txt and
// emoji_lexicon.txt.
#pragma once

#include <string_view>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace social_detail {
std::string_view vader_lexicon();  // the file's bytes
std::string_view emoji_lexicon();  // the file's bytes
}  // namespace social_detail
SEGCORE_NAMESPACE_END
