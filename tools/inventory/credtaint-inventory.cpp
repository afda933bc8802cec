// credtaint-inventory: the reference inventory server for credtaint's
// exports, and its key management.
//
//   credtaint-inventory serve --db inventory.db [--host H] [--port P] [--policy FILE]
//                             [--webhooks FILE]
//   credtaint-inventory keys create --role admin --name ci --db inventory.db
//   credtaint-inventory keys list|revoke ... --db ...
//   credtaint-inventory migrate --db ...
//
// --db may also come from CREDTAINT_INVENTORY_DB. Keys are never taken on
// the command line: `keys create` prints a new key once, on stdout.
// CREDTAINT_INVENTORY_NOW fixes the server's clock (for tests, Time.h).
#include "Database.h"
#include "Keys.h"
#include "Migrations.h"
#include "Policy.h"
#include "Server.h"
#include "WebhookConfig.h"
#include "Time.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

using namespace credtaint::inventory;

namespace {

// Exit codes.
constexpr int ExitOk = 0;
constexpr int ExitUsage = 2;
constexpr int ExitDatabase = 3;

std::unique_ptr<Database> openMigrated(const std::string &url) {
  auto db = openDatabase(url);
  migrate(*db);
  return db;
}

} // namespace

int main(int argc, char **argv) {
  // Our own log goes to stderr; stdout carries only what a command prints
  // (a new key), so scripts can capture it.
  spdlog::set_default_logger(spdlog::stderr_color_mt("credtaint-inventory"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);

  CLI::App app{"credtaint-inventory: the credential inventory server for credtaint exports"};
  app.require_subcommand(1);
  std::string db;
  if (const char *env = std::getenv("CREDTAINT_INVENTORY_DB"))
    db = env;
  auto addDb = [&](CLI::App *cmd) {
    cmd->add_option("--db", db,
                    "SQLite file, or postgresql://user@host/dbname (password via PGPASSWORD "
                    "or ~/.pgpass); default $CREDTAINT_INVENTORY_DB");
  };

  ServerOptions server;
  auto *serve = app.add_subcommand("serve", "Run the HTTP(S) server");
  addDb(serve);
  serve->add_option("--host", server.host, "Address to listen on")->capture_default_str();
  serve->add_option("--port", server.port, "Port (0: any free port)")->capture_default_str();
  serve->add_option("--port-file", server.portFile, "Write the port listened on to this file");
  serve->add_option("--cert", server.certFile, "TLS certificate chain (PEM)")
      ->check(CLI::ExistingFile);
  serve->add_option("--key", server.keyFile, "TLS private key (PEM)")->check(CLI::ExistingFile);
  serve->add_option("--max-body", server.maxBodyBytes, "Largest request body in bytes (413 above)")
      ->capture_default_str();
  serve->add_option("--threads", server.threads, "Request threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  std::string webhooksFile;
  serve->add_option("--webhooks", webhooksFile,
                    "Outgoing webhooks (JSON: receivers, events, secrets; see "
                    "docs/inventory.md)");
  std::optional<std::string> policyFile;
  serve->add_option("--policy", policyFile,
                    "Lifecycle policy (JSON): rotation deadlines by severity, verify_after_runs, "
                    "dormant_after, dormant_after_runs");
  serve->add_option("--sweep-interval", server.sweepSeconds,
                    "Seconds between sweeps for overdue and dormant credentials and verified "
                    "rotations")
      ->check(CLI::Range(1L, 86400L))
      ->capture_default_str();

  auto *migrateCmd = app.add_subcommand("migrate", "Create or upgrade the database schema");
  addDb(migrateCmd);

  auto *keys = app.add_subcommand("keys", "Manage API keys");
  keys->require_subcommand(1);
  std::string role, name, id;
  auto *create = keys->add_subcommand("create", "Create a key and print it once on stdout");
  addDb(create);
  create->add_option("--role", role, "ingest, read or admin")
      ->required()
      ->check(CLI::IsMember({"ingest", "read", "admin"}));
  create->add_option("--name", name, "What the key is for (shown in the inventory)")->required();
  auto *list = keys->add_subcommand("list", "List keys (id, name, role, created, revoked)");
  addDb(list);
  auto *revoke = keys->add_subcommand("revoke", "Revoke a key by id");
  addDb(revoke);
  revoke->add_option("--id", id, "Key id (the 16 hex digits after ctinv_)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    // --help prints and exits 0; every other parse error is a usage error.
    return app.exit(e) == 0 ? ExitOk : ExitUsage;
  }
  if ((serve->parsed() || migrateCmd->parsed() || keys->parsed()) && db.empty()) {
    std::cerr << "credtaint-inventory: --db is required (or set CREDTAINT_INVENTORY_DB)\n";
    return ExitUsage;
  }
  if (server.certFile.has_value() != server.keyFile.has_value()) {
    std::cerr << "credtaint-inventory: --cert and --key go together\n";
    return ExitUsage;
  }
  if (auto problem = clockProblem()) {
    std::cerr << "credtaint-inventory: " << *problem << "\n";
    return ExitUsage;
  }
  if (policyFile) {
    // Every problem of the file, one line each, before anything starts.
    std::vector<std::string> problems;
    server.policy = loadPolicyFile(*policyFile, problems);
    for (const std::string &p : problems)
      std::cerr << "credtaint-inventory: policy " << p << "\n";
    if (!problems.empty())
      return ExitUsage;
  }

  try {
    if (serve->parsed()) {
      server.database = db;
      if (!webhooksFile.empty()) {
        // Every problem on its own line, then no server: a webhook that is
        // half configured would lose events silently.
        WebhookConfig config = loadWebhookConfig(webhooksFile);
        for (const std::string &error : config.errors)
          std::cerr << "credtaint-inventory: " << error << "\n";
        if (!config.errors.empty())
          return ExitUsage;
        server.webhooks = std::move(config.webhooks);
      }
      return runServer(server);
    }
    auto conn = openMigrated(db);
    if (migrateCmd->parsed()) {
      std::cerr << "schema version " << latestSchemaVersion() << "\n";
    } else if (create->parsed()) {
      std::cout << createKey(*conn, role, name, "cli") << std::endl;
    } else if (list->parsed()) {
      for (const ApiKey &k : listKeys(*conn))
        std::cout << k.id << "\t" << k.role << "\t" << k.name << "\t" << k.createdAt << "\t"
                  << (k.revokedAt ? "revoked " + *k.revokedAt : "active") << "\n";
    } else if (revoke->parsed()) {
      if (!revokeKey(*conn, id, "cli")) {
        std::cerr << "credtaint-inventory: no active key with id " << id << "\n";
        return ExitUsage;
      }
    }
  } catch (const DatabaseError &e) {
    spdlog::error("{}", e.what());
    return ExitDatabase;
  }
  return ExitOk;
}
