#!/usr/bin/env python3
"""credtaint-inventory's API, end to end: the real server binary on a free
loopback port over a real SQLite file or PostgreSQL database; every endpoint,
401/403/400/413/415/422, a partly valid batch (the valid part kept, the rest
listed), idempotent replay, the same batch from many threads
at once, kill -9 and restart, TLS, and no key anywhere it should not be;
then the lifecycle endpoints (api_lifecycle.py): policy, clock, rotations,
metrics, evidence."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import invtest  # noqa: E402
from api_lifecycle import Lifecycle  # noqa: E402
from invtest import component, vulnerability, bom  # noqa: E402
from pgcluster import PgCluster, find_bin  # noqa: E402

SKIP = 77
FP = "hmac-sha256:k1:9f2c4e11aa00"
FP_WEAK = "hmac-sha256:k1:77aa0011bb22"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)


def expect(resp, status, what):
    check(resp[0] == status, f"{what}: expected HTTP {status}, got {resp[0]} {str(resp[1])[:300]}")
    return resp[1]


def quote(fp):
    return urllib.parse.quote(fp, safe=":")


def test_auth(s, keys):
    expect(s.request("GET", "/v1/credentials"), 401, "no key")
    r = s.request("GET", "/v1/credentials", key="ctinv_" + "0" * 16 + "_" + "0" * 64)
    expect(r, 401, "unknown key")
    check("www-authenticate" in r[2], "401 carries WWW-Authenticate")
    expect(s.request("GET", "/v1/credentials", headers={"Authorization": "Basic abc"}), 401,
           "wrong scheme")
    wrong = keys["admin"][:-1] + ("0" if keys["admin"][-1] != "0" else "1")
    expect(s.request("GET", "/v1/credentials", key=wrong), 401, "admin key with a wrong secret")
    expect(s.request("POST", "/v1/ingest", body=bom([], []), key=keys["read"]), 403,
           "read key may not ingest")
    expect(s.request("GET", "/v1/credentials", key=keys["ingest"]), 403, "ingest key may not read")
    expect(s.request("GET", "/v1/audit", key=keys["ingest"]), 403, "ingest key may not read audit")
    expect(s.request("PATCH", f"/v1/credentials/{quote(FP)}", body={"owner": "x"},
                     key=keys["read"]), 403, "read key may not PATCH")
    expect(s.request("GET", "/healthz"), 200, "health needs no key")


def test_bad_input(s, keys, max_body):
    k = keys["ingest"]
    r = expect(s.request("POST", "/v1/ingest", body="{not json", key=k,
                         headers={"Content-Type": "application/json"}), 400, "invalid JSON")
    check(r.get("error", "").startswith("$:"), "invalid JSON error names $")
    b = bom([component(FP, "API_TOKEN")], [])
    b["specVersion"] = "1.2"
    r = expect(s.request("POST", "/v1/ingest", body=b, key=k), 400, "old specVersion")
    check(r.get("error", "").startswith("$.specVersion:"), f"error names $.specVersion: {r}")
    b = bom([], [vulnerability("fx", "hmac-sha256:k1:other", "secret-in-log")])
    r = expect(s.request("POST", "/v1/ingest", body=b, key=k), 400, "affects an unknown credential")
    check(r.get("error", "").startswith("$.vulnerabilities[0].affects[0].ref:"), f"error path: {r}")
    check(r.get("rejected_count") == 1, f"one refusal listed: {r}")
    b = bom([component(FP, "API_TOKEN")], [])
    del b["components"][0]["cryptoProperties"]["relatedCryptoMaterialProperties"]["type"]
    r = expect(s.request("POST", "/v1/ingest", body=b, key=k), 400, "missing type")
    check(r.get("error", "") == "$.components[0].cryptoProperties.relatedCryptoMaterialProperties.type: missing",
          f"error path: {r}")
    expect(s.request("POST", "/v1/ingest", body=json.dumps(bom([], [])), key=k,
                     headers={"Content-Type": "text/plain"}), 415, "wrong content type")
    expect(s.request("POST", "/v1/ingest", body=bom([], []), key=k,
                     headers={"Idempotency-Key": "not hex!"}), 400, "bad Idempotency-Key")
    big = json.dumps(bom([component(FP, "X" * 1000)], [])) + " " * (max_body + 10)
    r = expect(s.request("POST", "/v1/ingest", body=big, key=k,
                         headers={"Content-Type": "application/json"}), 413, "body too large")
    check("larger than" in str(r), f"413 says why: {r}")
    expect(s.request("GET", "/v1/credentials?status=lost", key=keys["read"]), 400, "bad status filter")
    expect(s.request("GET", "/v1/credentials?limit=x", key=keys["read"]), 400, "bad limit")
    # Nothing of the refused batches was stored.
    r = expect(s.request("GET", "/v1/credentials?kind=api-key", key=keys["read"]), 200, "list")
    check(r["credentials"] == [], "refused batches stored nothing")


def test_ingest_and_query(s, keys, schema):
    b = schema.check(bom([component(FP, "API_TOKEN", scope="api.example.test"),
                          component(FP_WEAK, "Config::hash_salt", kind="generic-secret")],
                         [vulnerability("f-log", FP, "secret-in-log"),
                          vulnerability("f-url", FP, "credential-in-url"),
                          vulnerability("f-weak", FP_WEAK, "weak-hash")]))
    idem = {"Idempotency-Key": "ab" * 32}
    r = expect(s.request("POST", "/v1/ingest", body=b, key=keys["ingest"], headers=idem), 200, "ingest")
    check(r == {"credentials": 2, "findings": 3, "new_credentials": 2, "new_findings": 3,
                "replayed": False}, f"ingest response {r}")
    b2 = dict(b, serialNumber="urn:uuid:00000000-0000-4000-8000-000000000000")
    r = expect(s.request("POST", "/v1/ingest", body=b2, key=keys["ingest"], headers=idem), 200, "replay")
    check(r.get("replayed") is True and r.get("findings") == 3, f"replay response {r}")
    b3 = json.loads(json.dumps(b))
    b3["vulnerabilities"].pop()
    expect(s.request("POST", "/v1/ingest", body=b3, key=keys["ingest"], headers=idem), 422,
           "same key, other content")

    rk = keys["read"]
    r = expect(s.request("GET", "/v1/credentials?status=rotation-required", key=rk), 200, "filter status")
    check([c["fingerprint"] for c in r["credentials"]] == [FP], f"rotation-required: {r}")
    r = expect(s.request("GET", "/v1/credentials?kind=generic-secret", key=rk), 200, "filter kind")
    check([c["fingerprint"] for c in r["credentials"]] == [FP_WEAK], "kind filter")
    check(r["credentials"][0]["status"] == "active", "weak-hash is not an exposure")
    r = expect(s.request("GET", f"/v1/credentials/{quote(FP)}", key=rk), 200, "detail")
    check(r["status"] == "rotation-required" and r["open_findings"] == 2, f"detail status {r.get('status')}")
    check(sorted(f["rule"] for f in r["findings_list"]) == ["credential-in-url", "secret-in-log"],
          "detail findings")
    check([h["action"] for h in r["history"]].count("credential.status") == 1, "one status change")
    check(r["scope"] == "api.example.test" and r["defined_at"] == "src/client.cpp:42", "fields kept")
    expect(s.request("GET", "/v1/credentials/hmac-sha256:k1:nothing", key=rk), 404, "unknown credential")
    r = expect(s.request("GET", f"/v1/findings?credential={quote(FP)}", key=rk), 200, "findings")
    check(len(r["findings"]) == 2, "findings filter by credential")
    r = expect(s.request("GET", "/v1/findings?rule=weak-hash", key=rk), 200, "findings by rule")
    check([f["credential"] for f in r["findings"]] == [FP_WEAK], "findings filter by rule")


def test_patch_and_audit(s, keys, key_ids):
    ak = keys["admin"]
    path = f"/v1/credentials/{quote(FP)}"
    r = expect(s.request("PATCH", path, body={"owner": "payments-team", "scope": "billing",
                                              "note": "rotate via vault"}, key=ak), 200, "PATCH")
    check(r["owner"] == "payments-team" and r["status"] == "rotation-required", "PATCH applied")
    r = expect(s.request("PATCH", path, body={"status": "active"}, key=ak), 200, "PATCH rotation")
    check(r["status"] == "active" and r["rotated_at"], "rotation recorded")
    check(r["open_findings"] == 0, "rotation closes earlier findings")
    r = expect(s.request("PATCH", path, body={"colour": "red"}, key=ak), 400, "unknown field")
    check(r["error"].startswith("$.colour:"), "PATCH error names field")
    expect(s.request("PATCH", path, body="[", key=ak, headers={"Content-Type": "application/json"}),
           400, "PATCH bad JSON")
    expect(s.request("PATCH", "/v1/credentials/hmac-sha256:k1:nothing", body={"owner": "x"}, key=ak),
           404, "PATCH unknown")
    r = expect(s.request("GET", "/v1/credentials?owner=payments-team", key=keys["read"]), 200, "owner")
    check([c["fingerprint"] for c in r["credentials"]] == [FP], "owner filter")
    r = expect(s.request("GET", f"/v1/audit?target={quote(FP)}", key=keys["read"]), 200, "audit")
    updates = [a for a in r["audit"] if a["action"] == "credential.updated"]
    check(len(updates) == 2, f"two audited PATCHes, got {len(updates)}")
    check(all(a["actor"] == f"key:{key_ids['admin']}" and a["at"] for a in updates), "audit who/when")
    check(updates[0]["detail"]["changes"]["owner"] == {"from": None, "to": "payments-team"}, "audit what")
    r = expect(s.request("GET", f"/v1/audit?actor=key:{key_ids['ingest']}", key=keys["read"]), 200, "audit")
    check(any(a["action"] == "ingest" for a in r["audit"]), "ingest is audited")


def test_own_keys_listed(s, keys):
    r = expect(s.request("GET", "/v1/credentials?owner=credtaint-inventory", key=keys["read"]), 200,
               "server's own keys")
    creds = r["credentials"]
    check(len(creds) == 3 and all(c["kind"] == "token" for c in creds), f"3 key credentials: {creds}")
    text = json.dumps(creds)
    for k in keys.values():
        check(k not in text and k[23:] not in text, "no key secret in the key credentials")


def test_partial_batch(s, keys):
    """A bad component among good ones: the good ones are kept, the bad one
    and its finding are refused, each on a line naming its JSON path; a
    replay under the same key answers the same."""
    good_fp, bad_fp = "hmac-sha256:k1:ee0001", "hmac-sha256:k1:ee0002"
    b = bom([component(good_fp, "SIGNING_KEY", kind="private-key"),
             component(bad_fp, "OTHER_KEY", kind="private-key")],
            [vulnerability("f-part-1", good_fp, "secret-in-log"),
             vulnerability("f-part-2", bad_fp, "secret-in-log")])
    b["components"][1]["cryptoProperties"]["relatedCryptoMaterialProperties"]["type"] = "spoon"
    idem = {"Idempotency-Key": "e1" * 32}
    r = expect(s.request("POST", "/v1/ingest", body=b, key=keys["ingest"], headers=idem), 200,
               "partly valid batch")
    check(r.get("credentials") == 1 and r.get("findings") == 1, f"the valid part kept: {r}")
    check(r.get("rejected_count") == 2 and [e.split(":")[0] for e in r.get("rejected", [])] ==
          ["$.components[1].cryptoProperties.relatedCryptoMaterialProperties.type",
           "$.vulnerabilities[1].affects[0].ref"], f"refusals name their paths: {r}")
    check(all("\n" not in e for e in r.get("rejected", [])), "one line per refusal")
    again = expect(s.request("POST", "/v1/ingest", body=b, key=keys["ingest"], headers=idem), 200,
                   "partly valid batch again")
    check(again.get("replayed") is True and again.get("rejected") == r.get("rejected"),
          f"replay answers the same refusals: {again}")
    rk = keys["read"]
    r = expect(s.request("GET", "/v1/credentials?kind=private-key", key=rk), 200, "kept credential")
    check([c["fingerprint"] for c in r["credentials"]] == [good_fp], f"only the valid one: {r}")
    check(r["credentials"][0]["status"] == "rotation-required", "its exposure finding counted")


def test_concurrent_same_batch(s, keys, peers=()):
    """The same batch from 16 threads at once, spread over every server
    sharing the database (two servers on one PostgreSQL)."""
    servers = [s] + list(peers)
    comps = [component(f"hmac-sha256:k1:cc{i:04x}", f"TOKEN_{i}", kind="token") for i in range(30)]
    vulns = [vulnerability(f"fc{i}", f"hmac-sha256:k1:cc{i:04x}", "secret-in-file") for i in range(30)]
    body = json.dumps(bom(comps, vulns, project="concurrent"))
    results = []

    def send(idem, server):
        h = {"Content-Type": "application/vnd.cyclonedx+json"}
        if idem:
            h["Idempotency-Key"] = "cd" * 32
        results.append((idem, server.request("POST", "/v1/ingest", body=body, key=keys["ingest"],
                                             headers=h)))

    threads = [threading.Thread(target=send, args=(i % 2 == 1, servers[(i // 2) % len(servers)]))
               for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check(all(r[1][0] == 200 for r in results), f"all concurrent requests 200: {[r[1][0] for r in results]}")
    keyed = [r[1][1] for r in results if r[0]]
    check(sum(1 for r in keyed if r.get("replayed") is False) == 1, "exactly one keyed request applied")
    check(sum(r[1][1].get("new_findings", 0) for r in results if r[1][1].get("replayed") is False) == 30,
          "each finding recorded once across all requests")
    r = expect(s.request("GET", "/v1/credentials?kind=token&limit=10000", key=keys["read"]), 200, "list")
    mine = [c for c in r["credentials"] if c["fingerprint"].startswith("hmac-sha256:k1:cc")]
    check(len(mine) == 30 and all(c["findings"] == 1 for c in mine), "no duplicate rows")
    r = expect(s.request("GET", "/v1/audit?limit=10000", key=keys["read"]), 200, "audit")
    created = [a for a in r["audit"] if a["action"] == "credential.created"
               and a["target"].startswith("hmac-sha256:k1:cc")]
    check(len(created) == 30, f"one creation audit per credential, got {len(created)}")


def test_kill9(s, keys, schema):
    """Acknowledged batches survive kill -9 in the middle of a stream."""
    acked = []
    stop = threading.Event()

    def stream():
        i = 0
        while not stop.is_set():
            fp = f"hmac-sha256:k1:dd{i:05x}"
            b = bom([component(fp, f"KILL_{i}", kind="password")],
                    [vulnerability(f"fk{i}", fp, "secret-in-log")], project="kill9")
            try:
                r = s.request("POST", "/v1/ingest", body=b, key=keys["ingest"])
            except OSError:
                return
            if r[0] == 200:
                acked.append(fp)
            i += 1

    t = threading.Thread(target=stream)
    t.start()
    import time
    time.sleep(1.5)
    s.kill()
    stop.set()
    t.join()
    check(len(acked) > 0, "some batches were acknowledged before the kill")
    s.start()
    r = expect(s.request("GET", "/v1/credentials?kind=password&limit=10000", key=keys["read"]), 200,
               "after restart")
    stored = {c["fingerprint"] for c in r["credentials"]}
    lost = [fp for fp in acked if fp not in stored]
    check(not lost, f"{len(lost)} of {len(acked)} acknowledged batches lost after kill -9")
    print(f"kill -9: {len(acked)} acknowledged batches, all present after restart" if not lost else "")


def test_tls(args, db, keys, work):
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with invtest.Server(args.server, db, work, ["--cert", cert, "--key", key], name="tls") as t:
        r = expect(t.request("GET", "/v1/credentials?status=rotation-required", key=keys["read"]), 200,
                   "over TLS")
        check(len(r["credentials"]) >= 1, "TLS server sees the same data")
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", t.port, timeout=10)
        try:
            c.request("GET", "/healthz")
            plain = c.getresponse().status
        except (OSError, http.client.HTTPException):
            plain = None
        check(plain != 200, "plain HTTP is not served on the TLS port")


def scan_for_keys(paths, keys):
    for p in paths:
        if not os.path.isfile(p):
            continue
        with open(p, "rb") as f:
            data = f.read()
        for role, k in keys.items():
            check(k.encode() not in data and k[23:].encode() not in data,
                  f"the {role} key appears in {os.path.basename(p)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    ap.add_argument("--pg-state", help="state file of the fixture's PostgreSQL cluster")
    ap.add_argument("--schema", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    schema = invtest.SchemaCheck(args.schema)

    own_cluster = None
    if args.backend == "sqlite":
        db = os.path.join(args.work, "inventory.db")
    else:
        if not find_bin():
            print("PostgreSQL is not installed (apt-get install postgresql): skipped")
            return SKIP
        if args.pg_state and os.path.exists(args.pg_state):
            with open(args.pg_state) as f:
                cluster = PgCluster(json.load(f))
        else:  # run by hand, outside the ctest fixture
            cluster = own_cluster = PgCluster().start()
        dbname = "api_" + os.urandom(4).hex()
        db = cluster.create_database(dbname)

    try:
        keys = {role: invtest.create_key(args.server, db, role, f"test-{role}")
                for role in ("admin", "ingest", "read")}
        key_ids = {role: k[6:22] for role, k in keys.items()}
        max_body = 256 * 1024
        server = invtest.Server(args.server, db, args.work, ["--max-body", str(max_body)])
        try:
            server.start()
            test_auth(server, keys)
            test_bad_input(server, keys, max_body)
            test_ingest_and_query(server, keys, schema)
            test_patch_and_audit(server, keys, key_ids)
            test_own_keys_listed(server, keys)
            test_partial_batch(server, keys)
            if args.backend == "postgresql":
                # Stateless: a second server on the same database takes half
                # the requests, and a sign-in ticket from one works on the other.
                with invtest.Server(args.server, db, args.work, name="peer") as peer:
                    test_concurrent_same_batch(server, keys, [peer])
                    st, t, _ = server.request("POST", "/v1/login-tickets", key=keys["read"])
                    st2, _, hdrs = peer.request("GET", f"/login?ticket={t['ticket']}", raw=True)
                    check(st2 == 303 and "set-cookie" in hdrs, "a ticket from one server works on another")
            else:
                test_concurrent_same_batch(server, keys)
            test_kill9(server, keys, schema)
            code = server.stop()
            check(code == 0, f"server exits 0 on SIGTERM (got {code})")
        finally:
            server.kill()
        test_tls(args, db, keys, args.work)
        scan_for_keys([server.log_path, os.path.join(args.work, "tls.log")] +
                      ([db, db + "-wal"] if args.backend == "sqlite" else []), keys)
        # The lifecycle, on a database of its own so its metrics are exact.
        life_work = os.path.join(args.work, "lifecycle")
        os.makedirs(life_work)
        life_db = os.path.join(life_work, "inventory.db") if args.backend == "sqlite" else \
            cluster.create_database("life_" + os.urandom(4).hex())
        Lifecycle(args, life_db, life_work, schema, check, expect).run()
    finally:
        if own_cluster:
            own_cluster.stop()

    if failures:
        print(f"{len(failures)} checks failed", file=sys.stderr)
        return 1
    print("all API checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
