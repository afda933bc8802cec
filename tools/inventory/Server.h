// The HTTP side of credtaint-inventory: API v1, the web pages, auth, limits.
#pragma once

#include "WebhookConfig.h"

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
};

/// Migrates the database, listens, delivers the webhooks' events, serves
/// until SIGINT/SIGTERM. Returns the process exit code.
int runServer(const ServerOptions &options);

} // namespace credtaint::inventory
