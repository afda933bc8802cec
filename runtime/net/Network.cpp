//===- Network.cpp - where sent bytes go, and what that means -------------===//

#include "Network.h"
#include "sinks/Deferred.h"
#include "Curl.h"
#include "core/ForkSafety.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "Scope.h"
#include "Url.h"

#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <dlfcn.h>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unordered_map>

namespace credtaint::rt {
namespace {

struct Endpoint {
  std::string Address; // numeric
  int Port = 0;
};

struct SslBinding {
  int Fd = -1;
  std::string Sni, Host;
};

/// What the network facts taught, keyed by address, fd and SSL*.
struct NetState {
  std::mutex Mu;
  std::unordered_map<std::string, std::string> NameOfAddress;
  std::unordered_map<int, std::pair<Endpoint, std::string>> Connected;
  std::unordered_map<int, Endpoint> Datagram;
  std::unordered_map<uint64_t, SslBinding> Ssl;
};

NetState &state() {
  static NetState *S = new NetState(); // leaked: hooks run in destructors
  return *S;
}

// A program that resolves names forever must not grow this forever.
constexpr size_t kMaxNames = 4096;

/// The numeric address and port of Addr; IPv4-mapped IPv6 as IPv4.
bool endpointOf(const sockaddr *Addr, socklen_t Len, Endpoint &Out) {
  if (!Addr)
    return false;
  char Buf[INET6_ADDRSTRLEN] = {0};
  if (Addr->sa_family == AF_INET && Len >= socklen_t(sizeof(sockaddr_in))) {
    auto *In = reinterpret_cast<const sockaddr_in *>(Addr);
    inet_ntop(AF_INET, &In->sin_addr, Buf, sizeof Buf);
    Out = {Buf, ntohs(In->sin_port)};
    return true;
  }
  if (Addr->sa_family == AF_INET6 && Len >= socklen_t(sizeof(sockaddr_in6))) {
    auto *In6 = reinterpret_cast<const sockaddr_in6 *>(Addr);
    if (IN6_IS_ADDR_V4MAPPED(&In6->sin6_addr))
      inet_ntop(AF_INET, &In6->sin6_addr.s6_addr[12], Buf, sizeof Buf);
    else
      inet_ntop(AF_INET6, &In6->sin6_addr, Buf, sizeof Buf);
    Out = {Buf, ntohs(In6->sin6_port)};
    return true;
  }
  return false;
}

/// The program's latest lookup of Address was for Name; a numeric lookup
/// ("127.0.0.1") means it now asks for the address itself.
void nameAddress(const std::string &Address, const char *Name) {
  if (!Name || !*Name)
    return;
  NetState &S = state();
  std::lock_guard<std::mutex> L(S.Mu);
  if (Address == Name) {
    S.NameOfAddress.erase(Address);
    return;
  }
  if (S.NameOfAddress.size() >= kMaxNames)
    S.NameOfAddress.clear();
  S.NameOfAddress[Address] = Name;
}

void nameHostEnt(const char *Name, const hostent *H) {
  if (!Name || !H || !H->h_addr_list)
    return;
  for (char **A = H->h_addr_list; *A; ++A) {
    char Buf[INET6_ADDRSTRLEN] = {0};
    if (inet_ntop(H->h_addrtype, *A, Buf, sizeof Buf))
      nameAddress(Buf, Name);
  }
}

std::string nameOf(const std::string &Address) {
  NetState &S = state();
  std::lock_guard<std::mutex> L(S.Mu);
  auto It = S.NameOfAddress.find(Address);
  return It == S.NameOfAddress.end() ? "" : It->second;
}

/// Where bytes written to the socket Fd go; false when it is no inet socket.
bool socketDestination(int Fd, Destination &D) {
  if (!isInetSocket(Fd))
    return false;
  int Type = 0;
  socklen_t TLen = sizeof Type;
  getsockopt(Fd, SOL_SOCKET, SO_TYPE, &Type, &TLen);
  D.Transport = Type == SOCK_DGRAM ? "udp" : "tcp";
  D.Plaintext = true;
  sockaddr_storage Peer;
  socklen_t PLen = sizeof Peer;
  Endpoint E;
  bool Known = getpeername(Fd, reinterpret_cast<sockaddr *>(&Peer), &PLen) == 0 &&
               endpointOf(reinterpret_cast<sockaddr *>(&Peer), PLen, E);
  std::string Asked;
  {
    NetState &S = state();
    std::lock_guard<std::mutex> L(S.Mu);
    if (!Known) {
      auto It = S.Datagram.find(Fd);
      if (It != S.Datagram.end())
        E = It->second, Known = true;
    }
    // The name connect() was for, if this fd is still that connection.
    auto C = S.Connected.find(Fd);
    if (Known && C != S.Connected.end() && C->second.first.Address == E.Address &&
        C->second.first.Port == E.Port)
      Asked = C->second.second;
  }
  if (Known) {
    D.Peer = E.Address;
    D.Port = E.Port;
    D.Host = !Asked.empty() ? Asked : nameOf(E.Address);
    if (D.Host.empty())
      D.Host = E.Address;
  }
  return true;
}

/// The fd of a TLS session the hooks did not see bound (SSL_set_bio with a
/// socket BIO): asked of libssl, when the program has it.
int sslFdFromLibssl(uint64_t Ssl) {
  using GetFd = int (*)(const void *);
  static GetFd F = reinterpret_cast<GetFd>(dlsym(RTLD_DEFAULT, "SSL_get_wfd"));
  return F ? F(reinterpret_cast<const void *>(Ssl)) : -1;
}

Destination sslDestination(uint64_t Ssl) {
  SslBinding B;
  {
    NetState &S = state();
    std::lock_guard<std::mutex> L(S.Mu);
    auto It = S.Ssl.find(Ssl);
    if (It != S.Ssl.end())
      B = It->second;
  }
  Destination D;
  int Fd = B.Fd >= 0 ? B.Fd : sslFdFromLibssl(Ssl);
  if (Fd >= 0)
    socketDestination(Fd, D);
  D.Transport = "tls";
  D.Plaintext = false;
  if (!B.Sni.empty())
    D.Host = B.Sni;
  else if (!B.Host.empty())
    D.Host = B.Host;
  return D;
}

std::string hostForUrl(const std::string &Host) {
  return Host.find(':') != std::string::npos ? "[" + Host + "]" : Host;
}

void applyFact(const NetFactInfo &F, uint64_t A0, uint64_t A1, uint64_t A2,
               uint64_t A3, uint64_t Result) {
  NetState &S = state();
  auto Str = [](uint64_t P) { return reinterpret_cast<const char *>(P); };
  switch (F.fact) {
  case NetFact::AddrInfo: {
    auto **Res = reinterpret_cast<addrinfo **>(A1);
    if (Result != 0 || !A0 || !Res)
      return;
    for (const addrinfo *AI = *Res; AI; AI = AI->ai_next) {
      Endpoint E;
      if (endpointOf(AI->ai_addr, AI->ai_addrlen, E))
        nameAddress(E.Address, Str(A0));
    }
    return;
  }
  case NetFact::HostEnt:
    nameHostEnt(Str(A0), reinterpret_cast<const hostent *>(Result));
    return;
  case NetFact::HostEntOut:
    if (A1)
      nameHostEnt(Str(A0), *reinterpret_cast<hostent *const *>(A1));
    return;
  case NetFact::Connect: {
    Endpoint E;
    if (!endpointOf(reinterpret_cast<const sockaddr *>(A1), socklen_t(A2), E))
      return;
    std::string Name = nameOf(E.Address);
    std::lock_guard<std::mutex> L(S.Mu);
    S.Connected[int(A0)] = {E, Name};
    return;
  }
  case NetFact::Destination:
    noteDatagramDestination(int(A0), reinterpret_cast<const sockaddr *>(A1),
                            socklen_t(A2));
    return;
  case NetFact::Close: {
    std::lock_guard<std::mutex> L(S.Mu);
    S.Connected.erase(int(A0));
    S.Datagram.erase(int(A0));
    return;
  }
  case NetFact::SslFd: {
    std::lock_guard<std::mutex> L(S.Mu);
    S.Ssl[A0].Fd = int(A1);
    return;
  }
  case NetFact::SslCtrl: {
    if (A1 != SSL_CTRL_SET_TLSEXT_HOSTNAME || A2 != TLSEXT_NAMETYPE_host_name)
      return;
    std::lock_guard<std::mutex> L(S.Mu);
    S.Ssl[A0].Sni = A3 ? Str(A3) : "";
    return;
  }
  case NetFact::SslHost: {
    std::lock_guard<std::mutex> L(S.Mu);
    std::string &Host = S.Ssl[A0].Host;
    if (!A1)
      Host.clear();
    else if (Host.empty()) // SSL_add1_host adds alternatives to the first
      Host = Str(A1);
    return;
  }
  case NetFact::SslFree: {
    std::lock_guard<std::mutex> L(S.Mu);
    S.Ssl.erase(A0);
    return;
  }
  case NetFact::CurlFree:
    forgetCurlHandle(A0);
    return;
  case NetFact::CurlDup:
    if (Result)
      copyCurlHandle(A0, Result);
    return;
  case NetFact::CurlSlistAppend:
    labelCurlListCopy(Result, A1);
    return;
  case NetFact::CurlEscape:
    labelCurlEscaped(Result, A1, A2);
    return;
  }
}

} // namespace

std::mutex &networkStateMutex() { return state().Mu; }

bool isInetSocket(int Fd) {
  struct stat St;
  if (Fd < 0 || fstat(Fd, &St) != 0 || !S_ISSOCK(St.st_mode))
    return false;
  sockaddr_storage Local;
  socklen_t Len = sizeof Local;
  if (getsockname(Fd, reinterpret_cast<sockaddr *>(&Local), &Len) != 0)
    return false;
  return Local.ss_family == AF_INET || Local.ss_family == AF_INET6;
}

void noteDatagramDestination(int Fd, const sockaddr *Addr, socklen_t Len) {
  Endpoint E;
  if (!endpointOf(Addr, Len, E))
    return;
  NetState &S = state();
  std::lock_guard<std::mutex> L(S.Mu);
  S.Datagram[Fd] = E;
}

bool destinationOfSocket(int Fd, Destination &D) {
  return socketDestination(Fd, D);
}

Destination destinationOfTls(uint64_t Ssl) { return sslDestination(Ssl); }

NetPolicy netPolicy() {
  const Options &O = runtime().options();
  return {O.loopback_in_scope, O.cleartext_loopback};
}

/// Where a request to Url goes, as libcurl would send it.
static Destination urlDestination(const char *Url) {
  Destination D;
  UrlParts Parts;
  std::string U = Url;
  if (!parseUrl(U, Parts))
    return D;
  D.Transport = Parts.Scheme.empty() ? "http" : Parts.Scheme;
  D.Plaintext = !isTlsScheme(D.Transport);
  D.Host = Parts.Host;
  D.Port = Parts.Port;
  D.Url = maskUserInfoPassword(redactedText(U.data(), U.size()));
  return D;
}

void inspectNetwork(const credtaint_site *Site, const SinkInfo &S,
                    uint64_t Target, SpanRange Spans) {
  Destination D;
  Attribution InUrl;
  std::string Function = S.display;
  if (S.target == SinkTarget::ProjectUrl) {
    // A project function that sends a request to its URL argument.
    auto *P = reinterpret_cast<const credtaint_project_target *>(Target);
    if (P && P->function)
      Function = P->function;
    if (P && P->value) {
      D = urlDestination(P->value);
      InUrl = attribute({{P->value, std::strlen(P->value)}});
    }
  } else if (S.category == SinkCategory::Tls) {
    D = sslDestination(Target);
  } else if (!socketDestination(int(Target), D)) {
    return; // a Unix socket, a pipe, a file: not the network
  }
  Attribution Payload = attribute(Spans);
  if (Payload.empty())
    return;
  // An HTTP request written by the program itself: its URL is the
  // request-target of the first line.
  for (const Span &Sp : Spans) {
    if (!Sp.P || !Sp.N)
      continue;
    size_t B, E;
    if (httpRequestTarget(Sp.P, Sp.N, B, E)) {
      InUrl = attribute({{Sp.P + B, E - B}});
      D.Url = std::string(D.Plaintext ? "http" : "https") + "://" +
              hostForUrl(D.Host) + (D.Port ? ":" + std::to_string(D.Port) : "") +
              redactedText(Sp.P + B, E - B);
    }
    break;
  }
  reportTransmission(Site, Function, D, Payload, InUrl, "");
}

void reportTransmission(const credtaint_site *Site,
                        const std::string &SinkFunction, const Destination &D,
                        const Attribution &Payload, const Attribution &InUrl,
                        const std::string &Part) {
  Runtime &R = runtime();
  NetPolicy Policy = netPolicy();
  for (auto &[C, Re] : Payload) {
    if (isMaskedPreview(*C, Re))
      continue;
    // Use, with or without a finding: the hosts a credential really goes to.
    R.seenLog().used(*C, D.Host, D.Port, inScope(D, C->Scope, Policy),
                     /*ByFlow=*/true);
    std::vector<NetVerdict> Verdicts = judgeTransmission(D, C->Scope, Policy);
    auto U = InUrl.find(C);
    if (U != InUrl.end() && !isMaskedPreview(*C, U->second))
      Verdicts.push_back({Rule::CredentialInUrl});
    for (const NetVerdict &V : Verdicts) {
      Finding F;
      F.RuleId = V.RuleId;
      F.Severity = V.Severity ? V.Severity : "";
      F.Cred = C;
      F.Sink = siteFrame(Site, "sink");
      F.Bytes = Re.Bytes;
      F.TraceOrigin = R.options().symbolize ? Re.Origin : 0;
      F.SinkCategory = "network";
      F.SinkFunction = SinkFunction;
      F.Transport = D.Transport;
      F.Host = D.Host;
      F.Port = D.Port;
      F.Url = D.Url;
      F.Part = Part;
      R.reporter().report(F);
    }
  }
}

} // namespace credtaint::rt

using namespace credtaint;

extern "C" void __credtaint_source_net_fact(uint32_t fact, uint64_t a0,
                                            uint64_t a1, uint64_t a2,
                                            uint64_t a3, uint64_t result) {
  // Facts are kept under a lock: not from a handler that interrupted the
  // runtime (Deferred.h).
  if (fact < kNumNetFacts && !credtaint::rt::insideRuntime())
    credtaint::rt::applyFact(kNetFacts[fact], a0, a1, a2, a3, result);
}
