//===- Fingerprint.h - keyed fingerprints and redacted previews -*- C++ -*-===//
//
// A credential is known outside the process only by an HMAC-SHA256 of its
// bytes under an organisation's key, written with the key's id
// ("hmac-sha256:k1:<hex>"), and by a preview that keeps at most a known
// provider prefix ("ghp_****…"). Equal secrets correlate across runs and
// machines that share the key; nobody without the key can test a guess.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_FINGERPRINT_H
#define CREDTAINT_RUNTIME_FINGERPRINT_H

#include <cstddef>
#include <string>

namespace credtaint::rt {

struct FingerprintKey {
  std::string Id;
  std::string Bytes; // raw key
};

/// Loads the key from Path ("<id>:<hex key>" on the first line). With an
/// empty Path, uses ~/.config/credtaint/fingerprint.key (XDG_CONFIG_HOME
/// honoured), creating a random one (mode 0600) when it does not exist; then
/// Created is set so the caller can say once that fingerprints will not
/// correlate across machines. Returns false with a one-line Error when the
/// file exists but is malformed; with no usable home it falls back to a
/// per-process key and sets Created too.
bool loadFingerprintKey(const std::string &Path, FingerprintKey &Key,
                        bool &Created, std::string &CreatedAt,
                        std::string &Error);

/// "hmac-sha256:<key id>:<64 hex>".
std::string fingerprint(const FingerprintKey &Key, const void *Data, size_t Len);

/// Hex SHA-256 of a string (for finding fingerprints built from
/// already-keyed parts).
std::string sha256Hex(const std::string &S);

/// Redacted preview: a known provider prefix (providers.def) followed by
/// "****…", or "****…" alone. Never any other byte of the value.
std::string redactedPreview(const void *Data, size_t Len);

} // namespace credtaint::rt

#endif
