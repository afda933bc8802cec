//===- CredTaintPlugin.cpp - tag credential-bearing declarations ----------===//
//
// The Clang half of credtaint. It finds declarations that carry a credential
// (variables, fields, parameters, function results) by their name and their
// type, or by an explicit CREDTAINT_SECRET(kind, scope), and attaches an
// `annotate` attribute that spells out what the LLVM pass needs to turn every
// write to that declaration into a runtime source hook:
//
//   credtaint;v1;kind=token;shape=string;ind=0;cap=0;name=Config::token;scope=
//
// Clang lowers the attribute to llvm.var.annotation (locals, parameters),
// llvm.ptr.annotation (every field access) and llvm.global.annotations
// (globals, function definitions), which is where the pass picks it up.
//
// The plugin runs before the main action, so each declaration is tagged before
// code generation sees it, and the static findings can still be embedded in
// the object at the end of the unit (EmbeddedSidecar.h). Name patterns come from credential_names.def and
// the project's credtaint.json (ProjectConfig.h), whose problems are errors.
//
//===----------------------------------------------------------------------===//

#include "DeclShape.h"
#include "HardcodedSecrets.h"
#include "ProjectConfig.h"

#include "credtaint/catalog/catalog.h"
#include "credtaint/catalog/names.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <dlfcn.h>

using namespace clang;

namespace {

constexpr llvm::StringLiteral kExplicitPrefix = "credtaint.secret:";
constexpr llvm::StringLiteral kTagPrefix = "credtaint;";

class CredTaintTagger : public RecursiveASTVisitor<CredTaintTagger> {
public:
  CredTaintTagger(CompilerInstance &CI, const credtaint::ProjectConfig &Config)
      : Ctx(CI.getASTContext()), Diags(CI.getDiagnostics()),
        SM(CI.getSourceManager()), Config(Config) {
    BadKind = Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "unknown credential kind '%0' in CREDTAINT_SECRET; expected one of "
        "password, api-key, token, private-key, cloud-credential, "
        "connection-string, generic-secret");
    BadType = Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "CREDTAINT_SECRET on '%0', whose type %1 carries no text or bytes");
    BadScope = Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "CREDTAINT_SECRET scope '%0' must not contain ';'");
  }

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool VisitVarDecl(VarDecl *D) {
    tag(D, D->getType());
    return true;
  }
  bool VisitFieldDecl(FieldDecl *D) {
    tag(D, D->getType());
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *D) {
    if (!isa<CXXConstructorDecl>(D) && !isa<CXXDestructorDecl>(D) &&
        !isa<CXXConversionDecl>(D) && !D->isOverloadedOperator())
      tag(D, D->getReturnType());
    return true;
  }

private:
  /// The kind and scope of an explicit CREDTAINT_SECRET, if there is one.
  bool explicitTag(NamedDecl *D, std::string &Kind, std::string &Scope) {
    for (const auto *A : D->specific_attrs<AnnotateAttr>()) {
      llvm::StringRef S = A->getAnnotation();
      if (!S.consume_front(kExplicitPrefix))
        continue;
      auto [K, Sc] = S.split(':');
      Kind = K.str();
      Scope = Sc.str();
      if (!credtaint::findKind(Kind.c_str()) ||
          Kind == credtaint::kindName(credtaint::Kind::WeakRandom)) {
        Diags.Report(A->getLocation(), BadKind) << Kind;
        return false;
      }
      if (Sc.contains(';')) {
        Diags.Report(A->getLocation(), BadScope) << Scope;
        return false;
      }
      return true;
    }
    return false;
  }

  static bool alreadyTagged(const NamedDecl *D) {
    for (const auto *A : D->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation().substr(0, kTagPrefix.size()) == kTagPrefix)
        return true;
    return false;
  }

  void tag(NamedDecl *D, QualType T) {
    if (D->isInvalidDecl() || !D->getIdentifier() || alreadyTagged(D))
      return;
    if (T.isNull() || T->isDependentType())
      return;
    std::string Kind, Scope;
    bool Explicit = explicitTag(D, Kind, Scope);
    // Names inside system headers are the library's (a JSON lexer's
    // token_string), not the program's credentials; explicit tags still count.
    if (!Explicit && SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return;
    std::optional<credtaint::plugin::DeclShape> Shape =
        credtaint::plugin::classifyType(Ctx, T);
    if (Explicit && !Shape) {
      Diags.Report(D->getLocation(), BadType) << D->getName() << T;
      return;
    }
    if (!Shape)
      return;
    if (!Explicit) {
      std::optional<credtaint::Kind> K = Config.classifyName(D->getName());
      if (!K)
        return;
      Kind = credtaint::kindName(*K);
    }
    std::string Tag;
    llvm::raw_string_ostream OS(Tag);
    OS << kTagPrefix << "v1;kind=" << Kind << ";shape=" << Shape->shapeName()
       << ";ind=" << Shape->indirections << ";cap=" << Shape->capacity
       << ";name=" << displayName(D) << ";scope=" << Scope;
    D->addAttr(AnnotateAttr::CreateImplicit(Ctx, OS.str(), nullptr, 0));
  }

  static std::string displayName(const NamedDecl *D) {
    if (isa<FieldDecl>(D) || isa<FunctionDecl>(D) ||
        (isa<VarDecl>(D) && cast<VarDecl>(D)->hasGlobalStorage() &&
         !cast<VarDecl>(D)->isStaticLocal()))
      return D->getQualifiedNameAsString() + (isa<FunctionDecl>(D) ? "()" : "");
    return D->getNameAsString();
  }

  ASTContext &Ctx;
  DiagnosticsEngine &Diags;
  SourceManager &SM;
  const credtaint::ProjectConfig &Config;
  unsigned BadKind, BadType, BadScope;
};

class CredTaintConsumer : public ASTConsumer {
public:
  CredTaintConsumer(CompilerInstance &CI,
                    std::shared_ptr<credtaint::SecretRules> Rules,
                    std::shared_ptr<credtaint::ProjectConfig> Config)
      : Config(std::move(Config)), Tagger(CI, *this->Config),
        Rules(std::move(Rules)),
        Suppressions(std::make_unique<credtaint::plugin::InlineSuppressions>(
            CI.getSourceManager())),
        Secrets(CI, *this->Rules, *Suppressions, *this->Config) {
    CI.getPreprocessor().addCommentHandler(Suppressions.get());
  }

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    // After the unit, only the declaration that embeds the sidecar comes
    // back here (through the frontend's multiplexing consumer).
    if (Finished)
      return true;
    for (Decl *D : DG) {
      Tagger.TraverseDecl(D);
      TopLevel.push_back(D);
    }
    return true;
  }
  // Class template instantiations complete after their pattern was seen.
  void HandleTagDeclDefinition(TagDecl *D) override { Tagger.TraverseDecl(D); }
  // Literals are judged once the whole unit is parsed: what a literal is
  // bound to comes from the AST's parent map, which is built once, and the
  // consumer calls of the whole unit are known before a literal is judged
  // (a global's initializer may reach a call in any function).
  void HandleTranslationUnit(ASTContext &) override {
    for (Decl *D : TopLevel)
      Secrets.collect(D);
    Secrets.scan(TopLevel);
    Finished = true;
    Secrets.finish();
  }

private:
  std::shared_ptr<credtaint::ProjectConfig> Config;
  CredTaintTagger Tagger;
  std::shared_ptr<credtaint::SecretRules> Rules;
  std::unique_ptr<credtaint::plugin::InlineSuppressions> Suppressions;
  credtaint::plugin::HardcodedSecretFinder Secrets;
  std::vector<Decl *> TopLevel;
  bool Finished = false;
};

/// The plugin's own file, to find the rule file installed beside it.
std::string pluginPath() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&pluginPath), &Info) && Info.dli_fname)
    return Info.dli_fname;
  return "";
}

class CredTaintAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    auto Config = std::make_shared<credtaint::ProjectConfig>();
    std::string Path = credtaint::findProjectConfig(mainFileDirectory(CI));
    std::vector<std::string> Errors;
    if (!Path.empty())
      credtaint::loadProjectConfig(Path, *Config, Errors);
    for (const std::string &F : Config->SecretRuleFiles)
      loadRules(CI, F);
    for (const std::string &E : Errors)
      error(CI, E);
    return std::make_unique<CredTaintConsumer>(CI, Rules, std::move(Config));
  }

  static std::string mainFileDirectory(const CompilerInstance &CI) {
    const auto &Inputs = CI.getFrontendOpts().Inputs;
    if (Inputs.empty() || !Inputs[0].isFile())
      return ".";
    llvm::SmallString<256> P(Inputs[0].getFile());
    llvm::sys::fs::make_absolute(P);
    return llvm::sys::path::parent_path(P).str();
  }

  bool loadRules(const CompilerInstance &CI, const std::string &F) {
    auto Buf = llvm::MemoryBuffer::getFile(F);
    if (!Buf)
      return error(CI, "cannot read secret rules '" + F + "': " +
                           Buf.getError().message());
    std::string Error;
    if (!Rules->load((*Buf)->getBuffer().str(), F, Error))
      return error(CI, "bad secret rules: " + Error);
    return true;
  }

  /// -fplugin-arg-credtaint-rules=FILE adds a rule file (repeatable); the
  /// default rules installed beside the plugin always come first.
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    std::vector<std::string> Files = {
        credtaint::SecretRules::defaultRulesPath(pluginPath())};
    for (const std::string &A : Args) {
      llvm::StringRef S(A);
      if (S.consume_front("rules="))
        Files.push_back(S.str());
      else
        return error(CI, "unknown plugin argument '" + A + "' (expected rules=FILE)");
    }
    for (const std::string &F : Files)
      if (!loadRules(CI, F))
        return false;
    return true;
  }
  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  static bool error(const CompilerInstance &CI, const std::string &Msg) {
    DiagnosticsEngine &D = CI.getDiagnostics();
    D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "credtaint: %0")) << Msg;
    return false;
  }

  std::shared_ptr<credtaint::SecretRules> Rules =
      std::make_shared<credtaint::SecretRules>();
};

} // namespace

static FrontendPluginRegistry::Add<CredTaintAction>
    X("credtaint", "tag credential-bearing declarations for credtaint");
