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
3. Rotation verified by the test runs, on both databases, with a real
   server and the real export: the admin records a rotation of the leaked
   VAULT_TOKEN; the next run with the same token fails the verification
   (rotation.failed, rotation-required again); after a second rotation, two
   runs with a new token value (the consumer rebuilt with
   -DCONSUMER_VAULT_TOKEN) verify it: rotation.verified, and the old
   credential is superseded_by the new one (policy verify_after_runs 2).
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
# SECRET: s.consumerRotatedVaultTokenAbCdEf0123456
ROTATED_TOKEN = "s.consumerRotatedVaultTokenAbCdEf0123456"


def api(server, path, key):
    status, body, _ = server.request("GET", path, key=key)
    expect(status == 200, f"GET {path}: HTTP {status}")
    return body


def check_inventory(c, backend, db, inventory, secret_dir, expected, log_dir):
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
                  "--log-dir", log_dir,
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
        expect('state-rotation-required">rotation-required<' in dom,
               f"{backend}: the detail page does not show rotation-required")
        expect('<td class="rule">secret-in-log</td>' in dom and KNOWN_TEST in dom,
               f"{backend}: the detail page does not show the finding and its test")
        for k in keys.values():
            expect(k not in dom, f"{backend}: a key on the page")
    print(f"[{backend}] exposed credentials are rotation-required, in the API and on the page")


def snapshot_logs(c, n):
    """The consumer's records of its last ctest run, kept as run n."""
    dest = os.path.join(c.work, "runs", str(n))
    shutil.copytree(os.path.join(c.build, "credtaint-logs"), dest)
    return dest


def check_rotation(c, backend, db, inventory, secret_dir, runs, old_fp, new_fp):
    """Rotations recorded by an admin, failed and verified by later runs."""
    work = os.path.join(c.work, f"rotation-{backend}")
    os.makedirs(work, exist_ok=True)
    keys = {r: invtest.create_key(inventory, db, r, f"rot-{r}")
            for r in ("ingest", "read", "admin")}
    token_file = os.path.join(secret_dir, f"rotation-{backend}.key")
    with open(token_file, "w") as f:
        f.write(keys["ingest"] + "\n")
    policy = os.path.join(work, "policy.json")
    with open(policy, "w") as f:
        json.dump({"verify_after_runs": 2}, f)
    report = os.path.join(c.prefix, "bin", "credtaint-report")
    path = "/v1/credentials/" + urllib.parse.quote(old_fp, safe=":")

    def export(n):
        c.run(f"export-{backend}-run{n}",
              [report, "export", "--server", f"http://127.0.0.1:{s.port}",
               "--token-file", token_file, "--project", "consumer",
               "--log-dir", runs[n], "--build-dir", c.build,
               "--source-root", c.a.source])

    def rotate(note):
        status, body, _ = s.request("POST", path + "/rotations", {"note": note},
                                    key=keys["admin"])
        expect(status in (200, 201), f"{backend}: POST rotations: HTTP {status} {body}")

    def audit_actions():
        return [a["action"] for a in
                api(s, "/v1/audit?target=" + urllib.parse.quote(old_fp, safe=""),
                    keys["read"])["audit"]]

    with invtest.Server(inventory, db, work, extra=["--policy", policy]) as s:
        export(0)
        cred = api(s, path, keys["read"])
        expect(cred["status"] == "rotation-required", f"{backend}: run 1: {cred['status']}")
        rotate("rotated after the leak in the debug log")
        expect(api(s, path, keys["read"])["status"] == "active",
               f"{backend}: a recorded rotation makes the credential active")

        export(1)  # the same token again: the rotation did not happen
        cred = api(s, path, keys["read"])
        expect(cred["status"] == "rotation-required" and "rotation.failed" in audit_actions(),
               f"{backend}: run 2 with the old token: {cred['status']}, {audit_actions()}")

        rotate("rotated for real this time")
        export(2)
        export(3)  # two runs with the new token, none with the old one
        cred = api(s, path, keys["read"])
        expect(cred.get("superseded_by") == new_fp and "rotation.verified" in audit_actions(),
               f"{backend}: after two runs with the new token: superseded_by "
               f"{cred.get('superseded_by')}, {audit_actions()}")
        new = api(s, "/v1/credentials/" + urllib.parse.quote(new_fp, safe=":"), keys["read"])
        expect(new.get("supersedes") == old_fp and new["name"] == cred["name"],
               f"{backend}: the new credential does not say what it supersedes")
    print(f"[{backend}] rotation failed by a run with the old token, verified by runs "
          "with the new one")


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
    runs = [snapshot_logs(c, 1)]

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

    # Three more runs for the rotation: the same token, then a new one twice.
    c.ctest("ctest-run2", expect_rc=1)
    runs.append(snapshot_logs(c, 2))
    c.configure(CONSUMER_VAULT_TOKEN=ROTATED_TOKEN)
    c.ctest("ctest-run3", expect_rc=1)
    runs.append(snapshot_logs(c, 3))
    new_fp = next(f["credential"]["fingerprint"] for f in c.merged()["findings"]
                  if f["rule"] == "secret-in-log")
    expect(new_fp != leak["credential"]["fingerprint"], "the rotated token has a new fingerprint")
    c.ctest("ctest-run4", expect_rc=1)
    runs.append(snapshot_logs(c, 4))

    # What export sends validates against CycloneDX 1.7.
    report = os.path.join(c.prefix, "bin", "credtaint-report")
    p = c.run("dry-run", [report, "export", "--dry-run", "--project", "consumer",
                          "--log-dir", runs[0],
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
                            inventory, secret_dir, expected, runs[0])
            check_rotation(c, "sqlite", os.path.join(c.work, "rotation.db"), inventory,
                           secret_dir, runs, leak["credential"]["fingerprint"], new_fp)
        if "postgresql" in backends:
            if not pgcluster.find_bin():
                print("PostgreSQL is not installed: skipped")
                return SKIP
            with pgcluster.PgCluster() as pg:
                check_inventory(c, "postgresql", pg.create_database("credtaint_e2e"),
                                inventory, secret_dir, expected, runs[0])
                check_rotation(c, "postgresql", pg.create_database("credtaint_rotation"),
                               inventory, secret_dir, runs,
                               leak["credential"]["fingerprint"], new_fp)
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
