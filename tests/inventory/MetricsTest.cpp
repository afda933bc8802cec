// GET /v1/metrics from a seeded history (twelve weeks of exposures,
// rotations in and out of their deadlines, a failed and re-recorded
// rotation, verifications by later runs), checked against what the test
// itself did: the expected numbers are kept here as the history is made,
// and the ISO weeks are written out by hand, not computed by the server's
// code.
#include "Inventory.h"
#include "Lifecycle.h"
#include "Metrics.h"
#include "StoreFixture.h"

#include <algorithm>
#include <cmath>
#include <map>

using namespace storetest;

namespace {

struct Expected {
  // Per credential: its state at the end, whether it has an owner, whether
  // it is revoked.
  std::map<std::string, std::string> state;
  std::map<std::string, bool> owned;
  // Rotations of an exposure: recorded by the deadline? (failed ones are
  // left out by the definition, so the test does not list them).
  std::vector<bool> rotatedInTime;
  // Seconds from exposure to verified rotation.
  std::vector<double> toVerified;
  // week label -> exposed, rotated, verified.
  std::map<std::string, std::array<int, 3>> weeks;
};

// Linear interpolation between closest ranks, written apart from the
// server's quantile().
double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  double rank = p * (v.size() - 1);
  double below = v[static_cast<size_t>(rank)];
  double above = v[std::min(v.size() - 1, static_cast<size_t>(rank) + 1)];
  return below + (rank - std::floor(rank)) * (above - below);
}

TEST_P(StoreTest, MetricsMatchAnIndependentCountOfTheHistory) {
  Policy policy;
  std::vector<std::string> problems;
  policy = parsePolicy(R"({"verify_after_runs": 1, "dormant_after": null,
                           "dormant_after_runs": null})",
                       problems);
  ASSERT_TRUE(problems.empty());
  Expected x;
  const std::string P = "metrics";
  auto fp = [](const std::string &n) { return "hmac-sha256:k1:m" + n; };
  auto run = [&](const std::string &id, const std::vector<Seen> &seen,
                 std::vector<json> vulns = {}) {
    ingest(*db_, batchOf(runBom(P, id, seen, std::move(vulns))), std::nullopt, "key:ci", policy);
  };
  auto week = [&](const std::string &label, int what) { ++x.weeks[label][what]; };
  enum { Exposed, Rotated, Verified };

  // C1: high, rotated in time (deadline 10-08), verified 4 days after exposure.
  at("2026-10-01T06:00:00Z");
  run("r1", {{fp("1"), "TOKEN_1"}, {fp("6"), "TOKEN_6"}, {fp("7"), "TOKEN_7"}},
      {vulnerability("v1", fp("1"), "secret-in-log", "2026-10-01T00:00:00Z", "high"),
       vulnerability("v7", fp("7"), "secret-in-file", "2026-10-01T00:00:00Z", "low")});
  week("2026-W40", Exposed);
  week("2026-W40", Exposed); // C7
  at("2026-10-02T00:00:00Z");
  patchCredential(*db_, fp("1"), {{"owner", "team-1"}}, "key:admin", policy);
  patchCredential(*db_, fp("7"), {{"status", "revoked"}}, "key:admin", policy);
  at("2026-10-03T00:00:00Z");
  recordRotation(*db_, fp("1"), std::nullopt, "key:admin");
  week("2026-W40", Rotated);
  x.rotatedInTime.push_back(true);
  at("2026-10-05T00:00:00Z");
  run("r2", {{fp("1b"), "TOKEN_1"}, {fp("6"), "TOKEN_6"}});
  week("2026-W41", Verified);
  x.toVerified.push_back(4 * 86400);

  // C2: critical (deadline 10-11), rotated late, verified 10 days after.
  at("2026-10-10T06:00:00Z");
  run("r3", {{fp("2"), "TOKEN_2", "src/client.cpp:42", "", "@acme/two", "CODEOWNERS line 2"}},
      {vulnerability("v2", fp("2"), "credential-in-url", "2026-10-10T00:00:00Z", "critical")});
  week("2026-W41", Exposed);
  at("2026-10-12T00:00:00Z");
  recordRotation(*db_, fp("2"), std::string("late"), "key:admin");
  week("2026-W42", Rotated);
  x.rotatedInTime.push_back(false);
  at("2026-10-20T00:00:00Z");
  run("r4", {{fp("2b"), "TOKEN_2", "src/client.cpp:42", "", "@acme/two", "CODEOWNERS line 2"}});
  week("2026-W43", Verified);
  x.toVerified.push_back(10 * 86400);

  // C4: high, never rotated: overdue since 11-08.
  at("2026-11-01T06:00:00Z");
  run("r5", {{fp("4"), "TOKEN_4"}},
      {vulnerability("v4", fp("4"), "secret-in-log", "2026-11-01T00:00:00Z", "high")});
  week("2026-W44", Exposed);

  // C3: medium (deadline 12-02); a rotation that a later run disproves,
  // another that holds, verified 8 days after the exposure.
  at("2026-11-02T06:00:00Z");
  run("r6", {{fp("3"), "TOKEN_3"}},
      {vulnerability("v3", fp("3"), "secret-in-file", "2026-11-02T00:00:00Z", "medium")});
  week("2026-W45", Exposed);
  at("2026-11-03T00:00:00Z");
  recordRotation(*db_, fp("3"), std::nullopt, "key:admin");
  week("2026-W45", Rotated);
  at("2026-11-04T00:00:00Z");
  run("r7", {{fp("3"), "TOKEN_3"}});
  at("2026-11-05T00:00:00Z");
  recordRotation(*db_, fp("3"), std::nullopt, "key:admin");
  week("2026-W45", Rotated);
  x.rotatedInTime.push_back(true);
  at("2026-11-10T00:00:00Z");
  run("r8", {{fp("3b"), "TOKEN_3"}});
  week("2026-W46", Verified);
  x.toVerified.push_back(8 * 86400);

  // C5: low, exposed 11-20, deadline in February.
  at("2026-11-20T06:00:00Z");
  run("r9", {{fp("5"), "TOKEN_5"}},
      {vulnerability("v5", fp("5"), "credential-in-url", "2026-11-20T00:00:00Z", "low")});
  week("2026-W47", Exposed);

  at("2026-11-25T12:00:00Z");
  for (const char *n : {"1", "1b", "2", "2b", "3", "3b", "6"})
    x.state[fp(n)] = "active";
  x.state[fp("4")] = "overdue";
  x.state[fp("5")] = "rotation-required";
  x.state[fp("7")] = "revoked";
  for (auto &[f, s] : x.state)
    x.owned[f] = false;
  x.owned[fp("1")] = x.owned[fp("2")] = x.owned[fp("2b")] = true;

  json m = computeMetrics(*db_, policy);

  // States and owners.
  std::map<std::string, long long> states;
  long long unowned = 0, inService = 0, owned = 0;
  for (auto &[f, s] : x.state) {
    ++states[s];
    unowned += !x.owned[f];
    if (s != "revoked") {
      ++inService;
      owned += x.owned[f];
    }
  }
  EXPECT_EQ(m["credentials"], static_cast<long long>(x.state.size()));
  for (const char *s : {"active", "rotation-required", "overdue", "dormant", "revoked"})
    EXPECT_EQ(m["states"][s], states[s]) << s;
  EXPECT_EQ(m["states"]["unowned"], unowned);
  EXPECT_DOUBLE_EQ(m["owned_share"].get<double>(), double(owned) / double(inService));
  EXPECT_EQ(m["owned"], owned);

  // Rotated within the deadline: of the exposures rotated (not failed)
  // and those overdue now.
  long long inTime = std::count(x.rotatedInTime.begin(), x.rotatedInTime.end(), true);
  long long due = static_cast<long long>(x.rotatedInTime.size()) + states["overdue"];
  EXPECT_EQ(m["rotated_within_deadline"], inTime);
  EXPECT_EQ(m["rotated_within_deadline_of"], due);
  EXPECT_DOUBLE_EQ(m["rotated_within_deadline_share"].get<double>(), double(inTime) / double(due));

  // Exposure to verified rotation.
  const json &t = m["time_to_verified_rotation"];
  EXPECT_EQ(t["count"], x.toVerified.size());
  EXPECT_DOUBLE_EQ(t["median_seconds"].get<double>(), percentile(x.toVerified, 0.5));
  EXPECT_DOUBLE_EQ(t["p90_seconds"].get<double>(), percentile(x.toVerified, 0.9));
  EXPECT_DOUBLE_EQ(t["median_seconds"].get<double>(), 8 * 86400.0);
  EXPECT_DOUBLE_EQ(t["p90_seconds"].get<double>(), 9.6 * 86400.0);

  // Open exposures: C4's and C5's; the rotated ones closed, the revoked
  // one retired.
  EXPECT_EQ(m["open_exposures_by_rule"], (json{{"credential-in-url", 1}, {"secret-in-log", 1}}));

  // The trend: twelve ISO weeks ending with the current one (2026-W48).
  const std::vector<std::string> labels = {"2026-W37", "2026-W38", "2026-W39", "2026-W40",
                                           "2026-W41", "2026-W42", "2026-W43", "2026-W44",
                                           "2026-W45", "2026-W46", "2026-W47", "2026-W48"};
  ASSERT_EQ(m["trend"].size(), labels.size());
  EXPECT_EQ(m["trend"][0]["start"], "2026-09-07");
  EXPECT_EQ(m["trend"][11]["start"], "2026-11-23");
  for (size_t i = 0; i < labels.size(); ++i) {
    const json &w = m["trend"][i];
    auto expected = x.weeks[labels[i]];
    EXPECT_EQ(w["week"], labels[i]);
    EXPECT_EQ(w["exposed"], expected[Exposed]) << labels[i];
    EXPECT_EQ(w["rotated"], expected[Rotated]) << labels[i];
    EXPECT_EQ(w["verified"], expected[Verified]) << labels[i];
  }
  EXPECT_EQ(m["policy"]["verify_after_runs"], 1);
  EXPECT_EQ(m["policy"]["deadline_seconds"]["critical"], 86400);
}

TEST(MetricsTest, QuantileInterpolatesBetweenRanks) {
  EXPECT_FALSE(quantile({}, 0.5));
  EXPECT_DOUBLE_EQ(*quantile({5}, 0.9), 5);
  EXPECT_DOUBLE_EQ(*quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(*quantile({10, 20}, 0.9), 19);
}

} // namespace
