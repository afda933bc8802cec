// The lifecycle of a credential after it is inventoried: the test runs that
// saw it, its rotation deadline, rotations recorded and then verified or
// failed by later runs, dormancy, and the sweep that moves credentials
// along with the clock. Every transition is a conditional UPDATE (so two
// servers on one PostgreSQL make it once) followed by one audit record;
// webhooks and the evidence report read the audit table.
//
// State, computed (never stored): revoked, else dormant, else overdue
// (rotation-required past rotate_by), else rotation-required, else active.
// `status` keeps active / rotation-required / revoked underneath dormancy,
// so a dormant credential seen again returns to where it was.
#pragma once

#include "Bom.h"
#include "Database.h"
#include "Inventory.h"
#include "Policy.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace credtaint::inventory {

class ConnectionPool;

/// The actor of the audit records the server writes on its own (the sweep).
constexpr const char *ServerActor = "server";

/// The severity of an exposure no finding ranks (an admin's PATCH to
/// rotation-required, a failed rotation of a credential that was active).
constexpr const char *UnrankedExposureSeverity = "high";

/// The run an ingest batch belongs to, as recorded.
struct RunInfo {
  std::string project; // "" when the BOM names none
  std::string id;
  long long seq;       // 1, 2, ... in order of arrival within the project
  std::string at;      // credtaint:run-started, else the time it arrived
  bool completed;      // this batch completed the run
};

/// Records the batch's run (first batch: a new number in its project and a
/// `run.recorded` audit) and the batch itself; a run is complete when all n
/// batches of its "i/n" numbering arrived, or at once without one. Nullopt
/// when the batch names no run. Call inside the ingest transaction.
std::optional<RunInfo> recordRun(Database &db, const IngestBatch &batch, const std::string &now,
                                 const std::string &actor);

/// Marks complete the runs whose batches all arrived but that no batch
/// completed (two last batches committed at once). Returns how many.
int completeRuns(Database &db, const std::string &now);

/// How many runs project `project` has been given numbers for (0: none).
long long projectRunCount(Database &db, const std::string &project);

/// Brings exposed_at, severity and rotate_by of the rotation-required
/// credentials among `fingerprints` up to date: the earliest and the most
/// severe open exposure (exposure findings since the last rotation, merged
/// with what is stored), the deadline by the policy. All of them when
/// `fingerprints` is empty (at start: the policy may have changed).
void refreshDeadlines(Database &db, const std::vector<std::string> &fingerprints,
                      const Policy &policy, const std::string &now);

/// A rotation the server refuses: 409 (a revoked credential).
class RotationError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Records a rotation of `fingerprint` in its own transaction: the
/// credential becomes active, open findings close, the rotation waits for
/// verification by later runs; audited `rotation.recorded`. Returns false
/// if the credential is unknown. Throws RotationError when it is revoked.
bool recordRotation(Database &db, const std::string &fingerprint,
                    const std::optional<std::string> &note, const std::string &actor);

/// recordRotation inside the caller's transaction, the row already locked
/// (PATCH status active); a revoked credential may be rotated back here.
void recordRotationLocked(Database &db, const std::string &fingerprint,
                          const std::optional<std::string> &note, const std::string &actor,
                          const std::string &now);

/// Marks the pending rotation of `fingerprint` failed (the old value is
/// still in use: a later run saw it, or an exposure finding newer than the
/// rotation arrived): back to rotation-required with the exposure and
/// deadline it had, audited `rotation.failed`. False if nothing was pending.
bool failRotation(Database &db, const std::string &fingerprint,
                  const std::optional<std::string> &run, const std::string &reason,
                  const Policy &policy, const std::string &now, const std::string &actor);

/// Verifies pending rotations (of `project`, or of all projects): the same
/// (project, name, defined-at) was seen with a new fingerprint after the
/// rotation, and verify_after_runs complete runs passed without the old
/// one. Links superseded_by/supersedes; audited `rotation.verified`.
int verifyRotations(Database &db, const Policy &policy, const std::optional<std::string> &project,
                    const std::string &now);

/// Marks overdue every rotation-required credential (not dormant) whose
/// rotate_by has passed and that was not marked yet; returns their
/// `credential.overdue` audit records for the caller to write.
std::vector<AuditEntry> markOverdueLater(Database &db, const std::string &now);

/// markOverdueLater, its records written. Returns how many.
int markOverdue(Database &db, const std::string &now);

/// Makes credentials dormant (of `project`, or of every project that
/// records runs): not seen by a run for dormant_after, or for
/// dormant_after_runs complete runs of their project. Audited
/// `credential.dormant` once. Revoked credentials are never dormant.
int markDormant(Database &db, const Policy &policy, const std::optional<std::string> &project,
                const std::string &now);

struct SweepResult {
  int overdue = 0, dormant = 0, verified = 0;
};

/// The clock-driven transitions for every credential, in one transaction:
/// deadlines refreshed (with `refresh`), runs completed, verified,
/// dormant, overdue.
SweepResult sweep(Database &db, const Policy &policy, bool refresh = false);

/// Runs sweep() every `seconds` on a thread until stopped (serve).
class PeriodicSweep {
public:
  PeriodicSweep(ConnectionPool &pool, Policy policy, long seconds);
  ~PeriodicSweep();
  PeriodicSweep(const PeriodicSweep &) = delete;
  PeriodicSweep &operator=(const PeriodicSweep &) = delete;

private:
  void loop();
  ConnectionPool &pool_;
  Policy policy_;
  long seconds_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace credtaint::inventory
