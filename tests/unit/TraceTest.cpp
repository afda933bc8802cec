// Source-to-sink frames from the text of dfsan_sprint_origin_id_trace
// (runtime/report/Trace.cpp).

#include "report/Trace.h"

#include <gtest/gtest.h>

#include <string>

using credtaint::rt::Frame;
using credtaint::rt::parseOriginTrace;

namespace {

// The shape DFSan prints (clang 14, libstdc++ 12): newest store first, each
// block a stack innermost first, the creation block last.
const char *const SpikeTrace = R"(  Origin value: 0x20000003, Taint value was stored to memory at
    #0 0x560bd9edf4d0 in std::char_traits<char>::copy(char*, char const*, unsigned long) (.dfsan) /usr/bin/../lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/char_traits.h:431:33
    #6 0x560bd9edd3fa in std::operator+<char>(char const*, std::string&&) (.dfsan) /usr/include/c++/12/bits/basic_string.h:3541:30
    #7 0x560bd9edca37 in make(std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&) (.dfsan) /tmp/spike/prog.cpp:6:59
    #8 0x560bd9edcaec in main /tmp/spike/prog.cpp:7:54

  Origin value: 0x10000002, Taint value was stored to memory at
    #5 0x560bd9edd5b4 in std::string::substr(unsigned long, unsigned long) const (.dfsan) /usr/include/c++/12/bits/basic_string.h:3123:16
    #6 0x560bd9edc9fd in make(std::string const&) (.dfsan) /tmp/spike/prog.cpp:6:63
    #7 0x560bd9edcaec in main /tmp/spike/prog.cpp:7:54

  Origin value: 0x1, Taint value was created at
    #0 0x560bd9ee1f70 in credtaint_src (/tmp/spike/prog14+0x3cf70) (BuildId: 72f2)
    #1 0x560bd9edcacc in main /tmp/spike/prog.cpp:7:30
)";

std::string where(const Frame &F) {
  return F.Function + "@" + F.File + ":" + std::to_string(F.Line) + ":" +
         std::to_string(F.Column);
}

TEST(OriginTrace, SpikeTraceOldestFirst) {
  // substr (6:63) ran before operator+ (6:59): two steps on one line. Bug:
  // runtime/report/Trace.cpp parseOriginTrace dedups consecutive frames by file and
  // line only, so the second step is dropped; it should also compare Column.
  std::vector<Frame> Frames = parseOriginTrace(SpikeTrace);
  ASSERT_EQ(Frames.size(), 2u);
  EXPECT_EQ(where(Frames[0]), "make@/tmp/spike/prog.cpp:6:63");
  EXPECT_EQ(where(Frames[1]), "make@/tmp/spike/prog.cpp:6:59");
}

TEST(OriginTrace, SpikeTraceKeepsOnlyUserFramesOfStores) {
  std::vector<Frame> Frames = parseOriginTrace(SpikeTrace);
  ASSERT_FALSE(Frames.empty());
  for (const Frame &F : Frames) {
    EXPECT_EQ(F.File, "/tmp/spike/prog.cpp") << where(F);
    EXPECT_EQ(F.Function, "make") << where(F);
    EXPECT_EQ(F.Line, 6u) << where(F);
    EXPECT_EQ(F.Step, "propagation");
  }
}

TEST(OriginTrace, OneInnermostUserFramePerBlockOldestFirst) {
  const char *Trace = R"(  Origin value: 0x30000004, Taint value was stored to memory at
    #0 0x1 in memcpy.dfsan /usr/include/x86_64-linux-gnu/bits/string_fortified.h:29:10
    #1 0x2 in send_request(char const*) (.dfsan) /src/net/client.cpp:42:5
    #2 0x3 in main /src/main.cpp:20:3

  Origin value: 0x20000003, Taint value was stored to memory at
    #0 0x4 in build_header(std::string const&) (.dfsan) /src/net/auth.cpp:17:12
    #1 0x5 in main /src/main.cpp:19:3

  Origin value: 0x10000002, Taint value was stored to memory at
    #0 0x6 in std::string::substr(unsigned long, unsigned long) const (.dfsan) /usr/include/c++/12/bits/basic_string.h:3123:16
    #1 0x7 in load_token() (.dfsan) /src/config.cpp:8

  Origin value: 0x1, Taint value was created at
    #0 0x8 in __credtaint_source_getenv /src/runtime/Sources.cpp:10:3
    #1 0x9 in load_token() /src/config.cpp:7:20
)";
  std::vector<Frame> Frames = parseOriginTrace(Trace);
  ASSERT_EQ(Frames.size(), 3u);
  EXPECT_EQ(where(Frames[0]), "load_token@/src/config.cpp:8:0");
  EXPECT_EQ(where(Frames[1]), "build_header@/src/net/auth.cpp:17:12");
  EXPECT_EQ(where(Frames[2]), "send_request@/src/net/client.cpp:42:5");
}

TEST(OriginTrace, RepeatedStoreAtOneSiteIsOneFrame) {
  // A string copy stores a value in several pieces; each store is an origin
  // with the same user frame.
  const char *Trace = R"(  Origin value: 0x3, Taint value was stored to memory at
    #0 0x1 in copy(char*, char const*) (.dfsan) /src/a.cpp:5:7
  Origin value: 0x2, Taint value was stored to memory at
    #0 0x1 in copy(char*, char const*) (.dfsan) /src/a.cpp:5:7
  Origin value: 0x1, Taint value was created at
    #0 0x2 in main /src/a.cpp:3:1
)";
  std::vector<Frame> Frames = parseOriginTrace(Trace);
  ASSERT_EQ(Frames.size(), 1u);
  EXPECT_EQ(where(Frames[0]), "copy@/src/a.cpp:5:7");
}

TEST(OriginTrace, SkipsRuntimeAndDfsanFrames) {
  const char *Trace = R"(  Origin value: 0x2, Taint value was stored to memory at
    #0 0x1 in credtaint::rt::Registry::add(void const*, unsigned long) /src/runtime/Registry.cpp:30:3
    #1 0x2 in __dfsw_memcpy /src/dfsan_custom.cpp:12:1
    #2 0x3 in user_fn(int) (.dfsan) /src/u.cpp:9:4
  Origin value: 0x1, Taint value was created at
    #0 0x4 in main /src/u.cpp:2:2
)";
  std::vector<Frame> Frames = parseOriginTrace(Trace);
  ASSERT_EQ(Frames.size(), 1u);
  EXPECT_EQ(where(Frames[0]), "user_fn@/src/u.cpp:9:4");
}

TEST(OriginTrace, TemplateArgumentsKeptParameterListDropped) {
  const char *Trace = R"(  Origin value: 0x2, Taint value was stored to memory at
    #0 0x1 in Box<std::pair<int, char> >::put(char const*) const (.dfsan) /src/box.h:4:9
    #1 0x2 in (anonymous namespace)::helper(int) (.dfsan) /src/h.cpp:3:3
  Origin value: 0x1, Taint value was created at
    #0 0x4 in main /src/u.cpp:2:2
)";
  std::vector<Frame> Frames = parseOriginTrace(Trace);
  ASSERT_EQ(Frames.size(), 1u);
  EXPECT_EQ(Frames[0].Function, "Box<std::pair<int, char> >::put");

  std::string Anon = std::string(Trace);
  Anon.erase(Anon.find("    #0 0x1"), Anon.find("    #1") - Anon.find("    #0 0x1"));
  Frames = parseOriginTrace(Anon);
  ASSERT_EQ(Frames.size(), 1u);
  EXPECT_EQ(Frames[0].Function, "(anonymous namespace)::helper");
}

TEST(OriginTrace, OperatorNamesKeepTheirParentheses) {
  // Bug: include/credtaint/support/FunctionName.h withoutParameterList
  // (used by parseFrameLine) counts the '<' and '>' of operator names as
  // template brackets and takes the "()" of operator() for the parameter
  // list, so "Fn::operator()" becomes "Fn::operator" and
  // "operator<<(std::ostream&, Creds const&)" keeps its parameter list.
  const char *Trace = R"(  Origin value: 0x3, Taint value was stored to memory at
    #0 0x1 in main::$_0::operator()(std::string const&) const (.dfsan) /src/l.cpp:5:5
  Origin value: 0x2, Taint value was stored to memory at
    #0 0x1 in operator<<(std::ostream&, Creds const&) (.dfsan) /src/c.cpp:9:9
  Origin value: 0x1, Taint value was created at
    #0 0x4 in main /src/u.cpp:2:2
)";
  std::vector<Frame> Frames = parseOriginTrace(Trace);
  ASSERT_EQ(Frames.size(), 2u);
  EXPECT_EQ(Frames[0].Function, "operator<<");
  EXPECT_EQ(Frames[1].Function, "main::$_0::operator()");
}

TEST(OriginTrace, NothingUsable) {
  EXPECT_TRUE(parseOriginTrace("").empty());
  EXPECT_TRUE(parseOriginTrace("  Origin value: 0x1, Taint value was created at\n"
                               "    #0 0x1 in main /src/a.cpp:1:1\n")
                  .empty());
  // Unsymbolized frames have no file:line.
  EXPECT_TRUE(parseOriginTrace("  Origin value: 0x2, Taint value was stored to memory at\n"
                               "    #0 0x1 in f (/bin/prog+0x10) (BuildId: ab)\n"
                               "    #1 0x2 in g (/bin/prog+0x20)\n")
                  .empty());
}

} // namespace

// Frames of the system's code are no place to send a reader: libstdc++'s
// headers, /usr, and glibc's own sources, which its debug info names
// relative to its build tree.
TEST(SystemFiles, LibrariesAndGlibcSources) {
  using credtaint::rt::isSystemFile;
  EXPECT_TRUE(isSystemFile("/usr/include/c++/12/bits/basic_string.h"));
  EXPECT_TRUE(isSystemFile("/usr/lib/gcc/x86_64-linux-gnu/12/include/x.h"));
  EXPECT_TRUE(isSystemFile("./csu/../sysdeps/nptl/libc_start_call_main.h"));
  EXPECT_TRUE(isSystemFile("../sysdeps/x86_64/start.S"));
  EXPECT_FALSE(isSystemFile("/work/app/src/main.cpp"));
  EXPECT_FALSE(isSystemFile("src/csu_report.cpp"));
}
