// Function names without their parameter lists (support/FunctionName.h),
// shared by the pass's site table and the runtime's origin traces.

#include "credtaint/support/FunctionName.h"

#include <gtest/gtest.h>

using credtaint::withoutParameterList;

namespace {

TEST(WithoutParameterList, PlainAndQualifiedNames) {
  EXPECT_EQ(withoutParameterList("main"), "main");
  EXPECT_EQ(withoutParameterList("make(std::string const&)"), "make");
  EXPECT_EQ(withoutParameterList("ns::Client::send(char const*, unsigned long) const"),
            "ns::Client::send");
  EXPECT_EQ(withoutParameterList(""), "");
}

TEST(WithoutParameterList, TemplateArgumentsKept) {
  EXPECT_EQ(withoutParameterList("std::operator+<char>(char const*, std::string&&)"),
            "std::operator+<char>");
  EXPECT_EQ(withoutParameterList("Box<std::function<void (int)> >::put(int)"),
            "Box<std::function<void (int)> >::put");
}

TEST(WithoutParameterList, AnonymousNamespace) {
  EXPECT_EQ(withoutParameterList("(anonymous namespace)::helper(int)"),
            "(anonymous namespace)::helper");
}

TEST(WithoutParameterList, OperatorNames) {
  // Bug: include/credtaint/support/FunctionName.h counts the '<' and '>' of
  // operator<, <<, >, >>, -> as template brackets and cuts operator() at its
  // own "()". Fix: after "operator", skip the operator's characters (and
  // the "()" of operator()) before looking for the parameter list.
  EXPECT_EQ(withoutParameterList("main::$_0::operator()(int) const"),
            "main::$_0::operator()");
  EXPECT_EQ(withoutParameterList("operator<<(std::ostream&, Creds const&)"),
            "operator<<");
  EXPECT_EQ(withoutParameterList("Ptr::operator->() const"), "Ptr::operator->");
  EXPECT_EQ(withoutParameterList("operator<(Key const&, Key const&)"),
            "operator<");
}

} // namespace

TEST(WithoutParameterList, AbiTagsDropped) {
  EXPECT_EQ(withoutParameterList("apiclient::auth_header[abi:cxx11](Config const&)"),
            "apiclient::auth_header");
  EXPECT_EQ(withoutParameterList("load[abi:cxx11]()"), "load");
}

// DFSan's NAME.dfsan and the compilers' clones name the source function
// (issue 16: a match record's caller ended in ".dfsan").
TEST(SourceFunctionName, CloneAndDfsanSuffixesDropped) {
  using credtaint::sourceFunctionName;
  EXPECT_EQ(sourceFunctionName("emit.dfsan"), "emit");
  EXPECT_EQ(sourceFunctionName("make(std::string const&) (.dfsan)"), "make");
  EXPECT_EQ(sourceFunctionName("log_token() [clone .cold]"), "log_token");
  EXPECT_EQ(sourceFunctionName("helper.isra.0"), "helper");
  EXPECT_EQ(sourceFunctionName("helper.constprop.12.cold"), "helper");
  EXPECT_EQ(sourceFunctionName("send.part.1.dfsan"), "send");
  EXPECT_EQ(sourceFunctionName("f.llvm.4711"), "f");
  EXPECT_EQ(sourceFunctionName("ns::C::run(int) const [clone .dfsan]"), "ns::C::run");
}

TEST(SourceFunctionName, OrdinaryNamesKept) {
  using credtaint::sourceFunctionName;
  EXPECT_EQ(sourceFunctionName("main"), "main");
  EXPECT_EQ(sourceFunctionName("v2"), "v2");
  EXPECT_EQ(sourceFunctionName("x.123"), "x.123");
  EXPECT_EQ(sourceFunctionName("Vec::operator[](unsigned long)"), "Vec::operator[]");
  EXPECT_EQ(sourceFunctionName("load[abi:cxx11]()"), "load");
  EXPECT_EQ(sourceFunctionName("coldstart"), "coldstart");
  EXPECT_EQ(sourceFunctionName("dfsan"), "dfsan");
}
