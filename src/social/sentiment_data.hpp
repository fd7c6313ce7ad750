// The lexicon shipped with segcore, compiled in from data/sentiment/vader_lexicon.txt.
#pragma once

#include <string_view>

namespace segcore_data {
std::string_view vader_lexicon();  // the file's bytes
}
