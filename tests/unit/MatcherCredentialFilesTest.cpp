// Credential files as preload mode reads them: which paths are credential
// files (and which are log files), and which values in them are secrets.
#include "match/CredentialFiles.h"

#include <gtest/gtest.h>

using namespace credtaint;
using namespace credtaint::rt::match;

namespace {
std::vector<std::string> values(const std::vector<FileSecret> &S) {
  std::vector<std::string> V;
  for (const FileSecret &F : S)
    V.push_back(F.Value);
  return V;
}
} // namespace

TEST(MatcherCredentialFiles, Paths) {
  EXPECT_EQ(classifyCredentialPath("/home/u/.aws/credentials")->CredKind,
            Kind::CloudCredential);
  EXPECT_EQ(classifyCredentialPath("/home/u/.netrc")->CredKind, Kind::Password);
  EXPECT_EQ(classifyCredentialPath("/home/u/.ssh/id_ed25519")->CredKind,
            Kind::PrivateKey);
  EXPECT_FALSE(classifyCredentialPath("/home/u/.ssh/id_ed25519.pub"));
  EXPECT_TRUE(classifyCredentialPath("/etc/app/tls.key"));
  EXPECT_TRUE(classifyCredentialPath("/etc/app/tls.pem"));
  EXPECT_TRUE(classifyCredentialPath("/home/u/.docker/config.json"));
  EXPECT_TRUE(classifyCredentialPath("/home/u/.kube/config"));
  EXPECT_EQ(classifyCredentialPath(
                "/var/run/secrets/kubernetes.io/serviceaccount/token")->Layout,
            credtaint::rt::SecretLayout::Whole);
  EXPECT_FALSE(classifyCredentialPath("/home/u/notes.txt"));
  EXPECT_FALSE(classifyCredentialPath("/home/u/config"));
}

TEST(MatcherCredentialFiles, LogPaths) {
  EXPECT_TRUE(isLogPath("/tmp/app.log"));
  EXPECT_TRUE(isLogPath("/tmp/app.log.1"));
  EXPECT_TRUE(isLogPath("/var/log/app/current"));
  EXPECT_TRUE(isLogPath("/srv/logs/out.txt"));
  EXPECT_FALSE(isLogPath("/tmp/catalog.txt"));
  EXPECT_FALSE(isLogPath("/tmp/blog/post.md"));
}

TEST(MatcherCredentialFiles, AwsCredentialsKeepOnlyTheSecretKeys) {
  // SECRET: wJalrFAKEtestSECRETkeyEXAMPLE0123456789
  // SECRET: FwoGZXIvYXdzFAKEsessionTOKENexample
  auto F = *classifyCredentialPath("/home/u/.aws/credentials");
  std::string Text = "[default]\nregion = eu-west-1\n"
                     "aws_access_key_id = AKIAFAKEFAKEFAKE\n"
                     "aws_secret_access_key = wJalrFAKEtestSECRETkeyEXAMPLE0123456789\n"
                     "aws_session_token=FwoGZXIvYXdzFAKEsessionTOKENexample\n";
  std::vector<std::string> V = values(secretsInFile(F, "/home/u/.aws/credentials", Text, 8));
  EXPECT_EQ(V, (std::vector<std::string>{"wJalrFAKEtestSECRETkeyEXAMPLE0123456789",
                                         "FwoGZXIvYXdzFAKEsessionTOKENexample"}));
}

TEST(MatcherCredentialFiles, NetrcPasswordsOnOneLineOrMany) {
  // SECRET: netrcFakePassw0rd
  // SECRET: secondFakePassw0rd
  auto F = *classifyCredentialPath("/home/u/.netrc");
  std::string Text = "machine api.example.com login svc password netrcFakePassw0rd\n"
                     "machine other.example.com\n  login me\n  password secondFakePassw0rd\n";
  std::vector<FileSecret> S = secretsInFile(F, "/home/u/.netrc", Text, 8);
  EXPECT_EQ(values(S), (std::vector<std::string>{"netrcFakePassw0rd",
                                                 "secondFakePassw0rd"}));
  EXPECT_EQ(S[0].Name, "file:.netrc:password");
}

TEST(MatcherCredentialFiles, DockerConfigAuth) {
  // SECRET: c3ZjOmZha2UtZG9ja2VyLXBhc3N3b3Jk
  auto F = *classifyCredentialPath("/home/u/.docker/config.json");
  std::string Text = R"({"auths": {"registry.example.com": {"auth": "c3ZjOmZha2UtZG9ja2VyLXBhc3N3b3Jk"}}, "credsStore": ""})";
  EXPECT_EQ(values(secretsInFile(F, "config.json", Text, 8)),
            (std::vector<std::string>{"c3ZjOmZha2UtZG9ja2VyLXBhc3N3b3Jk"}));
}

TEST(MatcherCredentialFiles, PemKeyWholeAndBodyCertificatesNot) {
  // SECRET: FAKEkeyLINEoneFAKEkeyLINEoneFAKEkeyLINEone
  // SECRET: FAKEkeyLINEtwo
  auto F = *classifyCredentialPath("/etc/app/tls.key");
  std::string Key = "-----BEGIN PRIVATE KEY-----\n"
                    "FAKEkeyLINEoneFAKEkeyLINEoneFAKEkeyLINEone\nFAKEkeyLINEtwo\n"
                    "-----END PRIVATE KEY-----\n";
  std::vector<std::string> V = values(secretsInFile(F, "/etc/app/tls.key", Key, 8));
  ASSERT_EQ(V.size(), 2u);
  EXPECT_EQ(V[1], "FAKEkeyLINEoneFAKEkeyLINEoneFAKEkeyLINEoneFAKEkeyLINEtwo");
  std::string Cert = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";
  EXPECT_TRUE(secretsInFile(F, "/etc/app/tls.pem", Cert, 8).empty());
}

TEST(MatcherCredentialFiles, ShortValuesAreNotSecrets) {
  auto F = *classifyCredentialPath("/home/u/.netrc");
  EXPECT_TRUE(secretsInFile(F, ".netrc", "machine h password abc\n", 8).empty());
}

namespace {
// The files issue 15 adds: .pgpass, .git-credentials, dotenv, package
// registries' configs; each read in its own layout.
TEST(MatcherCredentialFiles, MoreCredentialFiles) {
  // SECRET: pgFakePassw0rd99
  // SECRET: ghp_FakeGitCredential0123
  // SECRET: npm_FakeRegistryToken0123
  auto Pg = *classifyCredentialPath("/home/u/.pgpass");
  EXPECT_EQ(values(secretsInFile(Pg, "/home/u/.pgpass", "db:5432:*:svc:pgFakePassw0rd99\n", 8)),
            std::vector<std::string>{"pgFakePassw0rd99"});
  auto Git = *classifyCredentialPath("/home/u/.git-credentials");
  EXPECT_EQ(values(secretsInFile(Git, ".git-credentials",
                                 "https://bot:ghp_FakeGitCredential0123@github.com\n", 8)),
            std::vector<std::string>{"ghp_FakeGitCredential0123"});
  auto Npm = *classifyCredentialPath("/srv/app/.npmrc");
  EXPECT_EQ(values(secretsInFile(Npm, ".npmrc",
                                 "//registry.npmjs.org/:_authToken=npm_FakeRegistryToken0123\n", 8)),
            std::vector<std::string>{"npm_FakeRegistryToken0123"});
  EXPECT_TRUE(classifyCredentialPath("/srv/app/.env"));
  EXPECT_TRUE(classifyCredentialPath("/srv/app/.env.production"));
  EXPECT_TRUE(classifyCredentialPath("/srv/app/cert.p12"));
  EXPECT_FALSE(classifyCredentialPath("/srv/app/environment.txt"));
}
} // namespace
