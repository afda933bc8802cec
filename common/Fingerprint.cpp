//===- Fingerprint.cpp - keyed fingerprints and redacted previews ---------===//

#include "Fingerprint.h"
#include "FileUtil.h"

#include "credtaint/catalog/catalog.h"

#include "Sha256.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace credtaint::rt {
namespace {

std::string toHex(const unsigned char *P, size_t N) {
  static const char Digits[] = "0123456789abcdef";
  std::string S(2 * N, '0');
  for (size_t I = 0; I < N; ++I) {
    S[2 * I] = Digits[P[I] >> 4];
    S[2 * I + 1] = Digits[P[I] & 15];
  }
  return S;
}

bool fromHex(const std::string &H, std::string &Out) {
  if (H.size() % 2 || H.empty())
    return false;
  Out.clear();
  for (size_t I = 0; I < H.size(); I += 2) {
    if (!std::isxdigit(static_cast<unsigned char>(H[I])) ||
        !std::isxdigit(static_cast<unsigned char>(H[I + 1])))
      return false;
    char Buf[3] = {H[I], H[I + 1], 0};
    char *End;
    long V = std::strtol(Buf, &End, 16);
    if (*End)
      return false;
    Out.push_back(static_cast<char>(V));
  }
  return true;
}

bool randomBytes(std::string &Out, size_t N) {
  Out.resize(N);
  size_t Got = 0;
  while (Got < N) {
    ssize_t R = getrandom(&Out[Got], N - Got, 0);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      return false;
    Got += size_t(R);
  }
  return true;
}

std::string defaultKeyPath() {
  const char *Xdg = std::getenv("XDG_CONFIG_HOME");
  if (Xdg && *Xdg)
    return std::string(Xdg) + "/credtaint/fingerprint.key";
  const char *Home = std::getenv("HOME");
  if (!Home || !*Home)
    return "";
  return std::string(Home) + "/.config/credtaint/fingerprint.key";
}


bool parseKeyFile(const std::string &Path, FingerprintKey &Key,
                  std::string &Error) {
  FILE *F = std::fopen(Path.c_str(), "r");
  if (!F) {
    Error = "cannot read fingerprint key file '" + Path +
            "': " + std::strerror(errno);
    return false;
  }
  char Line[512] = {0};
  bool Read = std::fgets(Line, sizeof Line, F) != nullptr;
  std::fclose(F);
  std::string L = Read ? Line : "";
  while (!L.empty() && (L.back() == '\n' || L.back() == '\r' || L.back() == ' '))
    L.pop_back();
  size_t Colon = L.find(':');
  if (Colon == std::string::npos || Colon == 0 ||
      !fromHex(L.substr(Colon + 1), Key.Bytes) || Key.Bytes.size() < 16) {
    Error = "fingerprint key file '" + Path +
            "' is malformed: expected one line '<key id>:<hex key of at "
            "least 16 bytes>'";
    return false;
  }
  Key.Id = L.substr(0, Colon);
  return true;
}

} // namespace

bool loadFingerprintKey(const std::string &Path, FingerprintKey &Key,
                        bool &Created, std::string &CreatedAt,
                        std::string &Error) {
  Created = false;
  if (!Path.empty())
    return parseKeyFile(Path, Key, Error);
  std::string P = defaultKeyPath();
  if (!P.empty() && access(P.c_str(), F_OK) == 0)
    return parseKeyFile(P, Key, Error);

  std::string Raw;
  if (!randomBytes(Raw, 32)) {
    Error = "cannot read random bytes for a fingerprint key";
    return false;
  }
  Key.Bytes = Raw;
  Key.Id = "local-" + sha256Hex(Raw).substr(0, 8);
  Created = true;
  if (P.empty())
    return true;
  std::string Dir = P.substr(0, P.rfind('/'));
  if (!makeDirs(Dir))
    return true;
  // Written to a temporary file and linked into place: a process that loses
  // the race to create the key reads the winner's complete file.
  std::string Tmp = P + ".tmp." + std::to_string(getpid());
  int Fd = open(Tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (Fd < 0)
    return true; // not writable: the in-memory key serves this process
  std::string Line = Key.Id + ":" +
                     toHex(reinterpret_cast<const unsigned char *>(Raw.data()),
                           Raw.size()) + "\n";
  bool Ok = write(Fd, Line.data(), Line.size()) == ssize_t(Line.size()) &&
            fsync(Fd) == 0;
  close(Fd);
  int Linked = Ok ? link(Tmp.c_str(), P.c_str()) : -1;
  int LinkErrno = errno;
  unlink(Tmp.c_str());
  if (Linked == 0) {
    CreatedAt = P;
  } else if (Ok && LinkErrno == EEXIST) {
    Created = false;
    return parseKeyFile(P, Key, Error);
  }
  return true;
}

std::string fingerprint(const FingerprintKey &Key, const void *Data,
                        size_t Len) {
  Sha256Digest Mac = hmacSha256(Key.Bytes.data(), Key.Bytes.size(), Data, Len);
  return "hmac-sha256:" + Key.Id + ":" + toHex(Mac.data(), Mac.size());
}

std::string sha256Hex(const std::string &S) {
  Sha256Digest D = sha256(S.data(), S.size());
  return toHex(D.data(), D.size());
}

std::string redactedPreview(const void *Data, size_t Len) {
  const char *P = static_cast<const char *>(Data);
  for (const char *Prefix : kProviderPrefixes) {
    size_t N = std::strlen(Prefix);
    // Keep the prefix only when it leaves most of the value hidden.
    if (Len >= 2 * N + 8 && std::memcmp(P, Prefix, N) == 0)
      return std::string(Prefix) + "****\xE2\x80\xA6";
  }
  return "****\xE2\x80\xA6";
}

} // namespace credtaint::rt
