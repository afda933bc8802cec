#include "Chart.h"

#include "WebPages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace credtaint::inventory {
namespace {

// Room for the y tick labels (left), the x labels (bottom) and the legend.
constexpr double Left = 52, Right = 20, Top = 16, Bottom = 64;
constexpr int Ticks = 4;
constexpr size_t MaxXLabels = 8;
// Distinguishable in colour and in grey (the screenshots are read too).
const char *const Colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                               "#9467bd", "#8c564b", "#17becf", "#7f7f7f"};
// ... and in their dashes, so lines that lie on each other stay apart.
const char *const Dashes[] = {"none", "7 4", "2 3", "10 3 2 3"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A tick value as people write it: 12, 2.5, 0.25.
std::string tickLabel(double v) {
  char buf[32];
  if (std::fabs(v - std::round(v)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The smallest 1, 2, 2.5 or 5 times a power of ten that is >= v, so the
// ticks (quarters of it) are round numbers.
double niceCeiling(double v) {
  if (v <= 0)
    return 1;
  double power = std::pow(10.0, std::floor(std::log10(v)));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (step * power >= v - 1e-9)
      return step * power;
  return 10 * power;
}

std::string open(const LineChart &c, const char *cls) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"" + std::string(cls) +
         "\" role=\"img\" width=\"" + std::to_string(c.width) + "\" height=\"" +
         std::to_string(c.height) + "\" viewBox=\"0 0 " + std::to_string(c.width) + " " +
         std::to_string(c.height) + "\"><title>" + htmlEscape(c.title) + "</title>";
}

} // namespace

std::string renderLineChart(const LineChart &c) {
  size_t points = c.labels.size();
  if (points == 0 || c.series.empty())
    return open(c, "chart chart-empty") + "<text x=\"" + num(c.width / 2.0) + "\" y=\"" +
           num(c.height / 2.0) + "\" text-anchor=\"middle\" fill=\"#555\">No data yet</text></svg>";

  double maxValue = 0;
  for (const ChartSeries &s : c.series)
    for (size_t i = 0; i < s.values.size() && i < points; ++i)
      if (std::isfinite(s.values[i]))
        maxValue = std::max(maxValue, s.values[i]);
  double top = niceCeiling(maxValue);
  double plotW = c.width - Left - Right, plotH = c.height - Top - Bottom;
  auto x = [&](size_t i) {
    return points == 1 ? Left + plotW / 2 : Left + plotW * double(i) / double(points - 1);
  };
  // Negative values (there should be none: these are counts and shares)
  // are drawn on the axis rather than below the chart.
  auto y = [&](double v) { return Top + plotH * (1 - std::clamp(v, 0.0, top) / top); };

  std::string out = open(c, "chart");
  // Horizontal grid lines with their values, then the axes.
  for (int t = 0; t <= Ticks; ++t) {
    double v = top * t / Ticks;
    out += "<line class=\"grid\" x1=\"" + num(Left) + "\" x2=\"" + num(Left + plotW) +
           "\" y1=\"" + num(y(v)) + "\" y2=\"" + num(y(v)) + "\" stroke=\"#ddd\"/>";
    out += "<text class=\"y-label\" x=\"" + num(Left - 6) + "\" y=\"" + num(y(v) + 4) +
           "\" text-anchor=\"end\" font-size=\"11\">" + tickLabel(v) + "</text>";
  }
  out += "<line class=\"axis\" x1=\"" + num(Left) + "\" x2=\"" + num(Left) + "\" y1=\"" +
         num(Top) + "\" y2=\"" + num(Top + plotH) + "\" stroke=\"#333\"/>";
  out += "<line class=\"axis\" x1=\"" + num(Left) + "\" x2=\"" + num(Left + plotW) +
         "\" y1=\"" + num(Top + plotH) + "\" y2=\"" + num(Top + plotH) + "\" stroke=\"#333\"/>";
  size_t every = (points + MaxXLabels - 1) / MaxXLabels;
  for (size_t i = 0; i < points; i += every)
    out += "<text class=\"x-label\" x=\"" + num(x(i)) + "\" y=\"" + num(Top + plotH + 16) +
           "\" text-anchor=\"middle\" font-size=\"11\">" + htmlEscape(c.labels[i]) + "</text>";

  for (size_t s = 0; s < c.series.size(); ++s) {
    const ChartSeries &series = c.series[s];
    std::string colour = Colours[s % (sizeof Colours / sizeof *Colours)];
    std::string name = htmlEscape(series.name);
    std::string line, dots;
    for (size_t i = 0; i < series.values.size() && i < points; ++i) {
      double v = series.values[i];
      if (!std::isfinite(v))
        continue;
      line += (line.empty() ? "" : " ") + num(x(i)) + "," + num(y(v));
      dots += "<circle class=\"point\" data-series=\"" + name + "\" cx=\"" + num(x(i)) +
              "\" cy=\"" + num(y(v)) + "\" r=\"3\" fill=\"" + colour + "\"><title>" +
              htmlEscape(c.labels[i]) + ": " + name + " " + tickLabel(v) + "</title></circle>";
    }
    std::string dash = Dashes[s % (sizeof Dashes / sizeof *Dashes)];
    out += "<polyline class=\"series\" data-series=\"" + name + "\" fill=\"none\" stroke=\"" +
           colour + "\" stroke-width=\"2\" stroke-dasharray=\"" + dash + "\" points=\"" + line +
           "\"/>" + dots;
    // The legend: one row under the x labels, a swatch and the name each.
    double lx = Left + double(s % 4) * (plotW / 4), ly = c.height - 28 + double(s / 4) * 14;
    out += "<g class=\"legend\"><line x1=\"" + num(lx) + "\" x2=\"" + num(lx + 22) + "\" y1=\"" +
           num(ly - 4) + "\" y2=\"" + num(ly - 4) + "\" stroke=\"" + colour +
           "\" stroke-width=\"2\" stroke-dasharray=\"" + dash + "\"/><text x=\"" + num(lx + 28) +
           "\" y=\"" + num(ly) + "\" font-size=\"11\">" + name + "</text></g>";
  }
  return out + "</svg>";
}

} // namespace credtaint::inventory
