//===- SeenLog.h - the credentials a process loaded, and where it sent them -*- C++ -*-===//
//
// Findings say where a credential leaked; the inventory also needs to know
// which credentials a test run loaded at all (a rotated credential seen
// again means the old value is still in use) and which hosts each was sent
// to (least privilege from evidence). So, besides its findings, a process
// writes to <log_dir>/credtaint-seen.<pid>.jsonl (never to
// credtaint.<pid>.jsonl, which holds findings only):
//
//   credential-seen  once per credential, when it is first registered
//                    (Registry::add, whatever the source: a declaration,
//                    getenv, a document or credential file, a consumer
//                    API, a derived key, an annotation, preload mode);
//   credential-used  once per (credential, host), when its bytes are sent
//                    to a network host, in scope or not, with or without a
//                    finding.
//
// The credential object is a finding's (Reporter::credentialJson): keyed
// fingerprint and redacted preview, never a value; hosts are redacted as a
// finding's are. The file is written as the findings' is (RecordFile.h);
// a process that registers no credential writes none. Each kind of record
// is capped at max_findings per process; past it they are counted and
// noted at exit.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_SEENLOG_H
#define CREDTAINT_RUNTIME_SEENLOG_H

#include "Options.h"
#include "RecordFile.h"

#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace credtaint::rt {

struct Credential;

class SeenLog {
public:
  void configure(const Options &O);
  /// C was just registered (the registry calls this once per credential).
  void seen(const Credential &C);
  /// C's bytes were sent to Host (port Port); InScope says whether Host is
  /// in C's scope (Transmission.h: inScope). Flow sets ByFlow; value
  /// matching does not, and a send to a bare address on a port where flow
  /// already noted C is not noted again: it is the same request seen at
  /// the socket, under the peer's address (libcurl's own send() of a
  /// request judged at curl_easy_perform, whose name lookup the runtime
  /// does not see).
  void used(const Credential &C, const std::string &Host, int Port,
            bool InScope, bool ByFlow);
  /// Notes the records dropped past the cap.
  void finish();
  /// For the fork handlers (ForkSafety.h).
  std::mutex &mutexForFork() const { return Mu; }

  static std::string seenJson(const Credential &C, const std::string &Test,
                              const std::string &Binary);
  static std::string usedJson(const Credential &C, const std::string &Host,
                              bool InScope, const std::string &Test,
                              const std::string &Binary);

private:
  mutable std::mutex Mu; // a leaf: nothing else is taken while it is held
  RecordFile Records{"credtaint-seen"};
  size_t Max = 0, Seen = 0, DroppedSeen = 0, DroppedUsed = 0;
  std::set<std::pair<const Credential *, std::string>> Used;
  std::set<std::pair<const Credential *, int>> FlowPorts;
};

} // namespace credtaint::rt

#endif
