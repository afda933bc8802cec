#include "Policy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

// Longest duration accepted: 100 years, far from any overflow.
constexpr long long MaxSeconds = 100LL * 366 * 86400;
constexpr long long MaxRuns = 1000000;

// A value quoted in a problem line: JSON, shortened, one line.
std::string shown(const json &v) {
  std::string s = v.dump();
  if (s.size() > 40)
    s = s.substr(0, 37) + "...";
  return s;
}

// A key of the file as it appears in a problem line: control characters
// would break the one-line promise.
std::string keyText(const std::string &key) {
  std::string out;
  for (unsigned char c : key)
    out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
  return out.size() > 40 ? out.substr(0, 37) + "..." : out;
}

void readDuration(const json &v, const std::string &path, long long &out,
                  std::vector<std::string> &problems) {
  if (!v.is_string()) {
    problems.push_back(path + ": expected a duration \"<n>[smhdw]\" (a string), got " +
                       shown(v));
    return;
  }
  auto seconds = parseDuration(v.get<std::string>());
  if (!seconds) {
    problems.push_back(path + ": expected a duration \"<n>[smhdw]\" with n >= 1 (e.g. \"7d\"), "
                              "got " + shown(v));
    return;
  }
  out = *seconds;
}

void readCount(const json &v, const std::string &path, long long &out,
               std::vector<std::string> &problems) {
  if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > MaxRuns) {
    problems.push_back(path + ": expected an integer from 1 to " + std::to_string(MaxRuns) +
                       ", got " + shown(v));
    return;
  }
  out = v.get<long long>();
}

} // namespace

int severityRank(const std::string &severity) {
  for (size_t i = 0; i < Severities.size(); ++i)
    if (severity == Severities[i])
      return static_cast<int>(i) + 1;
  return 0;
}

std::string severityName(int rank) {
  return rank >= 1 && rank <= 4 ? Severities[rank - 1] : "";
}

long long Policy::deadlineFor(int rank) const {
  return deadlineSeconds[std::clamp(rank, 1, 4) - 1];
}

std::optional<long long> parseDuration(const std::string &text) {
  static const std::regex shape("([1-9][0-9]{0,9})([smhdw])");
  std::smatch m;
  if (!std::regex_match(text, m, shape))
    return std::nullopt;
  long long n = std::stoll(m[1]);
  long long unit = 1;
  switch (m[2].str()[0]) {
  case 'm': unit = 60; break;
  case 'h': unit = 3600; break;
  case 'd': unit = 86400; break;
  case 'w': unit = 7 * 86400; break;
  default: break;
  }
  if (n > MaxSeconds / unit)
    return std::nullopt;
  return n * unit;
}

Policy parsePolicy(const std::string &text, std::vector<std::string> &problems) {
  Policy policy;
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error &e) {
    problems.push_back("$: not valid JSON (error at byte " + std::to_string(e.byte) + ")");
    return policy;
  } catch (const json::exception &) {
    problems.push_back("$: not valid JSON (a number out of range)");
    return policy;
  }
  if (!doc.is_object()) {
    problems.push_back("$: expected an object with deadlines, verify_after_runs, "
                       "dormant_after, dormant_after_runs");
    return policy;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string &key = it.key();
    const json &v = it.value();
    std::string path = "$." + keyText(key);
    if (key == "deadlines") {
      if (!v.is_object()) {
        problems.push_back(path + ": expected an object of severity: duration");
        continue;
      }
      for (auto d = v.begin(); d != v.end(); ++d) {
        int rank = severityRank(d.key());
        if (!rank) {
          problems.push_back(path + "." + keyText(d.key()) +
                             ": unknown severity (allowed: critical, high, medium, low)");
          continue;
        }
        readDuration(d.value(), path + "." + d.key(), policy.deadlineSeconds[rank - 1],
                     problems);
      }
    } else if (key == "verify_after_runs") {
      readCount(v, path, policy.verifyAfterRuns, problems);
    } else if (key == "dormant_after") {
      if (v.is_null()) {
        policy.dormantAfterSeconds.reset();
      } else {
        long long seconds = 0;
        size_t before = problems.size();
        readDuration(v, path, seconds, problems);
        if (problems.size() == before)
          policy.dormantAfterSeconds = seconds;
      }
    } else if (key == "dormant_after_runs") {
      if (v.is_null()) {
        policy.dormantAfterRuns.reset();
      } else {
        long long runs = 0;
        size_t before = problems.size();
        readCount(v, path, runs, problems);
        if (problems.size() == before)
          policy.dormantAfterRuns = runs;
      }
    } else {
      problems.push_back(path + ": unknown key (allowed: deadlines, verify_after_runs, "
                                "dormant_after, dormant_after_runs)");
    }
  }
  return policy;
}

Policy loadPolicyFile(const std::string &path, std::vector<std::string> &problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(path + ": cannot read the policy file");
    return Policy{};
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<std::string> found;
  Policy policy = parsePolicy(text.str(), found);
  for (const std::string &p : found)
    problems.push_back(path + ": " + p);
  return policy;
}

} // namespace credtaint::inventory
