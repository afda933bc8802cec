// GET /v1/metrics: how the credential programme is doing, computed from
// the inventory and its audit trail at the server's clock (Time.h).
#pragma once

#include "Database.h"
#include "Policy.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace credtaint::inventory {

/// Weeks of the trend: the current ISO week and the 11 before it.
constexpr int TrendWeeks = 12;

/// The metrics (docs/inventory.md "Metrics" describes every field):
/// credentials by state and unowned, the owned share, the share rotated
/// within the deadline, median and p90 time from exposure to verified
/// rotation, open exposures by rule, and exposed/rotated/verified counts
/// per ISO week.
nlohmann::json computeMetrics(Database &db, const Policy &policy);

/// The p-quantile (0..1) of `values` by linear interpolation between the
/// closest ranks (position p * (n - 1) of the sorted values); nullopt when
/// empty.
std::optional<double> quantile(std::vector<double> values, double p);

} // namespace credtaint::inventory
