// Line charts as inline SVG markup, drawn on the server: the pages run no
// script (their Content-Security-Policy allows none) and load nothing from
// elsewhere, so a chart is markup in the page, not an image to fetch.
#pragma once

#include <string>
#include <vector>

namespace credtaint::inventory {

/// One line of a chart: a name for the legend and a value per x label.
struct ChartSeries {
  std::string name;
  std::vector<double> values;
};

/// A chart of series over shared x labels (weeks, say). A series with fewer
/// values than labels stops early; values past the last label are ignored.
struct LineChart {
  std::string title; // the chart's accessible name (<title>)
  std::vector<std::string> labels;
  std::vector<ChartSeries> series;
  int width = 720;
  int height = 280;
};

/// The chart as one <svg> element: axes, y ticks from 0 to a rounded
/// maximum, x labels (thinned to at most eight), per series a <polyline>
/// and a <circle class="point"> per value with a <title> tooltip, and a
/// legend. Every text is HTML-escaped. Without labels or series it is an
/// <svg class="chart chart-empty"> that says there is no data yet.
std::string renderLineChart(const LineChart &chart);

} // namespace credtaint::inventory
