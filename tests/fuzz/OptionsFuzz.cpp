//===- OptionsFuzz.cpp - libFuzzer target for CREDTAINT_OPTIONS ------------===//
//
// The runtime parses CREDTAINT_OPTIONS (and then its `scopes` value) before
// main of every instrumented program, from text anyone can set. Arbitrary
// bytes must give either options or one error line that names what is
// wrong, and parsing must be a function of the text (the same twice).
//
//===----------------------------------------------------------------------===//

#include "Options.h"
#include "net/Scope.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace credtaint::rt;

namespace {
bool sameOptions(const Options &A, const Options &B) {
#define CREDTAINT_OPTION(Type, Name, Default, Description)                     \
  if (A.Name != B.Name)                                                        \
    return false;
#include "options.inc"
  return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  // The environment holds C strings: the text ends at the first NUL.
  std::string Text(reinterpret_cast<const char *>(Data), Size);
  Text = Text.c_str();
  Options A, B;
  std::string ErrA, ErrB;
  bool OkA = parseOptions(Text.c_str(), A, ErrA);
  bool OkB = parseOptions(Text.c_str(), B, ErrB);
  if (OkA != OkB || ErrA != ErrB || !sameOptions(A, B))
    std::abort();
  if (!OkA && (ErrA.empty() || ErrA.find('\n') != std::string::npos))
    std::abort(); // one line that says what is wrong
  if (OkA && !ErrA.empty())
    std::abort();
  std::vector<ScopeRule> Rules;
  std::string ScopeErr;
  if (!parseScopeRules(A.scopes, Rules, ScopeErr) &&
      (ScopeErr.empty() || ScopeErr.find('\n') != std::string::npos))
    std::abort();
  return 0;
}
