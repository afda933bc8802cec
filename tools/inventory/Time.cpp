#include "Time.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <regex>

namespace credtaint::inventory {
namespace {

std::string format(long long epochMs) {
  std::time_t secs = static_cast<std::time_t>(epochMs / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(epochMs % 1000));
  return buf;
}

long long nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

std::string nowIso() { return format(nowMs()); }

std::string isoAfter(long seconds) { return format(nowMs() + seconds * 1000LL); }

std::optional<std::string> normalizeIso(const std::string &text) {
  static const std::regex iso(
      R"((\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2}))");
  std::smatch m;
  if (text.size() > 64 || !std::regex_match(text, m, iso))
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  tm.tm_hour = std::stoi(m[4]);
  tm.tm_min = std::stoi(m[5]);
  tm.tm_sec = std::stoi(m[6]);
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60)
    return std::nullopt;
  long long secs = timegm(&tm);
  std::string zone = m[8];
  if (zone != "Z" && zone != "z") {
    std::string digits;
    for (char c : zone.substr(1))
      if (c != ':')
        digits += c;
    long offset = std::stol(digits.substr(0, 2)) * 3600 + std::stol(digits.substr(2, 2)) * 60;
    secs += zone[0] == '+' ? -offset : offset;
  }
  int ms = 0;
  if (m[7].matched) {
    std::string frac = m[7].str().substr(1) + "000";
    ms = std::stoi(frac.substr(0, 3));
  }
  return format(secs * 1000 + ms);
}

} // namespace credtaint::inventory
