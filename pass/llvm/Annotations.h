//===- Annotations.h - read the plugin's tags out of the IR -----*- C++ -*-===//
//
// The Clang plugin tags a credential-bearing declaration with an annotate
// attribute "credtaint;v1;kind=K;shape=S;ind=N;cap=N;name=X;scope=Y". This
// file parses those strings and turns each distinct one into a constant
// credtaint_decl the runtime reads.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PASS_ANNOTATIONS_H
#define CREDTAINT_PASS_ANNOTATIONS_H

#include "llvm/IR/Constants.h"
#include "llvm/IR/Module.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace credtaint::pass {

struct DeclTag {
  uint8_t Kind = 0, Shape = 0, Indirections = 0;
  uint32_t Capacity = 0;
  std::string Name, Scope;
  std::string Raw; // the annotation string itself, the table key
};

/// Parses the annotation string V points to; nothing if it is not a tag.
std::optional<DeclTag> parseTag(const llvm::Value *V);
std::optional<DeclTag> parseTag(llvm::StringRef S);

struct GlobalTag {
  llvm::GlobalValue *Value;
  DeclTag Tag;
};
/// Tagged globals and function definitions, from llvm.global.annotations.
std::vector<GlobalTag> globalAnnotations(llvm::Module &M);

/// One constant credtaint_decl per distinct tag in the module.
class DeclTable {
public:
  explicit DeclTable(llvm::Module &M) : M(M) {}
  llvm::Constant *get(const DeclTag &Tag);

private:
  llvm::Module &M;
  std::map<std::string, llvm::Constant *> Decls;
};

} // namespace credtaint::pass

#endif
