// The metrics page: GET /v1/metrics' numbers as tables, and its weekly
// trend as an inline SVG line chart (Chart.h) drawn on the server.
#include "Chart.h"
#include "WebPages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

// "open_exposures_by_rule" -> "open exposures by rule"; a duration in
// seconds is shown in days and hours, so its label loses the unit.
std::string label(const std::string &key) {
  std::string out = key;
  if (out.size() > 8 && out.compare(out.size() - 8, 8, "_seconds") == 0)
    out.erase(out.size() - 8);
  for (char &c : out)
    if (c == '_')
      c = ' ';
  return out;
}

bool isShare(const std::string &key) { return key.find("share") != std::string::npos; }

bool endsWith(const std::string &s, const std::string &tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// 93784 seconds -> "1 d 2 h 3 min": the two largest units that are not zero.
std::string duration(double seconds) {
  long long s = std::llround(seconds);
  if (s < 60)
    return std::to_string(s) + " s";
  const std::pair<long long, const char *> units[] = {{86400, "d"}, {3600, "h"}, {60, "min"}};
  std::string out;
  int shown = 0;
  for (auto [size, name] : units) {
    if (shown == 2 || (shown == 1 && s < size))
      break;
    if (s >= size) {
      out += (out.empty() ? "" : " ") + std::to_string(s / size) + " " + name;
      s %= size;
      ++shown;
    }
  }
  return out;
}

std::string valueText(const std::string &key, const json &v) {
  if (v.is_number() && isShare(key)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", v.get<double>() * 100);
    return buf;
  }
  if (v.is_number() && endsWith(key, "_seconds"))
    return duration(v.get<double>());
  if (v.is_null())
    return "none";
  return jsonText(v);
}

bool isScalar(const json &v) { return !v.is_object() && !v.is_array(); }

// The weekly trend: an array of objects that each name their week.
bool isTrend(const json &v) {
  if (!v.is_array())
    return false;
  for (const json &row : v)
    if (!row.is_object() || !row.contains("week"))
      return false;
  return true;
}

std::string scalarTable(const std::string &id, const json &object) {
  std::string out = "<table id=\"" + htmlEscape(id) + "\">";
  for (auto it = object.begin(); it != object.end(); ++it)
    if (isScalar(*it))
      out += "<tr><th>" + htmlEscape(label(it.key())) + "</th><td class=\"metric\" data-metric=\"" +
             htmlEscape(it.key()) + "\">" + htmlEscape(valueText(it.key(), *it)) + "</td></tr>";
  return out + "</table>";
}

std::string trendSection(const std::string &key, const json &rows) {
  LineChart chart;
  chart.title = "Credentials per week: " + label(key);
  std::vector<std::string> names;
  for (const json &row : rows)
    for (auto it = row.begin(); it != row.end(); ++it)
      if (it.key() != "week" && it->is_number() &&
          std::find(names.begin(), names.end(), it.key()) == names.end())
        names.push_back(it.key());
  for (const std::string &n : names)
    chart.series.push_back({n, {}});
  for (const json &row : rows) {
    chart.labels.push_back(jsonText(row["week"]));
    for (ChartSeries &s : chart.series) {
      json v = row.value(s.name, json());
      s.values.push_back(v.is_number() ? v.get<double>() : NAN);
    }
  }
  std::string out = "<h2>" + htmlEscape(label(key)) + "</h2><figure id=\"trend\">" +
                    renderLineChart(chart) + "</figure>";
  // The same numbers as a table, for reading them exactly.
  out += "<table id=\"trend-table\"><thead><tr><th>week</th>";
  for (const std::string &n : names)
    out += "<th>" + htmlEscape(label(n)) + "</th>";
  out += "</tr></thead><tbody>";
  for (const json &row : rows) {
    out += "<tr><td>" + htmlEscape(jsonText(row["week"])) + "</td>";
    for (const std::string &n : names)
      out += "<td>" + htmlEscape(jsonText(row.value(n, json()))) + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

} // namespace

std::string renderMetrics(const json &metrics, const Viewer &viewer) {
  std::string body = "<h1>Metrics</h1>";
  if (!metrics.is_object() || metrics.empty())
    return renderPage("Metrics \xc2\xb7 credtaint inventory", viewer,
                      body + "<p>No metrics yet.</p>");
  body += scalarTable("metrics-summary", metrics);
  std::string trend;
  for (auto it = metrics.begin(); it != metrics.end(); ++it) {
    if (it->is_object()) {
      body += "<h2>" + htmlEscape(label(it.key())) + "</h2>" +
              scalarTable("metrics-" + it.key(), *it);
      for (auto inner = it->begin(); inner != it->end(); ++inner)
        if (inner->is_object())
          body += "<h3>" + htmlEscape(label(inner.key())) + "</h3>" +
                  scalarTable("metrics-" + it.key() + "-" + inner.key(), *inner);
    } else if (isTrend(*it)) {
      trend += trendSection(it.key(), *it);
    }
  }
  return renderPage("Metrics \xc2\xb7 credtaint inventory", viewer, body + trend);
}

} // namespace credtaint::inventory
