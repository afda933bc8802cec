// apiclient: configuration, authentication and request logging.

#include "apiclient/client.h"

#include <cstdlib>

namespace apiclient {

bool load_config_from_env(Config &out) {
  const char *token = std::getenv(kTokenVariable);
  if (!token || !*token)
    return false;
  out.api_token = token;
  if (const char *url = std::getenv(kBaseUrlVariable); url && *url)
    out.base_url = url;
  return true;
}

std::string auth_header(const Config &config) {
  return "Bearer " + config.api_token;
}

std::string redact(const std::string &token) {
  if (token.size() <= 8)
    return "****";
  return "****" + token.substr(token.size() - 4);
}

bool same_token(const std::string &a, const std::string &b) {
  if (a.size() != b.size())
    return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

Request build_request(const Config &config, const std::string &method,
                      const std::string &path) {
  Request r;
  r.method = method;
  r.url = config.base_url + path;
  r.headers.emplace_back("Authorization", auth_header(config));
  r.headers.emplace_back("Accept", "application/json");
  r.headers.emplace_back("User-Agent", "apiclient/1.0");
  return r;
}

void log_request(std::FILE *log, const Config &config, const Request &request) {
  std::fprintf(log, "[apiclient] %s %s token=%s\n", request.method.c_str(),
               request.url.c_str(), redact(config.api_token).c_str());
  if (!config.debug)
    return;
  // The bug credtaint finds: troubleshooting output that dumps every header,
  // the Authorization header with the bearer token included.
  for (const auto &[name, value] : request.headers)
    std::fprintf(log, "[apiclient]   %s: %s\n", name.c_str(), value.c_str());
}

} // namespace apiclient
