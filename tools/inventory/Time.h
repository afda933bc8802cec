// Times as the inventory stores them: ISO-8601 UTC with milliseconds,
// "2026-01-02T03:04:05.678Z", which sort as strings in both databases.
//
// The server's clock: every "now" of the inventory (audit times, deadlines,
// the overdue and dormant sweep, sessions) comes from nowIso(). The
// environment variable CREDTAINT_INVENTORY_NOW=<ISO> fixes it, for tests
// that restart the server at another time; setFixedNow() does the same for
// tests of the storage API in one process.
#pragma once

#include <optional>
#include <string>

namespace credtaint::inventory {

/// The environment variable that fixes the clock (for tests).
constexpr const char *ClockVariable = "CREDTAINT_INVENTORY_NOW";

/// The current time, normalized: setFixedNow's value, else
/// $CREDTAINT_INVENTORY_NOW, else the system clock.
std::string nowIso();

/// The current time plus `seconds`, normalized.
std::string isoAfter(long seconds);

/// Fixes the clock of this process to `iso` (normalized first), or gives
/// it back to the environment and the system clock with nullopt. Returns
/// false (and changes nothing) if `iso` is not an ISO-8601 date-time.
bool setFixedNow(const std::optional<std::string> &iso);

/// A one-line problem with $CREDTAINT_INVENTORY_NOW, if it is set and is
/// not an ISO-8601 date-time with a zone; the server refuses to start then.
std::optional<std::string> clockProblem();

/// Parses an ISO-8601 date-time ("YYYY-MM-DDTHH:MM:SS", optional fraction,
/// "Z" or a "+HH:MM"/"-HH:MM" offset) into the normalized UTC form;
/// nullopt if it is not one.
std::optional<std::string> normalizeIso(const std::string &text);

/// Milliseconds since the epoch of a normalized time (normalizeIso's
/// output); nullopt if it is not one.
std::optional<long long> isoToMs(const std::string &normalized);

/// The normalized form of `epochMs`.
std::string msToIso(long long epochMs);

/// The ISO week (ISO 8601: weeks start on Monday, week 1 holds the year's
/// first Thursday) that holds `epochMs`: its label "2026-W49" and the
/// epoch milliseconds of its Monday 00:00 UTC.
struct IsoWeek {
  std::string label;
  long long startMs;
};
IsoWeek isoWeekOf(long long epochMs);

} // namespace credtaint::inventory
