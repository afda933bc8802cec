//===- HardcodedSecrets.h - hardcoded credentials in source -----*- C++ -*-===//
//
// Finds string literals in the program's own code (not system headers) that
// the secret rules (SecretRules.h) call credentials, taking into account what
// the literal is bound to: a credential-named variable, field, parameter,
// assignment target or function result, or a crypto key argument (the sink
// catalog's Cipher and Mac rows). A literal or constant array whose bytes
// reach an API parameter that takes a secret (consumers.def, found by
// ConsumerLiterals.h) is one whatever its entropy. Each is a clang warning (so -Werror makes
// it an error) and a record in the object's sidecar (foo.o.credtaint.json,
// and the same in a section of the object, EmbeddedSidecar.h), which holds
// a redacted preview and the keyed fingerprint, never the value.
// "// credtaint: ignore[rule-id]" on the literal's line or the line above
// suppresses it; a suppression that matches nothing is itself a warning.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PLUGIN_HARDCODEDSECRETS_H
#define CREDTAINT_PLUGIN_HARDCODEDSECRETS_H

#include "ConsumerLiterals.h"
#include "ProjectConfig.h"
#include "SecretRules.h"

#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Preprocessor.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace credtaint::plugin {

/// "// credtaint: ignore[a,b]" comments of one translation unit.
class InlineSuppressions : public clang::CommentHandler {
public:
  explicit InlineSuppressions(clang::SourceManager &SM) : SM(SM) {}
  bool HandleComment(clang::Preprocessor &PP, clang::SourceRange R) override;
  /// Marks and returns whether a suppression on Line or Line-1 of File names
  /// one of Ids.
  bool suppresses(const std::string &File, unsigned Line,
                  const std::vector<std::string> &Ids);
  /// The suppressions nothing matched.
  std::vector<clang::SourceLocation> unused() const;

private:
  struct Entry {
    clang::SourceLocation Loc;
    std::set<std::string> Ids;
    bool Used = false;
  };
  clang::SourceManager &SM;
  std::map<std::pair<std::string, unsigned>, Entry> ByLine;
};

struct StaticFinding {
  std::string RuleId, Description, Kind, BoundName;
  std::string How; // the source's "how"; "" for "literal (<rule id>)"
  std::string Preview, Fingerprint;
  size_t Length = 0;
  std::string File;
  unsigned Line = 0, Column = 0;
};

class HardcodedSecretFinder {
public:
  HardcodedSecretFinder(clang::CompilerInstance &CI, const SecretRules &Rules,
                        InlineSuppressions &Suppressions,
                        const ProjectConfig &Config);
  /// Learns what under D reaches a consuming parameter; every declaration
  /// of the unit is collected before the first scan.
  void collect(clang::Decl *D);
  /// Looks at every string literal and constant array under the unit's
  /// top-level declarations outside system headers.
  void scan(const std::vector<clang::Decl *> &TopLevel);
  /// Warns about unused suppressions, writes the sidecar file and embeds
  /// the same findings in the object (EmbeddedSidecar.h).
  void finish();

private:
  bool inSystemHeader(const clang::Decl *D) const;
  void scan(clang::Decl *D);
  void check(const clang::StringLiteral *S);
  bool checkConsumed(const clang::Expr *Value);
  std::string boundKind(const clang::StringLiteral *S, std::string &Name);
  void report(clang::SourceLocation At, StaticFinding F,
              const std::string &Secret);

  clang::CompilerInstance &CI;
  clang::ASTContext &Ctx;
  const SecretRules &Rules;
  InlineSuppressions &Suppressions;
  const ProjectConfig &Config;
  unsigned WarnId, UnusedId;
  ConsumerLiterals Consumers;
  std::set<const clang::Expr *> Seen;
  std::vector<StaticFinding> Findings;
};

} // namespace credtaint::plugin

#endif
