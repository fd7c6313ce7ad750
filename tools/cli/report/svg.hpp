// Charts as inline SVG: horizontal bars, a heatmap, a scatter and a line chart. Each returns a
// whole <svg> element with a <title> for screen readers; colours come from the Okabe-Ito
// palette (distinct under the common colour-vision deficiencies) and a single-hue blue ramp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace segcore_cli::svg {

std::string escape(std::string_view text);
// The i-th categorical colour (cycles after 8).
const char* category_colour(std::size_t i);
// Compact number for labels: 1234567 -> "1.23M", 0.4567 -> "0.457".
std::string short_number(double x);

struct Bar {
  std::string label;
  double value = 0;
  std::string note;  // printed after the bar ("12.5%")
};
std::string bar_chart(std::string_view title, const std::vector<Bar>& bars, std::string_view value_label,
                      std::size_t colour = 0);

// values[r * cols + c]; row 0 is drawn at the top.
std::string heatmap(std::string_view title, const std::vector<std::string>& row_labels,
                    const std::vector<std::string>& col_labels, const std::vector<double>& values,
                    std::string_view row_axis, std::string_view col_axis);

struct Series {
  std::string name;
  std::vector<double> x, y;
};
// Points coloured by series, with a legend.
std::string scatter(std::string_view title, const std::vector<Series>& series, std::string_view x_axis,
                    std::string_view y_axis);
// One line with markers; the point at x == mark is ringed and labelled.
std::string line_chart(std::string_view title, const Series& line, std::string_view x_axis, std::string_view y_axis,
                       double mark, std::string_view mark_label);

}  // namespace segcore_cli::svg
