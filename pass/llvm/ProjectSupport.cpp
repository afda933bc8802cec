//===- ProjectSupport.cpp - what the pass takes from the project ----------===//

#include "ProjectSupport.h"
#include "Compat.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstdlib>
#include <dlfcn.h>

using namespace llvm;

namespace credtaint::pass {
namespace {

void diagnoseError(Module &M, const std::string &Msg) {
  M.getContext().diagnose(
      DiagnosticInfoInlineAsm("credtaint: " + Msg, DS_Error));
}

std::string passLibraryPath() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&passLibraryPath), &Info) && Info.dli_fname)
    return Info.dli_fname;
  return "";
}

void loadRuleFile(Module &M, SecretRules &Rules, const std::string &File) {
  auto Buf = MemoryBuffer::getFile(File);
  if (!Buf) {
    diagnoseError(M, "cannot read secret rules '" + File +
                         "': " + Buf.getError().message());
    return;
  }
  std::string Error;
  if (!Rules.load((*Buf)->getBuffer().str(), File, Error))
    diagnoseError(M, "bad secret rules: " + Error);
}

/// The top-level comma-separated parameter types of "(T1, T2<a, b>, ...)".
std::vector<std::string> splitParameters(StringRef List) {
  std::vector<std::string> Out;
  if (!List.consume_front("(") || !List.consume_back(")") || List.empty())
    return Out;
  int Depth = 0;
  size_t Start = 0;
  for (size_t I = 0; I <= List.size(); ++I) {
    char Ch = I < List.size() ? List[I] : ',';
    if (Ch == '<' || Ch == '(')
      ++Depth;
    else if (Ch == '>' || Ch == ')')
      --Depth;
    else if (Ch == ',' && Depth == 0) {
      Out.push_back(List.slice(Start, I).trim().str());
      Start = I + 1;
    }
  }
  return Out;
}

DataType typeOfSpelling(StringRef T) {
  if (T.contains("basic_string_view"))
    return DataType::Infer; // split into two registers: not one argument
  if (T.contains("basic_string<char"))
    return DataType::String;
  if (T == "char const*" || T == "char*" || T == "unsigned char const*" ||
      T == "unsigned char*" || T == "signed char const*")
    return DataType::CStr;
  return DataType::Infer;
}

} // namespace

ProjectSupport::ProjectSupport(Module &M) {
  SmallString<256> Source(M.getSourceFileName());
  sys::fs::make_absolute(Source);
  std::string Path = findProjectConfig(sys::path::parent_path(Source).str());
  std::vector<std::string> Errors;
  if (!Path.empty())
    loadProjectConfig(Path, Config, Errors);
  for (const std::string &E : Errors)
    diagnoseError(M, E);
  loadRuleFile(M, Rules, SecretRules::defaultRulesPath(passLibraryPath()));
  for (const std::string &F : Config.SecretRuleFiles)
    loadRuleFile(M, Rules, F);
}

DataType inferParameterType(const Function &Callee, unsigned Arg) {
  StringRef Symbol = Callee.getName();
  if (!compat::startsWith(Symbol, "_Z"))
    return Arg < Callee.arg_size() && Callee.getArg(Arg)->getType()->isPointerTy()
               ? DataType::CStr
               : DataType::Infer;
  ItaniumPartialDemangler D;
  if (D.partialDemangle(Symbol.str().c_str()) || !D.isFunction())
    return DataType::Infer;
  char *Params = D.getFunctionParameters(nullptr, nullptr);
  if (!Params)
    return DataType::Infer;
  std::vector<std::string> Types = splitParameters(Params);
  std::free(Params);
  // IR parameters before the written ones: a struct-return slot and `this`.
  unsigned Hidden = Callee.hasStructRetAttr() ? 1 : 0;
  if (Callee.arg_size() >= Hidden + Types.size() + 1)
    ++Hidden;
  if (Arg < Hidden || Arg - Hidden >= Types.size())
    return DataType::Infer;
  return typeOfSpelling(Types[Arg - Hidden]);
}

std::vector<SecretLiteral> findSecretLiterals(Module &M,
                                              const SecretRules &Rules) {
  std::vector<SecretLiteral> Out;
  for (GlobalVariable &GV : M.globals()) {
    if (!GV.isConstant() || !GV.hasInitializer() || GV.use_empty() ||
        GV.hasSection() || compat::startsWith(GV.getName(), "llvm.") ||
        compat::startsWith(GV.getName(), "__credtaint"))
      continue;
    auto *Data = dyn_cast<ConstantDataSequential>(GV.getInitializer());
    if (!Data || !Data->isCString())
      continue;
    std::string Text = Data->getAsCString().str();
    if (Text.size() < 8)
      continue;
    std::optional<SecretMatch> Match = Rules.match(Text, "");
    if (!Match)
      continue;
    size_t At = Match->Secret.empty() ? 0 : Text.find(Match->Secret);
    if (At == std::string::npos)
      At = 0;
    size_t Length = Match->Kind == "private-key" || Match->Secret.empty()
                        ? Text.size() - At
                        : Match->Secret.size();
    Out.push_back({&GV, Match->RuleId,
                   Match->Kind.empty() ? "generic-secret" : Match->Kind,
                   uint32_t(At), uint32_t(Length)});
  }
  return Out;
}

} // namespace credtaint::pass
