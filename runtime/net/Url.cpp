//===- Url.cpp - URLs and HTTP request lines, as reports need them --------===//

#include "Url.h"
#include "credtaint/support/Text.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

namespace credtaint::rt {
namespace {

/// Offset of the authority ("host" part) of Url, after "scheme://".
size_t authorityStart(const std::string &Url) {
  size_t P = Url.find("://");
  return P == std::string::npos ? 0 : P + 3;
}

} // namespace

bool parseUrl(const std::string &Url, UrlParts &Out) {
  Out = UrlParts();
  size_t Sep = Url.find("://");
  size_t A = 0;
  if (Sep != std::string::npos && Url.find_first_of("/?#") > Sep) {
    Out.Scheme = toLower(Url.substr(0, Sep));
    A = Sep + 3;
  } else {
    Out.Scheme = "http";
  }
  size_t AEnd = Url.find_first_of("/?#", A);
  if (AEnd == std::string::npos)
    AEnd = Url.size();
  std::string Auth = Url.substr(A, AEnd - A);
  size_t At = Auth.rfind('@');
  if (At != std::string::npos)
    Auth = Auth.substr(At + 1);
  std::string PortText;
  if (!Auth.empty() && Auth[0] == '[') {
    size_t Close = Auth.find(']');
    if (Close == std::string::npos)
      return false;
    Out.Host = Auth.substr(1, Close - 1);
    if (Close + 1 < Auth.size() && Auth[Close + 1] == ':')
      PortText = Auth.substr(Close + 2);
  } else {
    size_t Colon = Auth.rfind(':');
    Out.Host = Auth.substr(0, Colon);
    if (Colon != std::string::npos)
      PortText = Auth.substr(Colon + 1);
  }
  Out.Host = toLower(Out.Host);
  if (!PortText.empty() && PortText.size() <= 5 &&
      PortText.find_first_not_of("0123456789") == std::string::npos)
    Out.Port = std::atoi(PortText.c_str());
  else
    Out.Port = defaultPort(Out.Scheme);
  return !Out.Host.empty();
}

bool isTlsScheme(const std::string &Scheme) {
  static const char *const Tls[] = {"https", "ftps",  "ldaps", "smtps",
                                    "imaps", "pop3s", "wss",   "mqtts",
                                    "rtmps", "sftp",  "scp"};
  std::string S = toLower(Scheme);
  for (const char *T : Tls)
    if (S == T)
      return true;
  return false;
}

int defaultPort(const std::string &Scheme) {
  static const struct { const char *Scheme; int Port; } Ports[] = {
      {"http", 80},   {"https", 443}, {"ws", 80},      {"wss", 443},
      {"ftp", 21},    {"ftps", 990},  {"ldap", 389},   {"ldaps", 636},
      {"smtp", 25},   {"smtps", 465}, {"imap", 143},   {"imaps", 993},
      {"pop3", 110},  {"pop3s", 995}, {"mqtt", 1883},  {"mqtts", 8883},
      {"sftp", 22},   {"scp", 22},    {"telnet", 23},  {"gopher", 70},
      {"dict", 2628}, {"rtsp", 554},  {"tftp", 69}};
  std::string S = toLower(Scheme);
  for (const auto &P : Ports)
    if (S == P.Scheme)
      return P.Port;
  return 0;
}

bool httpRequestTarget(const char *P, size_t N, size_t &Begin, size_t &End) {
  static const char *const Methods[] = {"GET ",     "POST ",  "PUT ",
                                        "DELETE ",  "PATCH ", "HEAD ",
                                        "OPTIONS ", "CONNECT ", "TRACE "};
  if (!P)
    return false;
  for (const char *M : Methods) {
    size_t L = std::strlen(M);
    if (N <= L || std::memcmp(P, M, L) != 0)
      continue;
    size_t E = L;
    while (E < N && P[E] != ' ' && P[E] != '\r' && P[E] != '\n')
      ++E;
    // "HTTP/" must follow for this to be a request line, not text that
    // happens to start with "GET ".
    if (E == L || E + 6 > N || std::memcmp(P + E, " HTTP/", 6) != 0)
      return false;
    Begin = L;
    End = E;
    return true;
  }
  return false;
}

std::string maskUserInfoPassword(const std::string &Url) {
  size_t A = authorityStart(Url);
  size_t AEnd = Url.find_first_of("/?#", A);
  if (AEnd == std::string::npos)
    AEnd = Url.size();
  size_t At = Url.rfind('@', AEnd);
  if (At == std::string::npos || At < A)
    return Url;
  size_t Colon = Url.find(':', A);
  if (Colon == std::string::npos || Colon > At)
    return Url;
  return Url.substr(0, Colon + 1) + "****" + Url.substr(At);
}

std::string percentEncode(const std::string &S) {
  static const char Hex[] = "0123456789ABCDEF";
  std::string Out;
  for (unsigned char C : S) {
    if (std::isalnum(C) || C == '-' || C == '.' || C == '_' || C == '~') {
      Out += char(C);
    } else {
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

} // namespace credtaint::rt
