#!/usr/bin/env python3
"""credtaint-inventory's webhooks end to end: the real server binary with
`--webhooks`, over a real SQLite file or PostgreSQL database (there two
servers share it), and real loopback receivers (http.server in threads):

- a bad configuration file: exit 2, one line per problem, no secret shown;
- an exposure ingested through the API makes a credential rotation-required;
  the "ops" receiver answers 500, then 200: the event arrives twice with the
  same delivery id, and both signatures check with Python's hmac;
- a receiver that always answers 500 ends in the dead-letter list after
  max_attempts; a redirect is not followed (a dead letter at once); an
  https:// receiver is reached with `cacert` and refused without it;
- a restart delivers nothing twice and the next event once; with two
  servers on one PostgreSQL every attempt is made once;
- `revoked.in-use` when the lifecycle code writes it (PATCH revoked, then
  the credential is ingested again);
- no secret in the server's log or the database.

(Named "hooks", not "webhooks": `ctest -E web` leaves out the browser test.)
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import shutil
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import invtest  # noqa: E402
from invtest import component, vulnerability, bom  # noqa: E402
from pgcluster import PgCluster, find_bin, PORT  # noqa: E402

SKIP = 77
FP_A = "hmac-sha256:k1:hook000a"
FP_B = "hmac-sha256:k1:hook000b"
FP_C = "hmac-sha256:k1:hook000c"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}", flush=True)
    return cond


def wait_until(fn, timeout=30.0, step=0.1):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(step)
    return fn()


def quote(fp):
    return urllib.parse.quote(fp, safe=":")


class Receiver:
    """A loopback HTTP(S) receiver. mode: "flaky" (500 for the first try of
    each delivery id, then 200), "down" (always 500), "ok" (200), or
    "redirect" (302 to `location`)."""

    def __init__(self, mode, tls=None, location=None):
        self.mode, self.location = mode, location
        self.requests = []  # dicts: time, path, headers (lower-case), body, status
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    seen = sum(1 for r in receiver.requests
                               if r["headers"].get("x-credtaint-delivery") ==
                               headers.get("x-credtaint-delivery"))
                    status = {"flaky": 500 if seen == 0 else 200, "down": 500, "ok": 200,
                              "redirect": 302}[receiver.mode]
                    receiver.requests.append({"time": time.time(), "path": self.path,
                                              "headers": headers, "body": body,
                                              "status": status})
                self.send_response(status)
                if status == 302:
                    self.send_header("Location", receiver.location)
                reply = b'{"ok":true}' if status == 200 else b"receiver says no"
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path="/hook"):
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}{path}"

    def snapshot(self):
        with self.lock:
            return list(self.requests)

    def for_audit(self, audit_id):
        return [r for r in self.snapshot() if json.loads(r["body"]).get("id") == str(audit_id)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def signature_ok(request, secret):
    ts = request["headers"].get("x-credtaint-timestamp", "")
    sig = request["headers"].get("x-credtaint-signature", "")
    expected = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + request["body"],
                                    hashlib.sha256).hexdigest()
    # A receiver refuses old timestamps (replay): here within 5 minutes.
    fresh = ts.isdigit() and abs(time.time() - int(ts)) < 300
    return hmac.compare_digest(sig, expected) and fresh


def audit_id(s, keys, fp, action, to=None):
    """The id of fp's newest audit record with this action (and detail.to)."""
    st, body, _ = s.request("GET", f"/v1/audit?target={quote(fp)}&limit=10000", key=keys["read"])
    ids = [a["id"] for a in body.get("audit", []) if a["action"] == action and
           (to is None or a["detail"].get("to") == to)]
    return ids[-1] if ids else None


def dead_letters(s, keys, webhook=None):
    path = "/v1/webhooks/dead-letters" + (f"?webhook={webhook}" if webhook else "")
    st, body, _ = s.request("GET", path, key=keys["admin"])
    return body.get("dead_letters", []) if st == 200 else []


def ingest(s, keys, fp, name, finding, rule="secret-in-log"):
    b = bom([component(fp, name)], [vulnerability(finding, fp, rule,
                                                  created=invtest.iso_now())])
    st, body, _ = s.request("POST", "/v1/ingest", body=b, key=keys["ingest"])
    check(st == 200, f"ingest {finding}: HTTP {st} {body}")


def test_bad_config(args, db, work, secrets):
    """Every problem on its own line, exit 2, no server, no secret shown."""
    path = os.path.join(work, "bad-hooks.json")
    with open(path, "w") as f:
        json.dump({"webhooks": [
            {"name": "a", "url": "http://hooks.example.com/x", "events": ["rotation-required"],
             "secret_file": secrets["ops_file"]},
            {"name": "b", "url": "https://hooks.example.com/x", "events": ["exploded"],
             "secret_file": secrets["ops_file"], "secret_env": "CT_HOOK_DOWN_SECRET"},
            {"name": "c", "url": "https://hooks.example.com/x", "events": ["overdue"],
             "secret_file": os.path.join(work, "missing.secret")},
            {"name": "d", "url": "https://hooks.example.com/x", "events": ["overdue"],
             "secret_env": "CT_HOOK_UNSET"},
            {"name": "e", "url": "https://hooks.example.com/x", "events": ["overdue"],
             "secret_file": secrets["ops_file"], "colour": "red"}]}, f)
    port_file = os.path.join(work, "bad.port")
    out = subprocess.run([args.server, "serve", "--db", db, "--port", "0", "--port-file",
                          port_file, "--webhooks", path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    lines = out.stderr.strip().splitlines()
    check(out.returncode == 2, f"bad webhooks file: exit 2, got {out.returncode}")
    check(not os.path.exists(port_file), "bad webhooks file: the server did not start")
    expected = ["$.webhooks[0].url: plain http:// is refused for hooks.example.com",
                "$.webhooks[1].events[0]: unknown event 'exploded'",
                "$.webhooks[1]: give either secret_file or secret_env, not both",
                "$.webhooks[2].secret_file: cannot read",
                "$.webhooks[3].secret_env: environment variable CT_HOOK_UNSET is not set",
                "$.webhooks[4].colour: unknown key"]
    check(len(lines) == len(expected), f"one line per problem: {lines}")
    for e in expected:
        check(any(line.startswith(f"credtaint-inventory: {path}: {e}") for line in lines),
              f"problem listed: {e} in {lines}")
    for name in ("ops", "down"):
        check(secrets[name] not in out.stderr, f"the {name} secret is not in the errors")


def write_config(work, receivers, secrets, cert):
    path = os.path.join(work, "hooks.json")
    all_events = ["rotation-required", "overdue", "rotation.failed", "revoked.in-use"]
    with open(path, "w") as f:
        json.dump({"webhooks": [
            {"name": "ops", "url": receivers["flaky"].url("/hooks/ops?team=sec"),
             "events": all_events, "secret_file": secrets["ops_file"],
             "max_attempts": 5, "backoff_seconds": 1},
            {"name": "down", "url": receivers["down"].url(), "events": ["rotation-required"],
             "secret_env": "CT_HOOK_DOWN_SECRET", "max_attempts": 3, "backoff_seconds": 0.2},
            {"name": "moved", "url": receivers["moved"].url(), "events": ["rotation-required"],
             "secret_file": secrets["ops_file"], "backoff_seconds": 0.2},
            {"name": "tls", "url": receivers["tls"].url(), "events": ["rotation-required"],
             "secret_file": secrets["tls_file"], "cacert": cert},
            {"name": "untrusted", "url": receivers["tls"].url("/untrusted"),
             "events": ["rotation-required"], "secret_file": secrets["tls_file"],
             "backoff_seconds": 0.2, "timeout_seconds": 5}]}, f)
    return path


def test_rotation_required(servers, keys, receivers, secrets):
    s = servers[0]
    b = bom([component(FP_A, "API_TOKEN", scope="api.example.test"),
             component(FP_B, "Config::salt", kind="generic-secret")],
            [vulnerability("hook-f1", FP_A, "secret-in-log", created=invtest.iso_now()),
             vulnerability("hook-f2", FP_B, "weak-hash", created=invtest.iso_now())])
    st, body, _ = s.request("POST", "/v1/ingest", body=b, key=keys["ingest"])
    check(st == 200, f"ingest: {st} {body}")
    event_id = audit_id(s, keys, FP_A, "credential.status", "rotation-required")
    if not check(event_id is not None, "the exposure made FP_A rotation-required (audited)"):
        return None
    flaky = receivers["flaky"]
    got = wait_until(lambda: [r for r in flaky.for_audit(event_id) if r["status"] == 200])
    reqs = flaky.for_audit(event_id)
    check(len(got) == 1 and len(reqs) == 2,
          f"ops: 500 then 200, nothing more: {[r['status'] for r in reqs]}")
    if len(reqs) < 2:
        return event_id
    first, second = reqs[0], reqs[1]
    check(first["status"] == 500 and second["status"] == 200, "first 500, retry 200")
    for r in reqs:
        check(signature_ok(r, secrets["ops"]), "signature checks with the shared secret")
        check(not signature_ok(r, secrets["ops"] + "x"), "and not with another secret")
        check(r["path"] == "/hooks/ops?team=sec", f"the URL's path and query: {r['path']}")
        h = r["headers"]
        check(h.get("content-type") == "application/json", "Content-Type")
        check(h.get("x-credtaint-event") == "rotation-required", "X-Credtaint-Event")
    check(first["headers"]["x-credtaint-delivery"] == second["headers"]["x-credtaint-delivery"],
          "a retry has the same delivery id")
    check(first["body"] == second["body"], "a retry sends the same body")
    check((first["headers"]["x-credtaint-attempt"], second["headers"]["x-credtaint-attempt"]) ==
          ("1", "2"), "X-Credtaint-Attempt counts")
    gap = second["time"] - first["time"]
    check(0.45 <= gap <= 5, f"the retry waited the backoff (1 s, jitter down to 0.5): {gap:.2f} s")
    p = json.loads(first["body"])
    check(list(p)[:3] == ["event", "id", "time"], f"payload order: {list(p)}")
    check(p["event"] == "rotation-required" and p["id"] == str(event_id), f"payload: {p}")
    c = p["credential"]
    check(c["fingerprint"] == FP_A and c["name"] == "API_TOKEN" and c["kind"] == "api-key" and
          c["state"] == "rotation-required" and c["scope"] == "api.example.test",
          f"payload credential: {c}")
    check(p["detail"].get("to") == "rotation-required" and
          p["detail"].get("rule") == "secret-in-log", f"payload detail: {p['detail']}")
    everything = [json.loads(r["body"]) for r in flaky.snapshot()]
    check(all(e["credential"]["fingerprint"] != FP_B for e in everything),
          "no event for a finding that is no exposure")
    return event_id


def test_dead_letters(servers, keys, receivers, secrets, event_id):
    s = servers[0]
    down = receivers["down"]
    dl = wait_until(lambda: dead_letters(s, keys, "down"))
    check(len(dl) == 1, f"one dead letter for 'down': {dl}")
    if dl:
        d = dl[0]
        check(d["event"] == "rotation-required" and d["credential"] == FP_A and
              d["audit_id"] == event_id and d["attempts"] == 3 and d["last_status"] == 500 and
              d["last_error"].startswith("HTTP 500") and d["first_attempt_at"] and
              d["last_attempt_at"] and d["dead_at"] and d["event_time"],
              f"dead letter fields: {d}")
    reqs = down.for_audit(event_id)
    check(len(reqs) == 3, f"'down' was tried max_attempts (3) times: {len(reqs)}")
    check(all(signature_ok(r, secrets["down"]) for r in reqs), "down: signed with its env secret")
    moved = wait_until(lambda: dead_letters(s, keys, "moved"))
    check(len(moved) == 1 and moved[0]["attempts"] == 1 and moved[0]["last_status"] == 302,
          f"a redirect is a dead letter at once: {moved}")
    check(receivers["trap"].snapshot() == [], "the redirect was not followed")
    untrusted = wait_until(lambda: dead_letters(s, keys, "untrusted"))
    check(len(untrusted) == 1 and "TLS verification failed" in untrusted[0]["last_error"],
          f"https:// without the receiver's CA: refused, not retried: {untrusted}")
    tls = [r for r in receivers["tls"].for_audit(event_id) if r["path"] == "/hook"]
    check(len(tls) == 1 and signature_ok(tls[0], secrets["tls"]),
          f"https:// with cacert delivered once: {len(tls)}")
    check(not any(r["path"] == "/untrusted" for r in receivers["tls"].snapshot()),
          "nothing reached the receiver over an unverified connection")
    names = {d["webhook"] for d in dead_letters(s, keys)}
    check(names == {"down", "moved", "untrusted"}, f"dead letters listed: {names}")
    st, _, _ = s.request("GET", "/v1/webhooks/dead-letters", key=keys["read"])
    check(st == 403, f"dead letters need the admin role: {st}")
    st, _, _ = s.request("GET", "/v1/webhooks/dead-letters")
    check(st == 401, f"dead letters need a key: {st}")
    st, _, _ = s.request("GET", "/v1/webhooks/dead-letters?limit=0", key=keys["admin"])
    check(st == 400, f"bad limit: {st}")


def test_restart(servers, keys, receivers, event_id):
    """Nothing is sent twice after a restart; the next event is sent once."""
    for s in servers:
        code = s.stop()
        check(code == 0, f"SIGTERM: exit 0 (got {code})")
    before = {name: len(r.snapshot()) for name, r in receivers.items()}
    for s in servers:
        s.start()
    time.sleep(3)
    after = {name: len(r.snapshot()) for name, r in receivers.items()}
    check(before == after, f"nothing sent again after the restart: {before} -> {after}")
    ingest(servers[-1], keys, FP_C, "DB_PASSWORD", "hook-f3")
    new_id = audit_id(servers[0], keys, FP_C, "credential.status", "rotation-required")
    flaky = receivers["flaky"]
    wait_until(lambda: [r for r in flaky.for_audit(new_id) if r["status"] == 200])
    time.sleep(1)
    statuses = [r["status"] for r in flaky.for_audit(new_id)]
    check(statuses == [500, 200], f"the next event: 500 then 200, once: {statuses}")


def test_revoked_in_use(servers, keys, receivers, secrets):
    s = servers[0]
    st, body, _ = s.request("PATCH", f"/v1/credentials/{quote(FP_A)}", body={"status": "revoked"},
                            key=keys["admin"])
    check(st == 200 and body.get("status") == "revoked", f"PATCH revoked: {st}")
    ingest(s, keys, FP_A, "API_TOKEN", "hook-f4")
    event_id = audit_id(s, keys, FP_A, "revoked.in-use")
    if event_id is None:
        print("note: no revoked.in-use audit record (the lifecycle work is not in this build); "
              "its delivery is not checked here")
        return
    flaky = receivers["flaky"]
    wait_until(lambda: [r for r in flaky.for_audit(event_id) if r["status"] == 200])
    reqs = flaky.for_audit(event_id)
    check([r["status"] for r in reqs] == [500, 200], f"revoked.in-use delivered: {reqs}")
    if reqs:
        p = json.loads(reqs[-1]["body"])
        check(p["event"] == "revoked.in-use" and p["credential"]["fingerprint"] == FP_A and
              reqs[-1]["headers"]["x-credtaint-event"] == "revoked.in-use" and
              signature_ok(reqs[-1], secrets["ops"]), f"revoked.in-use payload: {p}")


def scan_for_secrets(paths, secrets, what=""):
    for p in paths:
        if not os.path.isfile(p):
            continue
        with open(p, "rb") as f:
            data = f.read()
        for name in ("ops", "down", "tls"):
            check(secrets[name].encode() not in data,
                  f"the {name} secret appears in {what or os.path.basename(p)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
    ap.add_argument("--pg-state", help="state file of the fixture's PostgreSQL cluster")
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    work = args.work

    own_cluster = cluster = None
    if args.backend == "sqlite":
        db = os.path.join(work, "inventory.db")
    else:
        if not find_bin():
            print("PostgreSQL is not installed (apt-get install postgresql): skipped")
            return SKIP
        if args.pg_state and os.path.exists(args.pg_state):
            with open(args.pg_state) as f:
                cluster = PgCluster(json.load(f))
        else:  # run by hand, outside the ctest fixture
            cluster = own_cluster = PgCluster().start()
        dbname = "hooks_" + os.urandom(4).hex()
        db = cluster.create_database(dbname)

    secrets = {"ops": "ops-" + os.urandom(16).hex(), "down": "down-" + os.urandom(16).hex(),
               "tls": "tls-" + os.urandom(16).hex()}
    for name in ("ops", "tls"):
        secrets[f"{name}_file"] = os.path.join(work, f"{name}.secret")
        with open(os.open(secrets[f"{name}_file"], os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write(secrets[name] + "\n")
    os.environ["CT_HOOK_DOWN_SECRET"] = secrets["down"]
    os.environ.pop("CT_HOOK_UNSET", None)

    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    receivers = {"flaky": Receiver("flaky"), "down": Receiver("down"), "trap": Receiver("ok"),
                 "tls": Receiver("ok", tls=(cert, key))}
    receivers["moved"] = Receiver("redirect", location=receivers["trap"].url())
    servers = []
    try:
        keys = {role: invtest.create_key(args.server, db, role, f"test-{role}")
                for role in ("admin", "ingest", "read")}
        test_bad_config(args, db, work, secrets)
        config = write_config(work, receivers, secrets, cert)
        names = ["server"] + (["peer"] if args.backend == "postgresql" else [])
        for name in names:
            servers.append(invtest.Server(args.server, db, work, ["--webhooks", config],
                                          name=name).start())
        event_id = test_rotation_required(servers, keys, receivers, secrets)
        if event_id is not None:
            test_dead_letters(servers, keys, receivers, secrets, event_id)
            test_restart(servers, keys, receivers, event_id)
            test_revoked_in_use(servers, keys, receivers, secrets)
        for s in servers:
            s.stop()
        logs = [s.log_path for s in servers]
        scan_for_secrets(logs + ([db, db + "-wal"] if args.backend == "sqlite" else []), secrets)
        if args.backend == "postgresql":
            dump = subprocess.run([os.path.join(cluster.bin, "pg_dump"), "-h", cluster.dir,
                                   "-p", str(PORT), "-U", "postgres", dbname],
                                  stdout=subprocess.PIPE, check=True).stdout
            dump_path = os.path.join(work, "dump.sql")
            with open(dump_path, "wb") as f:
                f.write(dump)
            check(b"webhook_deliveries" in dump, "the dump holds the outbox")
            scan_for_secrets([dump_path], secrets, "the PostgreSQL database")
        with open(logs[0]) as f:
            log = f.read()
        check("webhook ops: http://127.0.0.1:" in log and "/hooks/ops" not in log,
              "the log names each webhook by origin, not by path")
    finally:
        for s in servers:
            s.kill()
        for r in receivers.values():
            r.close()
        if own_cluster:
            own_cluster.stop()

    if failures:
        print(f"{len(failures)} checks failed", file=sys.stderr)
        return 1
    print("all webhook checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
