#!/usr/bin/env python3
"""End to end: the consumer project's tests, exported to credtaint-inventory.

1. `cmake --install` credtaint, build tests/consumer with credtaint-c++ and
   run its ctest (as run_consumer.py does): the runtime records the known
   leak of VAULT_TOKEN to stderr, the plugin's sidecar the hardcoded token.
2. For SQLite and for PostgreSQL (a throwaway cluster, tests/inventory/
   pgcluster.py): start credtaint-inventory on a free loopback port, create
   an ingest and a read key with `credtaint-inventory keys create`, run
   `credtaint-report export` (the installed one) on the consumer's records
   and sidecars, then check
   - through the API: the leaked credential is rotation-required, with its
     secret-in-log finding and the tests that hit it; the hardcoded one too;
     a re-run of the export is replayed and changes nothing;
   - through headless Chromium: the list page shows the credential as
     rotation-required, the detail page shows its findings.
Keys live in a temporary directory outside the build tree, never in a log.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "report"))
sys.path.insert(0, os.path.join(HERE, "..", "inventory"))
import check_reports  # noqa: E402
from check_reports import expect  # noqa: E402
from run_consumer import Consumer, KNOWN_TEST, KILLED_TEST  # noqa: E402
import invtest  # noqa: E402
import pgcluster  # noqa: E402
import web_test  # noqa: E402

SKIP = 77


def api(server, path, key):
    status, body, _ = server.request("GET", path, key=key)
    expect(status == 200, f"GET {path}: HTTP {status}")
    return body


def check_inventory(c, backend, db, inventory, secret_dir, expected):
    """Export into a fresh inventory on `db` and check API and web page."""
    work = os.path.join(c.work, f"inventory-{backend}")
    os.makedirs(work, exist_ok=True)
    keys = {r: invtest.create_key(inventory, db, r, f"e2e-{r}") for r in ("ingest", "read")}
    token_file = os.path.join(secret_dir, f"{backend}.key")
    with open(token_file, "w") as f:
        f.write(keys["ingest"] + "\n")
    report = os.path.join(c.prefix, "bin", "credtaint-report")
    with invtest.Server(inventory, db, work) as s:
        export = [report, "export", "--server", f"http://127.0.0.1:{s.port}",
                  "--token-file", token_file, "--project", "consumer",
                  "--log-dir", os.path.join(c.build, "credtaint-logs"),
                  "--build-dir", c.build, "--source-root", c.a.source]
        p = c.run(f"export-{backend}", export)
        expect("replayed" not in p.stderr, f"{backend}: first export replayed")
        for k in keys.values():
            expect(k not in p.stdout + p.stderr, f"{backend}: a key in the output")

        creds = api(s, "/v1/credentials?status=rotation-required", keys["read"])["credentials"]
        by_fp = {cr["fingerprint"]: cr for cr in creds}
        for fp, (name, rule, tests) in expected.items():
            expect(fp in by_fp, f"{backend}: {name} is not rotation-required: "
                   f"{[(cr['name'], cr['status']) for cr in creds]}")
            detail = api(s, "/v1/credentials/" + urllib.parse.quote(fp, safe=":"), keys["read"])
            expect(detail["status"] == "rotation-required" and detail["name"] == name,
                   f"{backend}: {name}: {detail['status']}, {detail['name']}")
            findings = detail["findings_list"]
            expect(any(f["rule"] == rule for f in findings),
                   f"{backend}: {name} has no {rule} finding: {findings}")
            for t in tests:
                expect(any(t in (f.get("test") or "") for f in findings),
                       f"{backend}: {name}'s findings do not name test {t}")
        total = len(api(s, "/v1/findings", keys["read"])["findings"])

        # The same export again: replayed, nothing added.
        p = c.run(f"export-again-{backend}", export)
        expect("replayed" in p.stderr, f"{backend}: re-run not replayed:\n{p.stderr}")
        expect(len(api(s, "/v1/findings", keys["read"])["findings"]) == total,
               f"{backend}: the re-run added findings")

        # The web page, in headless Chromium.
        leaked = next(fp for fp, v in expected.items() if v[1] == "secret-in-log")
        url, _ = web_test.signin_url(s, keys["read"], "/")
        dom = web_test.chromium(["--dump-dom", url], work)
        with open(os.path.join(work, "list.html"), "w") as f:
            f.write(dom)
        row = dom.split(f'<tr data-fingerprint="{leaked}">', 1)
        expect(len(row) == 2, f"{backend}: the list page has no row for VAULT_TOKEN")
        row = row[1].split("</tr>", 1)[0]
        expect("VAULT_TOKEN" in row and "rotation-required" in row,
               f"{backend}: list row: {row[:500]}")
        url, _ = web_test.signin_url(s, keys["read"], f"/credentials/{leaked}")
        dom = web_test.chromium(["--dump-dom", url], work)
        with open(os.path.join(work, "credential.html"), "w") as f:
            f.write(dom)
        expect('status-rotation-required">rotation-required<' in dom,
               f"{backend}: the detail page does not show rotation-required")
        expect('<td class="rule">secret-in-log</td>' in dom and KNOWN_TEST in dom,
               f"{backend}: the detail page does not show the finding and its test")
        for k in keys.values():
            expect(k not in dom, f"{backend}: a key on the page")
    print(f"[{backend}] exposed credentials are rotation-required, in the API and on the page")


def main():
    ap = argparse.ArgumentParser()
    for opt in ("--credtaint-build", "--source", "--work", "--key", "--cmake",
                "--ctest", "--generator"):
        ap.add_argument(opt, required=True)
    ap.add_argument("--backends", default="sqlite,postgresql")
    c = Consumer(ap.parse_args())
    if not os.access(web_test.CHROMIUM, os.X_OK):
        print("chromium is not installed: skipped")
        return SKIP
    shutil.rmtree(c.work, ignore_errors=True)
    os.makedirs(c.work)
    c.run("install", [c.a.cmake, "--install", c.a.credtaint_build, "--prefix", c.prefix])
    inventory = os.path.join(c.prefix, "bin", "credtaint-inventory")
    expect(os.access(inventory, os.X_OK), "credtaint-inventory is installed")
    c.configure()
    c.ctest("ctest", expect_rc=1)  # the gate fails on the known findings

    m = c.merged()
    by_rule = {f["rule"]: f for f in m["findings"]}
    expect({"secret-in-log", "hardcoded-credential"} <= set(by_rule), f"rules {set(by_rule)}")
    leak, static = by_rule["secret-in-log"], by_rule["hardcoded-credential"]
    expected = {
        leak["credential"]["fingerprint"]:
            (leak["credential"]["name"], "secret-in-log", [KNOWN_TEST, KILLED_TEST]),
        static["credential"]["fingerprint"]:
            (static["credential"]["name"], "hardcoded-credential", []),
    }
    expect(leak["credential"]["name"] == "VAULT_TOKEN", "the known leak is VAULT_TOKEN")

    # What export sends validates against CycloneDX 1.7.
    report = os.path.join(c.prefix, "bin", "credtaint-report")
    p = c.run("dry-run", [report, "export", "--dry-run", "--project", "consumer",
                          "--log-dir", os.path.join(c.build, "credtaint-logs"),
                          "--build-dir", c.build, "--source-root", c.a.source])
    for line in p.stdout.splitlines():
        check_reports.validate_bom(json.loads(line), "consumer dry-run")
    with open(os.path.join(c.work, "export.cdx.jsonl"), "w") as f:
        f.write(p.stdout)  # scanned for raw secrets by no-raw-secrets

    secret_dir = tempfile.mkdtemp(prefix="credtaint-e2e-keys-")
    try:
        backends = c.a.backends.split(",")
        if "sqlite" in backends:
            check_inventory(c, "sqlite", os.path.join(c.work, "inventory.db"),
                            inventory, secret_dir, expected)
        if "postgresql" in backends:
            if not pgcluster.find_bin():
                print("PostgreSQL is not installed: skipped")
                return SKIP
            with pgcluster.PgCluster() as pg:
                check_inventory(c, "postgresql", pg.create_database("credtaint_e2e"),
                                inventory, secret_dir, expected)
    finally:
        shutil.rmtree(secret_dir, ignore_errors=True)
    print("inventory e2e: all checks passed")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (check_reports.CheckError, AssertionError, RuntimeError,
            subprocess.CalledProcessError) as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
