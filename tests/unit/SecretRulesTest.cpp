// common/SecretRules.cpp: the hardcoded-credential engine.
#include "SecretRules.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using credtaint::SecretRules;

namespace {
std::string defaultRules() {
  std::ifstream In(CREDTAINT_SOURCE_DIR "/include/credtaint/catalog/secret-rules.json");
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}
// Test values are assembled at run time so no credential-shaped literal
// stands in this file.
std::string repeat(const std::string &Unit, size_t N) {
  std::string S;
  while (S.size() < N)
    S += Unit;
  return S.substr(0, N);
}
} // namespace

TEST(SecretRules, DefaultFileLoads) {
  SecretRules R;
  std::string Error;
  ASSERT_TRUE(R.load(defaultRules(), "secret-rules.json", Error)) << Error;
  EXPECT_GE(R.size(), 10u);
}

TEST(SecretRules, Entropy) {
  EXPECT_DOUBLE_EQ(SecretRules::shannonEntropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(SecretRules::shannonEntropy("abcd"), 2.0);
  EXPECT_DOUBLE_EQ(SecretRules::shannonEntropy(""), 0.0);
}

TEST(SecretRules, ProviderFormatNeedsItsShapeAndEntropy) {
  SecretRules R;
  std::string Error;
  ASSERT_TRUE(R.load(defaultRules(), "secret-rules.json", Error));
  std::string Body = repeat("Zq8sKx2LmN4pR7tV9wY1bC3dE5fG6hJ0kL2mQ", 36);
  auto M = R.match(std::string("gh") + "p_" + Body, "");
  ASSERT_TRUE(M);
  EXPECT_EQ(M->RuleId, "github-token");
  EXPECT_EQ(M->Kind, "token");
  EXPECT_FALSE(R.match(std::string("gh") + "p_" + repeat("a", 36), ""));   // no entropy
  EXPECT_FALSE(R.match(std::string("gh") + "p_" + Body.substr(0, 20), "")); // too short
}

TEST(SecretRules, BoundRuleNeedsABinding) {
  SecretRules R;
  std::string Error;
  ASSERT_TRUE(R.load(defaultRules(), "secret-rules.json", Error));
  std::string Pw = "Vq7#mK2!xP9wL4zR";
  EXPECT_FALSE(R.match(Pw, ""));
  auto M = R.match(Pw, "password");
  ASSERT_TRUE(M);
  EXPECT_EQ(M->RuleId, "credential-bound-literal");
  EXPECT_EQ(M->Kind, "password");
  for (const char *Placeholder : {"changeme-please", "${DB_PASSWORD}", "<your-api-key>",
                                  "xxxxxxxxxxxxxxxx", "user=%s token=%s",
                                  "5d41402abc4b2a76b9719d911017c592"})
    EXPECT_FALSE(R.match(Placeholder, "password")) << Placeholder;
}

TEST(SecretRules, ErrorsNameFileAndJsonPathAndKeepEarlierRules) {
  SecretRules R;
  std::string Error;
  EXPECT_FALSE(R.load("{\"rules\": [{\"id\": \"ok\", \"regex\": \"abc(def)\"},"
                      "{\"id\": \"bad\", \"regex\": \"(unclosed\"}]}",
                      "project.json", Error));
  EXPECT_NE(Error.find("project.json: $.rules[1].regex: invalid RE2 pattern"),
            std::string::npos)
      << Error;
  EXPECT_EQ(R.size(), 1u);
  EXPECT_FALSE(R.load("[1,2]", "x.json", Error));
  EXPECT_EQ(Error, "x.json: not a JSON object");
  EXPECT_FALSE(R.load("{\"rules\": [{\"regex\": \"a\"}]}", "y.json", Error));
  EXPECT_NE(Error.find("y.json: $.rules[0]: a rule needs"), std::string::npos);
  EXPECT_FALSE(R.load("{\"allowlist\": {\"stopwords\": [1]}}", "z.json", Error));
  EXPECT_NE(Error.find("z.json: $.allowlist.stopwords[0]: expected a string"),
            std::string::npos);
}

TEST(SecretRules, DefaultRulesPathIsBesideTheLibrary) {
  EXPECT_EQ(SecretRules::defaultRulesPath("/opt/ct/lib/credtaint/CredTaintPlugin.so"),
            "/opt/ct/share/credtaint/secret-rules.json");
}
