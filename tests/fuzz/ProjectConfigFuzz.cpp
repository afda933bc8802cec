//===- ProjectConfigFuzz.cpp - libFuzzer target for credtaint.json --------===//
//
// A project's credtaint.json is read by the plugin, the pass and the
// runtime of every build and test. Arbitrary bytes must give a config and
// one error line per problem, each naming the file ("<origin>: <JSON path>:
// ..."); the result must not depend on anything but the text, and the
// lookups the consumers make must work on whatever was kept.
//
//===----------------------------------------------------------------------===//

#include "ProjectConfig.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace credtaint;

namespace {
void require(bool Ok) {
  if (!Ok)
    std::abort();
}

size_t entries(const ProjectConfig &C) {
  return C.ExtraNames.size() + C.ExcludedNames.size() + C.Sources.size() +
         C.Sinks.size() + C.Declassifiers.size() + C.Scopes.size() +
         C.SecretRuleFiles.size();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string_view Json(reinterpret_cast<const char *>(Data), Size);
  ProjectConfig A, B;
  std::vector<std::string> ErrA, ErrB;
  bool OkA = parseProjectConfig(Json, "fuzz/credtaint.json", A, ErrA);
  bool OkB = parseProjectConfig(Json, "fuzz/credtaint.json", B, ErrB);
  require(OkA == OkB && ErrA == ErrB && entries(A) == entries(B));
  require(OkA == ErrA.empty());
  for (const std::string &E : ErrA)
    require(E.compare(0, 21, "fuzz/credtaint.json: ") == 0 &&
            E.find('\n') == std::string::npos);
  // What the plugin, the pass and the runtime ask of a config.
  std::string_view Probe = Json.substr(0, 64);
  (void)A.classifyName(Probe);
  (void)A.classifyName("api_token");
  (void)A.findSource(Probe, Probe);
  (void)A.findSink("app::log::write", "_ZN3app3log5writeEPKc");
  (void)A.findDeclassifier(Probe, "redact");
  return 0;
}
