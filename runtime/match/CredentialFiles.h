//===- CredentialFiles.h - files that hold credentials ----------*- C++ -*-===//
//
// Where credentials live on disk (DESIGN, sources 4): cloud and registry
// configuration, netrc and .pgpass, private keys, the Kubernetes
// service-account token, dotenv files, package-registry tokens. The runtime
// labels and registers the secrets of such a file as they are read (and
// preload mode when it is opened); value matching does not report a
// credential written back into one (that is where it belongs). Also which
// paths are log files. Pure code; the secrets themselves are found by the
// document scanner (sources/Documents.h) in the file's layout.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_CREDENTIALFILES_H
#define CREDTAINT_RUNTIME_MATCH_CREDENTIALFILES_H

#include "sources/Documents.h"

#include "credtaint/catalog/catalog.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint::rt::match {

struct CredentialFile {
  Kind CredKind;       // of a secret the layout gives no key for
  SecretLayout Layout; // where in the file the secrets are
  const char *What;    // "aws credentials", "private key", ...
};

/// What the file at Path is, if it is a credential file.
std::optional<CredentialFile> classifyCredentialPath(std::string_view Path);

/// Whether Path names a log file ("*.log", "*.log.N", ".../log/...",
/// ".../logs/...").
bool isLogPath(std::string_view Path);

struct FileSecret {
  std::string Name; // as the runtime names it: "file:<base name>:<key>"
  Kind CredKind;
  std::string Value;
};

/// The last component of Path.
std::string_view fileBaseName(std::string_view Path);

/// "file:<base name of Path>:<key>": a credential read from a file.
std::string fileCredentialName(std::string_view Path, std::string_view Key);

/// The secrets in the text of a credential file, each at least MinLen bytes
/// (a private key also as its base64 body on one line, the form it takes
/// inside JSON or an environment variable).
std::vector<FileSecret> secretsInFile(const CredentialFile &F,
                                      std::string_view Path,
                                      std::string_view Text, size_t MinLen);

} // namespace credtaint::rt::match

#endif
