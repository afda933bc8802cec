// The storage tests' fixture, shared by StoreTest.cpp and LifecycleTest.cpp:
// each test gets a fresh SQLite file or a fresh database in the throwaway
// PostgreSQL cluster (its state file is in CREDTAINT_TEST_PG_STATE; without
// PostgreSQL installed those cases skip), and the clock fixed at
// 2026-01-03T00:00:00Z (Time.h setFixedNow) so deadlines do not depend on
// the day the tests run.
#pragma once

#include "Bom.h"
#include "Database.h"
#include "Keys.h"
#include "Migrations.h"
#include "Time.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace storetest {

using namespace credtaint::inventory;
using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char *StartClock = "2026-01-03T00:00:00Z";

// A BOM as credtaint-report export sends it (see the wire contract).
inline json credentialComponent(const std::string &fp, const std::string &name) {
  return {{"type", "cryptographic-asset"},
          {"bom-ref", "credential:" + fp},
          {"name", name},
          {"cryptoProperties",
           {{"assetType", "related-crypto-material"},
            {"relatedCryptoMaterialProperties",
             {{"type", "credential"}, {"id", fp}, {"state", "active"}, {"size", 256}}}}},
          {"properties",
           json::array({{{"name", "credtaint:kind"}, {"value", "api-key"}},
                        {{"name", "credtaint:fingerprint"}, {"value", fp}},
                        {{"name", "credtaint:scope"}, {"value", "api.example.test"}},
                        {{"name", "credtaint:first-seen"}, {"value", "2026-01-01T00:00:00Z"}},
                        {{"name", "credtaint:last-seen"}, {"value", "2026-01-02T00:00:00Z"}}})}};
}

inline json vulnerability(const std::string &id, const std::string &credFp,
                          const std::string &rule, const std::string &created,
                          const std::string &severity = "high") {
  return {{"bom-ref", "finding:" + id},
          {"id", id},
          {"source", {{"name", "credtaint"}}},
          {"cwes", {532}},
          {"ratings", json::array({{{"severity", severity}, {"method", "other"}}})},
          {"description", "rule title"},
          {"detail", "redacted message"},
          {"created", created},
          {"affects", json::array({{{"ref", "credential:" + credFp}}})},
          {"properties", json::array({{{"name", "credtaint:rule"}, {"value", rule}},
                                      {{"name", "credtaint:test"}, {"value", "Suite.Case"}},
                                      {{"name", "credtaint:source"}, {"value", "src/client.cpp:42"}},
                                      {{"name", "credtaint:sink"},
                                       {"value", "fwrite(stderr) at src/log.cpp:7"}}})}};
}

inline json bom(std::vector<json> components, std::vector<json> vulns,
                const std::string &project = "demo") {
  return {{"bomFormat", "CycloneDX"},
          {"specVersion", "1.7"},
          {"serialNumber", "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"},
          {"version", 1},
          {"metadata",
           {{"timestamp", "2026-01-02T00:00:00Z"},
            {"component", {{"type", "application"}, {"bom-ref", "project"}, {"name", project}}},
            {"properties", json::array()}}},
          {"components", json(std::move(components))},
          {"vulnerabilities", json(std::move(vulns))}};
}

/// A credential as a run's export names it: defined at `definedAt` (with
/// the name, its identity across rotations), and the contract's optional
/// properties when given.
struct Seen {
  std::string fp, name, definedAt = "src/client.cpp:42";
  std::string hosts, owner, reason;
};

inline json seenComponent(const Seen &s) {
  json c = credentialComponent(s.fp, s.name);
  auto &props = c["properties"];
  props.push_back({{"name", "credtaint:defined-at"}, {"value", s.definedAt}});
  props.push_back({{"name", "credtaint:seen"}, {"value", "true"}});
  if (!s.hosts.empty())
    props.push_back({{"name", "credtaint:hosts"}, {"value", s.hosts}});
  if (!s.owner.empty())
    props.push_back({{"name", "credtaint:owner-suggested"}, {"value", s.owner}});
  if (!s.reason.empty())
    props.push_back({{"name", "credtaint:owner-reason"}, {"value", s.reason}});
  return c;
}

/// A batch of run `run` ("i/n" batch label, or none when empty).
inline json runBom(const std::string &project, const std::string &run,
                   const std::vector<Seen> &seen, std::vector<json> vulns = {},
                   const std::string &batch = "1/1", const std::string &started = "",
                   const std::string &vcs = "") {
  std::vector<json> comps;
  for (const Seen &s : seen)
    comps.push_back(seenComponent(s));
  json b = bom(comps, std::move(vulns), project);
  auto &props = b["metadata"]["properties"];
  props.push_back({{"name", "credtaint:run"}, {"value", run}});
  if (!batch.empty())
    props.push_back({{"name", "credtaint:batch"}, {"value", batch}});
  if (!started.empty())
    props.push_back({{"name", "credtaint:run-started"}, {"value", started}});
  if (!vcs.empty())
    props.push_back({{"name", "credtaint:vcs"}, {"value", vcs}});
  return b;
}

inline IngestBatch batchOf(const json &b) { return parseBom(b.dump()); }

inline long countRows(Database &db, const std::string &sql,
                      const std::vector<Value> &params = {}) {
  return std::stol(*db.query(sql, params)[0][0]);
}

/// A fresh database for the running test on `backend`: an SQLite file
/// under `dir` named after the test, or a new database (`prefix` and random
/// hex) on the PostgreSQL cluster the ctest fixture started; nullopt when
/// there is no cluster.
inline std::optional<std::string> freshDatabaseUrl(const std::string &backend,
                                                   const fs::path &dir,
                                                   const std::string &prefix) {
  if (backend == "sqlite") {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    for (char &c : name)
      if (!std::isalnum(static_cast<unsigned char>(c)))
        c = '_';
    fs::create_directories(dir);
    std::string url = (dir / (name + ".db")).string();
    for (const char *suffix : {"", "-wal", "-shm"})
      fs::remove(url + suffix);
    return url;
  }
  const char *state = std::getenv("CREDTAINT_TEST_PG_STATE");
  if (!state || !fs::exists(state))
    return std::nullopt;
  nlohmann::json s = nlohmann::json::parse(std::ifstream(state));
  std::string url = s["url"];
  std::string dbname = prefix + randomHex(6);
  openDatabase(url)->execute("CREATE DATABASE " + dbname);
  url.replace(url.find("/postgres?"), 10, "/" + dbname + "?");
  return url;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    ASSERT_TRUE(setFixedNow(std::string(StartClock)));
    std::optional<std::string> url =
        freshDatabaseUrl(GetParam(), fs::path(CREDTAINT_INVENTORY_SCRATCH), "t_");
    if (!url)
      GTEST_SKIP() << "no PostgreSQL cluster (install postgresql to run these)";
    url_ = *url;
    db_ = open();
  }

  void TearDown() override { setFixedNow(std::nullopt); }

  std::unique_ptr<Database> open() {
    auto db = openDatabase(url_);
    migrate(*db);
    return db;
  }

  /// Moves the clock.
  static void at(const std::string &iso) { ASSERT_TRUE(setFixedNow(iso)); }

  std::string url_;
  std::unique_ptr<Database> db_;
};

} // namespace storetest
