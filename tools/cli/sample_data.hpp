// The bundled Online Retail sample (data/online_retail_sample.csv), compiled into the program
// so that `segcore run` works from any directory.
#pragma once

#include <string_view>

namespace segcore_cli {
std::string_view sample_csv();
}
