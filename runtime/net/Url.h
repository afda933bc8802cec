//===- Url.h - URLs and HTTP request lines, as reports need them -*- C++ -*-===//
//
// Enough URL parsing to name where a request goes (scheme, host, port), to
// find the URL of an HTTP/1.x request written on a socket, and to make a URL
// safe to print. Pure code: no DFSan, no runtime state.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_URL_H
#define CREDTAINT_RUNTIME_URL_H

#include <cstddef>
#include <string>

namespace credtaint::rt {

struct UrlParts {
  std::string Scheme; // lower-case; "" when the URL has none
  std::string Host;   // without brackets; "" when none
  int Port = 0;       // the explicit port, else the scheme's default, else 0
};

/// Parses "scheme://[user[:password]@]host[:port][/...]". A URL without
/// "scheme://" is taken as http (libcurl's default guess). False when no
/// host can be found.
bool parseUrl(const std::string &Url, UrlParts &Out);

/// Schemes whose traffic is encrypted (https, ftps, ldaps, smtps, imaps,
/// pop3s, wss, mqtts, rtmps, sftp, scp); every other network scheme is
/// plaintext. "file" is not network.
bool isTlsScheme(const std::string &Scheme);
int defaultPort(const std::string &Scheme);

/// If [P, P+N) starts with an HTTP/1.x request line ("GET /path?q HTTP/1.1"),
/// the offsets [Begin, End) of its request-target.
bool httpRequestTarget(const char *P, size_t N, size_t &Begin, size_t &End);

/// "user:secret@" in a URL's authority becomes "user:****@".
std::string maskUserInfoPassword(const std::string &Url);

/// Percent-encodes every byte outside RFC 3986's unreserved set.
std::string percentEncode(const std::string &S);

} // namespace credtaint::rt

#endif
