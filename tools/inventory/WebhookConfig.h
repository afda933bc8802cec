// The webhooks configuration of credtaint-inventory (`serve --webhooks
// FILE`): where lifecycle events are sent, which ones, with which shared
// secret, how often to try. The file is validated whole before the server
// starts: every problem is one line naming its JSON path, and none of them
// ever quotes a secret.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace credtaint::inventory {

/// One configured receiver.
struct WebhookSpec {
  std::string name;                 // identity: the cursor and outbox rows are keyed by it
  std::string url;                  // https://, or http:// to a loopback address
  std::vector<std::string> events;  // subset of webhookEvents(), config order
  std::string secret;               // the HMAC key; never logged, stored or printed
  std::optional<std::string> cacert; // PEM CAs instead of the system's
  int maxAttempts = 5;              // attempts before a dead letter
  double backoffSeconds = 2;        // first retry delay, doubled each retry
  double timeoutSeconds = 10;       // connect, and each read or write

  bool wants(const std::string &event) const;
  /// scheme://host[:port] of the URL: what logs show (a receiver's path or
  /// query may itself be a capability, as in chat webhooks).
  std::string origin() const;
};

/// The events a webhook may subscribe to, in documentation order:
/// rotation-required, overdue, rotation.failed, revoked.in-use.
const std::vector<std::string> &webhookEvents();

/// The parts of a webhook URL, as the HTTP client needs them.
struct WebhookUrl {
  bool tls = true;
  std::string host; // IPv6 without brackets
  int port = 443;
  std::string target = "/"; // path and query
};

/// Parses `url`: https://, or http:// only to localhost, 127.0.0.0/8 or
/// [::1] (a receiver elsewhere would get the events in clear text), with no
/// user information and no fragment. nullopt with a one-line `error` (which
/// never quotes the path or query) when it is not one.
std::optional<WebhookUrl> parseWebhookUrl(const std::string &url, std::string &error);

/// Whether `host` (as in a URL, IPv6 in brackets) is a loopback address:
/// localhost, a dotted quad in 127.0.0.0/8, [::1] or [::ffff:127.x.y.z].

/// What a configuration file gave: the valid entries, and one line per
/// problem ("<file>: $.webhooks[1].url: ..."). The server starts only when
/// `errors` is empty.
struct WebhookConfig {
  std::vector<WebhookSpec> webhooks;
  std::vector<std::string> errors;
};

/// Looks up an environment variable (getenv by default; tests pass a map).
using EnvLookup = std::function<std::optional<std::string>(const std::string &)>;

/// Validates the JSON `text` of a configuration read from `source` (the
/// name errors start with; relative secret_file and cacert paths are taken
/// relative to its directory). `env` defaults to the process environment.
WebhookConfig parseWebhookConfig(const std::string &text, const std::string &source,
                                 const EnvLookup &env = {});

/// Reads and validates the configuration file `path`.
WebhookConfig loadWebhookConfig(const std::string &path, const EnvLookup &env = {});

} // namespace credtaint::inventory
