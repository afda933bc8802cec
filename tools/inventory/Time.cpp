#include "Time.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <regex>

namespace credtaint::inventory {
namespace {

constexpr long long DayMs = 86400000LL;

std::string format(long long epochMs) {
  long long secs = epochMs / 1000, ms = epochMs % 1000;
  if (ms < 0) {
    ms += 1000;
    --secs;
  }
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms));
  return buf;
}

long long systemMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The fixed clock: setFixedNow's value wins over the environment's. The
// environment's value is parsed once per distinct text (getenv is cheap,
// the regex is not).
std::mutex clockMutex;
std::optional<long long> fixedMs;
std::string envText;
std::optional<long long> envMs;

std::optional<long long> fixedClock() {
  std::lock_guard<std::mutex> lock(clockMutex);
  if (fixedMs)
    return fixedMs;
  const char *env = std::getenv(ClockVariable);
  if (!env || !*env)
    return std::nullopt;
  if (envText != env) {
    envText = env;
    auto normalized = normalizeIso(envText);
    envMs = normalized ? isoToMs(*normalized) : std::nullopt;
  }
  return envMs;
}

long long nowMs() {
  auto fixed = fixedClock();
  return fixed ? *fixed : systemMs();
}

} // namespace

std::string nowIso() { return format(nowMs()); }

std::string isoAfter(long seconds) { return format(nowMs() + seconds * 1000LL); }

std::string msToIso(long long epochMs) { return format(epochMs); }

bool setFixedNow(const std::optional<std::string> &iso) {
  std::optional<long long> ms;
  if (iso) {
    auto normalized = normalizeIso(*iso);
    if (!normalized)
      return false;
    ms = isoToMs(*normalized);
  }
  std::lock_guard<std::mutex> lock(clockMutex);
  fixedMs = ms;
  return true;
}

std::optional<std::string> clockProblem() {
  const char *env = std::getenv(ClockVariable);
  if (!env || !*env || normalizeIso(env))
    return std::nullopt;
  return std::string(ClockVariable) +
         ": expected an ISO-8601 date-time with a time zone (2026-01-02T03:04:05Z)";
}

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

std::optional<long long> isoToMs(const std::string &normalized) {
  // "YYYY-MM-DDTHH:MM:SS.mmmZ", exactly as format() writes it.
  int y, mo, d, h, mi, s, ms;
  char z = 0;
  if (normalized.size() != 24 ||
      std::sscanf(normalized.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d%c", &y, &mo, &d, &h, &mi, &s,
                  &ms, &z) != 8 ||
      z != 'Z')
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<long long>(timegm(&tm)) * 1000 + ms;
}

IsoWeek isoWeekOf(long long epochMs) {
  long long day = epochMs >= 0 ? epochMs / DayMs : (epochMs - DayMs + 1) / DayMs;
  // 1970-01-01 was a Thursday: weekday 0 = Monday.
  int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);
  long long monday = day - weekday;
  // The week belongs to the year of its Thursday.
  std::time_t thursday = static_cast<std::time_t>((monday + 3) * 86400);
  std::tm tm{};
  gmtime_r(&thursday, &tm);
  int week = tm.tm_yday / 7 + 1;
  char label[16];
  std::snprintf(label, sizeof label, "%04d-W%02d", tm.tm_year + 1900, week);
  return {label, monday * DayMs};
}

} // namespace credtaint::inventory
