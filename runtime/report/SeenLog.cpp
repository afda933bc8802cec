//===- SeenLog.cpp - the credentials a process loaded, and where it sent them ===//

#include "SeenLog.h"
#include "Reporter.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "net/Scope.h"
#include "credtaint/support/Time.h"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>

namespace credtaint::rt {
namespace {

using nlohmann::ordered_json;

ordered_json occurrence(const std::string &Test, const std::string &Binary) {
  return {{"test", Test.empty() ? ordered_json() : ordered_json(Test)},
          {"binary", Binary.empty() ? ordered_json() : ordered_json(Binary)}};
}

/// A numeric IPv4 or IPv6 address: a peer whose name the runtime did not
/// see resolved.
bool isAddress(const std::string &Host) {
  unsigned char Buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, Host.c_str(), Buf) == 1 ||
         inet_pton(AF_INET6, Host.c_str(), Buf) == 1;
}

std::string line(const ordered_json &J) {
  // Names and paths come from the program; replace invalid UTF-8 rather
  // than lose the record.
  return J.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

} // namespace

void SeenLog::configure(const Options &O) {
  std::lock_guard<std::mutex> L(Mu);
  Records.setDir(O.log_dir);
  Max = O.max_findings > 0 ? size_t(O.max_findings) : 0;
}

std::string SeenLog::seenJson(const Credential &C, const std::string &Test,
                              const std::string &Binary) {
  ordered_json J = {{"version", 1},
                    {"type", "credential-seen"},
                    {"time", isoTimeNow()}};
  J.update(occurrence(Test, Binary));
  J["credential"] = Reporter::credentialJson(C);
  return line(J);
}

std::string SeenLog::usedJson(const Credential &C, const std::string &Host,
                              bool InScope, const std::string &Test,
                              const std::string &Binary) {
  ordered_json J = {{"version", 1},
                    {"type", "credential-used"},
                    {"time", isoTimeNow()}};
  J.update(occurrence(Test, Binary));
  J["credential"] = {{"name", C.Name},
                     {"kind", kindName(C.CredKind)},
                     {"fingerprint", C.Fingerprint}};
  J["host"] = Host;
  J["in_scope"] = InScope;
  return line(J);
}

void SeenLog::seen(const Credential &C) {
  {
    std::lock_guard<std::mutex> L(Mu);
    if (Seen >= Max) {
      ++DroppedSeen;
      return;
    }
    ++Seen;
  }
  Runtime &R = runtime();
  std::string Json = seenJson(C, R.testName(), R.binary());
  std::lock_guard<std::mutex> L(Mu);
  Records.append(Json);
}

void SeenLog::used(const Credential &C, const std::string &Host, int Port,
                   bool InScope, bool ByFlow) {
  if (Host.empty())
    return;
  std::string H = canonicalHost(Host);
  {
    std::lock_guard<std::mutex> L(Mu);
    if (ByFlow && Port && FlowPorts.size() < Max)
      FlowPorts.insert({&C, Port});
    else if (!ByFlow && Port && FlowPorts.count({&C, Port}) && isAddress(H))
      return;
    if (Used.count({&C, H}))
      return;
    if (Used.size() >= Max) {
      ++DroppedUsed;
      return;
    }
    Used.insert({&C, H});
  }
  Runtime &R = runtime();
  // A host is the program's; a credential value in it (a name built from
  // one after its labels were lost) must not reach the record.
  std::string Json = usedJson(C, R.registry().redactValues(H), InScope,
                              R.testName(), R.binary());
  std::lock_guard<std::mutex> L(Mu);
  Records.append(Json);
}

void SeenLog::finish() {
  std::lock_guard<std::mutex> L(Mu);
  if (DroppedSeen || DroppedUsed)
    Runtime::note(std::to_string(DroppedSeen) + " credential-seen and " +
                  std::to_string(DroppedUsed) +
                  " credential-used records dropped past max_findings=" +
                  std::to_string(Max));
}

} // namespace credtaint::rt
