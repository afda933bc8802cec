// The metrics page: GET /v1/metrics' numbers, in the order a programme
// review reads them (credentials by state, the key shares, time to a
// verified rotation, open exposures by rule, the weekly trend as an inline
// SVG chart drawn on the server, the policy behind the deadlines). Fields
// this page does not know yet are shown at the end as they come.
#include "Chart.h"
#include "WebPages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

bool endsWith(const std::string &s, const std::string &tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// "open_exposures_by_rule" -> "open exposures by rule"; a duration in
// seconds is shown in days and hours, so its label loses the unit.
std::string label(std::string key) {
  if (endsWith(key, "_seconds"))
    key.erase(key.size() - 8);
  std::replace(key.begin(), key.end(), '_', ' ');
  return key;
}

// 93784 seconds -> "1 d 2 h": the two largest units that are not zero.
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

std::string percent(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", share * 100);
  return buf;
}

// A value as the page shows it; `key` says what it is (a share, seconds).
std::string valueText(const std::string &key, const json &v, bool seconds = false) {
  if (v.is_null())
    return "none";
  if (v.is_number() && key.find("share") != std::string::npos)
    return percent(v.get<double>());
  if (v.is_number() && (seconds || endsWith(key, "_seconds")))
    return duration(v.get<double>());
  return jsonText(v);
}

json at(const json &object, const char *key) {
  return object.is_object() ? object.value(key, json()) : json();
}

std::string row(const std::string &key, const std::string &heading, const std::string &value) {
  return "<tr><th>" + htmlEscape(heading) + "</th><td class=\"metric\" data-metric=\"" +
         htmlEscape(key) + "\">" + htmlEscape(value) + "</td></tr>";
}

// A table of an object's scalar members (seconds: every value is one).
std::string objectTable(const std::string &id, const json &object, bool seconds = false) {
  std::string out = "<table id=\"" + htmlEscape(id) + "\">";
  for (auto it = object.begin(); it != object.end(); ++it)
    if (!it->is_object() && !it->is_array())
      out += row(it.key(), label(it.key()), valueText(it.key(), *it, seconds));
  return out + "</table>";
}

std::string statesSection(const json &m) {
  json states = at(m, "states");
  if (!states.is_object())
    return "";
  // In the lifecycle's order, then anything else.
  std::string out = "<h2>Credentials by state</h2><table id=\"metrics-states\">";
  std::set<std::string> shown;
  for (const std::string &s : listStates())
    if (states.contains(s)) {
      out += row(s, s, jsonText(states[s]));
      shown.insert(s);
    }
  for (auto it = states.begin(); it != states.end(); ++it)
    if (!shown.count(it.key()))
      out += row(it.key(), it.key(), jsonText(*it));
  if (!at(m, "credentials").is_null())
    out += row("credentials", "all credentials", jsonText(at(m, "credentials")));
  return out + "</table>";
}

// "62.5 % (5 of 8)".
std::string shareOf(const json &m, const std::string &key) {
  json share = at(m, key.c_str());
  std::string base = key.substr(0, key.size() - 6); // without "_share"
  json part = at(m, base.c_str()), whole = at(m, (base + "_of").c_str());
  std::string text = share.is_number() ? percent(share.get<double>()) : "none";
  if (part.is_number() && whole.is_number())
    text += " (" + jsonText(part) + " of " + jsonText(whole) + ")";
  return text;
}

std::string figuresSection(const json &m) {
  std::string out = "<h2>Key figures</h2><table id=\"metrics-figures\">";
  out += row("owned_share", "owned (of the credentials in service)", shareOf(m, "owned_share"));
  out += row("rotated_within_deadline_share", "rotated within the deadline",
             shareOf(m, "rotated_within_deadline_share"));
  json t = at(m, "time_to_verified_rotation");
  if (t.is_object()) {
    out += row("median_seconds", "exposure to verified rotation, median",
               valueText("median_seconds", at(t, "median_seconds")));
    out += row("p90_seconds", "exposure to verified rotation, 90th percentile",
               valueText("p90_seconds", at(t, "p90_seconds")));
    out += row("count", "verified rotations", jsonText(at(t, "count")));
  }
  return out + "</table>";
}

std::string exposuresSection(const json &m) {
  json byRule = at(m, "open_exposures_by_rule");
  if (!byRule.is_object())
    return "";
  std::string out = "<h2>Open exposures by rule</h2>";
  if (byRule.empty())
    return out + "<p id=\"metrics-open_exposures_by_rule\">None open.</p>";
  out += "<table id=\"metrics-open_exposures_by_rule\">";
  for (auto it = byRule.begin(); it != byRule.end(); ++it)
    out += row(it.key(), it.key(), jsonText(*it));
  return out + "</table>";
}

std::string trendSection(const json &rows) {
  if (!rows.is_array())
    return "";
  LineChart chart;
  chart.title = "Exposed, rotated and verified credentials per ISO week";
  std::vector<std::string> names;
  for (const json &r : rows)
    for (auto it = r.begin(); it != r.end(); ++it)
      if (it->is_number() && std::find(names.begin(), names.end(), it.key()) == names.end())
        names.push_back(it.key());
  for (const std::string &n : names)
    chart.series.push_back({n, {}});
  for (const json &r : rows) {
    chart.labels.push_back(jsonText(at(r, "week")));
    for (ChartSeries &s : chart.series) {
      json v = at(r, s.name.c_str());
      s.values.push_back(v.is_number() ? v.get<double>() : NAN);
    }
  }
  std::string out = "<h2>Per week</h2><figure id=\"trend\">" + renderLineChart(chart) +
                    "</figure><table id=\"trend-table\"><thead><tr><th>week</th><th>from</th>";
  for (const std::string &n : names)
    out += "<th>" + htmlEscape(label(n)) + "</th>";
  out += "</tr></thead><tbody>";
  for (const json &r : rows) {
    out += "<tr><td>" + htmlEscape(jsonText(at(r, "week"))) + "</td><td>" +
           htmlEscape(jsonText(at(r, "start"))) + "</td>";
    for (const std::string &n : names)
      out += "<td>" + htmlEscape(jsonText(at(r, n.c_str()))) + "</td>";
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string policySection(const json &policy) {
  if (!policy.is_object())
    return "";
  std::string out = "<h2>Policy</h2>" + objectTable("metrics-policy", policy);
  json deadlines = at(policy, "deadline_seconds");
  if (deadlines.is_object()) {
    out += "<h3>Rotation deadline by severity</h3><table id=\"metrics-deadlines\">";
    for (const char *severity : {"critical", "high", "medium", "low"})
      if (deadlines.contains(severity))
        out += row(severity, severity, valueText(severity, deadlines[severity], true));
    out += "</table>";
  }
  return out;
}

} // namespace

std::string renderMetrics(const json &m, const Viewer &viewer) {
  const char *title = "Metrics \xc2\xb7 credtaint inventory";
  std::string body = "<h1>Metrics</h1>";
  if (!m.is_object() || m.empty())
    return renderPage(title, viewer, body + "<p>No metrics yet.</p>");
  if (!at(m, "generated_at").is_null())
    body += "<p id=\"generated\">At " + htmlEscape(jsonText(at(m, "generated_at"))) + ".</p>";
  body += statesSection(m) + figuresSection(m) + exposuresSection(m) +
          trendSection(at(m, "trend")) + policySection(at(m, "policy"));

  // Whatever else the API says, as it comes.
  static const std::set<std::string> known = {
      "generated_at", "credentials", "states", "owned_share", "owned", "owned_of",
      "rotated_within_deadline_share", "rotated_within_deadline", "rotated_within_deadline_of",
      "time_to_verified_rotation", "open_exposures_by_rule", "trend", "policy"};
  json rest = json::object();
  for (auto it = m.begin(); it != m.end(); ++it)
    if (!known.count(it.key()))
      rest[it.key()] = *it;
  if (!rest.empty()) {
    body += "<h2>More</h2>" + objectTable("metrics-more", rest);
    for (auto it = rest.begin(); it != rest.end(); ++it)
      if (it->is_object())
        body += "<h3>" + htmlEscape(label(it.key())) + "</h3>" +
                objectTable("metrics-" + it.key(), *it);
  }
  return renderPage(title, viewer, body);
}

} // namespace credtaint::inventory
