#!/usr/bin/env python3
"""Builds and runs tests/consumer the way a user would, against an install.

1. `cmake --install` the credtaint build into <work>/prefix;
2. configure the consumer with CMAKE_CXX_COMPILER=<prefix>/bin/credtaint-c++
   and CMAKE_PREFIX_PATH=<prefix> only, build it, run its ctest (which uses
   gtest_discover_tests and credtaint_add_report's fixture):
   - without a baseline the gate fails on the known leak and the hardcoded
     token (a static finding from the sidecars), only the report
     test fails, plain ctest prints the summary, and the finding of the
     process killed by SIGKILL is there, attributed to its ctest test;
   - with a baseline of those findings (the credtaint-baseline target) ctest
     passes; its SARIF validates against the schema, its JUnit parses;
   - with a new leak compiled in (-DCONSUMER_NEW_LEAK=ON) the gate fails, on
     exactly that one new finding;
   - with a suppressions file covering the new leak the gate passes again.
3. The GoogleTest listener names tests when one process runs them all.
4. find_package(CredTaint) from the build tree gives the same result.
Everything is written under <work>, inside credtaint's build tree, so the
no-raw-secrets scan covers the consumer's records and reports.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "report"))
import check_reports  # noqa: E402
from check_reports import expect  # noqa: E402

KNOWN_TEST = "VaultTest.DebugLogLeaksToken"
KILLED_TEST = "Killed.AfterFinding"
NEW_TEST = "VaultTest.NewLeak"


class Consumer:
    def __init__(self, args):
        self.a = args
        self.work = os.path.abspath(args.work)
        self.prefix = os.path.join(self.work, "prefix")
        self.build = os.path.join(self.work, "build")
        self.reports = os.path.join(self.build, "credtaint-report")
        self.step = 0
        # Nothing of the developer's or the outer ctest's credtaint setup.
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("CREDTAINT_", "CTEST_", "CMAKE_"))
                    and k not in ("CredTaint_DIR",)}

    def run(self, name, cmd, expect_rc=0, cwd=None, env=None):
        self.step += 1
        log = os.path.join(self.work, "logs", f"{self.step:02d}-{name}.log")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        p = subprocess.run(cmd, cwd=cwd, env=env or self.env, capture_output=True,
                           text=True)
        with open(log, "w") as f:
            f.write(f"$ {' '.join(cmd)}\n{p.stdout}\n--- stderr ---\n{p.stderr}")
        ok = p.returncode == expect_rc if expect_rc is not None else True
        print(f"[{name}] exit {p.returncode}" + ("" if ok else f", expected {expect_rc}"))
        expect(ok, f"{name}: exit {p.returncode}, expected {expect_rc}; see {log}\n"
               + p.stdout[-3000:] + p.stderr[-3000:])
        return p

    def configure(self, **defs):
        cmd = [self.a.cmake, "-S", self.a.source, "-B", self.build,
               f"-DCMAKE_CXX_COMPILER={self.prefix}/bin/credtaint-c++",
               f"-DCMAKE_PREFIX_PATH={self.prefix}",
               f"-DCREDTAINT_FINGERPRINT_KEY={self.a.key}"]
        if not os.path.exists(os.path.join(self.build, "CMakeCache.txt")):
            cmd += ["-G", self.a.generator]
        cmd += [f"-D{k}={v}" for k, v in defs.items()]
        self.run("configure", cmd)
        self.run("build", [self.a.cmake, "--build", self.build, "--parallel", "2"])

    def ctest(self, name, expect_rc):
        p = self.run(name, [self.a.ctest, "--test-dir", self.build, "-j2"],
                     expect_rc=None)
        expect((p.returncode == 0) == (expect_rc == 0),
               f"{name}: ctest exit {p.returncode}\n{p.stdout[-4000:]}")
        failed = set()
        path = os.path.join(self.build, "Testing", "Temporary", "LastTestsFailed.log")
        if p.returncode and os.path.exists(path):
            failed = {line.strip().split(":", 1)[1] for line in open(path) if ":" in line}
        return p.stdout, failed

    def merged(self):
        return json.load(open(os.path.join(self.reports, "credtaint.json")))


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--credtaint-build", "--source", "--work", "--key", "--cmake",
                "--ctest", "--generator"):
        ap.add_argument(opt, required=True)
    c = Consumer(ap.parse_args())
    shutil.rmtree(c.work, ignore_errors=True)
    os.makedirs(c.work)

    c.run("install", [c.a.cmake, "--install", c.a.credtaint_build, "--prefix", c.prefix])
    expect(os.path.exists(os.path.join(c.prefix, "lib", "cmake", "CredTaint",
                                       "CredTaintConfig.cmake")) or
           glob.glob(os.path.join(c.prefix, "lib*", "**", "CredTaintConfig.cmake"),
                     recursive=True), "the package is installed")
    c.configure()
    cache = open(os.path.join(c.build, "CMakeCache.txt")).read()
    expect(f"CredTaint_DIR:PATH={c.prefix}/" in cache,
           "the consumer found the installed package, not the build tree")

    # 1. No baseline: the known leak (run time) and the hardcoded token
    # (static, from the plugin's sidecar) are new; only the report fails.
    out, failed = c.ctest("ctest-no-baseline", expect_rc=1)
    expect(failed == {"credtaint.report"}, f"failed tests: {failed}")
    expect("credtaint-report: 2 distinct findings" in out and "Defects by test:" in out,
           "plain ctest prints the summary:\n" + out[-2000:])
    m = c.merged()
    expect(m["gate"]["failed"] and m["counts"]["new"] == 2, f"counts {m['counts']}")
    expect(m["inputs"]["sidecars"] >= 1, "the build's sidecars are read")
    by_rule = {f["rule"]: f for f in m["findings"]}
    expect(set(by_rule) == {"secret-in-log", "hardcoded-credential"}, f"rules {set(by_rule)}")
    known = by_rule["secret-in-log"]
    expect(known["sink"]["file"].endswith("src/vault.cpp"), "the known leak")
    expect(set(known["tests"]) == {KNOWN_TEST, KILLED_TEST}, f"tests {known['tests']}")
    static = by_rule["hardcoded-credential"]
    expect(static["detector"] == "static" and static["tests"] == ["static"]
           and static["credential"]["source"]["file"].endswith("src/vault.cpp"),
           f"the static finding: {static}")

    # The killed process: its ctest test passed because SIGKILL ended it (137),
    # and the record it wrote before survives.
    killed = []
    for path in glob.glob(os.path.join(c.build, "credtaint-logs", "credtaint.*.jsonl")):
        for line in open(path):
            r = json.loads(line)
            if r["test"] == KILLED_TEST:
                killed.append(r)
    expect(len(killed) == 1 and killed[0]["binary"].endswith("/killed"),
           f"the killed process's finding: {killed}")

    # Fingerprints recomputed from records without them match the runtime's.
    stripped = os.path.join(c.work, "stripped")
    os.makedirs(stripped)
    with open(os.path.join(stripped, "credtaint.1.jsonl"), "w") as out_f:
        for path in glob.glob(os.path.join(c.build, "credtaint-logs", "credtaint.*.jsonl")):
            for line in open(path):
                r = json.loads(line)
                del r["fingerprint"]
                out_f.write(json.dumps(r) + "\n")
    report = os.path.join(c.prefix, "bin", "credtaint-report")
    c.run("recompute", [report, "merge", "-q", "--log-dir", stripped,
                        "--json", os.path.join(c.work, "stripped.json")])
    got = {f["fingerprint"] for f in json.load(open(os.path.join(c.work, "stripped.json")))["findings"]}
    expect(got == {known["fingerprint"]}, f"recomputed {got} != {known['fingerprint']}")

    # 2. Baseline of the current findings (the credtaint-baseline target, as
    # a user would make it and commit it): ctest passes.
    c.run("baseline", [c.a.cmake, "--build", c.build, "--target", "credtaint-baseline"])
    baseline = os.path.join(c.work, "baseline.json")
    shutil.copy(os.path.join(c.reports, "baseline.json"), baseline)
    accepted = {f["fingerprint"] for f in json.load(open(baseline))["findings"]}
    expect(accepted == {f["fingerprint"] for f in m["findings"]},
           f"the baseline accepts both findings: {accepted}")
    c.configure(CONSUMER_BASELINE=baseline)
    out, failed = c.ctest("ctest-baseline", expect_rc=0)
    expect("Gate (--fail-on high): passed" in out, "summary after a passing run:\n" + out[-2000:])
    sarif = check_reports.validate_sarif(os.path.join(c.reports, "credtaint.sarif"))
    results = sarif["runs"][0]["results"]
    expect([r["baselineState"] for r in results] == ["unchanged"] * 2, "baselineState")
    leak = next(r for r in results if r["ruleId"] == "secret-in-log")
    expect(leak["locations"][0]["physicalLocation"]["artifactLocation"]
           == {"uri": "src/vault.cpp", "uriBaseId": "%SRCROOT%"}, "uri relative to the source")
    expect(len(leak["codeFlows"][0]["threadFlows"][0]["locations"]) >= 2, "code flow")
    cases = check_reports.parse_junit(os.path.join(c.reports, "credtaint-junit.xml"))
    expect(set(cases) == {KNOWN_TEST, KILLED_TEST, "static"} and not any(cases.values()),
           f"junit after baseline: {cases}")

    # 3. A new leak: the gate fails on exactly that finding.
    c.configure(CONSUMER_NEW_LEAK="ON")
    out, failed = c.ctest("ctest-new-leak", expect_rc=1)
    expect(failed == {"credtaint.report"}, f"failed tests: {failed}")
    m = c.merged()
    new = [f for f in m["findings"] if f["baseline_state"] == "new"]
    expect(len(new) == 1, f"exactly one new finding: {new}")
    src = open(os.path.join(c.a.source, "tests", "vault_test.cpp")).read().splitlines()
    leak_line = next(i + 1 for i, l in enumerate(src) if "NEW-LEAK" in l)
    expect(new[0]["sink"]["line"] == leak_line and new[0]["tests"] == [NEW_TEST],
           f"the new finding is the new leak: {new[0]['sink']}, {new[0]['tests']}")
    expect(m["counts"]["in_baseline"] == 2, "the known findings are still accepted")
    sarif = check_reports.validate_sarif(os.path.join(c.reports, "credtaint.sarif"))
    expect(sorted(r["baselineState"] for r in sarif["runs"][0]["results"])
           == ["new", "unchanged", "unchanged"], "baselineState with a new leak")
    cases = check_reports.parse_junit(os.path.join(c.reports, "credtaint-junit.xml"))
    expect([k for k, v in cases.items() if v] == [NEW_TEST], f"junit failures {cases}")
    expect("FAILED, 1 new finding at or above high" in out, out[-2000:])

    # 4. Suppressing the new leak passes the gate and keeps it in SARIF.
    supp = os.path.join(c.work, "credtaint.supp")
    with open(supp, "w") as f:
        f.write("# the new test's leak is accepted for now\nfun:*NewLeak*\n")
    c.configure(CONSUMER_SUPPRESSIONS=supp)
    c.ctest("ctest-suppressed", expect_rc=0)
    sarif = check_reports.validate_sarif(os.path.join(c.reports, "credtaint.sarif"))
    sup = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    expect(len(sup) == 1 and sup[0]["suppressions"][0]["kind"] == "external", "suppressed")

    # The listener names each test when one process runs them all.
    direct = os.path.join(c.work, "direct-logs")
    env = dict(c.env, CREDTAINT_OPTIONS=f"log_dir={direct}:fingerprint_key={c.a.key}")
    p = c.run("listener", [os.path.join(c.build, "vault_test")], env=env)
    with open(os.path.join(c.work, "listener.err"), "w") as f:
        f.write(p.stderr)  # scanned: credtaint's blocks must hold no secret
    tests = {json.loads(l)["test"] for path in glob.glob(os.path.join(direct, "credtaint.*.jsonl"))
             for l in open(path)}
    expect(tests == {KNOWN_TEST, NEW_TEST}, f"tests named by the listener: {tests}")
    # find_package from the build tree works as well (same layout).
    tree = os.path.join(c.work, "build-tree")
    build = os.path.abspath(c.a.credtaint_build)
    c.run("configure-build-tree", [
        c.a.cmake, "-S", c.a.source, "-B", tree, "-G", c.a.generator,
        f"-DCMAKE_CXX_COMPILER={build}/bin/credtaint-c++",
        f"-DCMAKE_PREFIX_PATH={build}", f"-DCREDTAINT_FINGERPRINT_KEY={c.a.key}"])
    cache = open(os.path.join(tree, "CMakeCache.txt")).read()
    expect(f"CredTaint_DIR:PATH={build}/" in cache, "found in the build tree")
    c.run("build-build-tree", [c.a.cmake, "--build", tree, "--parallel", "2"])
    p = c.run("ctest-build-tree", [c.a.ctest, "--test-dir", tree, "-j2"], expect_rc=None)
    expect(p.returncode != 0 and "Gate (--fail-on high): FAILED, 2 new findings" in p.stdout, p.stdout[-2000:])
    print("consumer: all checks passed")
    return 0


if __name__ == "__main__":
    check_reports.run_main(main)
