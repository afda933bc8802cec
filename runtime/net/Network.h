//===- Network.h - where sent bytes go, and what that means -----*- C++ -*-===//
//
// The network facts (catalog/net_facts.def) tell the runtime which name a
// program resolved to which address, which socket a TLS session runs over
// and which host name (SNI, SSL_set1_host) it is for. With them, bytes
// written to a socket or a TLS session get a Destination: the host the
// program asked for, not only the peer address. The judgement itself is
// Transmission.h; this file finds the destination, the URL of an HTTP
// request line, and reports.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_NETWORK_H
#define CREDTAINT_RUNTIME_NETWORK_H

#include "report/Attribution.h"
#include "Transmission.h"

#include "credtaint/catalog/catalog.h"

#include <sys/socket.h>

namespace credtaint::rt {

/// Whether Fd is an AF_INET or AF_INET6 socket.
bool isInetSocket(int Fd);

/// Judges bytes sent through sink row S: a Net row or a Log row (Target is
/// the fd of an inet socket), or a Tls row (Target is the SSL*).
void inspectNetwork(const credtaint_site *Site, const SinkInfo &S,
                    uint64_t Target, SpanRange Spans);

/// The next datagram on Fd goes to Addr (sendto, sendmsg's msg_name).
void noteDatagramDestination(int Fd, const sockaddr *Addr, socklen_t Len);

/// Where bytes written to the socket Fd go; false when it is no inet socket
/// (value matching, which sees the bytes without a sink hook).
bool destinationOfSocket(int Fd, Destination &D);

/// Where bytes written to the TLS session Ssl (an SSL*) go.
Destination destinationOfTls(uint64_t Ssl);

/// The loopback policy from the options.
NetPolicy netPolicy();

/// Reports each credential of Payload sent to D (masked previews aside): the
/// rules of judgeTransmission, plus credential-in-url for those in InUrl.
/// Part says where in the request the bytes were ("url", "httpheader").
void reportTransmission(const credtaint_site *Site,
                        const std::string &SinkFunction, const Destination &D,
                        const Attribution &Payload, const Attribution &InUrl,
                        const std::string &Part);

} // namespace credtaint::rt

#endif
