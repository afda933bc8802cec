// Validation of the webhooks file. Every problem is collected (not just the
// first) so an operator fixes the file in one go; an entry with a problem is
// left out of the result, the valid ones are kept, and the server refuses to
// start while any problem remains.
#include "WebhookConfig.h"
#include "LoopbackHost.h"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace credtaint::inventory {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::set<std::string> EntryKeys = {"name",         "url",           "events",
                                         "secret_file",  "secret_env",    "max_attempts",
                                         "backoff_seconds", "timeout_seconds", "cacert"};

std::string lower(std::string s) {
  for (char &c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string join(const std::vector<std::string> &items) {
  std::string out;
  for (const auto &item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string typeName(const json &v) {
  if (v.is_number_integer() || v.is_number_unsigned())
    return "integer";
  return v.type_name();
}

// Line and column of byte offset `byte` (1-based), for a JSON syntax error
// that names the place without quoting the text around it.
std::string position(const std::string &text, size_t byte) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Reads the first line of `path`; nullopt with `error` when it cannot.
std::optional<std::string> firstLine(const fs::path &path, std::string &error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "is a directory";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno ? errno : ENOENT);
    return std::nullopt;
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  return line;
}

class Validator {
public:
  Validator(std::string source, EnvLookup env) : source_(std::move(source)), env_(std::move(env)) {
    base_ = fs::path(source_).parent_path();
  }

  WebhookConfig run(const std::string &text) {
    json doc;
    try {
      doc = json::parse(text);
    } catch (const json::parse_error &e) {
      problem("$", "not valid JSON (" + position(text, e.byte) + ")");
      return std::move(out_);
    }
    if (!doc.is_object()) {
      problem("$", "expected an object {\"webhooks\": [...]}, got " + typeName(doc));
      return std::move(out_);
    }
    for (auto it = doc.begin(); it != doc.end(); ++it)
      if (it.key() != "webhooks")
        problem("$." + it.key(), "unknown key (allowed: webhooks)");
    if (!doc.contains("webhooks")) {
      problem("$.webhooks", "missing");
    } else if (!doc["webhooks"].is_array()) {
      problem("$.webhooks", "expected an array, got " + typeName(doc["webhooks"]));
    } else {
      const json &list = doc["webhooks"];
      for (size_t i = 0; i < list.size(); ++i)
        entry(list[i], "$.webhooks[" + std::to_string(i) + "]");
    }
    return std::move(out_);
  }

private:
  void problem(const std::string &path, const std::string &what) {
    out_.errors.push_back(source_ + ": " + path + ": " + what);
    ++problems_;
  }

  fs::path resolve(const std::string &path) const {
    fs::path p(path);
    return p.is_absolute() ? p : base_ / p;
  }

  void entry(const json &e, const std::string &at) {
    size_t before = problems_;
    if (!e.is_object())
      return problem(at, "expected an object, got " + typeName(e));
    for (auto it = e.begin(); it != e.end(); ++it)
      if (!EntryKeys.count(it.key()))
        problem(at + "." + it.key(),
                "unknown key (allowed: " + join({EntryKeys.begin(), EntryKeys.end()}) + ")" +
                    (lower(it.key()).find("secret") != std::string::npos
                         ? "; a secret goes in a file (secret_file) or the environment "
                           "(secret_env), never in this file"
                         : ""));
    WebhookSpec spec;
    name(e, at, spec);
    url(e, at, spec);
    events(e, at, spec);
    secret(e, at, spec);
    integer(e, at, "max_attempts", 1, 100, spec.maxAttempts);
    number(e, at, "backoff_seconds", 0.1, 3600, spec.backoffSeconds);
    number(e, at, "timeout_seconds", 1, 300, spec.timeoutSeconds);
    cacert(e, at, spec);
    if (problems_ == before)
      out_.webhooks.push_back(std::move(spec));
  }

  const json *string(const json &e, const std::string &at, const char *key, bool required) {
    if (!e.contains(key)) {
      if (required)
        problem(at + "." + key, "missing");
      return nullptr;
    }
    const json &v = e[key];
    if (!v.is_string()) {
      problem(at + "." + key, "expected a string, got " + typeName(v));
      return nullptr;
    }
    return &v;
  }

  void name(const json &e, const std::string &at, WebhookSpec &spec) {
    const json *v = string(e, at, "name", true);
    if (!v)
      return;
    static const std::regex shape("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    spec.name = v->get<std::string>();
    if (!std::regex_match(spec.name, shape))
      return problem(at + ".name", "expected 1 to 64 letters, digits, '.', '_' or '-' "
                                   "(starting with a letter or digit)");
    if (!names_.insert(spec.name).second)
      problem(at + ".name", "'" + spec.name + "' is the name of an earlier webhook too");
  }

  void url(const json &e, const std::string &at, WebhookSpec &spec) {
    const json *v = string(e, at, "url", true);
    if (!v)
      return;
    spec.url = v->get<std::string>();
    std::string error;
    if (!parseWebhookUrl(spec.url, error))
      problem(at + ".url", error);
  }

  void events(const json &e, const std::string &at, WebhookSpec &spec) {
    if (!e.contains("events"))
      return problem(at + ".events", "missing (one or more of " + join(webhookEvents()) + ")");
    const json &v = e["events"];
    if (!v.is_array() || v.empty())
      return problem(at + ".events", "expected a non-empty array of event names (" +
                                         join(webhookEvents()) + ")");
    const auto &known = webhookEvents();
    for (size_t i = 0; i < v.size(); ++i) {
      std::string path = at + ".events[" + std::to_string(i) + "]";
      if (!v[i].is_string()) {
        problem(path, "expected a string, got " + typeName(v[i]));
        continue;
      }
      std::string event = v[i].get<std::string>();
      if (std::find(known.begin(), known.end(), event) == known.end())
        problem(path, "unknown event '" + event + "' (known: " + join(known) + ")");
      else if (std::find(spec.events.begin(), spec.events.end(), event) != spec.events.end())
        problem(path, "'" + event + "' is listed twice");
      else
        spec.events.push_back(event);
    }
  }

  // Exactly one of secret_file and secret_env; the secret itself never
  // enters a message.
  void secret(const json &e, const std::string &at, WebhookSpec &spec) {
    bool file = e.contains("secret_file"), env = e.contains("secret_env");
    if (file && env)
      return problem(at, "give either secret_file or secret_env, not both");
    if (!file && !env)
      return problem(at, "no secret: give secret_file (a file whose first line is the "
                         "secret) or secret_env (an environment variable holding it)");
    if (file) {
      const json *v = string(e, at, "secret_file", true);
      if (!v)
        return;
      std::string error;
      auto line = firstLine(resolve(v->get<std::string>()), error);
      if (!line)
        return problem(at + ".secret_file",
                       "cannot read " + v->get<std::string>() + ": " + error);
      if (line->empty())
        return problem(at + ".secret_file", v->get<std::string>() + " is empty (the secret is "
                                                                    "its first line)");
      spec.secret = std::move(*line);
      return;
    }
    const json *v = string(e, at, "secret_env", true);
    if (!v)
      return;
    std::string name = v->get<std::string>();
    static const std::regex shape("[A-Za-z_][A-Za-z0-9_]*");
    if (!std::regex_match(name, shape))
      return problem(at + ".secret_env", "expected an environment variable name");
    std::optional<std::string> value;
    if (env_) {
      value = env_(name);
    } else if (const char *raw = std::getenv(name.c_str())) {
      value = raw;
    }
    if (!value)
      return problem(at + ".secret_env", "environment variable " + name + " is not set");
    if (value->empty())
      return problem(at + ".secret_env", "environment variable " + name + " is empty");
    spec.secret = std::move(*value);
  }

  void integer(const json &e, const std::string &at, const char *key, int min, int max,
               int &target) {
    if (!e.contains(key))
      return;
    const json &v = e[key];
    if (!v.is_number_integer() && !v.is_number_unsigned())
      return problem(at + "." + key, "expected an integer, got " + typeName(v));
    long long n = v.is_number_unsigned() ? static_cast<long long>(std::min<unsigned long long>(
                                               v.get<unsigned long long>(), 1ULL << 40))
                                         : v.get<long long>();
    if (n < min || n > max)
      return problem(at + "." + key, "expected an integer from " + std::to_string(min) +
                                         " to " + std::to_string(max));
    target = static_cast<int>(n);
  }

  void number(const json &e, const std::string &at, const char *key, double min, double max,
              double &target) {
    if (!e.contains(key))
      return;
    const json &v = e[key];
    if (!v.is_number())
      return problem(at + "." + key, "expected a number of seconds, got " + typeName(v));
    double n = v.get<double>();
    if (!(n >= min && n <= max)) {
      std::ostringstream range;
      range << "expected a number of seconds from " << min << " to " << max;
      return problem(at + "." + key, range.str());
    }
    target = n;
  }

  void cacert(const json &e, const std::string &at, WebhookSpec &spec) {
    const json *v = string(e, at, "cacert", false);
    if (!v)
      return;
    fs::path path = resolve(v->get<std::string>());
    std::ifstream in(path, std::ios::binary);
    std::error_code ec;
    if (!in || fs::is_directory(path, ec))
      return problem(at + ".cacert", "cannot read " + v->get<std::string>() + ": " +
                                         (in ? "is a directory" : std::strerror(errno ? errno : ENOENT)));
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      return problem(at + ".cacert", v->get<std::string>() + " holds no PEM certificate");
    spec.cacert = path.string();
  }

  std::string source_;
  EnvLookup env_;
  fs::path base_;
  WebhookConfig out_;
  std::set<std::string> names_;
  size_t problems_ = 0;
};

} // namespace

bool WebhookSpec::wants(const std::string &event) const {
  return std::find(events.begin(), events.end(), event) != events.end();
}

std::string WebhookSpec::origin() const {
  std::string error;
  auto u = parseWebhookUrl(url, error);
  if (!u)
    return "(invalid URL)";
  bool v6 = u->host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + u->host + "]" : u->host;
  bool defaultPort = u->port == (u->tls ? 443 : 80);
  return std::string(u->tls ? "https" : "http") + "://" + host +
         (defaultPort ? "" : ":" + std::to_string(u->port));
}

const std::vector<std::string> &webhookEvents() {
  static const std::vector<std::string> events = {"rotation-required", "overdue",
                                                  "rotation.failed", "revoked.in-use"};
  return events;
}

std::optional<WebhookUrl> parseWebhookUrl(const std::string &url, std::string &error) {
  size_t sep = url.find("://");
  if (sep == std::string::npos) {
    error = "expected an https:// URL (http:// only to a loopback address)";
    return std::nullopt;
  }
  WebhookUrl out;
  std::string scheme = lower(url.substr(0, sep));
  if (scheme != "https" && scheme != "http") {
    error = "scheme '" + scheme + "' is not https (or http to a loopback address)";
    return std::nullopt;
  }
  out.tls = scheme == "https";
  size_t authEnd = url.find_first_of("/?#", sep + 3);
  std::string authority =
      url.substr(sep + 3, authEnd == std::string::npos ? std::string::npos : authEnd - sep - 3);
  if (authority.find('@') != std::string::npos) {
    // Never echo the authority: it holds a user name and maybe a password.
    error = "the URL carries user information (user@ or user:password@); receivers "
            "authenticate the request by its signature";
    return std::nullopt;
  }
  std::string rest = authEnd == std::string::npos ? "" : url.substr(authEnd);
  if (rest.find('#') != std::string::npos) {
    error = "the URL must not have a fragment (#...)";
    return std::nullopt;
  }
  for (char c : rest)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
      error = "the URL's path or query holds a space or control character";
      return std::nullopt;
    }
  out.target = rest.empty() ? "/" : (rest[0] == '?' ? "/" + rest : rest);
  std::string host, port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) {
      error = "unterminated IPv6 address in the URL";
      return std::nullopt;
    }
    host = authority.substr(0, close + 1);
    std::string after = authority.substr(close + 1);
    if (!after.empty() && after.front() != ':') {
      error = "unexpected text after the IPv6 address";
      return std::nullopt;
    }
    port = after.empty() ? "" : after.substr(1);
  } else {
    size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    port = colon == std::string::npos ? "" : authority.substr(colon + 1);
    if (colon != std::string::npos && port.empty()) {
      error = "the port is empty";
      return std::nullopt;
    }
  }
  if (host.empty() || host == "[]") {
    error = "the URL has no host";
    return std::nullopt;
  }
  if (!std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' ||
               c == '_';
      })) {
    error = "the host name holds characters a host name cannot have";
    return std::nullopt;
  }
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(),
                                        [](unsigned char c) { return std::isdigit(c); }) ||
        std::stoi(port) < 1 || std::stoi(port) > 65535) {
      error = "the port is not a number from 1 to 65535";
      return std::nullopt;
    }
    out.port = std::stoi(port);
  } else {
    out.port = out.tls ? 443 : 80;
  }
  if (!out.tls && !isLoopbackUrlHost(host)) {
    error = "plain http:// is refused for " + host +
            ", which is not a loopback address (localhost, 127.0.0.0/8, [::1]): events and "
            "their signatures would cross the network in clear text; use https://";
    return std::nullopt;
  }
  out.host = host.front() == '[' ? host.substr(1, host.size() - 2) : host;
  return out;
}

WebhookConfig parseWebhookConfig(const std::string &text, const std::string &source,
                                 const EnvLookup &env) {
  return Validator(source, env).run(text);
}

WebhookConfig loadWebhookConfig(const std::string &path, const EnvLookup &env) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  if (!in || fs::is_directory(path, ec)) {
    WebhookConfig out;
    out.errors.push_back(path + ": cannot read: " +
                         (in ? "is a directory" : std::strerror(errno ? errno : ENOENT)));
    return out;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parseWebhookConfig(text.str(), path, env);
}

} // namespace credtaint::inventory
