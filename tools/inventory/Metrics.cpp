#include "Metrics.h"

#include "Evidence.h"
#include "Inventory.h"
#include "Time.h"

#include <algorithm>
#include <cmath>

namespace credtaint::inventory {
namespace {

using nlohmann::json;

long long count(Database &db, const std::string &sql, const std::vector<Value> &params = {}) {
  auto rows = db.query(sql, params);
  return rows.empty() || !rows[0][0] ? 0 : std::stoll(*rows[0][0]);
}

json share(long long part, long long whole) {
  return whole ? json(static_cast<double>(part) / static_cast<double>(whole)) : json();
}

json optionalNumber(const std::optional<double> &v) { return v ? json(*v) : json(); }

json policyJson(const Policy &p) {
  json deadlines = json::object();
  for (int rank = 1; rank <= 4; ++rank)
    deadlines[severityName(rank)] = p.deadlineFor(rank);
  return {{"deadline_seconds", deadlines},
          {"verify_after_runs", p.verifyAfterRuns},
          {"dormant_after_seconds", p.dormantAfterSeconds ? json(*p.dormantAfterSeconds) : json()},
          {"dormant_after_runs", p.dormantAfterRuns ? json(*p.dormantAfterRuns) : json()}};
}

// Exposed / rotated / verified per ISO week, oldest week first, from the
// audit records of those weeks.
json trend(Database &db, const std::string &now) {
  IsoWeek current = isoWeekOf(*isoToMs(now));
  constexpr long long WeekMs = 7 * 86400000LL;
  json weeks = json::array();
  for (int i = TrendWeeks - 1; i >= 0; --i) {
    IsoWeek w = isoWeekOf(current.startMs - i * WeekMs);
    weeks.push_back({{"week", w.label},
                     {"start", msToIso(w.startMs).substr(0, 10)},
                     {"exposed", 0},
                     {"rotated", 0},
                     {"verified", 0}});
  }
  long long first = current.startMs - (TrendWeeks - 1) * WeekMs;
  // The whole list of lifecycle actions, so that both databases use the
  // partial index; the three wanted are picked below.
  for (const Row &r : db.query("SELECT at, action, detail FROM audit WHERE at >= $1 "
                               "AND action IN " CREDTAINT_INVENTORY_LIFECYCLE_ACTIONS
                               " ORDER BY id",
                               {msToIso(first)})) {
    auto at = isoToMs(*r[0]);
    if (!at || *at < first)
      continue;
    size_t index = static_cast<size_t>((*at - first) / WeekMs);
    if (index >= weeks.size())
      continue; // an event after now (the clock was moved back)
    const std::string &action = *r[1];
    if (action == "credential.status") {
      json detail = json::parse(*r[2], nullptr, false);
      if (detail.is_object() && detail.value("to", "") == "rotation-required")
        weeks[index]["exposed"] = weeks[index]["exposed"].get<long long>() + 1;
    } else if (action == "rotation.recorded" || action == "rotation.verified") {
      const char *key = action == "rotation.recorded" ? "rotated" : "verified";
      weeks[index][key] = weeks[index][key].get<long long>() + 1;
    }
  }
  return weeks;
}

} // namespace

std::optional<double> quantile(std::vector<double> values, double p) {
  if (values.empty())
    return std::nullopt;
  std::sort(values.begin(), values.end());
  double pos = p * static_cast<double>(values.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo));
}

json computeMetrics(Database &db, const Policy &policy) {
  std::string now = nowIso();
  json states = credentialCounts(db, ListQuery{});
  long long total = 0;
  for (const std::string &s : CredentialStates)
    total += states[s].get<long long>();

  // Owned: of the credentials still in service (not revoked), those with an
  // owner, set by an admin or suggested by an export.
  long long inService = count(db, "SELECT COUNT(*) FROM credentials WHERE status <> 'revoked'");
  long long owned = count(db, "SELECT COUNT(*) FROM credentials WHERE status <> 'revoked' "
                              "AND (owner IS NOT NULL OR owner_suggested IS NOT NULL)");

  // Within the deadline: rotations of an exposure (they had a rotate_by)
  // that did not fail, recorded by the deadline, out of those rotations and
  // the exposures overdue now.
  long long rotatedInTime = count(db, "SELECT COUNT(*) FROM rotations WHERE rotate_by IS NOT NULL "
                                      "AND state <> 'failed' AND recorded_at <= rotate_by");
  long long rotated = count(db, "SELECT COUNT(*) FROM rotations WHERE rotate_by IS NOT NULL "
                                "AND state <> 'failed'");
  long long due = rotated + states["overdue"].get<long long>();

  // Exposure to verified rotation.
  std::vector<double> seconds;
  for (const Row &r : db.query("SELECT exposed_at, resolved_at FROM rotations "
                               "WHERE state = 'verified' AND exposed_at IS NOT NULL "
                               "AND resolved_at IS NOT NULL")) {
    auto from = isoToMs(*r[0]), to = isoToMs(*r[1]);
    if (from && to)
      seconds.push_back(static_cast<double>(*to - *from) / 1000.0);
  }

  json byRule = json::object();
  for (const Row &r : db.query("SELECT f.rule, COUNT(*) FROM findings f JOIN credentials c "
                               "ON c.fingerprint = f.credential WHERE f.exposure = 1 "
                               "AND f.created > COALESCE(c.rotated_at, '') "
                               "AND c.status <> 'revoked' GROUP BY f.rule ORDER BY f.rule"))
    byRule[*r[0]] = std::stoll(*r[1]);

  return {{"generated_at", now},
          {"credentials", total},
          {"states", states},
          {"owned_share", share(owned, inService)},
          {"owned", owned},
          {"owned_of", inService},
          {"rotated_within_deadline_share", share(rotatedInTime, due)},
          {"rotated_within_deadline", rotatedInTime},
          {"rotated_within_deadline_of", due},
          {"time_to_verified_rotation",
           {{"count", seconds.size()},
            {"median_seconds", optionalNumber(quantile(seconds, 0.5))},
            {"p90_seconds", optionalNumber(quantile(seconds, 0.9))}}},
          {"open_exposures_by_rule", byRule},
          {"trend", trend(db, now)},
          {"policy", policyJson(policy)}};
}

} // namespace credtaint::inventory
