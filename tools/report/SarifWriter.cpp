//===- SarifWriter.cpp - SARIF 2.1.0 for code scanning --------------------===//
//
// Written for GitHub code scanning and DefectDojo: rule metadata from the
// rule catalog (id, descriptions, help, CWE tag, numeric security-severity),
// one primary location per result (the sink), the source as a related
// location, the trace as a code flow, credtaint's own partial fingerprint
// (never a made-up primaryLocationLineHash), baselineState when a baseline
// was given, and suppressed findings kept with an external suppression.
//
//===----------------------------------------------------------------------===//

#include "Paths.h"
#include "Report.h"

#include "credtaint/catalog/catalog.h"

#include <map>

#ifndef CREDTAINT_VERSION
#define CREDTAINT_VERSION "0.0.0"
#endif

namespace credtaint::report {
namespace {

using nlohmann::ordered_json;

const char *const kSrcRoot = "%SRCROOT%";

/// GitHub: critical above 9.0, high 7.0-8.9, medium 4.0-6.9, low below.
const char *securitySeverity(Severity S) {
  switch (S) {
  case Severity::Critical:
    return "9.5";
  case Severity::High:
    return "8.0";
  case Severity::Medium:
    return "5.5";
  case Severity::Low:
    return "3.0";
  }
  return "5.5";
}

const char *level(Severity S) {
  return S >= Severity::High ? "error" : S == Severity::Medium ? "warning"
                                                                : "note";
}

std::string camelCase(const std::string &Id) {
  std::string Out;
  bool Up = true;
  for (char C : Id) {
    if (C == '-' || C == '_') {
      Up = true;
      continue;
    }
    Out.push_back(Up ? char(std::toupper(static_cast<unsigned char>(C))) : C);
    Up = false;
  }
  return Out;
}

std::string cweUrl(unsigned Cwe) {
  return "https://cwe.mitre.org/data/definitions/" + std::to_string(Cwe) +
         ".html";
}

ordered_json ruleJson(const std::string &Id, unsigned Cwe, Severity Sev,
                      const std::string &Short, const std::string &Help) {
  ordered_json Tags = ordered_json::array({"security"});
  if (Cwe)
    Tags.push_back("external/cwe/cwe-" + std::to_string(Cwe));
  std::string Full = Short + (Cwe ? " (CWE-" + std::to_string(Cwe) + ")." : ".");
  ordered_json R = {
      {"id", Id},
      {"name", camelCase(Id)},
      {"shortDescription", {{"text", Short}}},
      {"fullDescription", {{"text", Full + (Help.empty() ? "" : " " + Help)}}},
      {"help",
       {{"text", Help.empty() ? Short : Help},
        {"markdown",
         (Help.empty() ? Short : Help) +
             (Cwe ? "\n\n[CWE-" + std::to_string(Cwe) + "](" + cweUrl(Cwe) + ")"
                  : std::string())}}},
      {"defaultConfiguration", {{"level", level(Sev)}}},
      {"properties",
       {{"tags", Tags},
        {"precision", "high"},
        {"problem.severity", level(Sev)},
        {"security-severity", securitySeverity(Sev)}}}};
  if (Cwe)
    R["helpUri"] = cweUrl(Cwe);
  return R;
}

/// A physical location for File:Line:Column, relative to %SRCROOT% when
/// the file lies under the source root; null when there is no file.
ordered_json physicalLocation(const Site &S, const std::string &Root) {
  if (S.File.empty())
    return nullptr;
  ordered_json Artifact;
  std::string Rel;
  if (relativeTo(S.File, Root, Rel))
    Artifact = {{"uri", uriPath(Rel)}, {"uriBaseId", kSrcRoot}};
  else if (!S.File.empty() && S.File.front() == '/')
    Artifact = {{"uri", fileUri(S.File)}};
  else
    Artifact = {{"uri", uriPath(S.File)}};
  ordered_json P = {{"artifactLocation", Artifact}};
  if (S.Line) {
    P["region"] = {{"startLine", S.Line}};
    if (S.Column)
      P["region"]["startColumn"] = S.Column;
  }
  return P;
}

ordered_json location(const Site &S, const std::string &Root,
                      const std::string &Message) {
  ordered_json L = ordered_json::object();
  ordered_json P = physicalLocation(S, Root);
  if (!P.is_null())
    L["physicalLocation"] = P;
  if (!S.Function.empty())
    L["logicalLocations"] = ordered_json::array(
        {ordered_json{{"fullyQualifiedName", S.Function}, {"kind", "function"}}});
  if (!Message.empty())
    L["message"] = {{"text", Message}};
  return L;
}

ordered_json codeFlow(const Record &R, const std::string &Root) {
  std::vector<TraceStep> Steps = R.Trace;
  if (Steps.empty()) {
    Steps.push_back({"source", R.Credential.Source});
    Steps.push_back({"sink", R.Sink.At});
  }
  ordered_json Locations = ordered_json::array();
  int Order = 0;
  for (const TraceStep &T : Steps) {
    std::string What;
    ordered_json Kinds = {"taint"};
    if (T.Step == "source") {
      What = "source" + (R.Credential.How.empty() ? "" : " " + R.Credential.How);
      Kinds.push_back("acquire");
    } else if (T.Step == "sink") {
      What = "sink " + R.Sink.Function;
      Kinds.push_back("danger");
    } else {
      What = "through " + (T.At.Function.empty() ? "<unknown>" : T.At.Function);
    }
    Locations.push_back({{"location", location(T.At, Root, What)},
                         {"kinds", Kinds},
                         {"nestingLevel", 0},
                         {"executionOrder", ++Order}});
  }
  return {{"message", {{"text", "credential flow from source to sink"}}},
          {"threadFlows",
           ordered_json::array({ordered_json{{"locations", Locations}}})}};
}

std::pair<std::string, std::string> splitFingerprint(const std::string &Fp) {
  size_t Colon = Fp.find(':');
  if (Colon == std::string::npos || Colon == 0)
    return {"credtaint/v1", Fp};
  return {Fp.substr(0, Colon), Fp.substr(Colon + 1)};
}

ordered_json resultJson(const ReportContext &C, const Finding &F,
                        size_t RuleIndex) {
  const Record &R = F.First;
  std::string Headline = findingHeadline(R, C.SourceRoot);
  std::string Text = (R.Message.empty() ? R.Rule : R.Message) + ": " + Headline;
  if (!R.Credential.Source.File.empty())
    Text += "; source " +
            (R.Credential.How.empty() ? std::string() : R.Credential.How + " ") +
            "at " + displayPath(R.Credential.Source.File, C.SourceRoot) + ":" +
            std::to_string(R.Credential.Source.Line);
  ordered_json Res = {{"ruleId", R.Rule},
                      {"ruleIndex", RuleIndex},
                      {"level", level(R.Sev)},
                      {"message", {{"text", Text}}}};
  Site Primary = R.Sink.At;
  if (Primary.File.empty())
    Primary = R.Credential.Source;
  ordered_json Loc = location(Primary, C.SourceRoot, "");
  if (Loc.contains("physicalLocation"))
    Res["locations"] = ordered_json::array({Loc});
  if (!R.Credential.Source.File.empty()) {
    ordered_json Src = location(R.Credential.Source, C.SourceRoot,
                                "credential " + R.Credential.Name + " comes from here");
    Src["id"] = 1;
    Res["relatedLocations"] = ordered_json::array({Src});
  }
  Res["codeFlows"] = ordered_json::array({codeFlow(R, C.SourceRoot)});
  auto [Key, Value] = splitFingerprint(R.Fingerprint);
  Res["partialFingerprints"] = {{Key, Value}};
  if (C.hasBaseline())
    Res["baselineState"] = C.baselineState(F);
  if (F.Suppressed) {
    const AppliedSuppression &S = *F.Suppressed;
    Res["suppressions"] = ordered_json::array({ordered_json{
        {"kind", "external"},
        {"status", "accepted"},
        {"justification", "matched '" + S.Type + ":" + S.Pattern + "' (" +
                              S.File + ":" + std::to_string(S.Line) + ")"}}});
  }
  ordered_json Props = {{"severity", severityName(R.Sev)},
                        {"cwe", R.Cwe},
                        {"detectors", F.Detectors},
                        {"occurrences", F.Occurrences},
                        {"tests", F.Tests},
                        {"credential",
                         {{"kind", R.Credential.Kind},
                          {"name", R.Credential.Name},
                          {"fingerprint", R.Credential.Fingerprint},
                          {"preview", R.Credential.Preview},
                          {"length", R.Credential.Length}}},
                        {"sink",
                         {{"category", R.Sink.Category},
                          {"function", R.Sink.Function}}}};
  if (!R.Sink.Algorithm.empty())
    Props["sink"]["algorithm"] = R.Sink.Algorithm;
  if (!R.Sink.Host.empty())
    Props["sink"]["host"] = R.Sink.Host;
  if (!R.SecretRule.empty())
    Props["secretRule"] = R.SecretRule;
  if (!F.FirstSeen.empty())
    Props["firstSeen"] = F.FirstSeen;
  Props["security-severity"] = securitySeverity(R.Sev);
  Res["properties"] = Props;
  return Res;
}

} // namespace

ordered_json sarifReport(const ReportContext &C) {
  ordered_json Rules = ordered_json::array();
  std::map<std::string, size_t> RuleIndex;
  for (const RuleInfo &R : kRules) {
    Severity S = Severity::Medium;
    parseSeverity(R.severity, S);
    RuleIndex[R.id] = Rules.size();
    Rules.push_back(ruleJson(R.id, R.cwe, S, R.shortDescription, R.help));
  }
  std::vector<const Finding *> Findings = C.Set->sorted();
  // A rule from a newer credtaint: described by its records.
  for (const Finding *F : Findings)
    if (!RuleIndex.count(F->First.Rule)) {
      RuleIndex[F->First.Rule] = Rules.size();
      Rules.push_back(ruleJson(F->First.Rule, F->First.Cwe, F->First.Sev,
                               F->First.Message.empty() ? F->First.Rule
                                                        : F->First.Message,
                               ""));
    }

  ordered_json Results = ordered_json::array();
  for (const Finding *F : Findings)
    Results.push_back(resultJson(C, *F, RuleIndex[F->First.Rule]));

  ordered_json Notifications = ordered_json::array();
  for (const std::string &W : C.Warnings)
    Notifications.push_back({{"level", "warning"}, {"message", {{"text", W}}}});

  ordered_json Run = {
      {"tool",
       {{"driver",
         {{"name", "credtaint"},
          {"semanticVersion", CREDTAINT_VERSION},
          {"version", CREDTAINT_VERSION},
          {"rules", Rules}}}}},
      {"invocations",
       ordered_json::array(
           {ordered_json{{"executionSuccessful", true},
                         {"toolExecutionNotifications", Notifications}}})}};
  if (!C.SourceRoot.empty())
    Run["originalUriBaseIds"] = {
        {kSrcRoot, {{"uri", fileUri(C.SourceRoot + "/")}}}};
  if (!C.Run.RepositoryUri.empty()) {
    ordered_json V = {{"repositoryUri", C.Run.RepositoryUri}};
    if (!C.Run.Commit.empty())
      V["revisionId"] = C.Run.Commit;
    if (!C.Run.Branch.empty())
      V["branch"] = C.Run.Branch;
    Run["versionControlProvenance"] = ordered_json::array({V});
  }
  Run["results"] = Results;
  Run["properties"] = runInfoJson(C.Run);
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", ordered_json::array({Run})}};
}

} // namespace credtaint::report
