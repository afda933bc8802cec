// The inline SVG line chart of the metrics page: one circle per value, the
// axis labels, escaped text, and an empty chart that says so.
#include "Chart.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <string>

namespace credtaint::inventory {
namespace {

size_t count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
    ++n;
  return n;
}

LineChart weeks(size_t n) {
  LineChart c;
  c.title = "Credentials per week";
  ChartSeries active{"active", {}}, overdue{"overdue", {}};
  for (size_t i = 0; i < n; ++i) {
    c.labels.push_back("2026-W" + std::to_string(10 + i));
    active.values.push_back(double(i * 3));
    overdue.values.push_back(double(i % 2));
  }
  c.series = {active, overdue};
  return c;
}

TEST(Chart, OnePointPerValueAndOnePolylinePerSeries) {
  std::string svg = renderLineChart(weeks(5));
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u) << svg;
  EXPECT_EQ(count(svg, "<polyline class=\"series\""), 2u);
  EXPECT_EQ(count(svg, "<circle class=\"point\" data-series=\"active\""), 5u);
  EXPECT_EQ(count(svg, "<circle class=\"point\" data-series=\"overdue\""), 5u);
  // The polyline has the same points as the circles.
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(svg, m, std::regex("data-series=\"active\"[^>]*points=\"([^\"]*)\"")));
  EXPECT_EQ(count(m[1].str(), ","), 5u);
  EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
}

TEST(Chart, AxisLabelsAreRoundTicksAndTheWeeks) {
  std::string svg = renderLineChart(weeks(5));
  std::regex yLabel("<text class=\"y-label\"[^>]*>([^<]*)</text>");
  std::vector<std::string> ys;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), yLabel); it != std::sregex_iterator();
       ++it)
    ys.push_back((*it)[1].str());
  // The maximum (12) rounds up to 20: quarters of it are the ticks.
  EXPECT_EQ(ys, (std::vector<std::string>{"0", "5", "10", "15", "20"}));
  std::regex xLabel("<text class=\"x-label\"[^>]*>([^<]*)</text>");
  std::vector<std::string> xs;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), xLabel); it != std::sregex_iterator();
       ++it)
    xs.push_back((*it)[1].str());
  EXPECT_EQ(xs, (std::vector<std::string>{"2026-W10", "2026-W11", "2026-W12", "2026-W13",
                                          "2026-W14"}));
  // Many weeks: at most eight labels, the points all there.
  std::string many = renderLineChart(weeks(30));
  EXPECT_LE(count(many, "class=\"x-label\""), 8u);
  EXPECT_EQ(count(many, "<circle class=\"point\" data-series=\"active\""), 30u);
}

TEST(Chart, SmallAndFractionalValuesGetReadableTicks) {
  LineChart c;
  c.labels = {"a", "b"};
  c.series = {{"share", {0.2, 0.9}}};
  std::string svg = renderLineChart(c);
  EXPECT_NE(svg.find(">0.25</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">1</text>"), std::string::npos);
  // Zeros only: a chart from 0 to 1, not a division by zero.
  c.series = {{"none", {0, 0}}};
  svg = renderLineChart(c);
  EXPECT_EQ(svg.find("nan"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("inf"), std::string::npos) << svg;
  EXPECT_EQ(count(svg, "<circle class=\"point\""), 2u);
}

TEST(Chart, EveryTextIsEscaped) {
  LineChart c;
  c.title = "</title><script>alert(1)</script>";
  c.labels = {"<b>W1</b>", "W2 & W3"};
  c.series = {{"\"><img src=x onerror=alert(1)>", {1, 2}}};
  std::string svg = renderLineChart(c);
  EXPECT_EQ(svg.find("<script>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<img"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("<b>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("&lt;/title&gt;&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("W2 &amp; W3"), std::string::npos);
  EXPECT_NE(svg.find("data-series=\"&quot;&gt;&lt;img"), std::string::npos);
}

TEST(Chart, MissingValuesAreGapsAndExtraValuesAreIgnored) {
  LineChart c;
  c.labels = {"W1", "W2", "W3"};
  c.series = {{"short", {1}}, {"long", {1, 2, 3, 4, 5}}, {"gap", {1, NAN, 3}}};
  std::string svg = renderLineChart(c);
  EXPECT_EQ(count(svg, "data-series=\"short\" cx"), 1u);
  EXPECT_EQ(count(svg, "data-series=\"long\" cx"), 3u);
  EXPECT_EQ(count(svg, "data-series=\"gap\" cx"), 2u);
}

TEST(Chart, EmptyDataIsAnEmptyChartThatSaysSo) {
  LineChart none;
  none.title = "Credentials per week";
  std::string svg = renderLineChart(none);
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("class=\"chart chart-empty\""), std::string::npos);
  EXPECT_NE(svg.find("No data yet"), std::string::npos);
  EXPECT_EQ(count(svg, "<circle"), 0u);
  EXPECT_EQ(count(svg, "<polyline"), 0u);
  // Labels but no series is empty too.
  none.labels = {"W1"};
  EXPECT_NE(renderLineChart(none).find("chart-empty"), std::string::npos);
  // One week: a single point in the middle, no polyline maths on n-1 = 0.
  LineChart one = weeks(1);
  svg = renderLineChart(one);
  EXPECT_EQ(count(svg, "<circle class=\"point\" data-series=\"active\""), 1u);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

} // namespace
} // namespace credtaint::inventory
