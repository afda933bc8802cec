//===- SiteTable.h - the per-module table of hook sites ---------*- C++ -*-===//
//
// Every hook call the pass inserts passes a pointer into one constant array
// per module, `__credtaint_sites`, of credtaint_site rows {file, function,
// line, column}, so the runtime names file:line:function without a symbolizer.
// Rows are collected while instrumenting and the array is created at the end;
// until then hooks point at a placeholder that is replaced in finalize().
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_PASS_SITETABLE_H
#define CREDTAINT_PASS_SITETABLE_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Module.h"

#include <string>
#include <vector>

namespace credtaint::pass {

class SiteTable {
public:
  explicit SiteTable(llvm::Module &M);

  /// A constant pointer to the row for instruction I (its debug location, or
  /// the function's when I has none).
  llvm::Constant *siteFor(const llvm::Instruction &I);
  /// Creates the table and rewires every pointer handed out. Returns false
  /// when no row was requested.
  bool finalize();

  size_t size() const { return Rows.size(); }

private:
  struct Row {
    std::string File, Function;
    unsigned Line, Column;
  };
  llvm::Constant *stringConstant(const std::string &S);

  llvm::Module &M;
  llvm::StructType *SiteTy;
  llvm::GlobalVariable *Placeholder = nullptr;
  std::vector<Row> Rows;
  /// Each function's readable name, demangled once however many hooks
  /// it holds.
  llvm::DenseMap<const llvm::Function *, std::string> FunctionNames;
};

/// Demangled name of F without its parameter list ("ns::Cls::fn").
std::string readableFunctionName(const llvm::Function &F);

} // namespace credtaint::pass

#endif
