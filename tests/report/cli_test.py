#!/usr/bin/env python3
"""credtaint-report's command line: exit codes, the outputs it writes (SARIF
validated against the schema, JUnit parsed), damaged inputs, baselines,
suppressions and CI metadata. Works in --work, under the build tree, so the
no-raw-secrets scan covers what it writes."""
import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_reports  # noqa: E402
from check_reports import expect  # noqa: E402

GETENV_FP = "credtaint/v1:99629219a26394024e731bb36a56c3d7"
CI_VARS = ("GITHUB_", "CI_", "GITLAB_")


def clean_env(extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(CI_VARS)}
    env.update(extra or {})
    return env


class Cli:
    def __init__(self, tool, work):
        self.tool, self.work = tool, work

    def run(self, *args, env=None):
        p = subprocess.run([self.tool, *args], capture_output=True, text=True,
                           env=env or clean_env(), cwd=self.work)
        return p.returncode, p.stdout, p.stderr

    def expect_rc(self, rc, *args, env=None):
        got, out, err = self.run(*args, env=env)
        expect(got == rc, f"credtaint-report {' '.join(args)}: exit {got}, "
               f"expected {rc}\nstdout:\n{out}\nstderr:\n{err}")
        return out, err


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    w = lambda *p: os.path.join(args.work, *p)  # noqa: E731
    cli = Cli(args.tool, args.work)
    golden = {n: open(os.path.join(args.inputs, n), encoding="utf-8").read()
              for n in ("getenv-printf.jsonl", "crypto-ciphers.jsonl",
                        "weak-random.jsonl")}
    logs = w("logs")
    for i, (name, text) in enumerate(sorted(golden.items())):
        write(os.path.join(logs, f"credtaint.{100 + i}.jsonl"), text)

    # Usage and input errors: 2.
    out, _ = cli.expect_rc(0, "--help")
    expect("Exit codes:" in out and "2  usage or input error" in out, "--help lists exit codes")
    out, _ = cli.expect_rc(0, "merge", "--help")
    expect("--fail-on" in out and "Exit codes:" in out, "merge --help")
    cli.expect_rc(2)
    cli.expect_rc(2, "frobnicate")
    _, err = cli.expect_rc(2, "merge")
    expect("nothing to read" in err, "merge without inputs says why")
    _, err = cli.expect_rc(2, "merge", "--log-dir", logs, "--fail-on", "severe")
    expect("--fail-on" in err, "bad severity named")
    cli.expect_rc(2, "merge", w("missing.jsonl"))
    cli.expect_rc(2, "merge", "--log-dir", logs, "--baseline", w("missing.json"))
    _, err = cli.expect_rc(2, "merge", "--log-dir", logs, "--baseline",
                           write(w("bad-baseline.json"), "{\"findings\": 3}"))
    expect("bad-baseline.json" in err, "malformed baseline named")
    cli.expect_rc(2, "merge", "--log-dir", logs, "--suppressions", w("missing.supp"))
    write(w("afile"), "")
    cli.expect_rc(2, "merge", "--log-dir", logs, "--sarif", w("afile", "x.sarif"))
    cli.expect_rc(2, "baseline", "--log-dir", logs)  # -o is required

    # A clean merge: outputs, no gate.
    out, err = cli.expect_rc(0, "merge", "--log-dir", logs, "--source-root", "/work/main",
                             "--sarif", w("out", "all.sarif"), "--junit", w("out", "all.xml"),
                             "--json", w("out", "all.json"), "--summary", w("out", "all.txt"))
    expect(err == "", f"no warnings expected, got {err}")
    expect("4 distinct findings (4 occurrences) from 3 log files" in out, out)
    expect(open(w("out", "all.txt")).read() == out, "--summary writes what stdout shows")
    sarif = check_reports.validate_sarif(w("out", "all.sarif"))
    results = sarif["runs"][0]["results"]
    expect(len(results) == 4, "4 results")
    expect(all("baselineState" not in r for r in results), "no baselineState without baseline")
    expect(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
           == {"uri": "tests/lit/e2e/getenv-printf.cpp", "uriBaseId": "%SRCROOT%"},
           "relative uri")
    cases = check_reports.parse_junit(w("out", "all.xml"))
    expect(set(cases) == {"getenv-printf.cpp.tmp", "crypto-ciphers.cpp.tmp",
                          "weak-random.cpp.tmp"}, f"testcases {set(cases)}")
    expect(len(cases["crypto-ciphers.cpp.tmp"]) == 1
           and cases["crypto-ciphers.cpp.tmp"][0].count("weak-cipher") == 2,
           "one failure listing both findings of the test")
    merged = json.load(open(w("out", "all.json")))
    expect(merged["counts"]["findings"] == 4 and merged["gate"]["fail_on"] is None, "json")

    # The gate.
    cli.expect_rc(1, "merge", "-q", "--log-dir", logs, "--fail-on", "high")
    cli.expect_rc(1, "merge", "-q", "--log-dir", logs, "--fail-on", "LOW")
    out, _ = cli.expect_rc(0, "merge", "--log-dir", logs, "--fail-on", "critical")
    expect("Gate (--fail-on critical): passed" in out, out)

    # Damaged input: skipped lines are warnings naming file:line, not errors.
    damaged = w("damaged")
    g = golden["getenv-printf.jsonl"]
    write(os.path.join(damaged, "credtaint.1.jsonl"),
          golden["crypto-ciphers.jsonl"] + "{\"rule\": tru\n" + g + g[:300])
    out, err = cli.expect_rc(1, "merge", "--log-dir", damaged, "--fail-on", "high",
                             "--sarif", w("out", "damaged.sarif"))
    expect("credtaint.1.jsonl:3: skipped: not valid JSON" in err, err)
    expect("credtaint.1.jsonl:5: skipped: truncated record" in err, err)
    expect(len(err.strip().splitlines()) == 2, f"one line per skipped line: {err}")
    expect("3 distinct findings" in out and "2 corrupt lines skipped" in out, out)
    doc = check_reports.validate_sarif(w("out", "damaged.sarif"))
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    expect(len(notes) == 2, "skipped lines are SARIF notifications")

    # Baseline: accept today's findings; a new one fails the gate.
    out, _ = cli.expect_rc(0, "baseline", "--log-dir", logs, "-o", w("baseline.json"))
    expect("baseline of 4 accepted findings" in out, out)
    cli.expect_rc(0, "merge", "-q", "--log-dir", logs, "--baseline", w("baseline.json"),
                  "--fail-on", "low", "--sarif", w("out", "baseline.sarif"))
    doc = check_reports.validate_sarif(w("out", "baseline.sarif"))
    expect({r["baselineState"] for r in doc["runs"][0]["results"]} == {"unchanged"},
           "all unchanged")
    moved = json.loads(g)
    moved["sink"]["line"] = 99
    del moved["fingerprint"]  # recomputed, as for a record without one
    write(os.path.join(logs, "credtaint.200.jsonl"), json.dumps(moved) + "\n")
    out, _ = cli.expect_rc(1, "merge", "--log-dir", logs, "--baseline", w("baseline.json"),
                           "--fail-on", "low", "--json", w("out", "new.json"),
                           "--junit", w("out", "new.xml"), "--sarif", w("out", "new.sarif"))
    new = [f for f in json.load(open(w("out", "new.json")))["findings"]
           if f["baseline_state"] == "new"]
    expect(len(new) == 1 and new[0]["sink"]["line"] == 99, f"exactly one new: {new}")
    expect("FAILED, 1 new finding at or above low" in out, out)
    failing = {k: v for k, v in check_reports.parse_junit(w("out", "new.xml")).items() if v}
    expect(list(failing) == ["getenv-printf.cpp.tmp"], f"failing testcases {failing}")
    states = [r["baselineState"] for r in
              check_reports.validate_sarif(w("out", "new.sarif"))["runs"][0]["results"]]
    expect(sorted(states) == ["new"] + ["unchanged"] * 4, states)
    os.remove(os.path.join(logs, "credtaint.200.jsonl"))

    # Suppressions: the runtime's format; unused lines are warned about.
    supp = write(w("credtaint.supp"), "# accepted for now\nrule:weak-cipher\n"
                 "credential:NO_SUCH_*\nsrc\n")
    out, err = cli.expect_rc(1, "merge", "--log-dir", logs, "--suppressions", supp,
                             "--fail-on", "low", "--sarif", w("out", "supp.sarif"))
    expect(f"{supp}:3: suppression 'credential:NO_SUCH_*' matched no finding" in err, err)
    expect(f"{supp}:4: expected type:pattern" in err, err)
    expect("2 suppressed" in out, out)
    results = check_reports.validate_sarif(w("out", "supp.sarif"))["runs"][0]["results"]
    suppressed = [r for r in results if r.get("suppressions")]
    expect(len(suppressed) == 2 and all(r["ruleId"] == "weak-cipher" and
           r["suppressions"][0]["kind"] == "external" for r in suppressed), "suppressed")
    write(w("rest.supp"), "rule:secret-in-log\nrule:weak-random-credential\n")
    cli.expect_rc(0, "merge", "-q", "--log-dir", logs, "--suppressions", supp,
                  "--suppressions", w("rest.supp"), "--fail-on", "low")

    # Static sidecars from the build tree.
    sidecar = {"findings": [{"rule": "hardcoded-credential",
                             "credential": {"kind": "api-key", "name": "api_key",
                                            "preview": "AKIA****…", "length": 20,
                                            "source": {"file": "/work/main/src/cfg.cpp", "line": 7}},
                             "sink": {"file": "/work/main/src/cfg.cpp", "line": 7}}]}
    write(w("build", "obj", "cfg.cpp.o.credtaint.json"), json.dumps(sidecar))
    out, _ = cli.expect_rc(0, "merge", "--build-dir", w("build"), "--json", w("out", "static.json"))
    f = json.load(open(w("out", "static.json")))["findings"]
    expect(len(f) == 1 and f[0]["detector"] == "static" and f[0]["cwe"] == 798
           and f[0]["tests"] == ["static"], f"static finding {f}")

    # Run metadata from CI variables, in every format.
    env = clean_env({"GITHUB_REPOSITORY": "acme/service", "GITHUB_REF_NAME": "main",
                     "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
                     "GITHUB_RUN_ID": "777", "GITHUB_SERVER_URL": "https://github.com"})
    cli.expect_rc(0, "merge", "-q", "--log-dir", logs, "--sarif", w("out", "ci.sarif"),
                  "--junit", w("out", "ci.xml"), "--json", w("out", "ci.json"), env=env)
    run = check_reports.validate_sarif(w("out", "ci.sarif"))["runs"][0]
    vcp = run["versionControlProvenance"][0]
    expect(vcp == {"repositoryUri": "https://github.com/acme/service",
                   "revisionId": "0123456789abcdef0123456789abcdef01234567",
                   "branch": "main"}, f"versionControlProvenance {vcp}")
    expect(run["properties"]["build_id"] == "777", "build id")
    expect(json.load(open(w("out", "ci.json")))["run"]["repository"] == "acme/service", "json run")
    xml = open(w("out", "ci.xml")).read()
    expect('<property name="build_id" value="777"/>' in xml, "junit run property")
    print("cli_test: all checks passed")
    return 0


if __name__ == "__main__":
    check_reports.run_main(main)
