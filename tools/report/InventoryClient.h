//===- InventoryClient.h - send BOMs to an inventory server -----*- C++ -*-===//
//
// `credtaint-report export` posts each batch to <server>/v1/ingest over
// libcurl: TLS verified (system CAs or --cacert; there is no switch to turn
// verification off), plain http:// only to a loopback address, a bearer
// token that never appears in a log line or an error, redirects not
// followed (they could carry the token to another host), and retries with
// exponential backoff and jitter on 5xx, 429, timeouts and connection
// errors, honouring Retry-After.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_REPORT_INVENTORYCLIENT_H
#define CREDTAINT_REPORT_INVENTORYCLIENT_H

#include <ctime>
#include <functional>
#include <optional>
#include <string>

namespace credtaint::report {

struct ClientOptions {
  std::string Server;    // "https://inventory.example.com[:port][/prefix]"
  std::string CaCert;    // PEM file of CAs to trust instead of the system's
  std::string Token;     // bearer token; never logged
  unsigned MaxRetries = 5;       // retries after the first attempt
  double BackoffSeconds = 1.0;   // first retry delay; doubles each retry
  double MaxDelaySeconds = 60.0; // cap of one backoff delay
  double MaxRetryAfter = 300.0;  // longest Retry-After honoured
  double TimeoutSeconds = 30.0;  // a whole request
  double ConnectTimeoutSeconds = 10.0;
};

/// Whether Url may be given to --server: https://, or http:// to
/// localhost, 127.0.0.0/8 or [::1]; no user information (a credential in
/// a URL is what credtaint reports). False with a one-line Error that
/// names what is wrong.
bool checkServerUrl(const std::string &Url, std::string &Error);

/// Whether Host (as in a URL, IPv6 in brackets) is a loopback address.

/// Delay before retry number Attempt (1 = first retry): Base * 2^(Attempt-1),
/// capped at Max, then scaled by a jitter factor in [0.5, 1] drawn from
/// Jitter01 (in [0, 1]) so clients that failed together do not return
/// together.
double backoffDelay(unsigned Attempt, double Base, double Max, double Jitter01);

/// A message from the server as the client prints it: control characters
/// as spaces (one line, no terminal escapes), at most 300 bytes.
std::string serverLine(std::string Msg);

/// The delay a Retry-After header value asks for: whole seconds, or an
/// HTTP-date (RFC 9110: IMF-fixdate, RFC 850 or asctime form) less Now, at
/// least 0. Nullopt for anything else: the backoff applies.
std::optional<double> parseRetryAfter(const std::string &Value,
                                      std::time_t Now = std::time(nullptr));

enum class SendOutcome {
  Accepted,     // 2xx
  Rejected,     // a 4xx other than 408/429, or a redirect: sending again won't help
  Unauthorized, // 401 or 403: no batch will be accepted with this token
  Unreachable,  // connection/TLS errors, timeouts, 5xx, 429 after all retries
};

struct SendResult {
  SendOutcome Outcome = SendOutcome::Unreachable;
  long Status = 0;    // last HTTP status, 0 when none
  unsigned Attempts = 0;
  std::string Body;   // last response body (the server's JSON)
  std::string Error;  // one line: why it was not accepted
};

class InventoryClient {
public:
  /// Progress lines (retries) go to Note; they never hold the token.
  InventoryClient(ClientOptions Opts, std::function<void(const std::string &)> Note);
  ~InventoryClient();
  InventoryClient(const InventoryClient &) = delete;
  InventoryClient &operator=(const InventoryClient &) = delete;

  /// POSTs Body to /v1/ingest with the Idempotency-Key, retrying as above.
  SendResult send(const std::string &Body, const std::string &IdempotencyKey);

private:
  struct Attempt;
  Attempt post(const std::string &Body, const std::string &Key);

  ClientOptions Opts;
  std::function<void(const std::string &)> Note;
  void *Curl = nullptr;
};

} // namespace credtaint::report

#endif
