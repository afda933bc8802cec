// apiclient: the configuration and authentication half of a tiny REST API
// client, the kind of module every service has. It is the code under test in
// credtaint's quickstart: its API token is a credential, and one debug path
// logs it.
#ifndef APICLIENT_CLIENT_H
#define APICLIENT_CLIENT_H

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace apiclient {

/// Where the client talks to and how it authenticates.
struct Config {
  std::string base_url = "https://api.example.com";
  std::string api_token;  // a credential: credtaint recognises the name
  bool debug = false;     // log every request header (for troubleshooting)
};

/// Environment variables read by load_config_from_env().
inline constexpr const char *kTokenVariable = "APICLIENT_API_TOKEN";
inline constexpr const char *kBaseUrlVariable = "APICLIENT_BASE_URL";

/// Fills `out` from APICLIENT_API_TOKEN (required) and APICLIENT_BASE_URL
/// (optional). Returns false, leaving `out` unchanged, when no token is set.
bool load_config_from_env(Config &out);

/// The value of the Authorization header: "Bearer <token>".
std::string auth_header(const Config &config);

/// The token as it may be shown to people: "****" and its last 4 characters
/// ("****" alone for tokens of 8 characters or fewer).
std::string redact(const std::string &token);

/// Compares two tokens in time that depends only on their lengths.
bool same_token(const std::string &a, const std::string &b);

/// An HTTP request about to be sent.
struct Request {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// A request for `path` on the configured API, with the Authorization,
/// Accept and User-Agent headers set.
Request build_request(const Config &config, const std::string &method,
                      const std::string &path);

/// Logs one line per request to `log` ("GET https://... token=****abcd");
/// with config.debug also every header, one line each.
void log_request(std::FILE *log, const Config &config, const Request &request);

} // namespace apiclient

#endif
