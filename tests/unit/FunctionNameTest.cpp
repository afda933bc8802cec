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
