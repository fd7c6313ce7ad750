#include "svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace segcore_cli::svg {
namespace {

constexpr const char* kFont = "font-family=\"system-ui, sans-serif\"";

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

// Axis ticks at 1, 2 or 5 times a power of ten, about `target` of them over [lo, hi].
std::vector<double> ticks(double lo, double hi, int target = 5) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / target, p = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ? 5 * p : 10 * p;
  std::vector<double> t;
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    t.push_back(std::fabs(v) < step * 1e-9 ? 0 : v);
  return t;
}

struct Range {
  double lo = 0, hi = 1;
  void fit(const std::vector<double>& v, double pad) {
    lo = INFINITY, hi = -INFINITY;
    for (double x : v)
      if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    if (!std::isfinite(lo)) lo = 0, hi = 1;
    if (hi == lo) lo -= 0.5, hi += 0.5;
    const double m = (hi - lo) * pad;
    lo -= m, hi += m;
  }
};

// The frame of an x-y plot: plot area, axes, ticks and titles.
struct Plot {
  double width = 640, height = 400, left = 70, right = 20, top = 40, bottom = 56;
  Range x, y;
  double px(double v) const { return left + (v - x.lo) / (x.hi - x.lo) * (width - left - right); }
  double py(double v) const { return height - bottom - (v - y.lo) / (y.hi - y.lo) * (height - top - bottom); }

  std::string open(std::string_view title) const {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\" width=\"" +
           num(width) + "\" height=\"" + num(height) + "\" role=\"img\" " + kFont + "><title>" + escape(title) +
           "</title>\n<text x=\"" + num(left) + "\" y=\"22\" font-size=\"15\" font-weight=\"600\">" + escape(title) +
           "</text>\n";
  }
  std::string axes(std::string_view x_axis, std::string_view y_axis) const {
    std::string s = "<g font-size=\"11\" fill=\"#333\">\n";
    for (double t : ticks(x.lo, x.hi)) {
      s += "<line x1=\"" + num(px(t)) + "\" x2=\"" + num(px(t)) + "\" y1=\"" + num(top) + "\" y2=\"" +
           num(height - bottom) + "\" stroke=\"#e4e4e4\"/>";
      s += "<text x=\"" + num(px(t)) + "\" y=\"" + num(height - bottom + 16) + "\" text-anchor=\"middle\">" +
           short_number(t) + "</text>\n";
    }
    for (double t : ticks(y.lo, y.hi)) {
      s += "<line x1=\"" + num(left) + "\" x2=\"" + num(width - right) + "\" y1=\"" + num(py(t)) + "\" y2=\"" +
           num(py(t)) + "\" stroke=\"#e4e4e4\"/>";
      s += "<text x=\"" + num(left - 6) + "\" y=\"" + num(py(t) + 4) + "\" text-anchor=\"end\">" + short_number(t) +
           "</text>\n";
    }
    s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(width - left - right) + "\" height=\"" +
         num(height - top - bottom) + "\" fill=\"none\" stroke=\"#999\"/>\n";
    s += "<text x=\"" + num((left + width - right) / 2) + "\" y=\"" + num(height - 14) +
         "\" text-anchor=\"middle\" font-size=\"12\">" + escape(x_axis) + "</text>\n";
    s += "<text transform=\"translate(16 " + num((top + height - bottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">" + escape(y_axis) + "</text>\n</g>\n";
    return s;
  }
};

// Blue ramp from near-white to dark navy; t in [0, 1].
std::string ramp(double t) {
  static const int stops[5][3] = {{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}};
  t = std::clamp(t, 0.0, 1.0) * 4;
  const int i = std::min(3, static_cast<int>(t));
  const double f = t - i;
  char buf[16];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<int>(stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
                static_cast<int>(stops[i][1] + f * (stops[i + 1][1] - stops[i][1])),
                static_cast<int>(stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
  return buf;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string s;
  for (char c : text) {
    switch (c) {
      case '&':
        s += "&amp;";
        break;
      case '<':
        s += "&lt;";
        break;
      case '>':
        s += "&gt;";
        break;
      case '"':
        s += "&quot;";
        break;
      case '\'':
        s += "&#39;";
        break;
      default:
        s += c;
    }
  }
  return s;
}

const char* category_colour(std::size_t i) {
  static const char* kOkabeIto[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                    "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return kOkabeIto[i % 8];
}

std::string short_number(double x) {
  if (!std::isfinite(x)) return "–";
  const double a = std::fabs(x);
  char buf[32];
  if (a >= 1e9)
    std::snprintf(buf, sizeof buf, "%.3gB", x / 1e9);
  else if (a >= 1e6)
    std::snprintf(buf, sizeof buf, "%.3gM", x / 1e6);
  else if (a >= 1e4)
    std::snprintf(buf, sizeof buf, "%.3gk", x / 1e3);
  else if (a >= 100 || a == std::round(a))
    std::snprintf(buf, sizeof buf, "%.0f", x);
  else
    std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}

std::string bar_chart(std::string_view title, const std::vector<Bar>& bars, std::string_view value_label,
                      std::size_t colour) {
  Plot p;
  std::size_t longest = 0;
  for (const Bar& b : bars) longest = std::max(longest, b.label.size());
  p.left = std::clamp(16.0 + 7.0 * static_cast<double>(longest), 90.0, 320.0);
  p.width = p.left + 380, p.right = 110, p.top = 40, p.bottom = 44;
  p.height = p.top + p.bottom + 24.0 * static_cast<double>(std::max<std::size_t>(bars.size(), 1));
  double hi = 0, lo = 0;
  for (const Bar& b : bars) hi = std::max(hi, b.value), lo = std::min(lo, b.value);
  p.x.lo = lo, p.x.hi = hi > lo ? hi : lo + 1;
  std::string s = p.open(title) + "<g font-size=\"12\">\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const double y = p.top + 24.0 * static_cast<double>(i) + 4, x0 = p.px(std::min(0.0, b.value)),
                 x1 = p.px(std::max(0.0, b.value));
    s += "<text x=\"" + num(p.left - 8) + "\" y=\"" + num(y + 13) + "\" text-anchor=\"end\">" + escape(b.label) +
         "</text>";
    s += "<rect class=\"mark\" x=\"" + num(x0) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(x1 - x0, 1.0)) +
         "\" height=\"18\" fill=\"" + category_colour(colour) + "\"><title>" + escape(b.label) + ": " +
         short_number(b.value) + "</title></rect>";
    s += "<text x=\"" + num(x1 + 6) + "\" y=\"" + num(y + 13) + "\">" + short_number(b.value) +
         (b.note.empty() ? "" : " (" + escape(b.note) + ")") + "</text>\n";
  }
  s += "</g><text x=\"" + num(p.left) + "\" y=\"" + num(p.height - 14) + "\" font-size=\"12\" fill=\"#333\">" +
       escape(value_label) + "</text>\n</svg>\n";
  return s;
}

std::string heatmap(std::string_view title, const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                    const std::vector<double>& v, std::string_view row_axis, std::string_view col_axis) {
  constexpr double cell = 64, left = 96, top = 64;
  Plot p;
  p.left = left;
  p.width = left + cell * static_cast<double>(cols.size()) + 24;
  p.height = top + cell * static_cast<double>(rows.size()) + 48;
  double hi = 0;
  for (double x : v)
    if (std::isfinite(x)) hi = std::max(hi, x);
  std::string s = p.open(title) + "<g font-size=\"12\">\n";
  for (std::size_t c = 0; c < cols.size(); ++c)
    s += "<text x=\"" + num(left + cell * (static_cast<double>(c) + 0.5)) + "\" y=\"" + num(top - 8) +
         "\" text-anchor=\"middle\">" + escape(cols[c]) + "</text>";
  s += "<text x=\"" + num(left + cell * static_cast<double>(cols.size()) / 2) + "\" y=\"" + num(top - 26) +
       "\" text-anchor=\"middle\" font-weight=\"600\">" + escape(col_axis) + "</text>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = top + cell * static_cast<double>(r);
    s += "<text x=\"" + num(left - 8) + "\" y=\"" + num(y + cell / 2 + 4) + "\" text-anchor=\"end\">" +
         escape(rows[r]) + "</text>";
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const double x = v[r * cols.size() + c], t = hi > 0 && std::isfinite(x) ? x / hi : 0;
      const double cx = left + cell * static_cast<double>(c);
      s += "<rect class=\"mark\" x=\"" + num(cx) + "\" y=\"" + num(y) + "\" width=\"" + num(cell - 2) + "\" height=\"" +
           num(cell - 2) + "\" fill=\"" + ramp(t) + "\"><title>" + escape(row_axis) + " " + escape(rows[r]) + ", " +
           escape(col_axis) + " " + escape(cols[c]) + ": " + short_number(x) + "</title></rect>";
      s += "<text x=\"" + num(cx + cell / 2 - 1) + "\" y=\"" + num(y + cell / 2 + 4) +
           "\" text-anchor=\"middle\" fill=\"" + (t > 0.55 ? "#fff" : "#111") + "\">" + short_number(x) + "</text>\n";
    }
  }
  s += "<text transform=\"translate(18 " + num(top + cell * static_cast<double>(rows.size()) / 2) +
       ") rotate(-90)\" text-anchor=\"middle\" font-weight=\"600\">" + escape(row_axis) + "</text>\n";
  return s + "</g></svg>\n";
}

std::string scatter(std::string_view title, const std::vector<Series>& series, std::string_view x_axis,
                    std::string_view y_axis) {
  Plot p;
  std::size_t longest = 0;
  for (const Series& s : series) longest = std::max(longest, s.name.size());
  p.right = std::clamp(40.0 + 7.0 * static_cast<double>(longest), 120.0, 360.0);
  p.width = 520 + p.right, p.height = 480;
  std::vector<double> xs, ys;
  for (const Series& s : series)
    xs.insert(xs.end(), s.x.begin(), s.x.end()), ys.insert(ys.end(), s.y.begin(), s.y.end());
  p.x.fit(xs, 0.04), p.y.fit(ys, 0.04);
  std::string s = p.open(title) + p.axes(x_axis, y_axis);
  for (std::size_t k = 0; k < series.size(); ++k) {
    s += "<g class=\"mark\" fill=\"" + std::string(category_colour(k)) + "\" fill-opacity=\"0.55\">";
    for (std::size_t i = 0; i < series[k].x.size(); ++i)
      s += "<circle cx=\"" + num(p.px(series[k].x[i])) + "\" cy=\"" + num(p.py(series[k].y[i])) + "\" r=\"2.6\"/>";
    s += "</g>\n";
    const double ly = p.top + 8 + 20.0 * static_cast<double>(k);
    s += "<circle cx=\"" + num(p.width - p.right + 16) + "\" cy=\"" + num(ly) + "\" r=\"6\" fill=\"" +
         category_colour(k) + "\"/><text x=\"" + num(p.width - p.right + 28) + "\" y=\"" + num(ly + 4) +
         "\" font-size=\"12\">" + escape(series[k].name) + "</text>\n";
  }
  return s + "</svg>\n";
}

std::string line_chart(std::string_view title, const Series& line, std::string_view x_axis, std::string_view y_axis,
                       double mark, std::string_view mark_label) {
  Plot p;
  p.width = 460, p.height = 320;
  p.x.fit(line.x, 0.05), p.y.fit(line.y, 0.08);
  std::string s = p.open(title) + p.axes(x_axis, y_axis);
  std::string path;
  for (std::size_t i = 0; i < line.x.size(); ++i)
    path += (i ? " L" : "M") + num(p.px(line.x[i])) + " " + num(p.py(line.y[i]));
  s += "<path class=\"mark\" d=\"" + path + "\" fill=\"none\" stroke=\"" + category_colour(0) +
       "\" stroke-width=\"2\"/>\n";
  for (std::size_t i = 0; i < line.x.size(); ++i) {
    s += "<circle cx=\"" + num(p.px(line.x[i])) + "\" cy=\"" + num(p.py(line.y[i])) + "\" r=\"3.5\" fill=\"" +
         category_colour(0) + "\"><title>" + short_number(line.x[i]) + ": " + short_number(line.y[i]) +
         "</title></circle>";
    if (line.x[i] == mark)
      s += "<circle cx=\"" + num(p.px(line.x[i])) + "\" cy=\"" + num(p.py(line.y[i])) +
           "\" r=\"8\" fill=\"none\" stroke=\"" + category_colour(5) + "\" stroke-width=\"2\"/><text x=\"" +
           num(p.px(line.x[i]) + 10) + "\" y=\"" + num(p.py(line.y[i]) - 10) + "\" font-size=\"12\" fill=\"" +
           category_colour(5) + "\">" + escape(mark_label) + "</text>";
  }
  return s + "</svg>\n";
}

}  // namespace segcore_cli::svg
