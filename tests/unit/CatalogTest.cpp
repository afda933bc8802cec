// The rule, kind, sink and provider catalogs (catalog.h) against the
// contracts of DESIGN.md.

#include "credtaint/catalog/catalog.h"

#include <gtest/gtest.h>

#include <cstring>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <tuple>

using namespace credtaint;

namespace {

TEST(Kinds, OneDistinctLabelBitEach) {
  ASSERT_EQ(kNumKinds, 8u) << "fast8 labels have 8 bits";
  uint8_t Seen = 0;
  for (size_t I = 0; I < kNumKinds; ++I) {
    const KindInfo &K = kKinds[I];
    EXPECT_EQ(K.bit, I) << K.name;
    EXPECT_EQ(static_cast<size_t>(K.kind), I) << K.name;
    EXPECT_EQ(Seen & labelOf(K.kind), 0) << K.name << " shares a bit";
    Seen |= labelOf(K.kind);
  }
  EXPECT_EQ(Seen, 0xFF);
}

TEST(Kinds, NamesRoundTrip) {
  for (const KindInfo &K : kKinds) {
    const KindInfo *Found = findKind(K.name);
    ASSERT_NE(Found, nullptr) << K.name;
    EXPECT_EQ(Found->kind, K.kind);
    EXPECT_STREQ(kindName(K.kind), K.name);
  }
  EXPECT_EQ(findKind("no-such-kind"), nullptr);
  EXPECT_EQ(findKind(""), nullptr);
}

TEST(Kinds, DesignNames) {
  for (const char *Name : {"password", "api-key", "token", "private-key",
                           "cloud-credential", "connection-string",
                           "generic-secret", "weak-random"})
    EXPECT_NE(findKind(Name), nullptr) << Name;
}

TEST(Kinds, WeakRandomIsNotACredentialLabel) {
  EXPECT_EQ(kCredentialLabels & labelOf(Kind::WeakRandom), 0);
  for (const KindInfo &K : kKinds)
    if (K.kind != Kind::WeakRandom)
      EXPECT_NE(kCredentialLabels & labelOf(K.kind), 0) << K.name;
}

TEST(Rules, IdsAndCwesAsInDesign) {
  // DESIGN.md's rule table, in its order.
  const std::pair<const char *, unsigned> Design[] = {
      {"secret-in-log", 532},
      {"secret-in-file", 312},
      {"weak-hash", 328},
      {"weak-cipher", 327},
      {"fast-password-hash", 916},
      {"weak-random-credential", 338},
      {"cleartext-transmission", 319},
      {"unscoped-network-use", 668},
      {"credential-in-url", 598},
      {"credential-in-command-line", 214},
      {"hardcoded-credential", 798},
      {"credential-not-zeroized", 226},
      {"plaintext-stored-credential", 256},
      {"credential-in-environment", 526},
      {"credential-in-temp-file", 377},
      {"credential-dumpable", 528},
  };
  ASSERT_EQ(kNumRules, std::size(Design));
  for (size_t I = 0; I < kNumRules; ++I) {
    EXPECT_STREQ(kRules[I].id, Design[I].first);
    EXPECT_EQ(kRules[I].cwe, Design[I].second) << kRules[I].id;
  }
}

TEST(Rules, UniqueIdsAndCompleteMetadata) {
  std::set<std::string> Ids;
  const std::set<std::string> Severities = {"low", "medium", "high",
                                            "critical"};
  for (size_t I = 0; I < kNumRules; ++I) {
    const RuleInfo &R = kRules[I];
    EXPECT_TRUE(Ids.insert(R.id).second) << "duplicate id " << R.id;
    EXPECT_EQ(static_cast<size_t>(R.rule), I) << R.id;
    EXPECT_EQ(Severities.count(R.severity), 1u) << R.id << ": " << R.severity;
    EXPECT_GT(std::strlen(R.shortDescription), 0u) << R.id;
    EXPECT_GT(std::strlen(R.help), 0u) << R.id;
  }
}

// Which findings make the inventory ask for a rotation (issue 20): the
// credential left the process or sits where others can read it.
TEST(Rules, ExposureRules) {
  const std::set<std::string> Rotate = {
      "secret-in-log", "secret-in-file", "cleartext-transmission",
      "credential-in-url", "credential-in-command-line", "hardcoded-credential",
      "credential-in-environment", "credential-in-temp-file"};
  for (const RuleInfo &R : kRules)
    EXPECT_EQ(R.rotates, Rotate.count(R.id) == 1) << R.id;
}

TEST(Rules, FindRuleRoundTrip) {
  for (const RuleInfo &R : kRules) {
    const RuleInfo *Found = findRule(R.id);
    ASSERT_NE(Found, nullptr) << R.id;
    EXPECT_EQ(Found, &R);
    EXPECT_EQ(&ruleInfo(R.rule), &R);
  }
  EXPECT_EQ(findRule("secret-in-logs"), nullptr);
  EXPECT_EQ(findRule(""), nullptr);
}

TEST(Sinks, EveryRowNamesItsData) {
  ASSERT_GT(kNumSinks, 0u);
  for (const SinkInfo &S : kSinks) {
    SCOPED_TRACE(S.symbol);
    // A wide row is checked as its narrow twin (its hook's shape).
    const SinkShape Shape = narrowShape(S.shape);
    EXPECT_GE(S.dataArg, 0);
    EXPECT_GT(std::strlen(S.display), 0u);
    // A length comes with the shapes that need one, and only with them: a
    // buffer has a length argument or a fixed length, never both.
    if (Shape == SinkShape::Buf)
      EXPECT_NE(S.lenArg >= 0, S.fixedLen > 0);
    else
      EXPECT_EQ(S.fixedLen, 0u);
    bool NeedsLen = Shape == SinkShape::Iov || Shape == SinkShape::Kdf ||
                    Shape == SinkShape::CipherKey ||
                    Shape == SinkShape::CurlOpt;
    // Argv's LenArg is an optional envp.
    if (Shape != SinkShape::Buf && Shape != SinkShape::Argv)
      EXPECT_EQ(S.lenArg >= 0, NeedsLen);
    if (S.lenArg2 >= 0)
      EXPECT_TRUE(Shape == SinkShape::Buf || Shape == SinkShape::Kdf);
    // An object argument exactly where the target is one (a FILE*, a
    // descriptor, a stream, an OpenSSL object, a name, a salt, a socket, an
    // SSL*, a libcurl handle, a program or setenv's variable; putenv's
    // variable is in its data).
    bool HasTargetArg = S.target != SinkTarget::Stdout &&
                        S.target != SinkTarget::Syslog &&
                        S.target != SinkTarget::Fixed &&
                        S.target != SinkTarget::Shell &&
                        S.target < SinkTarget::Project &&
                        !(S.target == SinkTarget::Environment && S.dataArg == 0);
    EXPECT_EQ(S.targetArg >= 0, HasTargetArg);
    // The row itself names the algorithm exactly when the target does not.
    EXPECT_EQ(std::strlen(S.algorithm) > 0, S.target == SinkTarget::Fixed);
    // Each category has targets of its own kind.
    bool LogTarget = S.target <= SinkTarget::Syslog ||
                     S.target == SinkTarget::Project ||
                     S.target == SinkTarget::ProjectFile;
    EXPECT_EQ(S.category == SinkCategory::Log, LogTarget);
    bool NetTarget = S.target == SinkTarget::Socket ||
                     S.target == SinkTarget::Ssl ||
                     S.target == SinkTarget::CurlHandle ||
                     S.target == SinkTarget::ProjectUrl;
    EXPECT_EQ(isNetworkCategory(S.category), NetTarget);
    bool ProcessTarget = S.target == SinkTarget::Program ||
                         S.target == SinkTarget::Shell ||
                         S.target == SinkTarget::Environment ||
                         S.target == SinkTarget::ProjectCommand;
    EXPECT_EQ(S.category == SinkCategory::Exec, ProcessTarget);
    // A Handle row's data is the handle itself.
    if (Shape == SinkShape::Handle)
      EXPECT_EQ(S.targetArg, S.dataArg);
    for (int A : {S.targetArg, S.lenArg, S.lenArg2})
      if (A >= 0 && Shape != SinkShape::Handle)
        EXPECT_NE(A, S.dataArg);
  }
}

TEST(Sinks, WideRowsAreLogRowsOfWideText) {
  std::map<std::string, const SinkInfo *> BySymbol;
  for (const SinkInfo &S : kSinks)
    BySymbol[S.symbol] = &S;
  for (const char *Sym : {"wprintf", "fwprintf", "vfwprintf", "fputws",
                          "fputwc", "putwchar"}) {
    SCOPED_TRACE(Sym);
    ASSERT_TRUE(BySymbol.count(Sym));
    EXPECT_EQ(BySymbol[Sym]->category, SinkCategory::Log);
    EXPECT_TRUE(isWideShape(BySymbol[Sym]->shape));
  }
  EXPECT_EQ(BySymbol["fwprintf"]->shape, SinkShape::WFormat);
  EXPECT_EQ(BySymbol["vfwprintf"]->shape, SinkShape::WVFormat);
  EXPECT_EQ(BySymbol["fputws"]->target, SinkTarget::File);
  // Every wide stream row names a std::wostream target.
  for (const SinkInfo &S : kSinks)
    if (std::strncmp(S.display, "std::wostream", 13) == 0)
      EXPECT_EQ(S.target, SinkTarget::WOstream) << S.symbol;
  EXPECT_FALSE(isWideShape(SinkShape::Handle));
  EXPECT_EQ(narrowShape(SinkShape::WString), SinkShape::String);
}

TEST(Sinks, SymbolsAreUnique) {
  std::set<std::string> Symbols;
  for (const SinkInfo &S : kSinks)
    EXPECT_TRUE(Symbols.insert(S.symbol).second) << S.symbol;
}

TEST(Sinks, KnownRows) {
  std::map<std::string, const SinkInfo *> BySymbol;
  for (const SinkInfo &S : kSinks)
    BySymbol[S.symbol] = &S;
  ASSERT_TRUE(BySymbol.count("fwrite"));
  const SinkInfo &Fwrite = *BySymbol["fwrite"];
  EXPECT_EQ(Fwrite.dataArg, 0);
  EXPECT_EQ(Fwrite.lenArg, 1);
  EXPECT_EQ(Fwrite.lenArg2, 2);
  EXPECT_EQ(Fwrite.targetArg, 3);
  ASSERT_TRUE(BySymbol.count("write"));
  EXPECT_EQ(BySymbol["write"]->targetArg, 0);
  EXPECT_EQ(BySymbol["write"]->dataArg, 1);
  EXPECT_EQ(BySymbol["write"]->lenArg, 2);
  // The _chk variants take a flag before the format.
  ASSERT_TRUE(BySymbol.count("__fprintf_chk"));
  EXPECT_EQ(BySymbol["__fprintf_chk"]->dataArg, 2);
  ASSERT_TRUE(BySymbol.count("puts"));
  EXPECT_EQ(BySymbol["puts"]->shape, SinkShape::CStr);
}

TEST(Sinks, NetworkAndProcessRows) {
  std::map<std::string, const SinkInfo *> BySymbol;
  for (const SinkInfo &S : kSinks)
    BySymbol[S.symbol] = &S;
  for (const char *Sym : {"send", "sendto", "sendmsg"})
    ASSERT_TRUE(BySymbol.count(Sym) && BySymbol[Sym]->category == SinkCategory::Net) << Sym;
  for (const char *Sym : {"SSL_write", "SSL_write_ex"})
    ASSERT_TRUE(BySymbol.count(Sym) && BySymbol[Sym]->category == SinkCategory::Tls) << Sym;
  ASSERT_TRUE(BySymbol.count("curl_easy_setopt"));
  EXPECT_EQ(BySymbol["curl_easy_setopt"]->lenArg, 1);  // the option
  EXPECT_EQ(BySymbol["curl_easy_setopt"]->dataArg, 2); // its variadic value
  for (const char *Sym : {"execve", "execv", "execvp", "execvpe", "execl",
                          "execlp", "execle", "posix_spawn", "posix_spawnp",
                          "system", "popen"})
    ASSERT_TRUE(BySymbol.count(Sym) && BySymbol[Sym]->category == SinkCategory::Exec) << Sym;
  EXPECT_EQ(BySymbol["execle"]->shape, SinkShape::ArgListEnv);
  EXPECT_EQ(BySymbol["posix_spawn"]->dataArg, 4);
  EXPECT_EQ(BySymbol["posix_spawn"]->lenArg, 5);
  // The process's own environment: setenv's value and name, putenv's string.
  for (const char *Sym : {"setenv", "putenv"})
    ASSERT_TRUE(BySymbol.count(Sym) && BySymbol[Sym]->category == SinkCategory::Exec &&
                BySymbol[Sym]->target == SinkTarget::Environment) << Sym;
  EXPECT_EQ(BySymbol["setenv"]->dataArg, 1);
  EXPECT_EQ(BySymbol["setenv"]->targetArg, 0);
  EXPECT_EQ(BySymbol["putenv"]->dataArg, 0);
  // The Log rows for descriptors stay where they were.
  EXPECT_EQ(BySymbol["write"]->category, SinkCategory::Log);
}

TEST(Sinks, ProjectRowsCoverEveryConfigType) {
  // credtaint.json sinks take the row of their argument's type.
  std::map<std::string, const SinkInfo *> BySymbol;
  for (const SinkInfo &S : kSinks)
    BySymbol[S.symbol] = &S;
  const std::pair<const char *, SinkShape> Rows[] = {
      {"__credtaint_project_log_cstr", SinkShape::CStr},
      {"__credtaint_project_log_string", SinkShape::String},
      {"__credtaint_project_log_buf", SinkShape::Buf},
      {"__credtaint_project_log_format", SinkShape::Format}};
  for (auto &[Symbol, Shape] : Rows) {
    ASSERT_TRUE(BySymbol.count(Symbol)) << Symbol;
    EXPECT_EQ(BySymbol[Symbol]->shape, Shape) << Symbol;
    EXPECT_EQ(BySymbol[Symbol]->category, SinkCategory::Log) << Symbol;
    EXPECT_EQ(BySymbol[Symbol]->target, SinkTarget::Project) << Symbol;
  }
  // ... and of their category (file, network, exec).
  const std::tuple<const char *, SinkShape, SinkCategory, SinkTarget> ByCategory[] = {
      {"__credtaint_project_file_cstr", SinkShape::CStr, SinkCategory::Log, SinkTarget::ProjectFile},
      {"__credtaint_project_file_string", SinkShape::String, SinkCategory::Log, SinkTarget::ProjectFile},
      {"__credtaint_project_file_buf", SinkShape::Buf, SinkCategory::Log, SinkTarget::ProjectFile},
      {"__credtaint_project_net_cstr", SinkShape::CStr, SinkCategory::Net, SinkTarget::ProjectUrl},
      {"__credtaint_project_net_string", SinkShape::String, SinkCategory::Net, SinkTarget::ProjectUrl},
      {"__credtaint_project_net_buf", SinkShape::Buf, SinkCategory::Net, SinkTarget::ProjectUrl},
      {"__credtaint_project_exec_cstr", SinkShape::CStr, SinkCategory::Exec, SinkTarget::ProjectCommand},
      {"__credtaint_project_exec_string", SinkShape::String, SinkCategory::Exec, SinkTarget::ProjectCommand}};
  for (auto &[Symbol, Shape, Category, Target] : ByCategory) {
    ASSERT_TRUE(BySymbol.count(Symbol)) << Symbol;
    EXPECT_EQ(BySymbol[Symbol]->shape, Shape) << Symbol;
    EXPECT_EQ(BySymbol[Symbol]->category, Category) << Symbol;
    EXPECT_EQ(BySymbol[Symbol]->target, Target) << Symbol;
  }
}

TEST(NetFacts, RowsAreWellFormed) {
  std::set<std::string> Symbols;
  for (const NetFactInfo &F : kNetFacts) {
    SCOPED_TRACE(F.symbol);
    EXPECT_TRUE(Symbols.insert(F.symbol).second);
    for (int A : F.args)
      EXPECT_GE(A, -1);
  }
  for (const char *Sym : {"getaddrinfo", "gethostbyname", "connect",
                          "SSL_set_fd", "SSL_ctrl", "SSL_set1_host",
                          "curl_easy_cleanup", "curl_slist_append"})
    EXPECT_TRUE(Symbols.count(Sym)) << Sym;
}

// The pass clears the labels of LenArg bytes at PtrArg before each call.
TEST(Cleansers, RowsAreWellFormed) {
  std::set<std::string> Symbols;
  for (const CleanserInfo &R : kCleansers) {
    SCOPED_TRACE(R.symbol);
    EXPECT_TRUE(Symbols.insert(R.symbol).second);
    EXPECT_GE(R.ptrArg, 0);
    EXPECT_GE(R.lenArg, 0);
    EXPECT_NE(R.ptrArg, R.lenArg);
  }
  for (const char *Sym : {"explicit_bzero", "OPENSSL_cleanse",
                          "CRYPTO_clear_free", "sodium_memzero", "memset_s"})
    EXPECT_TRUE(Symbols.count(Sym)) << Sym;
}

// The pass emits one hook per call, for a symbol's first row, with that
// row's data and condition arguments; the runtime picks among the rows.
TEST(Consumers, RowsOfOneSymbolStandTogether) {
  std::set<std::string> Done;
  for (size_t I = 0; I < kNumConsumers; ++I) {
    const ConsumerInfo &C = kConsumers[I];
    if (I > 0 && std::strcmp(kConsumers[I - 1].symbol, C.symbol) == 0) {
      EXPECT_EQ(C.dataArg, kConsumers[I - 1].dataArg) << C.parameter;
      EXPECT_EQ(C.auxArg, kConsumers[I - 1].auxArg) << C.parameter;
      EXPECT_GE(C.auxArg, 0) << C.symbol << " needs a condition per row";
      continue;
    }
    EXPECT_TRUE(Done.insert(C.symbol).second)
        << C.symbol << "'s rows are not together";
  }
}

TEST(CurlOptions, UniqueIdsAndKnownRoles) {
  std::set<long> Ids;
  for (const CurlOptionInfo &O : kCurlOptions)
    EXPECT_TRUE(Ids.insert(O.id).second) << O.name;
  ASSERT_NE(findCurlOption(10002), nullptr);
  EXPECT_STREQ(findCurlOption(10002)->name, "CURLOPT_URL");
  EXPECT_EQ(findCurlOption(10002)->role, CurlOptionRole::Url);
  EXPECT_EQ(findCurlOption(10023)->role, CurlOptionRole::List);
  EXPECT_EQ(findCurlOption(42), nullptr);
}

TEST(DefaultScopes, WellKnownCredentials) {
  auto ByPrefix = [](const char *P) -> const char * {
    for (const DefaultScope &D : kScopesByPrefix)
      if (std::strcmp(D.match, P) == 0)
        return D.hosts;
    return nullptr;
  };
  for (const char *P : {"ghp_", "gho_", "ghs_", "github_pat_"}) {
    ASSERT_NE(ByPrefix(P), nullptr) << P;
    EXPECT_NE(std::strstr(ByPrefix(P), "api.github.com"), nullptr) << P;
  }
  ASSERT_NE(ByPrefix("AKIA"), nullptr);
  EXPECT_NE(std::strstr(ByPrefix("AKIA"), "*.amazonaws.com"), nullptr);
  // Every prefix with a default scope is a provider prefix a preview keeps.
  for (const DefaultScope &D : kScopesByPrefix) {
    bool Known = false;
    for (const char *P : kProviderPrefixes)
      Known |= std::strcmp(P, D.match) == 0;
    EXPECT_TRUE(Known) << D.match;
  }
}

TEST(Providers, PrefixesAreNonEmptyAndUnique) {
  std::set<std::string> Seen;
  for (const char *P : kProviderPrefixes) {
    EXPECT_GT(std::strlen(P), 0u);
    EXPECT_TRUE(Seen.insert(P).second) << P;
  }
  EXPECT_TRUE(Seen.count("ghp_"));
  EXPECT_TRUE(Seen.count("AKIA"));
}

} // namespace
