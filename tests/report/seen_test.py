#!/usr/bin/env python3
"""What credtaint-report does with credential-seen and credential-used
records (issue 17): `export` sends every credential a run loaded as a
component, also without a finding, with the hosts it was sent to, whether
it was seen, and an owner suggested from CODEOWNERS, else credtaint.json;
the BOM names the run (an id stable across exports of the same records, or
--run-id), when it started and its repository and commit. `merge` counts
the credentials in its summary and never puts them into SARIF, JUnit or the
merged JSON. Damaged seen lines are skipped with one warning each.

The records are tests/report/inputs: a finding of the runtime's
(getenv-printf.jsonl) and a seen file (seen/credtaint-seen.4242.jsonl)
whose source paths are relative to the fixture repository seen/repo, which
holds a .github/CODEOWNERS and a credtaint.json. Every BOM is validated
against the CycloneDX 1.7 schema."""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_reports  # noqa: E402
from check_reports import expect  # noqa: E402

SHA = "0123456789abcdef0123456789abcdef01234567"
API_TOKEN = "hmac-sha256:test-k1:8c28275ee9c10e4bfe6c349d7c03f99c1c84fd47ef86db000ff23839c6b96fb4"
SEEN_ONLY = {  # name -> fingerprint of the credentials without a finding
    "file:app.env:DB_PASSWORD":
        "hmac-sha256:test-k1:3b5d0c1e2f4a6b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e",
    "PAYMENTS_API_KEY":
        "hmac-sha256:test-k1:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90",
    "BUILD_TOKEN":
        "hmac-sha256:test-k1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
}
HOSTS = ("db.internal.example", "api.payments.example", "evil.example.test")


def prop(obj, name):
    for p in obj.get("properties", []):
        if p["name"] == name:
            return p["value"]
    return None


class Tool:
    def __init__(self, args):
        self.tool, self.work = args.tool, args.work
        seen_dir = os.path.join(args.inputs, "seen")
        self.root = os.path.join(seen_dir, "repo")
        self.files = [os.path.join(args.inputs, "getenv-printf.jsonl"),
                      os.path.join(seen_dir, "credtaint-seen.4242.jsonl")]
        # A GitHub Actions run: repository, commit and build are known.
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("CREDTAINT_", "GITHUB_", "CI_", "GITLAB_"))}
        self.env.update(GITHUB_REPOSITORY="acme/service", GITHUB_SHA=SHA,
                        GITHUB_RUN_ID="777", GITHUB_REF_NAME="main")

    def run(self, *args, rc=0, what=""):
        p = subprocess.run([self.tool, *args], capture_output=True, text=True,
                           env=self.env, cwd=self.work, timeout=120)
        expect(p.returncode == rc, f"{what}: exit {p.returncode}, expected {rc}\n"
               f"stdout:\n{p.stdout[-2000:]}\nstderr:\n{p.stderr[-2000:]}")
        print(f"[{what}] exit {p.returncode}")
        return p

    def export(self, *opts, files=None, what="export"):
        p = self.run("export", "--dry-run", "--source-root", self.root, *opts,
                     *(self.files if files is None else files), what=what)
        boms = [check_reports.validate_bom(json.loads(l), what)
                for l in p.stdout.splitlines()]
        keys = re.findall(r"Idempotency-Key ([0-9a-f]{64})", p.stderr)
        return boms, keys, p.stderr


def check_export(t):
    boms, keys, err = t.export(what="dry-run")
    expect(len(boms) == 1, f"dry-run: {len(boms)} BOMs")
    bom = boms[0]
    comps = {c["name"]: c for c in bom["components"]}
    expect(set(comps) == {"API_TOKEN", *SEEN_ONLY},
           f"dry-run: components {sorted(comps)}")
    expect(len(bom["vulnerabilities"]) == 1
           and bom["vulnerabilities"][0]["affects"][0]["ref"] == "credential:" + API_TOKEN,
           "dry-run: the one finding affects API_TOKEN")
    for name, fp in SEEN_ONLY.items():
        c = comps[name]
        expect(c["bom-ref"] == "credential:" + fp and prop(c, "credtaint:seen") == "true",
               f"{name}: seen-only component {c}")
        expect(c["cryptoProperties"]["relatedCryptoMaterialProperties"]["state"] == "active",
               f"{name}: a credential without a finding is active")
    expect(prop(comps["API_TOKEN"], "credtaint:seen") == "true", "API_TOKEN: seen")
    # Hosts: sorted, unique, from the credential-used records.
    expect(prop(comps["PAYMENTS_API_KEY"], "credtaint:hosts")
           == "api.payments.example,evil.example.test", "PAYMENTS_API_KEY: hosts")
    expect(prop(comps["file:app.env:DB_PASSWORD"], "credtaint:hosts")
           == "db.internal.example", "DB_PASSWORD: hosts")
    expect(prop(comps["BUILD_TOKEN"], "credtaint:hosts") is None, "BUILD_TOKEN: no hosts")
    # Owners: CODEOWNERS' last matching line, else credtaint.json, else none.
    owners = {n: (prop(c, "credtaint:owner-suggested"), prop(c, "credtaint:owner-reason"))
              for n, c in comps.items()}
    expect(owners["file:app.env:DB_PASSWORD"] == (
        "@acme/db-team dba@acme.example",
        ".github/CODEOWNERS line 7: /src/db/ @acme/db-team dba@acme.example"),
        f"DB_PASSWORD owner: {owners['file:app.env:DB_PASSWORD']}")
    expect(owners["PAYMENTS_API_KEY"] == (
        "@acme/payments", ".github/CODEOWNERS line 8: src/payments/*.cpp @acme/payments"),
        f"PAYMENTS_API_KEY owner: {owners['PAYMENTS_API_KEY']}")
    expect(owners["BUILD_TOKEN"] == (
        "release-team", "credtaint.json owners: tools/release/** -> release-team"),
        f"BUILD_TOKEN owner (CODEOWNERS' /tools/ names none): {owners['BUILD_TOKEN']}")
    expect(owners["API_TOKEN"] == (None, None),
           f"API_TOKEN is defined outside the source root: {owners['API_TOKEN']}")
    expect(".github/CODEOWNERS line 9: skipped: owner 'not-an-owner'" in err,
           "the malformed CODEOWNERS line is a warning:\n" + err)
    # The run: id, start (the earliest record), repository and commit.
    meta = bom["metadata"]
    run = prop(meta, "credtaint:run")
    expect(run and re.fullmatch(r"[0-9a-f]{32}", run), f"credtaint:run {run}")
    expect(prop(meta, "credtaint:run-started") == "2026-11-23T10:17:45.902Z",
           f"run-started {prop(meta, 'credtaint:run-started')}")
    expect(prop(meta, "credtaint:vcs") == f"https://github.com/acme/service@{SHA}",
           f"vcs {prop(meta, 'credtaint:vcs')}")
    with open(os.path.join(t.work, "seen.cdx.jsonl"), "w") as f:
        f.write(json.dumps(bom) + "\n")

    # The same records exported again: the same run, the same batch keys.
    again, again_keys, _ = t.export(what="dry-run again")
    expect(prop(again[0]["metadata"], "credtaint:run") == run, "run id changed")
    expect(again_keys == keys, "Idempotency-Key changed between identical exports")
    # Other records: another run.
    other, _, _ = t.export(files=t.files[1:], what="seen file only")
    expect(prop(other[0]["metadata"], "credtaint:run") != run,
           "other records, same run id")
    expect(len(other[0]["vulnerabilities"]) == 0 and len(other[0]["components"]) == 4,
           "seen records alone: four components, no finding")

    # --run-id: every batch carries it.
    boms, _, _ = t.export("--run-id", "ci-77.1_a", "--batch-size", "1", what="--run-id")
    expect(len(boms) == 4, f"--batch-size 1: {len(boms)} BOMs (1 finding, 3 alone)")
    expect({prop(b["metadata"], "credtaint:run") for b in boms} == {"ci-77.1_a"},
           "--run-id is in every batch")
    expect({prop(b["metadata"], "credtaint:vcs") for b in boms}
           == {f"https://github.com/acme/service@{SHA}"}, "vcs in every batch")
    expect(sorted(c["name"] for b in boms for c in b["components"])
           == sorted(["API_TOKEN", *SEEN_ONLY]), "each credential once over the batches")
    for bad in ("has space", "a/b", "x" * 129, ""):
        p = t.run("export", "--dry-run", "--run-id", bad, *t.files, rc=2,
                  what=f"--run-id {bad[:10]!r}")
        expect(len(p.stderr.strip().splitlines()) == 1 and "--run-id" in p.stderr
               and not p.stdout, f"bad --run-id: one line:\n{p.stderr}")
    t.run("export", "--dry-run", "--run-id", "y" * 128, *t.files, what="--run-id 128")

    # --config names another credtaint.json; a missing one is an input error.
    cfg = os.path.join(t.work, "owners.json")
    with open(cfg, "w") as f:
        json.dump({"owners": {"**": "fallback-team", "src/db/**": "not-used"}}, f)
    boms, _, _ = t.export("--config", cfg, what="--config")
    comps = {c["name"]: c for c in boms[0]["components"]}
    expect(prop(comps["BUILD_TOKEN"], "credtaint:owner-reason")
           == "owners.json owners: ** -> fallback-team", "--config owners")
    p = t.run("export", "--dry-run", "--config", os.path.join(t.work, "nope.json"),
              *t.files, rc=2, what="--config missing")
    expect("--config" in p.stderr, "--config missing: message")

    # From a log directory, as ctest leaves it.
    logs = os.path.join(t.work, "logs", "nested")
    os.makedirs(logs)
    shutil.copy(t.files[0], os.path.join(logs, "credtaint.1493.jsonl"))
    shutil.copy(t.files[1], os.path.join(logs, "credtaint-seen.1493.jsonl"))
    boms, _, _ = t.export("--log-dir", os.path.join(t.work, "logs"), files=[],
                          what="--log-dir")
    expect(len(boms[0]["components"]) == 4 and len(boms[0]["vulnerabilities"]) == 1,
           "--log-dir reads both kinds of files")


def check_merge(t):
    sarif, junit, merged = (os.path.join(t.work, n) for n in
                            ("seen.sarif", "seen-junit.xml", "seen-merged.json"))
    p = t.run("merge", "--sarif", sarif, "--junit", junit, "--json", merged,
              "--source-root", t.root, *t.files, what="merge")
    expect("4 credentials loaded, 2 sent to network hosts (from 1 seen file)" in p.stdout,
           "summary counts the seen credentials:\n" + p.stdout)
    doc = check_reports.validate_sarif(sarif)
    expect(len(doc["runs"][0]["results"]) == 1, "SARIF: the one finding")
    text = open(sarif, encoding="utf-8").read()
    for needle in (*SEEN_ONLY, *SEEN_ONLY.values(), *HOSTS, "credential-seen",
                   "credential-used", "credtaint-seen"):
        expect(needle not in text, f"SARIF holds a trace of the seen records: {needle}")
    for path in (junit, merged):
        text = open(path, encoding="utf-8").read()
        for needle in (*SEEN_ONLY, *HOSTS):
            expect(needle not in text, f"{os.path.basename(path)} holds {needle}")
    expect(len(json.load(open(merged))["findings"]) == 1, "merged JSON: one finding")
    check_reports.parse_junit(junit)

    # A damaged seen file: one warning per bad line, the rest kept.
    damaged = os.path.join(t.work, "damaged", "credtaint-seen.99.jsonl")
    os.makedirs(os.path.dirname(damaged))
    lines = open(t.files[1], encoding="utf-8").read().splitlines()
    with open(damaged, "w", encoding="utf-8") as f:
        f.write(lines[0] + "\n{\"type\":\"credential-seen\", broken\n"
                + "\n".join(lines[1:]) + "\n" + lines[1][:40])
    p = t.run("merge", t.files[0], damaged, what="merge damaged")
    warnings = [l for l in p.stderr.splitlines() if "skipped" in l]
    expect(len(warnings) == 2 and f"{damaged}:2: skipped: not valid JSON" in warnings[0]
           and f"{damaged}:10: skipped: truncated" in warnings[1],
           "damaged seen lines:\n" + p.stderr)
    expect("4 credentials loaded" in p.stdout, "the rest of the damaged file is kept")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    args.tool, args.inputs, args.work = (os.path.abspath(p) for p in
                                         (args.tool, args.inputs, args.work))
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    t = Tool(args)
    check_export(t)
    check_merge(t)
    print("seen: all checks passed")
    return 0


if __name__ == "__main__":
    check_reports.run_main(main)
