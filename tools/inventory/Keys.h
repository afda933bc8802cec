// API keys and web sign-in. A key is "ctinv_<id>_<secret>": the id (64
// bits, public) finds the row, the secret (256 bits from the OS CSPRNG)
// proves possession. Only SHA-256 of the whole key is stored: with 256
// random bits a fast hash is enough — there is nothing to guess, so a slow
// password hash (bcrypt, Argon2) would only cost every request time.
// Every key is also a credential in the inventory itself (kind token, owner
// credtaint-inventory, fingerprint derived from the id, never the key).
#pragma once

#include "Database.h"

#include <optional>
#include <string>
#include <vector>

namespace credtaint::inventory {

struct ApiKey {
  std::string id;
  std::string name;
  std::string role; // ingest, read or admin
  std::optional<std::string> revokedAt;
  std::string createdAt;
};

/// True for "ingest", "read", "admin".
bool isRole(const std::string &role);

/// May a key of `role` do what `needed` allows? admin may do everything.
bool roleAllows(const std::string &role, const std::string &needed);

/// Creates a key, lists it as a credential and audits it. Returns the key
/// itself, which is shown once and never stored.
std::string createKey(Database &db, const std::string &role, const std::string &name,
                      const std::string &actor);

/// Revokes key `id` (and marks its credential revoked). False if unknown.
bool revokeKey(Database &db, const std::string &id, const std::string &actor);

/// Every key, newest first (no secrets: there are none to show).
std::vector<ApiKey> listKeys(Database &db);

/// The key `presented` proves, if it is well-formed, known and not revoked.
std::optional<ApiKey> authenticate(Database &db, const std::string &presented);

/// The inventory fingerprint of key `id`'s credential.
std::string keyFingerprint(const std::string &id);

/// Web sign-in. A session (cookie) lasts `SessionSeconds`; a ticket is a
/// one-time sign-in link for scripts and headless browsers, valid
/// `TicketSeconds` and consumed on first use. Both are stored hashed.
constexpr long SessionSeconds = 8 * 3600;
constexpr long TicketSeconds = 120;

/// Issues a session or ticket ("session"/"ticket") for key `keyId`.
std::string issueWebToken(Database &db, const std::string &keyId, const std::string &kind);

/// The key behind session `token`, if valid and the key is not revoked.
std::optional<ApiKey> sessionKey(Database &db, const std::string &token);

/// Consumes ticket `token`; the key behind it if it was valid.
std::optional<ApiKey> redeemTicket(Database &db, const std::string &token);

/// The CSRF token that goes with secret `secret` (a session token, or the
/// pre-session nonce of the sign-in form) for `purpose` ("session",
/// "login"): HMAC-SHA256 keyed with the secret, as hex. Derived, not
/// stored: every server that shares the database (where the session is)
/// checks it the same way, and the token, which pages carry, says nothing
/// about the cookie's secret.
std::string csrfToken(const std::string &secret, const std::string &purpose);

/// Whether `presented` is csrfToken(secret, purpose), compared in constant
/// time. False for an empty secret or token.
bool csrfTokenMatches(const std::string &secret, const std::string &purpose,
                      const std::string &presented);

/// `n` random bytes from the OS CSPRNG as hex. Throws on failure.
std::string randomHex(size_t n);

} // namespace credtaint::inventory
