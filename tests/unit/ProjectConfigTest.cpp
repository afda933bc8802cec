// credtaint.json: parsing, validation messages (file, JSON path, problem),
// keeping what is valid, name classification and discovery.
#include "ProjectConfig.h"
#include "TempDir.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

using namespace credtaint;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

struct Parsed {
  ProjectConfig Config;
  std::vector<std::string> Errors;
  bool Ok;
};

Parsed parse(const std::string &Json) {
  Parsed P;
  P.Ok = parseProjectConfig(Json, "proj/credtaint.json", P.Config, P.Errors);
  return P;
}

TEST(ProjectConfig, ReadsEverySection) {
  Parsed P = parse(R"({
    "version": 1,
    "names": {"include": [{"pattern": "*sigil*", "kind": "password"}, "svc_*_material"],
              "exclude": ["*token_hint*"]},
    "sources": [{"function": "vault::read", "kind": "token", "scope": ["vault.internal"]},
                {"function": "fill_secret", "arg": 1, "type": "buf", "length_arg": 2}],
    "sinks": [{"function": "applog_write", "arg": 1},
              {"function": "app::log::*", "arg": 1, "type": "format"}],
    "declassifiers": ["hash_for_log", {"function": "mask_into", "arg": 1, "type": "cstr"}],
    "scopes": {"PAYMENTS_*": ["api.payments.example", "*.payments.example"], "db_password": "db.internal"},
    "secret_rules": ["rules/extra.json", "/abs/rules.json"]
  })");
  EXPECT_TRUE(P.Ok);
  EXPECT_TRUE(P.Errors.empty());
  const ProjectConfig &C = P.Config;
  ASSERT_EQ(C.Sources.size(), 2u);
  EXPECT_EQ(C.Sources[0].CredKind, Kind::Token);
  EXPECT_EQ(C.Sources[0].Scope, "vault.internal");
  EXPECT_EQ(C.Sources[0].Arg, -1);
  EXPECT_EQ(C.Sources[1].Type, DataType::Buf);
  EXPECT_EQ(C.Sources[1].LengthArg, 2);
  ASSERT_EQ(C.Sinks.size(), 2u);
  EXPECT_EQ(C.Sinks[1].Type, DataType::Format);
  ASSERT_EQ(C.Declassifiers.size(), 2u);
  EXPECT_EQ(C.Declassifiers[1].Arg, 1);
  ASSERT_EQ(C.Scopes.size(), 2u);
  EXPECT_EQ(C.Scopes[0].Hosts, "api.payments.example,*.payments.example");
  EXPECT_THAT(C.SecretRuleFiles,
              ElementsAre("proj/rules/extra.json", "/abs/rules.json"));

  EXPECT_NE(C.findSink("app::log::warn", "_ZN3app3log4warnEPKcz"), nullptr);
  EXPECT_NE(C.findSink("applog_write", "applog_write"), nullptr);
  EXPECT_EQ(C.findSink("applog_writer", "applog_writer"), nullptr);
  EXPECT_NE(C.findDeclassifier("hash_for_log", "_Z12hash_for_logRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE"), nullptr);
}

TEST(ProjectConfig, NamesExtendAndOverrideTheCatalog) {
  Parsed P = parse(R"({"names": {"include": [{"pattern": "*sigil*", "kind": "password"}, "svc_*_material"],
                                 "exclude": ["*token_hint*"]}})");
  ASSERT_TRUE(P.Ok);
  EXPECT_EQ(P.Config.classifyName("svc_sigil"), Kind::Password);
  EXPECT_EQ(P.Config.classifyName("SVC_SIGNING_MATERIAL"), Kind::GenericSecret);
  EXPECT_EQ(P.Config.classifyName("session_token_hint"), std::nullopt);
  EXPECT_EQ(P.Config.classifyName("session_token"), Kind::Token); // catalog
  EXPECT_EQ(P.Config.classifyName("retry_count"), std::nullopt);
  ProjectConfig Empty;
  EXPECT_EQ(Empty.classifyName("svc_sigil"), std::nullopt);
}

TEST(ProjectConfig, EachProblemNamesFileAndPathAndValidEntriesStay) {
  Parsed P = parse(R"({
    "verison": 1,
    "sinks": [{"function": "good_log", "arg": 0},
              {"function": "no_arg"},
              "bare_name",
              {"function": "bad_type", "arg": 1, "type": "utf16"},
              {"function": "buf_without_len", "arg": 0, "type": "buf"},
              {"function": "neg", "arg": -1}],
    "sources": [{"function": "s", "kind": "passwd"}, {"function": "both", "arg": 1, "result": true}],
    "declassifiers": [42, {"function": "", "arg": 0}],
    "scopes": {"X": []},
    "names": {"include": [{"kind": "token"}], "exclude": [7]}
  })");
  EXPECT_FALSE(P.Ok);
  ASSERT_EQ(P.Config.Sinks.size(), 1u);
  EXPECT_EQ(P.Config.Sinks[0].Name, "good_log");
  auto Has = [&](const std::string &S) {
    for (const std::string &E : P.Errors)
      if (E.find(S) != std::string::npos)
        return true;
    return false;
  };
  EXPECT_TRUE(Has("proj/credtaint.json: $.verison: unknown key"));
  EXPECT_TRUE(Has("$.sinks[1]: missing \"arg\""));
  EXPECT_TRUE(Has("$.sinks[2]: a sink needs an object"));
  EXPECT_TRUE(Has("$.sinks[3].type: unknown type"));
  EXPECT_TRUE(Has("$.sinks[4]: type \"buf\" needs \"length_arg\""));
  EXPECT_TRUE(Has("$.sinks[5].arg: expected an argument index"));
  EXPECT_TRUE(Has("$.sources[0].kind: unknown credential kind"));
  EXPECT_TRUE(Has("$.sources[1]: give either \"arg\""));
  EXPECT_TRUE(Has("$.declassifiers[0]: expected a function name or an object"));
  EXPECT_TRUE(Has("$.declassifiers[1].function: expected a non-empty string"));
  EXPECT_TRUE(Has("$.scopes.X: expected a host or a non-empty array"));
  EXPECT_TRUE(Has("$.names.include[0]: missing \"pattern\""));
  EXPECT_TRUE(Has("$.names.exclude[0]: expected a non-empty string"));
  for (const std::string &E : P.Errors)
    EXPECT_EQ(E.find('\n'), std::string::npos) << E;
}

// Sinks of each category (issue 16); a bad one is refused alone, with one
// line for its one problem.
TEST(ProjectConfig, SinkCategories) {
  Parsed P = parse(R"({
    "sinks": [{"function": "write_state_file", "arg": 1, "category": "file", "target_arg": 0},
              {"function": "http_post", "arg": 1, "type": "buf", "length_arg": 2,
               "category": "network", "target_arg": 0},
              {"function": "run_command", "arg": 0, "category": "exec"},
              {"function": "applog", "arg": 0},
              {"function": "to_disk", "arg": 1, "category": "disk", "target_arg": 0},
              {"function": "logf", "arg": 0, "type": "format", "category": "file"},
              {"function": "run_bytes", "arg": 0, "type": "buf", "length_arg": 1,
               "category": "exec"},
              {"function": "log_to", "arg": 0, "category": "log", "target_arg": 1}]
  })");
  EXPECT_FALSE(P.Ok);
  ASSERT_EQ(P.Config.Sinks.size(), 4u);
  EXPECT_EQ(P.Config.Sinks[0].Use, SinkUse::File);
  EXPECT_EQ(P.Config.Sinks[0].TargetArg, 0);
  EXPECT_EQ(P.Config.Sinks[1].Use, SinkUse::Network);
  EXPECT_EQ(P.Config.Sinks[1].LengthArg, 2);
  EXPECT_EQ(P.Config.Sinks[2].Use, SinkUse::Exec);
  EXPECT_EQ(P.Config.Sinks[2].TargetArg, -1);
  EXPECT_EQ(P.Config.Sinks[3].Use, SinkUse::Log);
  ASSERT_EQ(P.Errors.size(), 4u);
  EXPECT_THAT(P.Errors[0], HasSubstr("proj/credtaint.json: $.sinks[4].category: unknown "
                                     "category (expected one of: log, file, network, exec)"));
  EXPECT_THAT(P.Errors[1], HasSubstr("$.sinks[5].type: \"format\" is for sinks of category log only"));
  EXPECT_THAT(P.Errors[2], HasSubstr("$.sinks[6].type: a command line is a \"cstr\" or a \"string\""));
  EXPECT_THAT(P.Errors[3], HasSubstr("$.sinks[7].target_arg: \"target_arg\" (a path or a URL) "
                                     "is for sinks of category file or network"));
}

TEST(ProjectConfig, SyntaxErrorGivesPositionNotInput) {
  Parsed P = parse("{\n  \"sinks\": [ {\"function\": \"hunter2-secretish\" ]\n}");
  EXPECT_FALSE(P.Ok);
  ASSERT_EQ(P.Errors.size(), 1u);
  EXPECT_THAT(P.Errors[0], HasSubstr("proj/credtaint.json: $: not valid JSON (line 2"));
  EXPECT_EQ(P.Errors[0].find("hunter2"), std::string::npos);
  EXPECT_FALSE(parse("[1, 2]").Ok);
  EXPECT_FALSE(parse("{\"version\": 2}").Ok);
}

TEST(ProjectConfig, FoundUpwardOrThroughTheEnvironment) {
  credtaint::unit::TempDir D;
  std::string Root = D.path().string();
  ASSERT_EQ(system(("mkdir -p " + Root + "/src/deep").c_str()), 0);
  std::ofstream(Root + "/credtaint.json") << "{}";
  unsetenv("CREDTAINT_CONFIG");
  EXPECT_EQ(findProjectConfig(Root + "/src/deep"), Root + "/credtaint.json");
  setenv("CREDTAINT_CONFIG", "/elsewhere/c.json", 1);
  EXPECT_EQ(findProjectConfig(Root + "/src/deep"), "/elsewhere/c.json");
  unsetenv("CREDTAINT_CONFIG");

  ProjectConfig C;
  std::vector<std::string> Errors;
  EXPECT_FALSE(loadProjectConfig(Root + "/missing.json", C, Errors));
  ASSERT_EQ(Errors.size(), 1u);
  EXPECT_THAT(Errors[0], HasSubstr("missing.json: cannot read"));
}

} // namespace

namespace {
TEST(ProjectConfig, OddKeysStayOnOneLine) {
  // Found by fuzz.project-config: a key with a newline made a two-line error.
  Parsed P = parse("{\"versi\\n\": 4, \"scopes\": {\"a.b\\\"c\": 5}}");
  EXPECT_FALSE(P.Ok);
  ASSERT_EQ(P.Errors.size(), 2u);
  EXPECT_THAT(P.Errors[0], HasSubstr("$[\"versi\\u000a\"]: unknown key"));
  EXPECT_THAT(P.Errors[1], HasSubstr("$.scopes[\"a.b\\\"c\"]: expected a host"));
  for (const std::string &E : P.Errors)
    EXPECT_EQ(E.find('\n'), std::string::npos) << E;
}
} // namespace

namespace {
// "owners" (issue 17): path globs to teams, in file order, for
// credtaint-report export; every problem one line, the valid ones kept.
TEST(ProjectConfig, OwnersInFileOrder) {
  Parsed P = parse(R"({"owners": {"src/payments/**": "payments",
                                  "*.cpp": "@acme/cxx",
                                  "/tools/": "tooling"}})");
  EXPECT_TRUE(P.Ok) << (P.Errors.empty() ? "" : P.Errors[0]);
  ASSERT_EQ(P.Config.Owners.size(), 3u);
  EXPECT_EQ(P.Config.Owners[0].Glob, "src/payments/**");
  EXPECT_EQ(P.Config.Owners[0].Owner, "payments");
  EXPECT_EQ(P.Config.Owners[1].Glob, "*.cpp");
  EXPECT_EQ(P.Config.Owners[2].Glob, "/tools/");
  EXPECT_EQ(P.Config.Owners[2].Owner, "tooling");
}

TEST(ProjectConfig, OwnersProblemsNameThePath) {
  Parsed P = parse(R"({"owners": {"src/**": "", "!vendor/**": "x",
                                  "lib/[ab]/*": "y", "ok/**": "team",
                                  "n/**": 3}})");
  EXPECT_FALSE(P.Ok);
  ASSERT_EQ(P.Errors.size(), 4u);
  EXPECT_THAT(P.Errors, ::testing::Contains(HasSubstr(
                            "proj/credtaint.json: $.owners[\"src/**\"]: expected a non-empty string")));
  EXPECT_THAT(P.Errors, ::testing::Contains(HasSubstr(
                            "$.owners[\"!vendor/**\"]: unsupported path glob")));
  EXPECT_THAT(P.Errors, ::testing::Contains(HasSubstr(
                            "$.owners[\"lib/[ab]/*\"]: unsupported path glob")));
  EXPECT_THAT(P.Errors, ::testing::Contains(HasSubstr(
                            "$.owners[\"n/**\"]: expected a non-empty string")));
  ASSERT_EQ(P.Config.Owners.size(), 1u);
  EXPECT_EQ(P.Config.Owners[0].Owner, "team");

  Parsed NotObject = parse(R"({"owners": ["src/**"]})");
  ASSERT_EQ(NotObject.Errors.size(), 1u);
  EXPECT_THAT(NotObject.Errors[0],
              HasSubstr("$.owners: expected an object of path glob -> owner"));
}
} // namespace
