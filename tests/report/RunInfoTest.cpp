//===- RunInfoTest.cpp - repository, branch, commit and build of a report -===//

#include "Paths.h"
#include "ReportTestUtil.h"
#include "RunInfo.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

namespace credtaint::report {
namespace {

EnvLookup envOf(std::map<std::string, std::string> Vars) {
  return [Vars](const char *Name) -> std::optional<std::string> {
    auto It = Vars.find(Name);
    if (It == Vars.end())
      return std::nullopt;
    return It->second;
  };
}

TEST(RunInfoTest, GitHubActions) {
  RunInfo R = detectRunInfo("", envOf({{"GITHUB_REPOSITORY", "acme/service"},
                                       {"GITHUB_REF_NAME", "main"},
                                       {"GITHUB_SHA", "abc123"},
                                       {"GITHUB_RUN_ID", "99"}}),
                            /*UseGit=*/false);
  EXPECT_EQ(R.Provider, "github");
  EXPECT_EQ(R.Repository, "acme/service");
  EXPECT_EQ(R.RepositoryUri, "https://github.com/acme/service");
  EXPECT_EQ(R.Branch, "main");
  EXPECT_EQ(R.Commit, "abc123");
  EXPECT_EQ(R.BuildId, "99");
  EXPECT_EQ(R.BuildUrl, "https://github.com/acme/service/actions/runs/99");
}

TEST(RunInfoTest, GitHubPullRequestUsesTheHeadBranch) {
  RunInfo R = detectRunInfo("", envOf({{"GITHUB_REPOSITORY", "acme/service"},
                                       {"GITHUB_SERVER_URL", "https://ghe.example"},
                                       {"GITHUB_REF_NAME", "17/merge"},
                                       {"GITHUB_HEAD_REF", "fix-logging"}}),
                            false);
  EXPECT_EQ(R.Branch, "fix-logging");
  EXPECT_EQ(R.RepositoryUri, "https://ghe.example/acme/service");
}

TEST(RunInfoTest, GitLabCi) {
  RunInfo R = detectRunInfo(
      "", envOf({{"CI_PROJECT_PATH", "group/service"},
                 {"CI_PROJECT_URL", "https://gitlab.example/group/service"},
                 {"CI_COMMIT_REF_NAME", "develop"},
                 {"CI_COMMIT_SHA", "def456"},
                 {"CI_PIPELINE_ID", "1234"},
                 {"CI_REPOSITORY_URL",
                  "https://gitlab-ci-token:glcbt-SECRET@gitlab.example/group/service.git"}}),
      false);
  EXPECT_EQ(R.Provider, "gitlab");
  EXPECT_EQ(R.Repository, "group/service");
  EXPECT_EQ(R.RepositoryUri, "https://gitlab.example/group/service");
  EXPECT_EQ(R.Branch, "develop");
  EXPECT_EQ(R.Commit, "def456");
  EXPECT_EQ(R.BuildId, "1234");
  EXPECT_EQ(runInfoJson(R).dump().find("SECRET"), std::string::npos);
}

TEST(RunInfoTest, NoCiAndNoGitLeavesItEmpty) {
  RunInfo R = detectRunInfo("/", envOf({}), false);
  EXPECT_TRUE(runInfoJson(R).empty());
}

TEST(RunInfoTest, UrlsLoseTheirCredentials) {
  EXPECT_EQ(redactUrl("https://user:ghp_secret@github.com/acme/x.git"),
            "https://github.com/acme/x.git");
  EXPECT_EQ(redactUrl("https://oauth2:tok@gitlab.example:8443/g/x?private_token=t#f"),
            "https://gitlab.example:8443/g/x");
  EXPECT_EQ(redactUrl("git@github.com:acme/x.git"), "ssh://github.com/acme/x.git");
  EXPECT_EQ(redactUrl("ssh://git@host/x"), "ssh://host/x");
  EXPECT_EQ(redactUrl("/srv/git/x.git"), "file:///srv/git/x.git");
  EXPECT_EQ(redactUrl("https://github.com/acme/x"), "https://github.com/acme/x");
  EXPECT_EQ(redactUrl(""), "");
}

TEST(RunInfoTest, GitInTheSourceRoot) {
  if (std::system("git --version > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "git is not installed";
  test::ScratchDir D;
  D.write("a.txt", "a\n");
  std::string Cmd =
      "cd '" + D.path() +
      "' && git init -q -b feature-x && git -c user.email=t@e -c user.name=t "
      "commit -q --allow-empty -m init && git remote add origin "
      "https://me:ghp_notreal@github.com/acme/service.git";
  ASSERT_EQ(std::system(Cmd.c_str()), 0);
  RunInfo R = detectRunInfo(D.path(), envOf({}));
  EXPECT_EQ(R.Provider, "git");
  EXPECT_EQ(R.Commit.size(), 40u);
  EXPECT_EQ(R.Branch, "feature-x");
  EXPECT_EQ(R.RepositoryUri, "https://github.com/acme/service.git");
  EXPECT_EQ(R.Repository, "acme/service");
}

TEST(PathsTest, RelativeToTheRootOnlyWhenUnderIt) {
  std::string Rel;
  EXPECT_TRUE(relativeTo("/work/main/src/a.cpp", "/work/main", Rel));
  EXPECT_EQ(Rel, "src/a.cpp");
  EXPECT_FALSE(relativeTo("/work/mainline/a.cpp", "/work/main", Rel));
  EXPECT_FALSE(relativeTo("/work/main", "/work/main", Rel));
  EXPECT_FALSE(relativeTo("/work/main/a.cpp", "", Rel));
  EXPECT_EQ(displayPath("/other/a.cpp", "/work/main"), "/other/a.cpp");
  EXPECT_EQ(normalizeRoot("/work/main/./x/../"), "/work/main");
  EXPECT_EQ(uriPath("dir with space/a#b%.cpp"), "dir%20with%20space/a%23b%25.cpp");
  EXPECT_EQ(fileUri("/a b"), "file:///a%20b");
}

TEST(PathsTest, WritesAtomically) {
  test::ScratchDir D;
  std::string Error;
  std::string P = D.path() + "/out/report.sarif";
  ASSERT_TRUE(writeFileAtomically(P, "{}\n", Error)) << Error;
  EXPECT_EQ(test::readFile(P), "{}\n");
  EXPECT_FALSE(writeFileAtomically(D.path() + "/out/report.sarif/x", "", Error));
  EXPECT_FALSE(Error.empty());
}

} // namespace
} // namespace credtaint::report
