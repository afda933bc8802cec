//===- SecretRules.h - is a literal a hardcoded credential? -----*- C++ -*-===//
//
// The hardcoded-credential engine: rules are data (secret-rules.json, plus a
// project's own), the engine names no provider. A literal is a credential
// when a rule's keywords occur in it, its RE2 regex matches, the matched
// secret has enough Shannon entropy, and no allowlist entry (placeholder,
// format string, UUID, hex digest, stopword) says otherwise. "Bound" rules
// apply only to literals bound to a credential-bearing name or used as a
// key argument. Shared by the Clang plugin (warnings, sidecars) and the LLVM
// pass (run-time labelling of the literal).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_COMMON_SECRETRULES_H
#define CREDTAINT_COMMON_SECRETRULES_H

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace credtaint {

struct SecretMatch {
  std::string RuleId, Description;
  std::string Kind;   // a credential kind, or "" for from-name with no name
  std::string Secret; // the matched bytes (kept in memory only)
};

class SecretRules {
public:
  SecretRules();
  ~SecretRules();
  SecretRules(SecretRules &&);

  /// Adds the rules and allowlist of a rule file's JSON text ({"rules": [...],
  /// "allowlist": {...}}). Returns false with a one-line Error naming the
  /// file, the JSON path and the problem; rules before the bad one are kept.
  bool load(const std::string &Json, const std::string &Origin,
            std::string &Error);

  /// The first rule that says Literal is a credential. BoundKind is the kind
  /// of the name the literal is bound to ("" when unbound; "generic-secret"
  /// for a key argument).
  std::optional<SecretMatch> match(const std::string &Literal,
                                   const std::string &BoundKind) const;

  size_t size() const;

  static double shannonEntropy(const std::string &S);

  /// Where the default rule file is installed, from a file of credtaint's
  /// own (a plugin .so in lib/credtaint/): share/credtaint/secret-rules.json.
  static std::string defaultRulesPath(const std::string &OwnLibrary);

private:
  struct Impl;
  std::unique_ptr<Impl> P;
};

} // namespace credtaint

#endif
