//===- Reporter.cpp - findings on stderr and in JSONL records -------------===//

#include "Reporter.h"
#include "FileUtil.h"
#include "Fingerprint.h"
#include "core/Registry.h"
#include "core/Runtime.h"
#include "credtaint/support/Time.h"

#include <nlohmann/json.hpp>
#include <sanitizer/dfsan_interface.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <sys/stat.h>
#include <unistd.h>

namespace credtaint::rt {
namespace {

std::string where(const Frame &F) {
  std::string S = F.File.empty() ? "<unknown>" : F.File;
  if (F.Line)
    S += ":" + std::to_string(F.Line);
  if (F.Column)
    S += ":" + std::to_string(F.Column);
  return S;
}

nlohmann::ordered_json frameJson(const Frame &F) {
  return {{"step", F.Step}, {"file", F.File},     {"line", F.Line},
          {"column", F.Column}, {"function", F.Function}};
}

/// The propagation frames of the taint whose origin is Origin (empty when
/// origins are off or nothing could be symbolized).
std::vector<Frame> propagationFrames(uint32_t Origin) {
  if (!Origin || !dfsan_get_track_origins())
    return {};
  std::string Buf(1 << 16, '\0');
  size_t N = dfsan_sprint_origin_id_trace(Origin, &Buf[0], Buf.size());
  Buf.resize(N < Buf.size() ? N : Buf.size() - 1);
  return parseOriginTrace(Buf);
}


} // namespace

void Reporter::configure(const Options &O) {
  Records.setDir(O.log_dir);
  PrintReport = O.print_report;
  Halt = O.halt_on_error;
  ExitCode = O.exitcode;
  MaxFindings = O.max_findings;
}

std::string Reporter::findingKey(const Finding &F) {
  const SourceLocation &Src = F.Cred->Source;
  // A credential built from weak randomness changes value at every write;
  // the declaration, not the value, identifies that finding.
  const std::string &Cred = F.RuleId == Rule::WeakRandomCredential
                                ? F.Cred->Name
                                : F.Cred->Fingerprint;
  return std::string(ruleInfo(F.RuleId).id) + "|" + Cred + "|" + F.Sink.File +
         ":" + std::to_string(F.Sink.Line) + ":" + F.SinkFunction + "|" +
         Src.File + ":" + std::to_string(Src.Line);
}

std::string Reporter::findingFingerprint(const Finding &F) {
  return fingerprintOfKey(findingKey(F));
}

std::string Reporter::fingerprintOfKey(const std::string &Key) {
  return "credtaint/v1:" + sha256Hex(Key).substr(0, 32);
}

nlohmann::ordered_json Reporter::credentialJson(const Credential &C) {
  return {{"kind", kindName(C.CredKind)},
          {"name", C.Name},
          {"fingerprint", C.Fingerprint},
          {"preview", C.Preview},
          {"length", C.Length},
          {"scope", C.Scope},
          {"source",
           {{"file", C.Source.File},
            {"line", C.Source.Line},
            {"column", C.Source.Column},
            {"function", C.Source.Function},
            {"how", C.Source.How}}}};
}

std::string Reporter::toJson(const Finding &F, const std::string &FindingFp,
                             const std::string &Test,
                             const std::string &Binary) {
  const RuleInfo &R = ruleInfo(F.RuleId);
  nlohmann::ordered_json Trace = nlohmann::ordered_json::array();
  for (const Frame &Fr : F.Trace)
    Trace.push_back(frameJson(Fr));
  nlohmann::ordered_json Sink = {{"category", F.SinkCategory},
                         {"function", F.SinkFunction}};
  if (!F.Stream.empty())
    Sink["stream"] = F.Stream;
  if (!F.Algorithm.empty())
    Sink["algorithm"] = F.Algorithm;
  Sink.update(nlohmann::ordered_json{
                         {"file", F.Sink.File},
                         {"line", F.Sink.Line},
                         {"column", F.Sink.Column},
                         {"caller", F.Sink.Function},
                         {"bytes", F.Bytes}});
  if (F.Fd >= 0)
    Sink["fd"] = F.Fd;
  if (!F.Transport.empty())
    Sink["transport"] = F.Transport;
  if (!F.Host.empty())
    Sink["host"] = F.Host;
  if (F.Port)
    Sink["port"] = F.Port;
  if (F.Inbound)
    Sink["direction"] = "inbound";
  if (!F.Url.empty())
    Sink["url"] = F.Url;
  if (!F.Path.empty())
    Sink["path"] = F.Path;
  if (F.Mode >= 0) {
    char Mode[8];
    std::snprintf(Mode, sizeof Mode, "%04o", unsigned(F.Mode));
    Sink["mode"] = Mode;
  }
  if (F.Created >= 0)
    Sink["created"] = F.Created == 1;
  if (!F.CreatedBy.empty())
    Sink["created_by"] = F.CreatedBy;
  if (!F.Part.empty())
    Sink["part"] = F.Part;
  if (!F.Variable.empty())
    Sink["variable"] = F.Variable;
  nlohmann::ordered_json J = {
      {"version", 1},
      {"fingerprint", FindingFp},
      {"rule", R.id},
      {"cwe", R.cwe},
      {"severity", F.Severity.empty() ? R.severity : F.Severity.c_str()},
      {"detector", F.Detector},
      {"message", std::string(R.shortDescription)},
      {"credential", credentialJson(*F.Cred)},
      {"sink", Sink},
      {"trace", Trace},
      {"test", Test.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(Test)},
      {"binary", Binary},
      {"pid", getpid()},
      {"time", isoTimeNow()}};
  // Names and paths come from the program; replace invalid UTF-8 rather
  // than fail to report.
  return J.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

/// " to api.github.com:443 over tls", " of /bin/true", or "".
static std::string destination(const Finding &F) {
  std::string D;
  if (!F.Host.empty())
    D += (F.Inbound ? " from " : " to ") + F.Host +
         (F.Port ? ":" + std::to_string(F.Port) : "");
  if (!F.Transport.empty())
    D += " over " + F.Transport;
  if (F.SinkCategory == "file") {
    D += " to " + (F.Path.empty() ? std::string("a file") : F.Path);
    std::string Facts;
    if (F.Mode >= 0) {
      char Mode[16];
      std::snprintf(Mode, sizeof Mode, "mode %04o", unsigned(F.Mode));
      Facts = Mode;
    }
    if (F.Created == 1)
      Facts += std::string(Facts.empty() ? "" : ", ") + "created by this process" +
               (F.CreatedBy.empty() ? "" : " with " + F.CreatedBy);
    if (!Facts.empty())
      D += " (" + Facts + ")";
  } else {
    if (!F.Variable.empty())
      D += " as " + F.Variable;
    if (!F.Path.empty())
      D += " of " + F.Path;
  }
  return D;
}

std::string Reporter::toText(const Finding &F, const std::string &FindingFp) {
  const RuleInfo &R = ruleInfo(F.RuleId);
  const Credential &C = *F.Cred;
  std::string Pid = "==" + std::to_string(getpid()) + "==";
  std::string S = Pid + "CREDTAINT: " + R.id + ": " + kindName(C.CredKind) +
                  " " + C.Name + " (" + C.Preview + ", " +
                  std::to_string(C.Length) + " bytes)" +
                  (F.Inbound ? " arrived through " : " reached ") +
                  F.SinkFunction +
                  (F.Algorithm.empty() ? "" : " (" + F.Algorithm + ")") +
                  destination(F) + " at " + where(F.Sink) + "\n";
  if (!F.Url.empty())
    S += "  url " + F.Url + "\n";
  for (size_t I = 0; I < F.Trace.size(); ++I) {
    const Frame &Fr = F.Trace[I];
    std::string Label = Fr.Step == "source"
                            ? "source " + (C.Source.How.empty() ? "" : C.Source.How + " ")
                        : Fr.Step == "sink" ? "sink " + F.SinkFunction + " "
                                            : std::string("through ");
    S += "    #" + std::to_string(I) + " " + Label + "in " +
         (Fr.Function.empty() ? "<unknown>" : Fr.Function) + " " + where(Fr) +
         "\n";
  }
  S += "  rule " + std::string(R.id) + " (CWE-" + std::to_string(R.cwe) + ", " +
       (F.Severity.empty() ? R.severity : F.Severity) + "), detector " +
       F.Detector + ", " + FindingFp + "\n";
  S += "  credential " + C.Fingerprint + "\n";
  S += "SUMMARY: CREDTAINT: " + std::string(R.id) + " " + where(F.Sink) +
       " in " + F.Sink.Function + "\n";
  return S;
}

void Reporter::buildTrace(Finding &F) {
  const SourceLocation &Src = F.Cred->Source;
  Frame Source;
  Source.Step = "source";
  Source.File = Src.File;
  Source.Function = Src.Function;
  Source.Line = Src.Line;
  Source.Column = Src.Column;
  F.Trace = {Source};
  auto SameLine = [](const Frame &A, const Frame &B) {
    return A.File == B.File && A.Line == B.Line;
  };
  for (Frame &P : propagationFrames(F.TraceOrigin))
    if (!SameLine(P, F.Trace.back()) && !SameLine(P, F.Sink))
      F.Trace.push_back(std::move(P));
  F.Trace.push_back(F.Sink);
}

/// What makes two findings one leak whichever detector saw it: the rule,
/// the credential, the line that wrote it (or, when value matching could
/// only name the function, that function) and the source. Unlike the
/// finding fingerprint it leaves out how the sink is named, which differs
/// between the pass's hook ("std::ostream<<(std::cerr)") and the interposed
/// libc call it leads to ("fwrite(stderr)").
static std::string leakKey(const Finding &F) {
  const SourceLocation &Src = F.Cred->Source;
  // Bytes written to a file or a log file may reach it long after the call
  // that wrote them (a stream's buffer flushed at close): the file is the
  // place.
  std::string Site = F.SinkCategory == "file" ? "file:" + F.Path
                     : F.SinkCategory == "log" && F.Stream.find('/') != std::string::npos
                         ? "log:" + F.Stream
                     : F.Sink.File.empty() || !F.Sink.Line
                         ? "fn:" + F.Sink.Function
                         : F.Sink.File + ":" + std::to_string(F.Sink.Line);
  return std::string(ruleInfo(F.RuleId).id) + "|" + F.Cred->Fingerprint + "|" +
         Site + "|" + Src.File + ":" + std::to_string(Src.Line);
}

void Reporter::report(Finding &F) {
  // A finding reported before (a leak in a loop) is known by its key before
  // anything costly: no redaction, hash or trace per occurrence.
  std::string Key = findingKey(F);
  {
    std::lock_guard<std::mutex> L(Mu);
    ++Occurrences;
    if (F.SinkCategory == "network" && std::strcmp(F.Detector, "flow") == 0)
      FlowNetwork.insert({F.Cred, F.RuleId, F.Port});
    if (SeenKeys.count(Key))
      return;
  }
  // Destinations come from the program: a credential value in one (a URL
  // built from it after its labels were lost) must not reach the report.
  Registry &Reg = runtime().registry();
  for (std::string *Text : {&F.Host, &F.Url, &F.Path})
    if (!Text->empty())
      *Text = Reg.redactValues(*Text);
  std::string Fp = fingerprintOfKey(Key), Leak = leakKey(F);
  std::string Text, Json;
  {
    std::lock_guard<std::mutex> L(Mu);
    if (Seen.count(Fp) || SuppressedSeen.count(Fp))
      return;
    // The same leak already reported by the other detector.
    auto Other = Leaks.find(Leak);
    if (Other != Leaks.end() && std::strcmp(Other->second, F.Detector) != 0)
      return;
    // Past the cap, a new finding costs neither memory nor a symbolized
    // trace; only suppressions need the trace to tell dropped from
    // suppressed.
    if (long(Seen.size()) >= MaxFindings && Supp.empty()) {
      ++Dropped;
      return;
    }
  }
  buildTrace(F);
  {
    std::lock_guard<std::mutex> L(Mu);
    if (!Supp.empty()) {
      SuppressionTarget T{ruleInfo(F.RuleId).id, F.SinkFunction, F.Cred->Name,
                          {}, {}};
      for (const Frame &Fr : F.Trace) {
        T.Files.push_back(Fr.File);
        T.Functions.push_back(Fr.Function);
      }
      if (Supp.match(T)) {
        // Bounded like Seen: past the cap a suppressed finding is matched
        // again at each occurrence instead of remembered.
        if (long(SuppressedSeen.size()) < MaxFindings) {
          SuppressedSeen.insert(Fp);
          SeenKeys.insert(Key);
        }
        return;
      }
    }
    if (Seen.count(Fp))
      return;
    if (long(Seen.size()) >= MaxFindings) {
      ++Dropped;
      return;
    }
    Seen.insert(Fp);
    SeenKeys.insert(Key);
    if (Leaks.size() < size_t(MaxFindings))
      Leaks.emplace(Leak, F.Detector);
  }
  Runtime &R = runtime();
  Json = toJson(F, Fp, R.testName(), R.binary());
  if (PrintReport)
    Text = toText(F, Fp);
  {
    std::lock_guard<std::mutex> L(Mu);
    Records.append(Json);
    if (!Text.empty())
      writeAll(2, Text.data(), Text.size());
  }
  if (Halt)
    _exit(ExitCode ? int(ExitCode) : 1);
}

void Reporter::reportAtExit(const Finding &F, uint64_t Device, uint64_t Inode,
                            const std::string &RealPath) {
  std::lock_guard<std::mutex> L(Mu);
  for (const LeftFile &E : AtExit)
    if (E.F.Cred == F.Cred && E.F.RuleId == F.RuleId && E.Inode == Inode &&
        E.Device == Device && E.RealPath == RealPath) // inodes are reused
      return; // the same credential in the same file: one finding
  if (long(AtExit.size()) < MaxFindings)
    AtExit.push_back({F, Device, Inode, RealPath});
}

void Reporter::reportFilesLeftAtExit() {
  std::vector<LeftFile> Left;
  {
    std::lock_guard<std::mutex> L(Mu);
    Left.swap(AtExit);
  }
  for (LeftFile &E : Left) {
    struct stat St;
    if (stat(E.RealPath.c_str(), &St) == 0 && uint64_t(St.st_dev) == E.Device &&
        uint64_t(St.st_ino) == E.Inode)
      report(E.F);
  }
}

void Reporter::finish() {
  std::lock_guard<std::mutex> L(Mu);
  bool AnyUsed = false;
  for (const Suppression &S : Supp.all())
    AnyUsed |= S.Hits > 0;
  if (AnyUsed) {
    std::string Used = "Suppressions used:\n  count type:pattern\n";
    for (const Suppression &S : Supp.all())
      if (S.Hits)
        Used += "  " + std::to_string(S.Hits) + " " + S.Type + ":" + S.Pattern + "\n";
    Runtime::note(Used.substr(0, Used.size() - 1));
  }
  if (Dropped)
    Runtime::note(std::to_string(Dropped) +
                  " further findings dropped past max_findings=" +
                  std::to_string(MaxFindings) +
                  " (occurrences: a dropped finding is not remembered)");
  if (runtime().options().verbosity >= 1)
    Runtime::note(std::to_string(Seen.size()) + " distinct findings, " +
                  std::to_string(Occurrences) + " occurrences; " +
                  std::to_string(runtime().registry().size()) +
                  " credentials registered");
}

bool Reporter::sawFlowNetworkFinding(const Credential *C, Rule R,
                                     int Port) const {
  std::lock_guard<std::mutex> L(Mu);
  return FlowNetwork.count({C, R, Port}) != 0;
}

size_t Reporter::distinctFindings() const {
  std::lock_guard<std::mutex> L(Mu);
  return Seen.size();
}

} // namespace credtaint::rt
