//===- LoopbackHost.cpp - may plain http:// go to this host? --------------===//

#include "LoopbackHost.h"

#include <arpa/inet.h>
#include <cctype>
#include <netinet/in.h>

namespace credtaint {

bool isLoopbackUrlHost(const std::string &Host) {
  std::string H = Host;
  for (char &C : H)
    C = char(std::tolower(static_cast<unsigned char>(C)));
  if (H == "localhost" || H == "localhost.")
    return true;
  if (H.size() > 2 && H.front() == '[' && H.back() == ']') {
    in6_addr A6;
    if (inet_pton(AF_INET6, H.substr(1, H.size() - 2).c_str(), &A6) != 1)
      return false;
    if (IN6_IS_ADDR_LOOPBACK(&A6))
      return true;
    return IN6_IS_ADDR_V4MAPPED(&A6) && A6.s6_addr[12] == 127;
  }
  in_addr A4;
  if (inet_pton(AF_INET, H.c_str(), &A4) != 1)
    return false;
  return (ntohl(A4.s_addr) >> 24) == 127;
}

} // namespace credtaint
