#include "Keys.h"

#include "Bom.h"
#include "Inventory.h"
#include "Time.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <regex>
#include <stdexcept>

namespace credtaint::inventory {
namespace {

constexpr const char *KeyPrefix = "ctinv_";
constexpr const char *KeySelect =
    "SELECT id, name, role, revoked_at, created_at FROM api_keys";

ApiKey keyFromRow(const Row &r) {
  return ApiKey{*r[0], *r[1], *r[2], r[3], *r[4]};
}

bool sameHash(const std::string &a, const std::string &b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace

bool isRole(const std::string &role) {
  return role == "ingest" || role == "read" || role == "admin";
}

bool roleAllows(const std::string &role, const std::string &needed) {
  return role == "admin" || role == needed;
}

std::string csrfToken(const std::string &secret, const std::string &purpose) {
  std::string message = "credtaint-inventory csrf " + purpose;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char *>(message.data()), message.size(), mac, &len))
    throw std::runtime_error("HMAC-SHA256 failed");
  static const char *hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[mac[i] >> 4];
    out += hex[mac[i] & 15];
  }
  return out;
}

bool csrfTokenMatches(const std::string &secret, const std::string &purpose,
                      const std::string &presented) {
  if (secret.empty() || presented.empty())
    return false;
  return sameHash(csrfToken(secret, purpose), presented);
}

std::string randomHex(size_t n) {
  std::vector<unsigned char> bytes(n);
  if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1)
    throw std::runtime_error("the OS random number generator failed");
  static const char *hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string keyFingerprint(const std::string &id) {
  return "sha256:" + sha256Hex("credtaint-inventory api key " + id);
}

std::string createKey(Database &db, const std::string &role, const std::string &name,
                      const std::string &actor) {
  if (!isRole(role))
    throw std::invalid_argument("role must be ingest, read or admin");
  std::string id = randomHex(8);
  std::string key = KeyPrefix + id + "_" + randomHex(32);
  std::string now = nowIso();
  std::string fp = keyFingerprint(id);
  Transaction tx(db);
  db.execute("INSERT INTO api_keys(id, name, role, key_hash, created_at) "
             "VALUES ($1, $2, $3, $4, $5)",
             {id, name, role, sha256Hex(key), now});
  db.execute("INSERT INTO credentials(fingerprint, kind, type, name, project, scope, "
             "size_bits, owner, status, first_seen, last_seen, created_at, updated_at) "
             "VALUES ($1, 'token', 'token', $2, 'credtaint-inventory', $3, '256', "
             "'credtaint-inventory', 'active', $4, $4, $4, $4)",
             {fp, name, "credtaint-inventory API, role " + role, now});
  writeAudit(db, actor, "key.created", fp, {{"key_id", id}, {"name", name}, {"role", role}});
  tx.commit();
  return key;
}

bool revokeKey(Database &db, const std::string &id, const std::string &actor) {
  std::string now = nowIso();
  Transaction tx(db);
  if (db.execute("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                 {id, now}) != 1)
    return false;
  std::string fp = keyFingerprint(id);
  db.execute("UPDATE credentials SET status = 'revoked', updated_at = $2 WHERE fingerprint = $1",
             {fp, now});
  db.execute("DELETE FROM web_sessions WHERE key_id = $1", {id});
  writeAudit(db, actor, "key.revoked", fp, {{"key_id", id}});
  tx.commit();
  return true;
}

std::vector<ApiKey> listKeys(Database &db) {
  std::vector<ApiKey> keys;
  for (const Row &r : db.query(std::string(KeySelect) + " ORDER BY created_at DESC, id"))
    keys.push_back(keyFromRow(r));
  return keys;
}

std::optional<ApiKey> authenticate(Database &db, const std::string &presented) {
  static const std::regex shape("ctinv_([0-9a-f]{16})_[0-9a-f]{64}");
  std::smatch m;
  if (!std::regex_match(presented, m, shape))
    return std::nullopt;
  auto rows = db.query("SELECT id, name, role, revoked_at, created_at, key_hash FROM api_keys "
                  "WHERE id = $1",
                  {m[1].str()});
  if (rows.empty() || !sameHash(*rows[0][5], sha256Hex(presented)) || rows[0][3])
    return std::nullopt;
  return keyFromRow(rows[0]);
}

std::string issueWebToken(Database &db, const std::string &keyId, const std::string &kind) {
  std::string token = randomHex(32);
  long ttl = kind == "ticket" ? TicketSeconds : SessionSeconds;
  Transaction tx(db);
  // Expired tokens go as new ones arrive, so the table stays small.
  db.execute("DELETE FROM web_sessions WHERE expires_at < $1", {nowIso()});
  db.execute("INSERT INTO web_sessions(token_hash, key_id, kind, expires_at) "
             "VALUES ($1, $2, $3, $4)",
             {sha256Hex(token), keyId, kind, isoAfter(ttl)});
  tx.commit();
  return token;
}

std::optional<ApiKey> sessionKey(Database &db, const std::string &token) {
  auto rows = db.query(
      "SELECT k.id, k.name, k.role, k.revoked_at, k.created_at FROM web_sessions s "
      "JOIN api_keys k ON k.id = s.key_id WHERE s.token_hash = $1 AND s.kind = 'session' "
      "AND s.expires_at > $2 AND k.revoked_at IS NULL",
      {sha256Hex(token), nowIso()});
  if (rows.empty())
    return std::nullopt;
  return keyFromRow(rows[0]);
}

std::optional<ApiKey> redeemTicket(Database &db, const std::string &token) {
  std::string hash = sha256Hex(token);
  Transaction tx(db);
  auto rows = db.query(
      "SELECT k.id, k.name, k.role, k.revoked_at, k.created_at FROM web_sessions s "
      "JOIN api_keys k ON k.id = s.key_id WHERE s.token_hash = $1 AND s.kind = 'ticket' "
      "AND s.expires_at > $2 AND k.revoked_at IS NULL",
      {hash, nowIso()});
  // Whoever deletes the row used the ticket; a concurrent second use finds
  // nothing to delete.
  if (rows.empty() || db.execute("DELETE FROM web_sessions WHERE token_hash = $1", {hash}) != 1)
    return std::nullopt;
  tx.commit();
  return keyFromRow(rows[0]);
}

} // namespace credtaint::inventory
