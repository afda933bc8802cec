//===- ProjectSupport.h - what the pass takes from the project --*- C++ -*-===//
//
// The pass's view of a project: its credtaint.json (source, sink and
// declassifier functions; credential names for getenv) and its secret rules
// (the default rule file plus the config's), loaded once per module; how a
// configured function's argument or result carries bytes; and the module's
// constant strings that the secret rules call credentials, so the pass can
// label them at run time.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PASS_PROJECTSUPPORT_H
#define CREDTAINT_PASS_PROJECTSUPPORT_H

#include "ProjectConfig.h"
#include "SecretRules.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

#include <string>
#include <vector>

namespace credtaint::pass {

struct ProjectSupport {
  ProjectConfig Config;
  SecretRules Rules;

  /// Finds and loads the config for M's source file and the secret rules;
  /// each problem is an error diagnostic on M's context (clang has usually
  /// reported it already through the plugin and stopped before codegen).
  explicit ProjectSupport(llvm::Module &M);
};

/// How parameter Arg (0-based, as in the IR, `this` included) of Callee
/// carries bytes, from the demangled signature; Infer when it cannot tell.
DataType inferParameterType(const llvm::Function &Callee, unsigned Arg);

/// A constant string of the module that a secret rule matched, unbound:
/// the credential is Length bytes at Offset (the rule's match; for a PEM
/// private key, from its header to the end of the literal).
struct SecretLiteral {
  llvm::GlobalVariable *Global;
  std::string RuleId, Kind;
  uint32_t Offset, Length;
};

/// Constant C strings of M (not credtaint's own, not in metadata sections)
/// that the unbound secret rules call credentials.
std::vector<SecretLiteral> findSecretLiterals(llvm::Module &M,
                                              const SecretRules &Rules);

} // namespace credtaint::pass

#endif
