//===- Reporter.h - findings on stderr and in JSONL records -----*- C++ -*-===//
//
// A finding is printed once per process as a sanitizer-style block on stderr
// and appended, as one JSON object on one line, to
// <log_dir>/credtaint.<pid>.jsonl with a single write(2), so a test that
// crashes afterwards loses nothing. A forked child writes its own file.
// Findings are deduplicated in-process by their fingerprint (rule, credential
// fingerprint, sink site, source site); past max_findings they are counted.
// A leak that both detectors see (the pass's hook, then the interposed libc
// call it leads to, or a character loop that value matching assembles) is
// reported once, by the detector that saw it first.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_REPORTER_H
#define CREDTAINT_RUNTIME_REPORTER_H

#include "Options.h"
#include "RecordFile.h"
#include "Suppressions.h"
#include "Trace.h"

#include "credtaint/catalog/catalog.h"

#include <nlohmann/json.hpp>

#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace credtaint::rt {

struct Credential;

struct Finding {
  Rule RuleId = Rule::SecretInLog;
  const char *Detector = "flow";
  const Credential *Cred = nullptr;
  std::string Severity;      // empty: the rule's default
  std::string SinkCategory;  // "log", "crypto", "credential", "network", "process"
  std::string SinkFunction;  // "fwrite(stderr)", "MD5_Update", "execl(argv)"
  std::string Algorithm;     // crypto: "md5", "des-ede3-cbc"
  std::string Stream;        // "stderr", "syslog", "fd 7"
  int Fd = -1;
  std::string Transport;     // network: "tcp", "udp", "tls", "http", "https"
  std::string Host;          // network: the name asked for, else the address
  int Port = 0;
  bool Inbound = false;      // network: received, not sent ("direction")
  std::string Url;           // network: redacted
  std::string Path;          // process: the program executed; file: the file
  int Mode = -1;             // file: permission bits
  int Created = -1;          // file: 1 created by this process, 0 not, -1 unknown
  std::string CreatedBy;     // temporary file: "mkstemp", "open" (a fixed name)
  std::string Part;          // where in the request or command: "url", "argv"
  std::string Variable;      // environment: the variable that holds it
  Frame Sink;
  std::vector<Frame> Trace;  // source .. sink, filled in by report()
  uint32_t TraceOrigin = 0;  // DFSan origin of the first tainted byte
  size_t Bytes = 0;          // credential bytes that reached the sink
};

class Reporter {
public:
  void configure(const Options &O);
  void setSuppressions(Suppressions S) { Supp = std::move(S); }
  void report(Finding &F);
  /// Reports F at exit if the file (Device, Inode at RealPath) still
  /// exists then: an owner-only file the process created and removed is a
  /// hand-off, not a leak.
  void reportAtExit(const Finding &F, uint64_t Device, uint64_t Inode,
                    const std::string &RealPath);
  /// Reports the findings reportAtExit kept whose files are still there.
  void reportFilesLeftAtExit();
  /// Writes the exit summary (verbosity >= 1 or dropped findings).
  void finish();
  size_t distinctFindings() const;
  /// Whether flow reported rule R for credential C sent to port Port: value
  /// matching then sees the same leak again (libcurl's own send()).
  bool sawFlowNetworkFinding(const Credential *C, Rule R, int Port) const;

  /// Stable id of a finding: never time, pid or test name.
  static std::string findingFingerprint(const Finding &F);
  /// What the fingerprint hashes: rule, credential, sink and source.
  static std::string findingKey(const Finding &F);
  static std::string fingerprintOfKey(const std::string &Key);
  static std::string toJson(const Finding &F, const std::string &FindingFp,
                            const std::string &Test, const std::string &Binary);
  static std::string toText(const Finding &F, const std::string &FindingFp);
  /// The "credential" object of a record: kind, name, keyed fingerprint,
  /// redacted preview, length, scope and source; never the value. Finding
  /// records and the seen records (SeenLog.h) carry the same.
  static nlohmann::ordered_json credentialJson(const Credential &C);
  /// For the fork handlers (ForkSafety.h).
  std::mutex &mutexForFork() const { return Mu; }

private:
  static void buildTrace(Finding &F);

  mutable std::mutex Mu;
  RecordFile Records{"credtaint"};
  bool PrintReport = true, Halt = false;
  long ExitCode = 0, MaxFindings = 0;
  Suppressions Supp;
  std::unordered_set<std::string> Seen, SuppressedSeen;
  // The findingKey of each fingerprint in Seen and SuppressedSeen.
  std::unordered_set<std::string> SeenKeys;
  std::unordered_map<std::string, const char *> Leaks; // leak -> detector
  std::set<std::tuple<const Credential *, Rule, int>> FlowNetwork;
  size_t Dropped = 0, Occurrences = 0;
  struct LeftFile {
    Finding F;
    uint64_t Device, Inode;
    std::string RealPath;
  };
  std::vector<LeftFile> AtExit;
};

} // namespace credtaint::rt

#endif
