// The HTTP side of credtaint-inventory: API v1, the web pages, auth, limits.
#pragma once

#include "WebhookConfig.h"
#include "Policy.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace credtaint::inventory {

struct ServerOptions {
  std::string database;          // SQLite path or postgresql:// URI
  std::string host = "127.0.0.1";
  int port = 8080;               // 0: any free port
  std::optional<std::string> portFile; // the bound port is written here
  std::optional<std::string> certFile, keyFile; // TLS when both are given
  size_t maxBodyBytes = 16 * 1024 * 1024;
  int threads = 8;
  std::vector<WebhookSpec> webhooks; // validated --webhooks entries
  Policy policy;                 // --policy FILE, validated before the server starts
  long sweepSeconds = 60;        // the overdue/dormant/verification sweep period
};

/// Migrates the database, sweeps once (deadlines under the policy, overdue,
/// dormant, verified rotations), listens, delivers the webhooks events,
/// sweeps every `sweepSeconds`, serves until SIGINT/SIGTERM. Returns the
/// process exit code.
int runServer(const ServerOptions &options);

} // namespace credtaint::inventory
