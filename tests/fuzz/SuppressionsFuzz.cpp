//===- SuppressionsFuzz.cpp - libFuzzer target for suppressions files -----===//
//
// Suppressions files are read by the runtime at start and by
// credtaint-report; they are edited by hand. The first half of the input is
// the file, the second the text a finding is matched against. Every
// malformed line must give one message naming file and line, every valid
// one must be kept, and a matching pattern must be one that the template
// rules say matches.
//
//===----------------------------------------------------------------------===//

#include "Suppressions.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using credtaint::rt::Suppression;
using credtaint::rt::SuppressionTarget;
using credtaint::rt::Suppressions;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string In(reinterpret_cast<const char *>(Data), Size);
  size_t Half = In.size() / 2;
  std::string File = In.substr(0, Half), Text = In.substr(Half);

  Suppressions S;
  std::vector<std::string> Errors;
  S.parse("fuzz.supp", File, Errors);
  for (const std::string &E : Errors)
    if (E.compare(0, 10, "fuzz.supp:") != 0 || E.find('\n') != std::string::npos)
      std::abort();
  for (const Suppression &X : S.all())
    if (X.Type.empty() || X.Pattern.empty() || X.Line == 0 || X.Hits != 0)
      std::abort();

  SuppressionTarget T{Text, Text, Text, {Text}, {Text}};
  if (Suppression *M = S.match(T)) {
    if (M->Hits != 1 || !Suppressions::templateMatch(M->Pattern, Text))
      std::abort();
  } else {
    for (const Suppression &X : S.all())
      if (Suppressions::templateMatch(X.Pattern, Text))
        std::abort(); // a matching line was not found
  }
  // A pattern matches itself once its wildcards and anchors are taken away
  // (what is left is a literal substring of itself).
  std::string Literal;
  for (char C : Text)
    if (C != '*' && C != '^' && C != '$')
      Literal += C;
  if (!Suppressions::templateMatch(Literal, Literal))
    std::abort();
  return 0;
}
