//===- Time.h - timestamps in records and reports ---------------*- C++ -*-===//
//
// The runtime's records and the report tool's outputs carry the same
// timestamp form, ISO 8601 UTC with milliseconds: 2026-11-23T13:45:07.123Z.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_SUPPORT_TIME_H
#define CREDTAINT_SUPPORT_TIME_H

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace credtaint {

/// The current time as "YYYY-MM-DDTHH:MM:SS.mmmZ".
inline std::string isoTimeNow() {
  using namespace std::chrono;
  auto Now = system_clock::now();
  std::time_t T = system_clock::to_time_t(Now);
  auto Ms = duration_cast<milliseconds>(Now.time_since_epoch()).count() % 1000;
  std::tm Tm;
  gmtime_r(&T, &Tm);
  char Buf[64];
  std::snprintf(Buf, sizeof Buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                Tm.tm_year + 1900, Tm.tm_mon + 1, Tm.tm_mday, Tm.tm_hour,
                Tm.tm_min, Tm.tm_sec, int(Ms));
  return Buf;
}

} // namespace credtaint

#endif
