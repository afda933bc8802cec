//===- LoopbackHost.h - may plain http:// go to this host? ------*- C++ -*-===//
//
// The tools send a bearer token (credtaint-report export) or a signed
// webhook (credtaint-inventory) over http:// only to the machine itself.
// The host is a URL's: "localhost", a dotted-quad 127.0.0.0/8 address, or a
// bracketed IPv6 loopback ("[::1]", "[::ffff:127.x.y.z]"). Other spellings
// a resolver might read as loopback ("127.1", "0x7f.0.0.1") are refused
// rather than guessed at. (The runtime judges destinations it has already
// resolved, in runtime/net/Scope.h, with other rules.)
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_COMMON_LOOPBACKHOST_H
#define CREDTAINT_COMMON_LOOPBACKHOST_H

#include <string>

namespace credtaint {

bool isLoopbackUrlHost(const std::string &Host);

} // namespace credtaint

#endif
