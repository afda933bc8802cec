//===- Record.cpp - one finding record, as the runtime writes it ----------===//

#include "Record.h"

#include "Fingerprint.h" // common/: sha256Hex, shared with the runtime's Reporter.cpp
#include "credtaint/catalog/catalog.h"

#include <cctype>
#include <cmath>
#include <limits>

namespace credtaint::report {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const json *member(const json &O, const char *Key) {
  if (!O.is_object())
    return nullptr;
  auto It = O.find(Key);
  return It == O.end() ? nullptr : &*It;
}

std::string str(const json &O, const char *Key) {
  const json *V = member(O, Key);
  return V && V->is_string() ? V->get<std::string>() : std::string();
}

/// An integer field; floats are accepted when integral and in range,
/// anything else gives nullopt.
std::optional<int64_t> integer(const json &O, const char *Key) {
  const json *V = member(O, Key);
  if (!V)
    return std::nullopt;
  if (V->is_number_unsigned()) {
    uint64_t U = V->get<uint64_t>();
    if (U > uint64_t(std::numeric_limits<int64_t>::max()))
      return std::nullopt;
    return int64_t(U);
  }
  if (V->is_number_integer())
    return V->get<int64_t>();
  if (V->is_number_float()) {
    double D = V->get<double>();
    if (!std::isfinite(D) || D != std::floor(D) || D < -9.0e18 || D > 9.0e18)
      return std::nullopt;
    return int64_t(D);
  }
  return std::nullopt;
}

uint64_t nonNegative(const json &O, const char *Key, uint64_t Max) {
  std::optional<int64_t> V = integer(O, Key);
  if (!V || *V < 0)
    return 0;
  return uint64_t(*V) > Max ? Max : uint64_t(*V);
}

unsigned lineNo(const json &O, const char *Key) {
  return unsigned(nonNegative(O, Key, std::numeric_limits<unsigned>::max()));
}

Site siteFrom(const json &O, const char *FunctionKey) {
  Site S;
  S.File = str(O, "file");
  S.Function = str(O, FunctionKey);
  S.Line = lineNo(O, "line");
  S.Column = lineNo(O, "column");
  return S;
}

ordered_json siteJson(const Site &S, const char *FunctionKey) {
  return {{"file", S.File},
          {"line", S.Line},
          {"column", S.Column},
          {FunctionKey, S.Function}};
}

void putIfSet(ordered_json &J, const char *Key, const std::string &V) {
  if (!V.empty())
    J[Key] = V;
}

} // namespace

bool parseSeverity(std::string_view Text, Severity &S) {
  std::string L;
  for (char C : Text)
    L.push_back(char(std::tolower(static_cast<unsigned char>(C))));
  static const std::pair<const char *, Severity> Names[] = {
      {"low", Severity::Low},
      {"medium", Severity::Medium},
      {"high", Severity::High},
      {"critical", Severity::Critical}};
  for (const auto &[Name, Value] : Names)
    if (L == Name) {
      S = Value;
      return true;
    }
  return false;
}

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Low:
    return "low";
  case Severity::Medium:
    return "medium";
  case Severity::High:
    return "high";
  case Severity::Critical:
    return "critical";
  }
  return "medium";
}

bool isIsoTime(const std::string &T) {
  auto Digits = [&T](size_t At, size_t N) {
    if (At + N > T.size())
      return false;
    for (size_t I = At; I < At + N; ++I)
      if (!std::isdigit(static_cast<unsigned char>(T[I])))
        return false;
    return true;
  };
  if (!(Digits(0, 4) && T.size() > 19 && T[4] == '-' && Digits(5, 2) &&
        T[7] == '-' && Digits(8, 2) && T[10] == 'T' && Digits(11, 2) &&
        T[13] == ':' && Digits(14, 2) && T[16] == ':' && Digits(17, 2)))
    return false;
  size_t I = 19;
  if (T[I] == '.') {
    size_t J = ++I;
    while (I < T.size() && std::isdigit(static_cast<unsigned char>(T[I])))
      ++I;
    if (I == J)
      return false;
  }
  if (I < T.size() && T[I] == 'Z')
    return I + 1 == T.size();
  return I + 6 == T.size() && (T[I] == '+' || T[I] == '-') && Digits(I + 1, 2) &&
         T[I + 3] == ':' && Digits(I + 4, 2);
}

CredentialFields credentialFromJson(const json &Cred) {
  CredentialFields F;
  F.Kind = str(Cred, "kind");
  F.Name = str(Cred, "name");
  F.Fingerprint = str(Cred, "fingerprint");
  F.Preview = str(Cred, "preview");
  F.Scope = str(Cred, "scope");
  F.Length = nonNegative(Cred, "length", std::numeric_limits<uint64_t>::max());
  const json *Src = member(Cred, "source");
  if (Src && Src->is_object()) {
    F.Source = siteFrom(*Src, "function");
    F.How = str(*Src, "how");
  }
  return F;
}

bool recordFromJson(const json &J, Record &R, std::string &Why) {
  if (!J.is_object()) {
    Why = "not a JSON object";
    return false;
  }
  R = Record();
  R.Rule = str(J, "rule");
  if (R.Rule.empty()) {
    Why = "no \"rule\" string: not a credtaint finding record";
    return false;
  }
  const RuleInfo *Info = findRule(R.Rule.c_str());

  R.Detector = str(J, "detector");
  if (R.Detector.empty())
    R.Detector = "flow";
  R.Message = str(J, "message");
  R.SecretRule = str(J, "secret_rule");
  if (R.Message.empty() && Info)
    R.Message = Info->shortDescription;
  R.Cwe = unsigned(nonNegative(J, "cwe", 1u << 20));
  if (!R.Cwe && Info)
    R.Cwe = Info->cwe;
  if (!parseSeverity(str(J, "severity"), R.Sev) &&
      !(Info && parseSeverity(Info->severity, R.Sev)))
    R.Sev = Severity::Medium;

  static const json Empty = json::object();
  const json *C = member(J, "credential");
  R.Credential = credentialFromJson(C ? *C : Empty);

  const json *S = member(J, "sink");
  const json &Sink = S && S->is_object() ? *S : Empty;
  R.Sink.Category = str(Sink, "category");
  R.Sink.Function = str(Sink, "function");
  R.Sink.Stream = str(Sink, "stream");
  R.Sink.Algorithm = str(Sink, "algorithm");
  R.Sink.Transport = str(Sink, "transport");
  R.Sink.Host = str(Sink, "host");
  R.Sink.Inbound = str(Sink, "direction") == "inbound";
  R.Sink.Part = str(Sink, "part");
  R.Sink.Variable = str(Sink, "variable");
  R.Sink.Url = str(Sink, "url");
  R.Sink.Path = str(Sink, "path");
  R.Sink.At = siteFrom(Sink, "caller");
  R.Sink.Bytes = nonNegative(Sink, "bytes", std::numeric_limits<uint64_t>::max());
  R.Sink.Fd = integer(Sink, "fd");
  R.Sink.Port = integer(Sink, "port");

  if (const json *T = member(J, "trace"); T && T->is_array())
    for (const json &F : *T) {
      if (!F.is_object())
        continue;
      TraceStep Step;
      Step.Step = str(F, "step");
      Step.At = siteFrom(F, "function");
      R.Trace.push_back(std::move(Step));
    }

  if (const json *T = member(J, "test"); T && T->is_string())
    R.Test = T->get<std::string>();
  R.Binary = str(J, "binary");
  R.Time = str(J, "time");
  R.Pid = integer(J, "pid").value_or(0);

  R.Fingerprint = str(J, "fingerprint");
  if (R.Fingerprint.empty())
    R.Fingerprint = computeFingerprint(R);
  return true;
}

ordered_json recordToJson(const Record &R, bool WithOccurrence) {
  ordered_json Source = siteJson(R.Credential.Source, "function");
  putIfSet(Source, "how", R.Credential.How);
  ordered_json Sink = {{"category", R.Sink.Category},
                       {"function", R.Sink.Function}};
  putIfSet(Sink, "stream", R.Sink.Stream);
  putIfSet(Sink, "algorithm", R.Sink.Algorithm);
  putIfSet(Sink, "transport", R.Sink.Transport);
  putIfSet(Sink, "host", R.Sink.Host);
  if (R.Sink.Inbound)
    Sink["direction"] = "inbound";
  if (R.Sink.Port)
    Sink["port"] = *R.Sink.Port;
  putIfSet(Sink, "url", R.Sink.Url);
  putIfSet(Sink, "path", R.Sink.Path);
  putIfSet(Sink, "part", R.Sink.Part);
  putIfSet(Sink, "variable", R.Sink.Variable);
  Sink.update(siteJson(R.Sink.At, "caller"));
  Sink["bytes"] = R.Sink.Bytes;
  if (R.Sink.Fd)
    Sink["fd"] = *R.Sink.Fd;
  ordered_json Trace = ordered_json::array();
  for (const TraceStep &T : R.Trace) {
    ordered_json F = {{"step", T.Step}};
    F.update(siteJson(T.At, "function"));
    Trace.push_back(std::move(F));
  }
  ordered_json J = {
      {"version", 1},
      {"fingerprint", R.Fingerprint},
      {"rule", R.Rule},
      {"cwe", R.Cwe},
      {"severity", severityName(R.Sev)},
      {"detector", R.Detector},
      {"message", R.Message}};
  putIfSet(J, "secret_rule", R.SecretRule);
  J.update(ordered_json{
      {"credential",
       {{"kind", R.Credential.Kind},
        {"name", R.Credential.Name},
        {"fingerprint", R.Credential.Fingerprint},
        {"preview", R.Credential.Preview},
        {"length", R.Credential.Length},
        {"scope", R.Credential.Scope},
        {"source", Source}}},
      {"sink", Sink},
      {"trace", Trace}});
  if (WithOccurrence) {
    J["test"] = R.Test ? ordered_json(*R.Test) : ordered_json();
    J["binary"] = R.Binary;
    J["pid"] = R.Pid;
    J["time"] = R.Time;
  }
  return J;
}

std::string computeFingerprint(const Record &R) {
  const std::string &Cred = R.Rule == "weak-random-credential"
                                ? R.Credential.Name
                                : R.Credential.Fingerprint;
  std::string Key = R.Rule + "|" + Cred + "|" + R.Sink.At.File + ":" +
                    std::to_string(R.Sink.At.Line) + ":" + R.Sink.Function +
                    "|" + R.Credential.Source.File + ":" +
                    std::to_string(R.Credential.Source.Line);
  return "credtaint/v1:" + rt::sha256Hex(Key).substr(0, 32);
}

std::string testNameOf(const Record &R) {
  if (R.Test && !R.Test->empty())
    return *R.Test;
  if (!R.Binary.empty()) {
    size_t Slash = R.Binary.find_last_of('/');
    std::string Base =
        Slash == std::string::npos ? R.Binary : R.Binary.substr(Slash + 1);
    if (!Base.empty())
      return Base;
  }
  return R.Detector == "static" ? "static" : "unknown";
}

} // namespace credtaint::report
