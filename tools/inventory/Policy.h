// The lifecycle policy of credtaint-inventory (`serve --policy FILE`): how
// long an exposed credential may wait for its rotation, by severity; how
// many runs must pass without the old fingerprint before a rotation counts
// as verified; when an unused credential becomes dormant.
//
//   {"deadlines": {"critical": "1d", "high": "7d", "medium": "30d", "low": "90d"},
//    "verify_after_runs": 3, "dormant_after": "30d", "dormant_after_runs": 10}
//
// Durations are "<n>[smhdw]". A missing key keeps its default;
// dormant_after and dormant_after_runs may be null (that test is off).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace credtaint::inventory {

/// Severities with a deadline, lowest first; a finding's severity is
/// ranked 1 (low) to 4 (critical) in this order.
inline constexpr std::array<const char *, 4> Severities = {"low", "medium", "high", "critical"};

/// The rank (1..4) of a severity name, 0 if it is none of Severities.
int severityRank(const std::string &severity);

/// The name of a rank 1..4 ("low".."critical").
std::string severityName(int rank);

struct Policy {
  /// Seconds from exposure to the rotation deadline, by rank - 1
  /// (low, medium, high, critical).
  std::array<long long, 4> deadlineSeconds = {90 * 86400LL, 30 * 86400LL, 7 * 86400LL,
                                              1 * 86400LL};
  long long verifyAfterRuns = 3;
  std::optional<long long> dormantAfterSeconds = 30 * 86400LL;
  std::optional<long long> dormantAfterRuns = 10;

  /// The deadline of an exposure of severity `rank` (1..4).
  long long deadlineFor(int rank) const;
};

/// Reads a policy from JSON text. Every problem is one line in `problems`
/// ("$.deadlines.high: expected a duration <n>[smhdw]"); the policy
/// returned is only meaningful when there are none.
Policy parsePolicy(const std::string &text, std::vector<std::string> &problems);

/// Reads the policy file at `path`; problems as parsePolicy's, each
/// prefixed with the path ("policy.json: $.deadlines: ...").
Policy loadPolicyFile(const std::string &path, std::vector<std::string> &problems);

/// Parses "<n>[smhdw]" (n >= 1) into seconds; nullopt if it is not one.
std::optional<long long> parseDuration(const std::string &text);

} // namespace credtaint::inventory
