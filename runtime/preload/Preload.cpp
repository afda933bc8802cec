//===- Preload.cpp - credentials of a program that was not rebuilt --------===//

#include "preload/Preload.h"

#include "core/Registry.h"
#include "core/Runtime.h"
#include "match/CredentialFiles.h"
#include "match/ValueSet.h"
#include "sinks/OutputTarget.h"

#include "credtaint/catalog/names.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <unistd.h>

namespace credtaint::rt::preload {
namespace {

// No credential file worth reading is larger.
constexpr size_t kMaxFileBytes = 1 << 20;


bool listedInSecretEnv(const char *Name, size_t Len) {
  const char *List = std::getenv("CREDTAINT_SECRET_ENV");
  for (const char *P = List; P && *P;) {
    const char *Comma = std::strchr(P, ',');
    size_t N = Comma ? size_t(Comma - P) : std::strlen(P);
    if (N == Len && std::strncmp(P, Name, N) == 0)
      return true;
    P = Comma ? Comma + 1 : nullptr;
  }
  return false;
}

/// The base names a credential file can have; anything else is not looked
/// at further (open() is frequent, readlink is not free).
bool mayBeCredentialFile(const char *Path) {
  const char *Base = std::strrchr(Path, '/');
  Base = Base ? Base + 1 : Path;
  size_t N = std::strlen(Base);
  auto Ends = [&](const char *S) {
    size_t L = std::strlen(S);
    return N >= L && std::strcmp(Base + N - L, S) == 0;
  };
  return !std::strcmp(Base, "credentials") || !std::strcmp(Base, "config") ||
         !std::strcmp(Base, "config.json") || !std::strcmp(Base, "token") ||
         !std::strcmp(Base, ".netrc") || !std::strcmp(Base, "_netrc") ||
         !std::strncmp(Base, "id_", 3) || Ends(".pem") || Ends(".key");
}

} // namespace

std::atomic<bool> Started{false};

void registerValue(const char *P, size_t N, Kind K, const std::string &Name,
                   const std::string &File, const std::string &How) {
  Runtime &R = runtime();
  size_t Min = size_t(std::max(1L, R.options().min_secret_len));
  if (N < Min)
    return; // nothing to match; there is no flow tracking to hand it to
  SourceLocation Src;
  Src.File = File;
  Src.How = How;
  const Credential &C = R.registry().add(P, N, K, Name, "", Src, 0, Min);
  if (R.options().verbosity >= 2)
    Runtime::note("registered " + std::string(kindName(K)) + " " + Name + " (" +
                  C.Preview + ", " + std::to_string(N) + " bytes) from " + How);
}

void registerEnvironment(char **Env) {
  ScopedInRuntime Guard;
  match::ValueSet::Batch OneRebuild(match::values());
  for (char **E = Env; E && *E; ++E) {
    const char *Eq = std::strchr(*E, '=');
    if (!Eq || Eq == *E || !Eq[1])
      continue;
    std::string Name(*E, size_t(Eq - *E));
    if (Name.rfind("CREDTAINT_", 0) == 0)
      continue;
    const char *Value = Eq + 1;
    std::optional<Kind> K = classifyCredentialName(Name);
    if (listedInSecretEnv(Name.data(), Name.size()))
      K = K ? K : Kind::GenericSecret;
    if (!K || (*K == Kind::ConnectionString && !connectionStringHasSecret(Value)))
      continue;
    registerValue(Value, std::strlen(Value), *K, Name, "",
                  "environment variable " + Name);
  }
}

void noteOpenedFile(int Fd, const char *Path) {
  if (Fd < 0 || !Path || !Started.load(std::memory_order_acquire) ||
      !mayBeCredentialFile(Path))
    return;
  ScopedInRuntime Guard;
  if (!Guard.entered())
    return;
  std::string Real = descriptorPath(Fd);
  if (Real.empty())
    Real = Path;
  std::optional<match::CredentialFile> F = match::classifyCredentialPath(Real);
  if (!F)
    return;
  using PreadFn = ssize_t(int, void *, size_t, off_t);
  static auto *RealPread = reinterpret_cast<PreadFn *>(dlsym(RTLD_NEXT, "pread"));
  std::string Text;
  char Chunk[8192];
  for (off_t Off = 0; RealPread && Text.size() < kMaxFileBytes;) {
    ssize_t N = RealPread(Fd, Chunk, sizeof Chunk, Off);
    if (N <= 0)
      break;
    Text.append(Chunk, size_t(N));
    Off += N;
  }
  size_t Min = size_t(std::max(1L, runtime().options().min_secret_len));
  match::ValueSet::Batch OneRebuild(match::values());
  for (const match::FileSecret &S : match::secretsInFile(*F, Real, Text, Min))
    registerValue(S.Value.data(), S.Value.size(), S.CredKind, S.Name, Real,
                  std::string(F->What) + " " + Real);
}

} // namespace credtaint::rt::preload

extern "C" char **environ;

// After the runtime's own start-up (Runtime.cpp, priority 101).
__attribute__((constructor(102))) static void registerAtStart() {
  credtaint::rt::preload::registerEnvironment(environ);
  credtaint::rt::preload::Started.store(true, std::memory_order_release);
}
