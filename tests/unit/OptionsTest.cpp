// CREDTAINT_OPTIONS parsing (common/Options.cpp) and its help text.

#include "Options.h"

#include <gtest/gtest.h>

#include <string>

using credtaint::rt::Options;
using credtaint::rt::optionsHelp;
using credtaint::rt::parseOptions;

namespace {

TEST(Options, DefaultsAsDocumented) {
  Options O;
  EXPECT_EQ(O.log_dir, "credtaint-logs");
  EXPECT_EQ(O.exitcode, 0);
  EXPECT_FALSE(O.halt_on_error);
  EXPECT_EQ(O.min_secret_len, 8);
  EXPECT_EQ(O.partial_leak_bytes, 4);
  EXPECT_TRUE(O.print_report);
}

TEST(Options, ParsesValidPairs) {
  Options O;
  std::string Error;
  ASSERT_TRUE(parseOptions("log_dir=/x:exitcode=3:halt_on_error=1", O, Error))
      << Error;
  EXPECT_EQ(Error, "");
  EXPECT_EQ(O.log_dir, "/x");
  EXPECT_EQ(O.exitcode, 3);
  EXPECT_TRUE(O.halt_on_error);
  EXPECT_EQ(O.min_secret_len, 8) << "options not named keep their default";
}

TEST(Options, NullAndEmptyTextChangeNothing) {
  Options O;
  std::string Error;
  EXPECT_TRUE(parseOptions(nullptr, O, Error));
  EXPECT_TRUE(parseOptions("", O, Error));
  EXPECT_TRUE(parseOptions(" :, ", O, Error));
  EXPECT_EQ(O.log_dir, "credtaint-logs");
  EXPECT_EQ(Error, "");
}

TEST(Options, SeparatorsColonCommaAndSpace) {
  Options O;
  std::string Error;
  ASSERT_TRUE(parseOptions("exitcode=5,verbosity=2 min_secret_len=12\t"
                           "halt_on_error=true::print_report=no",
                           O, Error))
      << Error;
  EXPECT_EQ(O.exitcode, 5);
  EXPECT_EQ(O.verbosity, 2);
  EXPECT_EQ(O.min_secret_len, 12);
  EXPECT_TRUE(O.halt_on_error);
  EXPECT_FALSE(O.print_report);
}

TEST(Options, LaterPairWins) {
  Options O;
  std::string Error;
  ASSERT_TRUE(parseOptions("exitcode=1:exitcode=7", O, Error)) << Error;
  EXPECT_EQ(O.exitcode, 7);
}

TEST(Options, UnknownKeyIsNamed) {
  Options O;
  std::string Error;
  EXPECT_FALSE(parseOptions("exitcode=2:no_such_option=1", O, Error));
  EXPECT_NE(Error.find("no_such_option"), std::string::npos) << Error;
  EXPECT_EQ(Error.find('\n'), std::string::npos) << "one line";
}

TEST(Options, BadIntNamesOptionAndValue) {
  Options O;
  std::string Error;
  EXPECT_FALSE(parseOptions("exitcode=abc", O, Error));
  EXPECT_NE(Error.find("exitcode"), std::string::npos) << Error;
  EXPECT_NE(Error.find("abc"), std::string::npos) << Error;
  EXPECT_EQ(Error.find('\n'), std::string::npos);

  for (const char *Bad : {"exitcode=", "exitcode=3x", "exitcode=1.5",
                          "exitcode=99999999999999999999999"}) {
    Options P;
    std::string E;
    EXPECT_FALSE(parseOptions(Bad, P, E)) << Bad;
    EXPECT_NE(E.find("exitcode"), std::string::npos) << Bad << ": " << E;
    EXPECT_EQ(P.exitcode, 0) << Bad;
  }
}

TEST(Options, NegativeIntRejected) {
  Options O;
  std::string Error;
  EXPECT_FALSE(parseOptions("min_secret_len=-1", O, Error));
  EXPECT_NE(Error.find("min_secret_len"), std::string::npos) << Error;
  EXPECT_NE(Error.find("-1"), std::string::npos) << Error;
  EXPECT_EQ(O.min_secret_len, 8);
}

TEST(Options, BadBoolNamesOptionAndValue) {
  Options O;
  std::string Error;
  EXPECT_FALSE(parseOptions("halt_on_error=maybe", O, Error));
  EXPECT_NE(Error.find("halt_on_error"), std::string::npos) << Error;
  EXPECT_NE(Error.find("maybe"), std::string::npos) << Error;
  EXPECT_FALSE(O.halt_on_error);
}

TEST(Options, MalformedPair) {
  for (const char *Bad : {"foo", "=3", "exitcode=1:foo"}) {
    Options O;
    std::string Error;
    EXPECT_FALSE(parseOptions(Bad, O, Error)) << Bad;
    EXPECT_FALSE(Error.empty()) << Bad;
    EXPECT_EQ(Error.find('\n'), std::string::npos) << Error;
  }
  Options O;
  std::string Error;
  EXPECT_FALSE(parseOptions("exitcode=1:foo", O, Error));
  EXPECT_NE(Error.find("foo"), std::string::npos) << Error;
}

TEST(Options, PairsBeforeTheBadOneAreKept) {
  Options O;
  std::string Error;
  EXPECT_FALSE(
      parseOptions("log_dir=/kept:exitcode=4:bogus=1:verbosity=2", O, Error));
  EXPECT_EQ(O.log_dir, "/kept");
  EXPECT_EQ(O.exitcode, 4);
  EXPECT_EQ(O.verbosity, 0) << "pairs after the bad one are not applied";
}

TEST(Options, StringValueMayContainEquals) {
  Options O;
  std::string Error;
  ASSERT_TRUE(parseOptions("suppressions=/a=b.supp", O, Error)) << Error;
  EXPECT_EQ(O.suppressions, "/a=b.supp");
}

TEST(Options, HelpListsEveryOption) {
  std::string Help = optionsHelp();
#define CREDTAINT_OPTION(Type, Name, Default, Description)                     \
  EXPECT_NE(Help.find("  " #Name " ("), std::string::npos) << #Name;
#include "options.inc"
  // The options DESIGN.md names.
  for (const char *Name : {"log_dir", "exitcode", "halt_on_error",
                           "suppressions", "config", "min_secret_len",
                           "verbosity", "partial_leak_bytes"})
    EXPECT_NE(Help.find("  " + std::string(Name) + " ("), std::string::npos)
        << Name;
}

const char *validValue(bool) { return "1"; }
const char *validValue(long) { return "0"; }
const char *validValue(const std::string &) { return "x"; }

TEST(Options, EveryOptionIsAccepted) {
  Options O;
  std::string Text, Error;
#define CREDTAINT_OPTION(Type, Name, Default, Description)                     \
  Text += std::string(#Name "=") + validValue(O.Name) + ":";
#include "options.inc"
  EXPECT_TRUE(parseOptions(Text.c_str(), O, Error)) << Error;
}

} // namespace
