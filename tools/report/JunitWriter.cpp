//===- JunitWriter.cpp - JUnit XML, a testcase per test -------------------===//
//
// The JUnit schema CI systems read (Jenkins, GitLab, Azure): testsuites >
// testsuite > properties, testcase > failure / system-out. Each test that
// has findings is one testcase; it fails when one of its findings fails
// the gate, and lists findings in the baseline or suppressed in system-out.
//
//===----------------------------------------------------------------------===//

#include "Paths.h"
#include "Report.h"

#include <map>

namespace credtaint::report {
namespace {

/// Escapes for attribute and text content, and drops what XML 1.0 cannot
/// hold at all (control characters other than tab, newline, return).
std::string xml(const std::string &Raw) {
  std::string S = validUtf8(Raw);
  std::string Out;
  Out.reserve(S.size());
  for (unsigned char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&apos;";
      break;
    case '\t':
    case '\n':
    case '\r':
      Out += "&#" + std::to_string(C) + ";";
      break;
    default:
      if (C >= 0x20 && C != 0x7f)
        Out.push_back(char(C));
    }
  }
  // U+FFFE and U+FFFF are valid UTF-8 but not XML characters.
  for (const char *Bad : {"\xEF\xBF\xBE", "\xEF\xBF\xBF"})
    for (size_t P; (P = Out.find(Bad)) != std::string::npos;)
      Out.replace(P, 3, "\xEF\xBF\xBD");
  return Out;
}

/// Text content keeps its newlines readable.
std::string xmlText(const std::string &S) {
  std::string Out;
  for (size_t Pos = 0;;) {
    size_t End = S.find('\n', Pos);
    Out += xml(S.substr(Pos, End == std::string::npos ? End : End - Pos));
    if (End == std::string::npos)
      return Out;
    Out += "\n";
    Pos = End + 1;
  }
}

std::string findingBlock(const ReportContext &C, const Finding &F) {
  const Record &R = F.First;
  std::string S = "[" + std::string(severityName(R.Sev)) + "] " + R.Rule +
                  " (CWE-" + std::to_string(R.Cwe) + "): " +
                  findingHeadline(R, C.SourceRoot) + "\n";
  for (const TraceStep &T : R.Trace)
    S += "    " + T.Step + " in " +
         (T.At.Function.empty() ? "<unknown>" : T.At.Function) + " " +
         displayPath(T.At.File, C.SourceRoot) + ":" + std::to_string(T.At.Line) +
         "\n";
  S += "    " + R.Fingerprint + ", " + std::to_string(F.Occurrences) +
       (F.Occurrences == 1 ? " occurrence" : " occurrences");
  if (F.InBaseline)
    S += ", in baseline";
  if (F.Suppressed)
    S += ", suppressed by " + F.Suppressed->Type + ":" + F.Suppressed->Pattern;
  return S + "\n";
}

std::pair<std::string, std::string> splitTestName(const std::string &Name) {
  size_t Dot = Name.rfind('.');
  if (Dot == std::string::npos || Dot == 0 || Dot + 1 == Name.size())
    return {"credtaint", Name};
  return {Name.substr(0, Dot), Name.substr(Dot + 1)};
}

} // namespace

std::string junitReport(const ReportContext &C) {
  std::map<std::string, std::vector<const Finding *>> ByTest;
  for (const Finding *F : C.Set->sorted())
    for (const std::string &T : F->Tests)
      ByTest[T].push_back(F);

  size_t Failures = 0;
  std::string Cases;
  for (const auto &[Test, Findings] : ByTest) {
    std::string Failing, Other;
    size_t NFailing = 0;
    for (const Finding *F : Findings) {
      if (C.fails(*F)) {
        Failing += findingBlock(C, *F);
        ++NFailing;
      } else {
        Other += findingBlock(C, *F);
      }
    }
    auto [Class, Name] = splitTestName(Test);
    Cases += "    <testcase classname=\"" + xml(Class) + "\" name=\"" +
             xml(Test) + "\" time=\"0\">\n";
    if (NFailing) {
      ++Failures;
      std::string Message = std::to_string(NFailing) + " new credential " +
                            (NFailing == 1 ? "finding" : "findings");
      Cases += "      <failure type=\"credtaint\" message=\"" + xml(Message) +
               "\">" + xmlText(Failing) + "</failure>\n";
    }
    if (!Other.empty())
      Cases += "      <system-out>" + xmlText(Other) + "</system-out>\n";
    Cases += "    </testcase>\n";
  }

  std::string Props;
  nlohmann::ordered_json Run = runInfoJson(C.Run);
  for (auto It = Run.begin(); It != Run.end(); ++It)
    Props += "      <property name=\"" + xml(It.key()) + "\" value=\"" +
             xml(It.value().get<std::string>()) + "\"/>\n";
  if (C.FailOn)
    Props += "      <property name=\"fail_on\" value=\"" +
             std::string(severityName(*C.FailOn)) + "\"/>\n";
  if (C.hasBaseline())
    Props += "      <property name=\"baseline\" value=\"" +
             xml(C.BaselineFile) + "\"/>\n";

  std::string Counts = "tests=\"" + std::to_string(ByTest.size()) +
                       "\" failures=\"" + std::to_string(Failures) +
                       "\" errors=\"0\" skipped=\"0\"";
  std::string Out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Out += "<testsuites name=\"credtaint\" " + Counts + " time=\"0\">\n";
  Out += "  <testsuite name=\"credtaint\" " + Counts + " time=\"0\" timestamp=\"" +
         isoTimeNow().substr(0, 19) + "\" hostname=\"localhost\">\n";
  if (!Props.empty())
    Out += "    <properties>\n" + Props + "    </properties>\n";
  Out += Cases;
  Out += "  </testsuite>\n</testsuites>\n";
  return Out;
}

} // namespace credtaint::report
