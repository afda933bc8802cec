//===- CredentialFiles.cpp - files that hold credentials ------------------===//

#include "match/CredentialFiles.h"

#include "credtaint/catalog/names.h"

namespace credtaint::rt::match {
namespace {

bool endsWith(std::string_view S, std::string_view Suffix) {
  return S.size() >= Suffix.size() &&
         S.compare(S.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
}

std::string_view baseName(std::string_view Path) {
  size_t Slash = Path.rfind('/');
  return Slash == std::string_view::npos ? Path : Path.substr(Slash + 1);
}

std::string_view trim(std::string_view S) {
  const char *Space = " \t\r\n\"',;";
  size_t B = S.find_first_not_of(Space);
  if (B == std::string_view::npos)
    return {};
  size_t E = S.find_last_not_of(Space);
  return S.substr(B, E - B + 1);
}

void addSecret(std::vector<FileSecret> &Out, std::string_view Name,
               std::string_view Value, size_t MinLen) {
  Value = trim(Value);
  if (Value.size() < MinLen || Value.size() > 16384)
    return;
  for (const FileSecret &S : Out)
    if (S.Value == Value)
      return;
  Out.push_back({std::string(Name), std::string(Value)});
}

/// A key names a secret in a key/value file when the catalog's credential
/// names say so, or it is netrc's "password".
bool secretKey(std::string_view Key) {
  return Key == "password" ||
         classifyCredentialName(Key).has_value();
}

void keyValues(std::string_view Text, std::string_view File, size_t MinLen,
               std::vector<FileSecret> &Out) {
  // netrc puts several "key value" pairs on one line; ini and yaml one
  // "key = value" / "key: value" a line.
  size_t Pos = 0;
  while (Pos < Text.size()) {
    size_t Eol = Text.find('\n', Pos);
    std::string_view Line = Text.substr(Pos, Eol == std::string_view::npos
                                                 ? std::string_view::npos
                                                 : Eol - Pos);
    Pos = Eol == std::string_view::npos ? Text.size() : Eol + 1;
    size_t Sep = Line.find_first_of("=:");
    if (Sep != std::string_view::npos && Line.find("://") != Sep) {
      std::string_view Key = trim(Line.substr(0, Sep));
      if (secretKey(Key))
        addSecret(Out, Key, Line.substr(Sep + 1), MinLen);
      continue;
    }
    std::vector<std::string_view> Words;
    for (size_t W = 0; W < Line.size();) {
      size_t B = Line.find_first_not_of(" \t\r", W);
      if (B == std::string_view::npos)
        break;
      size_t E = Line.find_first_of(" \t\r", B);
      Words.push_back(Line.substr(B, E == std::string_view::npos ? E : E - B));
      W = E == std::string_view::npos ? Line.size() : E;
    }
    for (size_t I = 0; I + 1 < Words.size(); ++I)
      if (secretKey(Words[I]))
        addSecret(Out, Words[I], Words[I + 1], MinLen);
  }
  (void)File;
}

void jsonValues(std::string_view Text, size_t MinLen, std::vector<FileSecret> &Out) {
  // "key": "value" pairs at any depth; enough for docker's and similar
  // configuration files without a full JSON parser on this path.
  size_t Pos = 0;
  while ((Pos = Text.find('"', Pos)) != std::string_view::npos) {
    size_t KeyEnd = Text.find('"', Pos + 1);
    if (KeyEnd == std::string_view::npos)
      return;
    std::string_view Key = Text.substr(Pos + 1, KeyEnd - Pos - 1);
    size_t Colon = Text.find_first_not_of(" \t\r\n", KeyEnd + 1);
    Pos = KeyEnd + 1;
    if (Colon == std::string_view::npos || Text[Colon] != ':')
      continue;
    size_t Quote = Text.find_first_not_of(" \t\r\n", Colon + 1);
    if (Quote == std::string_view::npos || Text[Quote] != '"')
      continue;
    size_t ValEnd = Text.find('"', Quote + 1);
    if (ValEnd == std::string_view::npos)
      return;
    if (Key == "auth" || Key == "identitytoken" || secretKey(Key))
      addSecret(Out, Key, Text.substr(Quote + 1, ValEnd - Quote - 1), MinLen);
    Pos = ValEnd + 1;
  }
}

} // namespace

std::optional<CredentialFile> classifyCredentialPath(std::string_view Path) {
  std::string_view Base = baseName(Path);
  if (Path == "/var/run/secrets/kubernetes.io/serviceaccount/token" ||
      Path == "/run/secrets/kubernetes.io/serviceaccount/token")
    return CredentialFile{Kind::Token, FileFormat::Whole, "service-account token"};
  if (endsWith(Path, "/.aws/credentials") || endsWith(Path, "/.aws/config"))
    return CredentialFile{Kind::CloudCredential, FileFormat::KeyValues,
                          "aws credentials"};
  if (Base == ".netrc" || Base == "_netrc")
    return CredentialFile{Kind::Password, FileFormat::KeyValues, "netrc"};
  if (endsWith(Path, "/.docker/config.json"))
    return CredentialFile{Kind::Token, FileFormat::Json, "docker config"};
  if (endsWith(Path, "/.kube/config"))
    return CredentialFile{Kind::Token, FileFormat::KeyValues, "kube config"};
  if (Base.rfind("id_rsa", 0) == 0 || Base.rfind("id_ecdsa", 0) == 0 ||
      Base.rfind("id_ed25519", 0) == 0 || Base.rfind("id_dsa", 0) == 0) {
    if (endsWith(Base, ".pub"))
      return std::nullopt;
    return CredentialFile{Kind::PrivateKey, FileFormat::Pem, "private key"};
  }
  if (endsWith(Base, ".pem") || endsWith(Base, ".key"))
    return CredentialFile{Kind::PrivateKey, FileFormat::Pem, "private key"};
  return std::nullopt;
}

bool isLogPath(std::string_view Path) {
  std::string_view Base = baseName(Path);
  return endsWith(Base, ".log") || Base.find(".log.") != std::string_view::npos ||
         Path.find("/log/") != std::string_view::npos ||
         Path.find("/logs/") != std::string_view::npos;
}

std::vector<FileSecret> secretsInFile(const CredentialFile &F,
                                      std::string_view Path,
                                      std::string_view Text, size_t MinLen) {
  std::vector<FileSecret> Out;
  std::string_view Base = baseName(Path);
  switch (F.Format) {
  case FileFormat::Whole:
    addSecret(Out, Base, Text, MinLen);
    break;
  case FileFormat::KeyValues:
    keyValues(Text, Base, MinLen, Out);
    break;
  case FileFormat::Json:
    jsonValues(Text, MinLen, Out);
    break;
  case FileFormat::Pem: {
    // A .pem may hold only certificates: public, not a secret. A key is
    // registered whole, and as its base64 body on one line (the form it
    // takes inside JSON or an environment variable).
    if (Text.find("PRIVATE KEY-----") == std::string_view::npos)
      break;
    addSecret(Out, Base, Text, MinLen);
    std::string Body;
    size_t Pos = 0;
    while (Pos < Text.size()) {
      size_t Eol = Text.find('\n', Pos);
      std::string_view Line = Text.substr(
          Pos, Eol == std::string_view::npos ? std::string_view::npos : Eol - Pos);
      Pos = Eol == std::string_view::npos ? Text.size() : Eol + 1;
      if (Line.find("-----") == std::string_view::npos &&
          Line.find(':') == std::string_view::npos)
        Body += trim(Line);
    }
    addSecret(Out, Base, Body, MinLen);
    break;
  }
  }
  return Out;
}

} // namespace credtaint::rt::match
