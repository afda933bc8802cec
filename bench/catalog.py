"""The workloads bench/run.py measures: what each compiles, links and runs.

Small programs of bench/workloads/ sized to run at least 0.5 s natively,
an empty program whose run time is the start-up cost, and two real test
suites built from Debian's sources: GoogleTest's own unit tests
(/usr/src/googletest, package googletest) and nlohmann/json's (source
package nlohmann-json3, fetched into the cache by debsource).
"""
import dataclasses
import os

from debsource import Unavailable, unpacked_source

HERE = os.path.dirname(os.path.abspath(__file__))
GTEST_ROOT = "/usr/src/googletest"
# One set of flags for every GoogleTest file, so gtest-all.cc compiled for
# gtest-samples is reused by gtest-suite in the same variant.
GTEST_CFLAGS = ["-I" + os.path.join(GTEST_ROOT, d) for d in
                ("googletest", "googletest/include", "googlemock", "googlemock/include")]
GTEST_SAMPLES = ["sample1.cc", "sample1_unittest.cc", "sample2.cc", "sample2_unittest.cc",
                 "sample3_unittest.cc", "sample4.cc", "sample4_unittest.cc",
                 "sample5_unittest.cc", "sample6_unittest.cc", "sample7_unittest.cc",
                 "sample8_unittest.cc"]
# GoogleTest's and GoogleMock's unit tests; gmock-spec-builders_test.cc has
# the main. The gmock-matchers tests are left out: each costs 30-90 s to
# compile natively, in every variant.
GTEST_SUITE = ["googletest/test/gtest_unittest.cc",
               "googletest/test/googletest-printers-test.cc",
               "googlemock/test/gmock-spec-builders_test.cc"]
# Tests that keep state from one --gtest_repeat iteration to the next (a
# function-local static, an environment variable set by the first pass) and
# so fail from the second pass on, natively as well.
GTEST_SUITE_REPEAT_UNSAFE = ["Pred1Test.SingleEvaluationOnFailure",
                             "Int32FromEnvOrDieTest.ParsesAndReturnsValidValue",
                             "ExpectCallTest.TakesDefaultActionWhenWillListIsExhausted",
                             "ExpectCallSyntaxTest.WarningIsErrorWithFlag",
                             "ExpectCallSyntaxTest.DoesNotWarnOnAdequateActionCount"]
GTEST_SUITE_FILTER = "--gtest_filter=-" + ":".join(GTEST_SUITE_REPEAT_UNSAFE)
# nlohmann/json's unit tests that need no test-data download. Unicode (2/5)
# (every one- to four-byte UTF-8 sequence dumped and parsed) is most of the
# run time; the upstream suite marks it skip() as slow, --no-skip runs it.
JSON_SUITE = ["unit.cpp", "unit-unicode2.cpp", "unit-class_parser.cpp",
              "unit-algorithms.cpp", "unit-items.cpp", "unit-serialization.cpp",
              "unit-json_pointer.cpp", "unit-large_json.cpp"]
# Included by unit-unicode2.cpp: with no test data, its check is excluded.
JSON_NO_DATA_CHECK = "--test-case-exclude=check test suite is downloaded"


@dataclasses.dataclass
class Workload:
    name: str
    argv: list  # a measured run
    quick_argv: list  # --quick: proves it builds and runs
    link: list = dataclasses.field(default_factory=list)
    suite: bool = False  # a real test suite: left out of --quick unless named
    files: list = None  # under bench/workloads/, or None: sources() says

    def sources(self, cache):
        """(source files, extra compile flags, {what: version}); raises
        Unavailable when a suite's sources cannot be had."""
        if self.files is not None:
            return [os.path.join(HERE, "workloads", f) for f in self.files], [], {}
        return _SOURCES[self.name](cache)


def _gtest_present():
    if not os.path.isdir(GTEST_ROOT):
        raise Unavailable(f"{GTEST_ROOT} is missing: apt-get install googletest")


def _gtest_samples(cache):
    _gtest_present()
    src = os.path.join(GTEST_ROOT, "googletest")
    return ([os.path.join(src, "src", "gtest-all.cc"), os.path.join(src, "src", "gtest_main.cc")] +
            [os.path.join(src, "samples", s) for s in GTEST_SAMPLES], GTEST_CFLAGS, {})


def _gtest_suite(cache):
    _gtest_present()
    return ([os.path.join(GTEST_ROOT, "googletest/src/gtest-all.cc"),
             os.path.join(GTEST_ROOT, "googlemock/src/gmock-all.cc")] +
            [os.path.join(GTEST_ROOT, s) for s in GTEST_SUITE], GTEST_CFLAGS, {})


def _json_suite(cache):
    root, version = unpacked_source("nlohmann-json3", cache)
    tests = os.path.join(root, "tests")
    # What upstream's CMake generates: where the (absent) test data would be.
    generated = os.path.join(cache, "json-suite-include")
    os.makedirs(generated, exist_ok=True)
    with open(os.path.join(generated, "test_data.hpp"), "w") as f:
        f.write('#define TEST_DATA_DIRECTORY "/nonexistent/json_test_data"\n')
    cflags = ["-I" + generated, "-I" + os.path.join(tests, "thirdparty", "doctest"),
              "-I" + os.path.join(tests, "thirdparty", "fifo_map"),
              "-I" + os.path.join(root, "single_include"),
              # upstream's test_main flags
              "-DDOCTEST_CONFIG_SUPER_FAST_ASSERTS", "-DJSON_TEST_KEEP_MACROS",
              "-DJSON_TEST_USING_MULTIPLE_HEADERS=0", "-Wno-deprecated", "-Wno-float-equal"]
    return ([os.path.join(tests, "src", s) for s in JSON_SUITE], cflags,
            {"nlohmann-json3": version})


_SOURCES = {"gtest-samples": _gtest_samples, "gtest-suite": _gtest_suite,
            "json-suite": _json_suite}

WORKLOADS = {w.name: w for w in [
    Workload("startup", [], [], files=["startup.cpp"]),
    Workload("json", ["2500"], ["20"], files=["json.cpp"]),
    Workload("logging", ["4500000"], ["5000"], files=["logging.cpp"]),
    Workload("http", ["12000"], ["100"], ["-pthread"], files=["http.cpp"]),
    Workload("crypto", ["55000"], ["100"], ["-lcrypto"], files=["crypto.cpp"]),
    Workload("threads", ["4000000"], ["1000"], ["-pthread"], files=["threads.cpp"]),
    Workload("gtest-samples", ["--gtest_repeat=5000"], ["--gtest_repeat=2"], ["-pthread"]),
    Workload("gtest-suite", ["--gtest_repeat=200", GTEST_SUITE_FILTER],
             ["--gtest_repeat=1", GTEST_SUITE_FILTER], ["-pthread"], suite=True),
    Workload("json-suite", ["--no-skip", JSON_NO_DATA_CHECK],
             [JSON_NO_DATA_CHECK], suite=True),
]}
