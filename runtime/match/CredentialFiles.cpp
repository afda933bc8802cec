//===- CredentialFiles.cpp - files that hold credentials ------------------===//

#include "match/CredentialFiles.h"

namespace credtaint::rt::match {
namespace {

bool endsWith(std::string_view S, std::string_view Suffix) {
  return S.size() >= Suffix.size() &&
         S.compare(S.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
}

bool startsWith(std::string_view S, std::string_view Prefix) {
  return S.compare(0, Prefix.size(), Prefix) == 0;
}

} // namespace

std::optional<CredentialFile> classifyCredentialPath(std::string_view Path) {
  using L = SecretLayout;
  std::string_view Base = fileBaseName(Path);
  if (Path == "/var/run/secrets/kubernetes.io/serviceaccount/token" ||
      Path == "/run/secrets/kubernetes.io/serviceaccount/token")
    return CredentialFile{Kind::Token, L::Whole, "service-account token"};
  if (endsWith(Path, "/.aws/credentials") || endsWith(Path, "/.aws/config"))
    return CredentialFile{Kind::CloudCredential, L::Document, "aws credentials"};
  if (Base == ".netrc" || Base == "_netrc")
    return CredentialFile{Kind::Password, L::Netrc, "netrc"};
  if (Base == ".pgpass")
    return CredentialFile{Kind::Password, L::Pgpass, "pgpass"};
  if (Base == ".git-credentials")
    return CredentialFile{Kind::Token, L::UrlLines, "git credentials"};
  if (endsWith(Path, "/.docker/config.json"))
    return CredentialFile{Kind::Token, L::Registry, "docker config"};
  if (endsWith(Path, "/.kube/config") || Base == "kubeconfig")
    return CredentialFile{Kind::Token, L::Document, "kube config"};
  if (Base == ".npmrc" || Base == ".pypirc")
    return CredentialFile{Kind::Token, L::Document, "package registry config"};
  if (Base == ".env" || startsWith(Base, ".env.") || endsWith(Base, ".env"))
    return CredentialFile{Kind::GenericSecret, L::Document, "dotenv"};
  if (startsWith(Base, "id_rsa") || startsWith(Base, "id_ecdsa") ||
      startsWith(Base, "id_ed25519") || startsWith(Base, "id_dsa")) {
    if (endsWith(Base, ".pub"))
      return std::nullopt;
    return CredentialFile{Kind::PrivateKey, L::Document, "private key"};
  }
  if (endsWith(Base, ".pem") || endsWith(Base, ".key") || endsWith(Base, ".p12") ||
      endsWith(Base, ".pfx"))
    return CredentialFile{Kind::PrivateKey, L::Document, "private key"};
  return std::nullopt;
}

bool isLogPath(std::string_view Path) {
  std::string_view Base = fileBaseName(Path);
  return endsWith(Base, ".log") || Base.find(".log.") != std::string_view::npos ||
         Path.find("/log/") != std::string_view::npos ||
         Path.find("/logs/") != std::string_view::npos;
}

std::vector<FileSecret> secretsInFile(const CredentialFile &F,
                                      std::string_view Path,
                                      std::string_view Text, size_t MinLen) {
  std::vector<FileSecret> Out;
  auto Add = [&](const DocumentSecret &S, std::string_view Value) {
    if (Value.size() < MinLen)
      return;
    for (const FileSecret &Have : Out)
      if (Have.Value == Value)
        return;
    Out.push_back({fileCredentialName(Path, S.Key), S.CredKind, std::string(Value)});
  };
  std::string_view Base = fileBaseName(Path);
  for (const DocumentSecret &S :
       scanCredentialFile(F.Layout, Text, Base, F.CredKind, MinLen)) {
    std::string_view Value = Text.substr(S.Offset, S.Length);
    Add(S, Value);
    if (S.CredKind != Kind::PrivateKey)
      continue;
    std::string Body; // the base64 lines between BEGIN and END, joined
    for (size_t Pos = 0; Pos < Value.size();) {
      size_t Eol = Value.find('\n', Pos);
      std::string_view Line = Value.substr(
          Pos, Eol == std::string_view::npos ? std::string_view::npos : Eol - Pos);
      Pos = Eol == std::string_view::npos ? Value.size() : Eol + 1;
      while (!Line.empty() && (Line.back() == '\r' || Line.back() == ' '))
        Line.remove_suffix(1);
      if (Line.find("-----") == std::string_view::npos &&
          Line.find(':') == std::string_view::npos)
        Body += Line;
    }
    Add(S, Body);
  }
  return Out;
}

std::string_view fileBaseName(std::string_view Path) {
  size_t Slash = Path.rfind('/');
  return Slash == std::string_view::npos ? Path : Path.substr(Slash + 1);
}

std::string fileCredentialName(std::string_view Path, std::string_view Key) {
  return "file:" + std::string(fileBaseName(Path)) + ":" + std::string(Key);
}

} // namespace credtaint::rt::match
