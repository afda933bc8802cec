// Routes, auth and limits of credtaint-inventory. Every request takes one
// pooled database connection; all state is in the database, so servers
// sharing one PostgreSQL agree on everything.
#include "Server.h"

#include "Bom.h"
#include "ConnectionPool.h"
#include "Evidence.h"
#include "Inventory.h"
#include "Keys.h"
#include "Lifecycle.h"
#include "Metrics.h"
#include "Migrations.h"
#include "Time.h"
#include "WebPages.h"
#include "Webhooks.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <fstream>
#include <functional>
#include <map>
#include <pthread.h>
#include <regex>
#include <thread>

namespace credtaint::inventory {
namespace {

using nlohmann::json;
using httplib::Request;
using httplib::Response;

constexpr const char *SessionCookie = "ctinv_session";
// The sign-in form's pre-session secret, which its CSRF token comes from.
constexpr const char *LoginCookie = "ctinv_login";
constexpr const char *CsrfRefusal =
    "Refused: this form's CSRF token is missing or wrong (reload the page and send it again).";
// Attempts for a request whose database work fails in a retryable way
// (PostgreSQL deadlock or serialization failure, SQLite busy).
constexpr int DbAttempts = 3;

// The key id of the request being served, for the access log.
thread_local std::string currentActor;

void sendJson(Response &res, int status, const json &body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void sendError(Response &res, int status, const std::string &message) {
  sendJson(res, status, {{"error", message}});
}

void sendHtml(Response &res, int status, const std::string &html) {
  res.status = status;
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                 "frame-ancestors 'none'; base-uri 'none'");
  res.set_content(html, "text/html; charset=utf-8");
}

std::optional<std::string> bearer(const Request &req) {
  auto value = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (value.size() <= prefix.size() || value.compare(0, prefix.size(), prefix) != 0)
    return std::nullopt;
  return value.substr(prefix.size());
}

std::optional<std::string> cookie(const Request &req, const std::string &name) {
  std::string all = req.get_header_value("Cookie");
  size_t pos = 0;
  while (pos < all.size()) {
    size_t end = all.find(';', pos);
    std::string part = all.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    while (!part.empty() && part.front() == ' ')
      part.erase(0, 1);
    if (part.rfind(name + "=", 0) == 0)
      return part.substr(name.size() + 1);
    if (end == std::string::npos)
      break;
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> param(const Request &req, const char *name) {
  if (!req.has_param(name))
    return std::nullopt;
  return req.get_param_value(name);
}

// Parses limit/offset; false (and a 400 sent) if they are not numbers in range.
bool paging(const Request &req, Response &res, ListQuery &q) {
  for (auto [name, target, max] : {std::tuple{"limit", &q.limit, 10000L},
                                   std::tuple{"offset", &q.offset, 1000000000L}}) {
    auto v = param(req, name);
    if (!v)
      continue;
    static const std::regex digits("[0-9]{1,10}");
    if (!std::regex_match(*v, digits) || std::stol(*v) > max ||
        (std::string(name) == "limit" && std::stol(*v) == 0)) {
      sendError(res, 400, std::string("query parameter ") + name + ": expected an integer from " +
                              (std::string(name) == "limit" ? "1" : "0") + " to " +
                              std::to_string(max));
      return false;
    }
    *target = std::stol(*v);
  }
  return true;
}

// Reads a rotation's body: {} or {"note": "..."} (or no body at all).
std::optional<std::string> rotationNote(const std::string &body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return std::nullopt;
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded())
    throw PatchError("$: body is not valid JSON");
  if (!doc.is_object())
    throw PatchError("$: expected an object {\"note\": \"...\"}");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "note")
      throw PatchError("$." + it.key() + ": unknown field (allowed: note)");
  if (!doc.contains("note") || doc["note"].is_null())
    return std::nullopt;
  if (!doc["note"].is_string())
    throw PatchError("$.note: expected a string or null");
  if (doc["note"].get_ref<const std::string &>().size() > 4096)
    throw PatchError("$.note: longer than 4096 bytes");
  return doc["note"].get<std::string>();
}

class Service {
public:
  Service(ConnectionPool &pool, const Policy &policy) : pool_(pool), policy_(policy) {}

  void install(httplib::Server &svr) {
    svr.Post("/v1/ingest", api("ingest", [this](auto &req, auto &res, auto &key, auto &db) {
               postIngest(req, res, key, db);
             }));
    svr.Get("/v1/credentials", api("read", [](auto &req, auto &res, auto &, auto &db) {
              ListQuery q;
              q.status = param(req, "status");
              q.state = param(req, "state");
              q.kind = param(req, "kind");
              q.owner = param(req, "owner");
              q.project = param(req, "project");
              q.search = param(req, "q");
              q.sort = param(req, "sort");
              if (auto problem = checkCredentialQuery(q))
                return sendError(res, 400, *problem);
              if (paging(req, res, q))
                sendJson(res, 200, queryCredentials(db, q));
            }));
    svr.Post(R"(/v1/credentials/([^/]+)/rotations)",
             api("admin", [](auto &req, auto &res, auto &key, auto &db) {
               std::optional<std::string> note;
               try {
                 note = rotationNote(req.body);
               } catch (const PatchError &e) {
                 return sendError(res, 400, e.what());
               }
               try {
                 if (!recordRotation(db, req.matches[1].str(), note, "key:" + key.id))
                   return sendError(res, 404, "no credential with this fingerprint");
               } catch (const RotationError &e) {
                 return sendError(res, 409, e.what());
               }
               sendJson(res, 201, *getCredential(db, req.matches[1].str()));
             }));
    svr.Get("/v1/metrics", api("read", [this](auto &, auto &res, auto &, auto &db) {
              sendJson(res, 200, computeMetrics(db, policy_));
            }));
    svr.Get("/v1/evidence", api("read", [](auto &req, auto &res, auto &, auto &db) {
              std::optional<std::string> bounds[2];
              const char *names[] = {"from", "to"};
              for (int i = 0; i < 2; ++i) {
                auto v = param(req, names[i]);
                if (!v)
                  continue;
                bounds[i] = parsePeriodBound(*v);
                if (!bounds[i])
                  return sendError(res, 400, std::string("query parameter ") + names[i] +
                                                 ": expected an ISO-8601 date-time with a time "
                                                 "zone or a date YYYY-MM-DD");
              }
              if (bounds[0] && bounds[1] && *bounds[0] > *bounds[1])
                return sendError(res, 400, "query parameters from, to: from is after to");
              std::string format = param(req, "format").value_or("json");
              if (format != "json" && format != "csv")
                return sendError(res, 400, "query parameter format: expected json or csv");
              json report = evidenceReport(db, bounds[0], bounds[1]);
              if (format == "json")
                return sendJson(res, 200, report);
              res.status = 200;
              res.set_header("Content-Disposition",
                             "attachment; filename=\"credtaint-evidence.csv\"");
              res.set_content(evidenceCsv(report), "text/csv; charset=utf-8");
            }));
    svr.Get(R"(/v1/credentials/([^/]+))", api("read", [](auto &req, auto &res, auto &, auto &db) {
              auto cred = getCredential(db, req.matches[1].str());
              if (!cred)
                return sendError(res, 404, "no credential with this fingerprint");
              sendJson(res, 200, *cred);
            }));
    svr.Patch(R"(/v1/credentials/([^/]+))",
              api("admin", [this](auto &req, auto &res, auto &key, auto &db) {
                json patch = json::parse(req.body, nullptr, false);
                if (patch.is_discarded())
                  return sendError(res, 400, "$: body is not valid JSON");
                try {
                  auto cred =
                      patchCredential(db, req.matches[1].str(), patch, "key:" + key.id, policy_);
                  if (!cred)
                    return sendError(res, 404, "no credential with this fingerprint");
                  sendJson(res, 200, *cred);
                } catch (const PatchError &e) {
                  sendError(res, 400, e.what());
                }
              }));
    svr.Get("/v1/findings", api("read", [](auto &req, auto &res, auto &, auto &db) {
              ListQuery q;
              q.credential = param(req, "credential");
              q.rule = param(req, "rule");
              if (paging(req, res, q))
                sendJson(res, 200, {{"findings", listFindings(db, q)}});
            }));
    svr.Get("/v1/audit", api("read", [](auto &req, auto &res, auto &, auto &db) {
              ListQuery q;
              q.target = param(req, "target");
              q.actor = param(req, "actor");
              if (paging(req, res, q))
                sendJson(res, 200, {{"audit", listAudit(db, q)}});
            }));
    svr.Get("/v1/webhooks/dead-letters", api("admin", [](auto &req, auto &res, auto &, auto &db) {
              ListQuery q;
              if (paging(req, res, q))
                sendJson(res, 200, listDeadLetters(db, param(req, "webhook"), q.limit, q.offset));
            }));
    svr.Post("/v1/login-tickets", api("read", [](auto &, auto &res, auto &key, auto &db) {
               std::string ticket = issueWebToken(db, key.id, "ticket");
               sendJson(res, 200,
                        {{"ticket", ticket},
                         {"expires_in", TicketSeconds},
                         {"login_path", "/login?ticket=" + ticket}});
             }));
    svr.Get("/healthz", [this](const Request &, Response &res) {
      withDb(res, [&](Database &db) {
        auto rows = db.query("SELECT MAX(version) FROM schema_migrations");
        sendJson(res, 200, {{"status", "ok"}, {"schema_version", std::stoi(*rows[0][0])}});
      });
    });
    installWeb(svr);
  }

private:
  using Handler = std::function<void(const Request &, Response &, const ApiKey &, Database &)>;

  // Runs `work` with a pooled connection; retryable database failures are
  // retried, then answered 503 with Retry-After.
  void withDb(Response &res, const std::function<void(Database &)> &work) {
    for (int attempt = 1;; ++attempt) {
      try {
        auto db = pool_.take();
        work(*db);
        return;
      } catch (const DatabaseError &e) {
        if (e.retryable && attempt < DbAttempts) {
          spdlog::warn("database busy, retrying: {}", e.what());
          std::this_thread::sleep_for(std::chrono::milliseconds(50 * attempt));
          continue;
        }
        spdlog::error("database: {}", e.what());
        res.set_header("Retry-After", "1");
        res.body.clear();
        return sendError(res, e.retryable ? 503 : 500,
                         e.retryable ? "database unavailable, retry later" : "database error");
      }
    }
  }

  // Wraps an API handler: bearer key required (401), role checked (403).
  httplib::Server::Handler api(const char *role, Handler handler) {
    return [this, role, handler](const Request &req, Response &res) {
      withDb(res, [&](Database &db) {
        auto presented = bearer(req);
        std::optional<ApiKey> key = presented ? authenticate(db, *presented) : std::nullopt;
        if (!key) {
          res.set_header("WWW-Authenticate", "Bearer realm=\"credtaint-inventory\"");
          return sendError(res, 401, presented ? "API key not valid (unknown, malformed or revoked)"
                                               : "no API key (Authorization: Bearer <key>)");
        }
        currentActor = "key:" + key->id;
        if (!roleAllows(key->role, role))
          return sendError(res, 403, "API key role '" + key->role + "' may not do this (needs " +
                                         role + ")");
        handler(req, res, *key, db);
      });
    };
  }

  void postIngest(const Request &req, Response &res, const ApiKey &key, Database &db) {
    std::string type = req.get_header_value("Content-Type");
    std::string mime = type.substr(0, type.find(';'));
    if (mime != "application/vnd.cyclonedx+json" && mime != "application/json")
      return sendError(res, 415, "Content-Type: expected application/vnd.cyclonedx+json");
    std::optional<std::string> idem;
    if (req.has_header("Idempotency-Key")) {
      static const std::regex hex("[0-9a-fA-F]{16,128}");
      idem = req.get_header_value("Idempotency-Key");
      if (!std::regex_match(*idem, hex))
        return sendError(res, 400, "Idempotency-Key header: expected 16 to 128 hex digits");
    }
    IngestBatch batch;
    try {
      batch = parseBom(req.body);
    } catch (const BomError &e) {
      return sendError(res, 400, e.what());
    }
    // Nothing valid to keep: the refusals are the answer.
    if (batch.credentials.empty() && batch.findings.empty() && !batch.rejected.empty()) {
      json body = rejectedEntries(batch.rejected);
      body["error"] = batch.rejected[0] + (batch.rejected.size() > 1
                                               ? " (and " + std::to_string(batch.rejected.size() - 1) +
                                                     " more refused)"
                                               : "");
      return sendJson(res, 400, body);
    }
    IngestOutcome outcome = ingest(db, batch, idem, "key:" + key.id, policy_);
    sendJson(res, outcome.status, outcome.body);
  }

  // A web request's key and, when it came with one, its session token:
  // the forms' CSRF token is derived from it.
  struct WebAuth {
    ApiKey key;
    std::optional<std::string> session;

    Viewer viewer() const {
      return {key.name, session && key.role == "admin",
              session ? csrfToken(*session, "session") : std::string()};
    }
  };
  using PageHandler =
      std::function<void(const Request &, Response &, const WebAuth &, Database &)>;

  // The key behind a web request: a session cookie, or a bearer key.
  std::optional<WebAuth> webAuth(const Request &req, Database &db) {
    std::optional<WebAuth> auth;
    if (auto token = cookie(req, SessionCookie)) {
      if (auto key = sessionKey(db, *token))
        auth = WebAuth{*key, *token};
    } else if (auto presented = bearer(req)) {
      if (auto key = authenticate(db, *presented))
        auth = WebAuth{*key, std::nullopt};
    }
    if (auth && !roleAllows(auth->key.role, "read"))
      return std::nullopt;
    return auth;
  }

  // Wraps a page: a read or admin key signed in, else to the sign-in form.
  httplib::Server::Handler page(PageHandler handler) {
    return [this, handler](const Request &req, Response &res) {
      withDb(res, [&](Database &db) {
        auto auth = webAuth(req, db);
        if (!auth)
          return redirect(res, "/login");
        currentActor = "key:" + auth->key.id;
        handler(req, res, *auth, db);
      });
    };
  }

  // Wraps an admin form POST: a session (403 without one), the session's
  // CSRF token in the form (403 when missing or wrong: another site may
  // make a browser post a form, never read the page that holds the token),
  // an admin key (403).
  httplib::Server::Handler form(PageHandler handler) {
    return [this, handler](const Request &req, Response &res) {
      withDb(res, [&](Database &db) {
        auto auth = webAuth(req, db);
        if (!auth || !auth->session)
          return sendHtml(res, 403, renderMessage("Forbidden", "Sign in first: forms need a "
                                                               "session.", Viewer{}));
        currentActor = "key:" + auth->key.id;
        if (!csrfTokenMatches(*auth->session, "session", param(req, "csrf").value_or("")))
          return sendHtml(res, 403, renderMessage("Forbidden", CsrfRefusal, auth->viewer()));
        if (!roleAllows(auth->key.role, "admin"))
          return sendHtml(res, 403, renderMessage("Forbidden", "Only an admin key may change "
                                                               "credentials.", auth->viewer()));
        handler(req, res, *auth, db);
      });
    };
  }

  // Runs a form's change of credential `fp`; on success back to its page
  // with `done` (POST-redirect-GET), on a refused value the page again with
  // the error in one line and what was typed.
  static void applyForm(Response &res, Database &db, const WebAuth &auth, const std::string &fp,
                        FormOutcome typed, const std::function<std::optional<json>()> &change,
                        const char *done) {
    int status = 400;
    try {
      if (!change())
        return sendHtml(res, 404, renderNotFound(auth.viewer()));
      return redirect(res, credentialPagePath(fp) + "?done=" + done);
    } catch (const PatchError &e) {
      typed.error = e.what();
    } catch (const RotationError &e) {
      typed.error = e.what();
      status = 409;
    }
    if (typed.error.rfind("$.", 0) == 0) // a form names fields, not JSON paths
      typed.error.erase(0, 2);
    auto cred = getCredential(db, fp);
    if (!cred)
      return sendHtml(res, 404, renderNotFound(auth.viewer()));
    sendHtml(res, status, renderCredentialDetail(*cred, auth.viewer(), typed));
  }

  static std::string formValue(const Request &req, const std::string &name) {
    std::string v = param(req, name.c_str()).value_or("");
    v.erase(0, std::min(v.find_first_not_of(" \t\r\n"), v.size()));
    v.erase(v.find_last_not_of(" \t\r\n") + 1);
    return v;
  }

  // The list page's query, as GET /v1/credentials takes it.
  static ListQuery credentialQuery(const ListParams &p) {
    ListQuery q;
    q.state = p.state;
    q.kind = p.kind;
    q.owner = p.owner;
    q.project = p.project;
    q.search = p.q;
    if (!p.sort.empty())
      q.sort = p.sort;
    q.limit = p.limit;
    q.offset = p.offset;
    return q;
  }

  void setSession(Response &res, Database &db, const ApiKey &key, bool secure) {
    std::string token = issueWebToken(db, key.id, "session");
    // An admin session never rides along on a request another site starts,
    // not even a top-level link; a reader's may (links into the inventory
    // from a ticket or a chat keep working).
    res.set_header("Set-Cookie", std::string(SessionCookie) + "=" + token +
                                     "; Path=/; HttpOnly; SameSite=" +
                                     (key.role == "admin" ? "Strict" : "Lax") + "; Max-Age=" +
                                     std::to_string(SessionSeconds) + (secure ? "; Secure" : ""));
  }

  // The sign-in form, with a fresh pre-session secret in a cookie that its
  // CSRF token is derived from (a site that makes a browser post the form
  // cannot sign it in under the site's own key).
  static void sendLogin(Response &res, int status, const std::string &error, bool secure) {
    std::string secret = randomHex(32);
    res.set_header("Set-Cookie", std::string(LoginCookie) + "=" + secret +
                                     "; Path=/login; HttpOnly; SameSite=Strict; Max-Age=900" +
                                     (secure ? "; Secure" : ""));
    sendHtml(res, status, renderLogin(error, csrfToken(secret, "login")));
  }

  static std::string safeNext(const std::optional<std::string> &next) {
    // Only a local path: no scheme, no "//host", no backslash tricks.
    if (!next || next->empty() || (*next)[0] != '/' ||
        (next->size() > 1 && ((*next)[1] == '/' || (*next)[1] == '\\')))
      return "/";
    for (char c : *next)
      if (static_cast<unsigned char>(c) < 0x20)
        return "/";
    return *next;
  }

  void installWeb(httplib::Server &svr) {
    bool secure = secure_;
    svr.Get("/", page([](auto &req, auto &res, auto &auth, auto &db) {
              ListParams p;
              auto error = parseListParams([&](const char *n) { return param(req, n); }, p);
              ListQuery q = credentialQuery(p);
              if (!error)
                error = checkCredentialQuery(q);
              if (error)
                return sendHtml(res, 400, renderMessage("Bad request", *error, auth.viewer()));
              sendHtml(res, 200, renderCredentialList(queryCredentials(db, q), p, auth.viewer()));
            }));
    svr.Get(R"(/credentials/([^/]+))", page([](auto &req, auto &res, auto &auth, auto &db) {
              auto cred = getCredential(db, req.matches[1].str());
              if (!cred)
                return sendHtml(res, 404, renderNotFound(auth.viewer()));
              static const std::map<std::string, std::string> notices = {
                  {"saved", "Saved."},
                  {"unchanged", "Nothing changed."},
                  {"rotation", "Rotation recorded."},
                  {"revocation", "Revocation recorded."}};
              FormOutcome outcome;
              auto done = notices.find(param(req, "done").value_or(""));
              if (done != notices.end())
                outcome.notice = done->second;
              sendHtml(res, 200, renderCredentialDetail(*cred, auth.viewer(), outcome));
            }));
    svr.Post(R"(/credentials/([^/]+)/edit)",
             form([this](auto &req, auto &res, auto &auth, auto &db) {
               std::string fp = req.matches[1].str();
               FormOutcome typed;
               json patch = json::object();
               for (std::string name : {"owner", "scope", "note"}) {
                 std::string value = formValue(req, name);
                 typed.values[name] = value;
                 if (value != formValue(req, "was_" + name))
                   patch[name] = value.empty() ? json(nullptr) : json(value);
               }
               if (patch.empty())
                 return redirect(res, credentialPagePath(fp) + "?done=unchanged");
               applyForm(res, db, auth, fp, typed, [&] {
                 return patchCredential(db, fp, patch, "key:" + auth.key.id, policy_);
               }, "saved");
             }));
    svr.Post(R"(/credentials/([^/]+)/rotation)",
             form([](auto &req, auto &res, auto &auth, auto &db) {
               std::string fp = req.matches[1].str();
               FormOutcome typed;
               std::string note = formValue(req, "note");
               typed.values["rotation_note"] = note;
               applyForm(res, db, auth, fp, typed, [&]() -> std::optional<json> {
                 if (note.size() > 4096)
                   throw PatchError("note: longer than 4096 bytes");
                 if (!recordRotation(db, fp, note.empty() ? std::nullopt
                                                         : std::optional<std::string>(note),
                                     "key:" + auth.key.id))
                   return std::nullopt;
                 return json::object();
               }, "rotation");
             }));
    svr.Post(R"(/credentials/([^/]+)/revocation)",
             form([this](auto &req, auto &res, auto &auth, auto &db) {
               std::string fp = req.matches[1].str();
               applyForm(res, db, auth, fp, {}, [&] {
                 return patchCredential(db, fp, {{"status", "revoked"}}, "key:" + auth.key.id,
                                        policy_);
               }, "revocation");
             }));
    svr.Get("/metrics", page([this](auto &, auto &res, auto &auth, auto &db) {
              sendHtml(res, 200, renderMetrics(computeMetrics(db, policy_), auth.viewer()));
            }));
    svr.Get("/login", [this, secure](const Request &req, Response &res) {
      res.set_header("Referrer-Policy", "no-referrer");
      auto ticket = param(req, "ticket");
      if (!ticket)
        return sendLogin(res, 200, "", secure);
      withDb(res, [&](Database &db) {
        auto key = redeemTicket(db, *ticket);
        if (!key)
          return sendLogin(res, 401, "This sign-in link is not valid (used, expired or unknown).",
                           secure);
        currentActor = "key:" + key->id;
        setSession(res, db, *key, secure);
        redirect(res, safeNext(param(req, "next")));
      });
    });
    svr.Post("/login", [this, secure](const Request &req, Response &res) {
      auto secret = cookie(req, LoginCookie);
      if (!secret || !csrfTokenMatches(*secret, "login", param(req, "csrf").value_or("")))
        return sendHtml(res, 403, renderMessage("Forbidden", CsrfRefusal, Viewer{}));
      withDb(res, [&](Database &db) {
        auto key = authenticate(db, param(req, "key").value_or(""));
        if (!key || !roleAllows(key->role, "read"))
          return sendLogin(res, 401, "That key is not valid for reading.", secure);
        currentActor = "key:" + key->id;
        setSession(res, db, *key, secure);
        res.set_header("Set-Cookie", std::string(LoginCookie) + "=; Path=/login; Max-Age=0");
        redirect(res, "/");
      });
    });
    svr.Post("/logout", [this](const Request &req, Response &res) {
      withDb(res, [&](Database &db) {
        // Signing out a live session is a form POST like the others; a
        // cookie with no session behind it is just cleared.
        auto token = cookie(req, SessionCookie);
        if (token && sessionKey(db, *token)) {
          if (!csrfTokenMatches(*token, "session", param(req, "csrf").value_or("")))
            return sendHtml(res, 403, renderMessage("Forbidden", CsrfRefusal, Viewer{}));
          db.execute("DELETE FROM web_sessions WHERE token_hash = $1", {sha256Hex(*token)});
        }
        res.set_header("Set-Cookie", std::string(SessionCookie) + "=; Path=/; Max-Age=0");
        redirect(res, "/login");
      });
    });
  }

  static void redirect(Response &res, const std::string &to) {
    res.status = 303;
    res.set_header("Location", to);
  }

public:
  bool secure_ = false;

private:
  ConnectionPool &pool_;
  const Policy &policy_;
};

// Stops the server on SIGINT/SIGTERM: a thread waits for the signal (the
// handler context must not call into the server).
void stopOnSignals(httplib::Server &svr) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  std::thread([set, &svr]() mutable {
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info("signal {}: stopping", sig);
    svr.stop();
  }).detach();
}

} // namespace

int runServer(const ServerOptions &options) {
  // Block the stop signals in every thread; stopOnSignals' thread takes them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  ConnectionPool pool(options.database);
  {
    auto db = pool.take();
    int version = migrate(*db);
    spdlog::info("database {} at schema version {}", redactDatabaseUrl(options.database),
                 version);
    // Deadlines under this policy, and whatever the clock moved while the
    // server was down.
    SweepResult swept = sweep(*db, options.policy, true);
    spdlog::info("clock {}: {} overdue, {} dormant, {} rotations verified", nowIso(),
                 swept.overdue, swept.dormant, swept.verified);
  }
  // Each webhook by name, where (scheme, host, port: a path may itself be a
  // capability) and what; never its secret.
  for (const WebhookSpec &w : options.webhooks) {
    std::string events;
    for (const std::string &e : w.events)
      events += (events.empty() ? "" : ", ") + e;
    spdlog::info("webhook {}: {} ({}), {} attempts, first retry after {} s", w.name, w.origin(),
                 events, w.maxAttempts, w.backoffSeconds);
  }
  WebhookDispatcher webhooks(pool, options.webhooks);
  webhooks.start();

  std::unique_ptr<httplib::Server> svr;
  bool tls = options.certFile && options.keyFile;
  if (tls) {
    auto ssl = std::make_unique<httplib::SSLServer>(options.certFile->c_str(),
                                                    options.keyFile->c_str());
    if (!ssl->is_valid()) {
      spdlog::error("cannot load the TLS certificate (--cert) or private key (--key)");
      return 2;
    }
    svr = std::move(ssl);
  } else {
    svr = std::make_unique<httplib::Server>();
  }

  Service service(pool, options.policy);
  service.secure_ = tls;
  service.install(*svr);
  svr->set_payload_max_length(options.maxBodyBytes);
  int threads = options.threads;
  svr->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr->set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"Cache-Control", "no-store"},
                            {"X-Frame-Options", "DENY"}});
  size_t maxBody = options.maxBodyBytes;
  svr->set_error_handler([maxBody](const Request &, Response &res) {
    if (!res.body.empty())
      return;
    if (res.status == 413)
      sendError(res, 413, "request body larger than " + std::to_string(maxBody) + " bytes");
    else if (res.status == 404)
      sendError(res, 404, "no such endpoint");
    else
      sendError(res, res.status, "request refused (HTTP " + std::to_string(res.status) + ")");
  });
  svr->set_exception_handler([](const Request &, Response &res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception &e) {
      spdlog::error("request failed: {}", e.what());
    } catch (...) {
      spdlog::error("request failed");
    }
    sendError(res, 500, "internal error");
  });
  // Method, path (never the query: it may hold a sign-in ticket), status,
  // and which key asked. Never a header or body.
  svr->set_logger([](const Request &req, const Response &res) {
    spdlog::info("{} {} {} {}", req.method, req.path, res.status,
                 currentActor.empty() ? "-" : currentActor);
    currentActor.clear();
  });

  int port = options.port;
  if (port == 0) {
    port = svr->bind_to_any_port(options.host);
  } else if (!svr->bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    spdlog::error("cannot listen on {}:{}", options.host, options.port);
    return 2;
  }
  if (options.portFile) {
    std::string tmp = *options.portFile + ".tmp";
    std::ofstream(tmp) << port << "\n";
    std::rename(tmp.c_str(), options.portFile->c_str());
  }
  spdlog::info("listening on {}://{}:{}", tls ? "https" : "http", options.host, port);
  stopOnSignals(*svr);
  PeriodicSweep periodic(pool, options.policy, options.sweepSeconds);
  bool ok = svr->listen_after_bind();
  webhooks.stop();
  return ok ? 0 : 1;
}

} // namespace credtaint::inventory
