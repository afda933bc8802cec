//===- gtest.h - attribute credtaint findings to GoogleTest tests -*- C++ -*-===//
//
// A GoogleTest event listener that names the running test for credtaint:
// on each test's start it calls credtaint_set_test_name("Suite.Name"), on
// its end it clears the name again, so every finding's record says which
// test produced it, even when one process runs many tests (a plain
// `./tests` run, or gtest_add_tests). With gtest_discover_tests each ctest
// test runs one GoogleTest test, and the runtime already reads the name
// from --gtest_filter; the listener still gives the exact name when a
// filter is a pattern.
//
// Install it with one line, at namespace scope in any test source file:
//
//   #include <credtaint/gtest.h>
//   CREDTAINT_GTEST_LISTENER();
//
// or from your own main() before RUN_ALL_TESTS():
//
//   credtaint::installGtestListener();
//
// Without credtaint (no DataFlowSanitizer) credtaint_set_test_name is an
// inline no-op, so the header can stay in the test sources of every build.
// Requires GoogleTest 1.10 or later (test_suite_name()).
//
//===----------------------------------------------------------------------===//
#ifndef CREDTAINT_GTEST_H
#define CREDTAINT_GTEST_H

#include <credtaint/credtaint.h>

#include <gtest/gtest.h>

#include <string>

namespace credtaint {

/// Names the running test ("Suite.Name", the name --gtest_filter takes)
/// for credtaint's reports while it runs.
class TestNameListener : public ::testing::EmptyTestEventListener {
public:
  void OnTestStart(const ::testing::TestInfo &Info) override {
    std::string Name = std::string(Info.test_suite_name()) + "." + Info.name();
    credtaint_set_test_name(Name.c_str());
  }
  void OnTestEnd(const ::testing::TestInfo &) override {
    credtaint_set_test_name(nullptr);
  }
};

/// Appends a TestNameListener to GoogleTest's listeners (once, however
/// often it is called). Returns true so it can initialise a static.
inline bool installGtestListener() {
  static const bool Installed = [] {
    ::testing::UnitTest::GetInstance()->listeners().Append(
        new TestNameListener); // GoogleTest owns and deletes it
    return true;
  }();
  return Installed;
}

} // namespace credtaint

/// Installs the listener during static initialisation; use it once at
/// namespace scope in a test source file (works with gtest_main).
#define CREDTAINT_GTEST_LISTENER()                                             \
  [[maybe_unused]] static const bool credtaint_gtest_listener_installed_ =     \
      ::credtaint::installGtestListener()

#endif
