//===- CredentialFiles.h - files that hold credentials ----------*- C++ -*-===//
//
// Where credentials live on disk (DESIGN, sources 4): cloud and registry
// configuration, netrc, private keys, the Kubernetes service-account token.
// Preload mode registers the values of such a file when the program opens
// it; value matching does not report a credential written back into one
// (that is where it belongs). Also which paths are log files. Pure code.
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_RUNTIME_MATCH_CREDENTIALFILES_H
#define CREDTAINT_RUNTIME_MATCH_CREDENTIALFILES_H

#include "credtaint/catalog/catalog.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace credtaint::rt::match {

enum class FileFormat {
  Whole,     // the file is one secret (a token file)
  KeyValues, // "key = value", "key: value", "key value" lines (ini, yaml, netrc)
  Json,      // "key": "value" pairs
  Pem,       // a PEM private key: the whole block and its base64 lines
};

struct CredentialFile {
  Kind CredKind;
  FileFormat Format;
  const char *What; // "aws credentials", "private key", ...
};

/// What the file at Path is, if it is a credential file.
std::optional<CredentialFile> classifyCredentialPath(std::string_view Path);

/// Whether Path names a log file ("*.log", "*.log.N", ".../log/...",
/// ".../logs/...").
bool isLogPath(std::string_view Path);

struct FileSecret {
  std::string Name;  // the key it was under, else the file's base name
  std::string Value;
};

/// The secrets in the text of a credential file, each at least MinLen bytes.
std::vector<FileSecret> secretsInFile(const CredentialFile &F,
                                      std::string_view Path,
                                      std::string_view Text, size_t MinLen);

} // namespace credtaint::rt::match

#endif
