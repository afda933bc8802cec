//===- OwnersTest.cpp - CODEOWNERS patterns and owner resolution ----------===//

#include "Owners.h"
#include "ReportTestUtil.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace credtaint::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(OwnersTest, PatternsAsGitHubDocumentsThem) {
  // '*' and extensions match at any depth.
  EXPECT_TRUE(ownerPatternMatches("*", "a.cpp"));
  EXPECT_TRUE(ownerPatternMatches("*", "src/deep/a.cpp"));
  EXPECT_TRUE(ownerPatternMatches("*.js", "web/app/main.js"));
  EXPECT_FALSE(ownerPatternMatches("*.js", "web/app/main.jsx"));
  // A leading '/' anchors; a trailing '/' is a directory and what is in it.
  EXPECT_TRUE(ownerPatternMatches("/build/logs/", "build/logs/a/b.log"));
  EXPECT_FALSE(ownerPatternMatches("/build/logs/", "x/build/logs/b.log"));
  EXPECT_FALSE(ownerPatternMatches("/build/logs/", "build/logs"));
  // A directory without an inner '/' is matched anywhere.
  EXPECT_TRUE(ownerPatternMatches("apps/", "apps/x.cpp"));
  EXPECT_TRUE(ownerPatternMatches("apps/", "src/apps/x/y.cpp"));
  // An inner '/' anchors too.
  EXPECT_TRUE(ownerPatternMatches("docs/guide", "docs/guide/a.md"));
  EXPECT_FALSE(ownerPatternMatches("docs/guide", "x/docs/guide/a.md"));
  // "docs/*" owns docs' own files, not nested ones.
  EXPECT_TRUE(ownerPatternMatches("docs/*", "docs/getting-started.md"));
  EXPECT_FALSE(ownerPatternMatches("docs/*", "docs/build-app/troubleshooting.md"));
  // '**': any number of directories, none too.
  EXPECT_TRUE(ownerPatternMatches("**/logs", "a/b/logs/x.log"));
  EXPECT_TRUE(ownerPatternMatches("**/logs", "logs/x.log"));
  EXPECT_TRUE(ownerPatternMatches("docs/**", "docs/a/b/c.md"));
  EXPECT_TRUE(ownerPatternMatches("src/**/test_*.cpp", "src/test_a.cpp"));
  EXPECT_TRUE(ownerPatternMatches("src/**/test_*.cpp", "src/a/b/test_a.cpp"));
  EXPECT_FALSE(ownerPatternMatches("src/**/test_*.cpp", "lib/a/test_a.cpp"));
  // '?' is one character, never '/'; case matters.
  EXPECT_TRUE(ownerPatternMatches("/v?.txt", "v1.txt"));
  EXPECT_FALSE(ownerPatternMatches("/v?.txt", "v12.txt"));
  EXPECT_FALSE(ownerPatternMatches("/src/", "SRC/a.cpp"));
  // Unsupported syntax never matches.
  EXPECT_FALSE(ownerPatternMatches("!*.cpp", "a.cpp"));
  EXPECT_FALSE(ownerPatternMatches("[ab].cpp", "a.cpp"));
  // Many '**' stay cheap.
  EXPECT_FALSE(ownerPatternMatches("**/**/**/**/**/**/**/**/**/**/x",
                                   "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/y"));
}

TEST(OwnersTest, LastMatchingLineWinsAndOwnersAreJoined) {
  CodeOwners C;
  std::vector<std::string> W;
  C.parse("CODEOWNERS",
          "# comment\n"
          "*            @acme/everyone\n"
          "\n"
          "/src/        @acme/backend   # trailing comment\n"
          "   # indented comment\n"
          "/src/db/     @acme/db-team dba@acme.example\r\n"
          "/src/db/gen/\n",
          W);
  EXPECT_TRUE(W.empty()) << W[0];
  ASSERT_EQ(C.rules().size(), 4u);
  const OwnerRule *R = C.match("src/db/conn.cpp");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Line, 6u);
  EXPECT_THAT(R->Owners, ElementsAre("@acme/db-team", "dba@acme.example"));
  EXPECT_EQ(C.match("src/api.cpp")->Line, 4u);
  EXPECT_EQ(C.match("README.md")->Line, 2u);
  // A last match without owners: the file has none from CODEOWNERS.
  EXPECT_TRUE(C.match("src/db/gen/x.cpp")->Owners.empty());

  OwnerResolver O(C, {}, "credtaint.json");
  auto S = O.resolve("src/db/conn.cpp");
  ASSERT_TRUE(S);
  EXPECT_EQ(S->Owner, "@acme/db-team dba@acme.example");
  EXPECT_EQ(S->Reason, "CODEOWNERS line 6: /src/db/ @acme/db-team dba@acme.example");
  EXPECT_FALSE(O.resolve("src/db/gen/x.cpp"));
}

TEST(OwnersTest, MalformedLinesAreSkippedWithAWarningEach) {
  CodeOwners C;
  std::vector<std::string> W;
  C.parse(".github/CODEOWNERS",
          "*.cpp @acme/cxx\n"
          "docs/ team-without-at\n"
          "!vendor/ @acme/vendor\n"
          "lib/[ab]/ @acme/lib\n"
          "[Section name]\n"
          "^[Optional section][2] @acme/section-default\n"
          "tools/ @ @acme/tools\n"
          "src/ @acme//x\n"
          "web/ @acme/web\n",
          W);
  ASSERT_EQ(W.size(), 5u);
  EXPECT_EQ(W[0], ".github/CODEOWNERS line 2: skipped: owner 'team-without-at' "
                  "is not @user, @org/team or an e-mail address");
  EXPECT_THAT(W[1], HasSubstr("line 3: skipped: negation ('!')"));
  EXPECT_THAT(W[2], HasSubstr("line 4: skipped: character ranges"));
  EXPECT_THAT(W[3], HasSubstr("line 7: skipped: owner '@'"));
  EXPECT_THAT(W[4], HasSubstr("line 8: skipped: owner '@acme//x'"));
  ASSERT_EQ(C.rules().size(), 2u);
  EXPECT_EQ(C.rules()[1].Line, 9u);
  EXPECT_EQ(C.match("docs/a.md"), nullptr);
}

TEST(OwnersTest, HostileInputDoesNotCrash) {
  std::string Text;
  for (int I = 0; I < 300; ++I)
    Text += std::string(I % 7, '*') + "/" + std::string(I % 5, '\\') + "#" +
            std::string(1, char(I)) + " @" + std::string(I % 3, '/') + "\n";
  Text += std::string(100000, '*') + " @a\n\\";
  CodeOwners C;
  std::vector<std::string> W;
  C.parse("CODEOWNERS", Text, W);
  (void)C.match("a/b/c/d.cpp");
  (void)C.match("");
  SUCCEED();
}

TEST(OwnersTest, EscapedSpaceAndHash) {
  CodeOwners C;
  std::vector<std::string> W;
  C.parse("CODEOWNERS", "docs/my\\ guide/ @acme/docs\n\\#notes.md @acme/notes\n", W);
  ASSERT_TRUE(W.empty());
  ASSERT_TRUE(C.match("docs/my guide/a.md"));
  EXPECT_EQ(C.match("#notes.md")->Owners[0], "@acme/notes");
}

TEST(OwnersTest, CredtaintJsonOwnersWhenCodeownersNamesNone) {
  CodeOwners C;
  std::vector<std::string> W;
  C.parse("CODEOWNERS", "/src/api/ @acme/api\n/tools/\n", W);
  OwnerResolver O(C,
                  {{"tools/**", "release-engineering"},
                   {"tools/release/**", "release-team"},
                   {"*.cpp", "cxx"},
                   {"tools/**", "later-same-glob"}},
                  "credtaint.json");
  // CODEOWNERS first.
  EXPECT_EQ(O.resolve("src/api/a.cpp")->Owner, "@acme/api");
  // The most specific glob, whatever its place.
  auto R = O.resolve("tools/release/upload.cpp");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->Owner, "release-team");
  EXPECT_EQ(R->Reason, "credtaint.json owners: tools/release/** -> release-team");
  // Equally specific: the later one.
  EXPECT_EQ(O.resolve("tools/x.sh")->Owner, "later-same-glob");
  EXPECT_EQ(O.resolve("lib/a.cpp")->Owner, "cxx");
  // None, and paths outside the source root.
  EXPECT_FALSE(O.resolve("lib/a.py"));
  EXPECT_FALSE(O.resolve("/usr/include/a.cpp"));
  EXPECT_FALSE(O.resolve("../other/a.cpp"));
  EXPECT_FALSE(O.resolve(""));
  EXPECT_EQ(O.resolve("./lib/b.cpp")->Owner, "cxx");
}

TEST(OwnersTest, TheFirstCodeownersFileThatExists) {
  test::ScratchDir D;
  D.write("docs/CODEOWNERS", "* @from-docs\n");
  D.write("CODEOWNERS", "* @from-root\n");
  CodeOwners C;
  std::vector<std::string> W;
  ASSERT_TRUE(loadCodeOwners(D.path(), C, W));
  EXPECT_EQ(C.name(), "CODEOWNERS");
  D.write(".github/CODEOWNERS", "* @from-github\n");
  ASSERT_TRUE(loadCodeOwners(D.path(), C, W));
  EXPECT_EQ(C.name(), ".github/CODEOWNERS");
  EXPECT_EQ(C.match("a")->Owners[0], "@from-github");
  test::ScratchDir Empty;
  CodeOwners None;
  EXPECT_FALSE(loadCodeOwners(Empty.path(), None, W));
  EXPECT_TRUE(W.empty());
}

} // namespace
} // namespace credtaint::report
