// Times as the inventory stores them: ISO-8601 UTC with milliseconds,
// "2026-01-02T03:04:05.678Z", which sort as strings in both databases.
#pragma once

#include <optional>
#include <string>

namespace credtaint::inventory {

/// The current time, normalized.
std::string nowIso();

/// The current time plus `seconds`, normalized.
std::string isoAfter(long seconds);

/// Parses an ISO-8601 date-time ("YYYY-MM-DDTHH:MM:SS", optional fraction,
/// "Z" or a "+HH:MM"/"-HH:MM" offset) into the normalized UTC form;
/// nullopt if it is not one.
std::optional<std::string> normalizeIso(const std::string &text);

} // namespace credtaint::inventory
